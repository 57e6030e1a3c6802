package session

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// ErrNoFile is returned by OpenInEditor for a path that does not exist.
var ErrNoFile = errors.New("no such file")

// terminalEditors cannot open a window of their own: a desktop app started
// from a launcher has no terminal to give them, so they are skipped.
var terminalEditors = map[string]bool{
	"vi": true, "vim": true, "nvim": true, "nano": true, "pico": true, "emacs": true,
	"micro": true, "hx": true, "helix": true, "kak": true, "joe": true, "ne": true, "ed": true, "mg": true,
}

// OpenInEditor opens file at line and column (1-based; 0 for unknown) in the
// user's editor: $VISUAL, then $EDITOR (unless it needs a terminal), then
// VS Code's `code -g` when it is on PATH, else the system's default
// application for the file. A relative file is taken relative to the
// project root. It returns once the editor has started.
func (s *Session) OpenInEditor(file string, line, column int) error {
	if file == "" {
		return fmt.Errorf("%w: empty path", ErrNoFile)
	}
	if !filepath.IsAbs(file) {
		file = filepath.Join(s.project.Root, filepath.FromSlash(file))
	}
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("%w: %s", ErrNoFile, file)
	}
	argv := EditorCommand(file, line, column, os.Getenv, exec.LookPath)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = s.project.Root
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s in the editor: %w", file, err)
	}
	// The editor lives on its own; reap it so it does not stay a zombie.
	go cmd.Wait()
	return nil
}

// EditorCommand returns the command line that opens file at line:column,
// choosing the editor as OpenInEditor describes. getenv and lookPath are
// os.Getenv and exec.LookPath outside tests.
func EditorCommand(file string, line, column int, getenv func(string) string, lookPath func(string) (string, error)) []string {
	for _, v := range []string{"VISUAL", "EDITOR"} {
		fields := strings.Fields(getenv(v))
		if len(fields) == 0 {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(fields[0]), ".exe")
		if terminalEditors[name] {
			continue
		}
		return append(fields, editorArgs(name, file, line, column)...)
	}
	if code, err := lookPath("code"); err == nil {
		return []string{code, "-g", location(file, line, column)}
	}
	switch runtime.GOOS {
	case "darwin":
		return []string{"open", file}
	case "windows":
		return []string{"cmd", "/c", "start", "", file}
	default:
		return []string{"xdg-open", file}
	}
}

// editorArgs are the arguments that make a known editor jump to a line;
// an unknown editor just gets the file.
func editorArgs(name, file string, line, column int) []string {
	switch name {
	case "code", "code-insiders", "codium", "cursor", "windsurf":
		return []string{"-g", location(file, line, column)}
	case "subl", "sublime_text", "zed", "lapce":
		return []string{location(file, line, column)}
	case "idea", "goland", "webstorm", "pycharm", "clion", "rider", "phpstorm", "rubymine":
		if line > 0 {
			return []string{"--line", strconv.Itoa(line), file}
		}
		return []string{file}
	case "gedit", "kate", "geany", "mousepad", "pluma", "xed":
		if line > 0 {
			return []string{"+" + strconv.Itoa(line), file}
		}
		return []string{file}
	}
	return []string{file}
}

// location is file:line:column, leaving out what is unknown.
func location(file string, line, column int) string {
	if line <= 0 {
		return file
	}
	if column <= 0 {
		return file + ":" + strconv.Itoa(line)
	}
	return file + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(column)
}
