// Package editor is the one place where Hum opens a file in the user's
// editor. The files come from stack frames in process output, so they are
// untrusted: Resolve accepts only regular files that exist, Choose picks a
// command that opens the file as text (never one that could run it, never
// through a shell or cmd.exe), and Open runs it and says what it did.
package editor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"

	"hum/backend/process"
)

// Opened says what was opened and how, for the feedback the user sees
// ("Opened x.ts:12 in VS Code").
type Opened struct {
	File          string `json:"file"`          // the absolute path the editor got, symlinks resolved
	Line          int    `json:"line"`          // as asked; 0 for none
	Column        int    `json:"column"`        // as asked; 0 for none
	Editor        string `json:"editor"`        // "VS Code", "gedit", "Notepad", "the default text editor"
	LineSupported bool   `json:"lineSupported"` // false: a line was asked but the editor opens the file at its top
}

// Open opens file at line and column (1-based; 0 for unknown) in the user's
// editor, as Resolve and Choose describe; a relative file is relative to
// root, the project folder. It returns once the editor has started.
func Open(root, file string, line, column int) (Opened, error) {
	path, err := Resolve(root, file)
	if err != nil {
		return Opened{}, err
	}
	l, err := Choose(Host(), path, line, column)
	if err != nil {
		return Opened{}, err
	}
	if err := start(l.Argv, root); err != nil {
		return Opened{}, fmt.Errorf("open %s in %s: %w", path, l.Editor, err)
	}
	return Opened{File: path, Line: line, Column: column, Editor: l.Editor, LineSupported: l.LineSupported}, nil
}

// start runs argv directly (no shell) in dir, detached from Hum's stdio.
func start(argv []string, dir string) error {
	if len(argv) == 0 {
		return errors.New("empty command")
	}
	if runtime.GOOS == "windows" && isBatch(argv[0]) {
		// Choose never picks one; this guards the guarantee itself.
		return fmt.Errorf("%s is a batch file and would run through cmd.exe", argv[0])
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	// The user's environment, not what Hum's toolkit made of Hum's own
	// (GDK_BACKEND=x11 would keep a GTK editor off Wayland).
	cmd.Env = process.UserEnviron()
	if err := cmd.Start(); err != nil {
		return err
	}
	// The editor lives on its own; reap it so it does not stay a zombie.
	go cmd.Wait() //nolint:errcheck // its exit is not ours to report
	return nil
}

// Host is the machine Hum runs on.
func Host() System {
	return System{
		GOOS:     runtime.GOOS,
		Getenv:   os.Getenv,
		LookPath: exec.LookPath,
		IsFile: func(p string) bool {
			fi, err := os.Stat(p)
			return err == nil && fi.Mode().IsRegular()
		},
		TextApp: textApp,
	}
}

// desktopID is what a desktop file's name may be (the freedesktop spec's
// characters), so that xdg-mime's answer cannot name a path.
var desktopID = regexp.MustCompile(`^[A-Za-z0-9_.-]+\.desktop$`)

// textApp finds the desktop file of the default text/plain application
// (xdg-mime reads the user's and the system's mimeapps.list), "" if none.
func textApp() string {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdg-mime", "query", "default", "text/plain").Output()
	if err != nil {
		return ""
	}
	id := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	if !desktopID.MatchString(id) {
		return ""
	}
	for _, dir := range dataDirs() {
		p := filepath.Join(dir, "applications", id)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// dataDirs are $XDG_DATA_HOME then $XDG_DATA_DIRS, with the spec's defaults.
func dataDirs() []string {
	home := os.Getenv("XDG_DATA_HOME")
	if home == "" {
		if h, err := os.UserHomeDir(); err == nil {
			home = filepath.Join(h, ".local", "share")
		}
	}
	sys := os.Getenv("XDG_DATA_DIRS")
	if sys == "" {
		sys = "/usr/local/share:/usr/share"
	}
	var dirs []string
	// A relative entry would be looked up in Hum's working folder.
	for _, d := range append([]string{home}, filepath.SplitList(sys)...) {
		if filepath.IsAbs(d) {
			dirs = append(dirs, d)
		}
	}
	return dirs
}
