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
// root, the project folder. env is the environment the editor is found in
// ($VISUAL, $EDITOR, PATH) and started with: the base every process starts
// from, so a window opened from the desktop finds the `code` the login
// shell's PATH has; nil is the environment Hum was started with
// (process.UserEnviron). It returns once the editor has started.
func Open(root, file string, line, column int, env []string) (Opened, error) {
	path, err := Resolve(root, file)
	if err != nil {
		return Opened{}, err
	}
	if env == nil {
		env = process.UserEnviron()
	}
	l, err := Choose(HostWith(env), path, line, column)
	if err != nil {
		return Opened{}, err
	}
	if err := start(l.Argv, root, env); err != nil {
		return Opened{}, fmt.Errorf("open %s in %s: %w", path, l.Editor, err)
	}
	return Opened{File: path, Line: line, Column: column, Editor: l.Editor, LineSupported: l.LineSupported}, nil
}

// start runs argv directly (no shell) in dir with env, detached from Hum's
// stdio.
func start(argv []string, dir string, env []string) error {
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
	cmd.Env = env
	if err := cmd.Start(); err != nil {
		return err
	}
	// The editor lives on its own; reap it so it does not stay a zombie.
	go cmd.Wait() //nolint:errcheck // its exit is not ours to report
	return nil
}

// Host is the machine Hum runs on, with Hum's own environment.
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

// HostWith is Host with variables and PATH taken from env (KEY=VALUE
// pairs, the last of a key counting) instead of Hum's own environment. On
// Windows, where Hum's environment is already the user's (no login shell is
// captured there), programs are still found through Hum's own PATH and
// PATHEXT.
func HostWith(env []string) System {
	h := Host()
	h.Getenv = func(key string) string { return lookupEnv(env, key) }
	if runtime.GOOS != "windows" {
		h.LookPath = func(file string) (string, error) { return lookPathIn(file, lookupEnv(env, "PATH")) }
	}
	return h
}

// lookupEnv returns the value of the last entry for key in env, as os/exec
// resolves duplicates.
func lookupEnv(env []string, key string) string {
	val := ""
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			val = v
		}
	}
	return val
}

// lookPathIn is exec.LookPath over the folders of path instead of Hum's
// PATH: file itself when it names a path, else the first executable regular
// file of that name in a folder of path (an empty entry is the current
// folder, which exec.LookPath refuses to use, and so does this).
func lookPathIn(file, path string) (string, error) {
	if strings.Contains(file, "/") {
		if isExecutable(file) {
			return file, nil
		}
		return "", &exec.Error{Name: file, Err: exec.ErrNotFound}
	}
	for _, dir := range filepath.SplitList(path) {
		if dir == "" || !filepath.IsAbs(dir) {
			continue
		}
		if p := filepath.Join(dir, file); isExecutable(p) {
			return p, nil
		}
	}
	return "", &exec.Error{Name: file, Err: exec.ErrNotFound}
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
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
