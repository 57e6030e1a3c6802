package editor

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrNoEditor is returned when no editor that can open a file as text is
// available, or the one the user chose cannot be run safely.
var ErrNoEditor = errors.New("no editor")

// System is what choosing an editor reads of the machine. Host() is the
// real one; tests pass their own, GOOS included, so each platform's choice
// is tested on any platform.
type System struct {
	GOOS     string
	Getenv   func(string) string
	LookPath func(string) (string, error)
	// IsFile reports whether a regular file exists at a path (to find
	// Code.exe beside VS Code's bin\code.cmd).
	IsFile func(string) bool
	// TextApp returns the desktop file of the default application for
	// text/plain on Linux, "" when there is none.
	TextApp func() string
}

// Launch is the command that opens a file, and how.
type Launch struct {
	Argv          []string // run directly, never through a shell; Argv[0] is the program
	Editor        string   // the editor as the user knows it: "VS Code", "gedit", "Notepad"
	LineSupported bool     // no line was asked, or the editor was told it (false: it opens at the top)
}

// terminalEditors cannot open a window of their own: a desktop app started
// from a launcher has no terminal to give them, so they are skipped.
var terminalEditors = map[string]bool{
	"vi": true, "vim": true, "nvim": true, "nano": true, "pico": true, "emacs": true,
	"micro": true, "hx": true, "helix": true, "kak": true, "joe": true, "ne": true, "ed": true, "mg": true,
	"jed": true, "mcedit": true, "vis": true, "amp": true,
}

// editorNames are the names users know editors by, for the feedback.
var editorNames = map[string]string{
	"code": "VS Code", "code-insiders": "VS Code Insiders", "codium": "VSCodium", "cursor": "Cursor",
	"windsurf": "Windsurf", "subl": "Sublime Text", "sublime_text": "Sublime Text", "zed": "Zed",
	"lapce": "Lapce", "idea": "IntelliJ IDEA", "goland": "GoLand", "webstorm": "WebStorm",
	"pycharm": "PyCharm", "clion": "CLion", "rider": "Rider", "phpstorm": "PhpStorm",
	"rubymine": "RubyMine", "gedit": "gedit", "kate": "Kate", "kwrite": "KWrite", "geany": "Geany",
	"mousepad": "Mousepad", "pluma": "Pluma", "xed": "Xed", "notepad++": "Notepad++",
	"notepad": "Notepad", "gvim": "gVim", "emacsclient": "Emacs",
}

// linuxEditors are the GUI editors looked for on PATH on Linux when the user
// named none and VS Code is absent, in this order: each can jump to a line.
var linuxEditors = []string{"gedit", "kate", "kwrite", "pluma", "xed", "geany", "subl", "zed"}

// Choose picks the command that opens file (an absolute path that Resolve
// accepted) at line and column (1-based; 0 for unknown):
//
//  1. $VISUAL, then $EDITOR, split as a shell would (SplitCommand; on
//     Windows a backslash is a path separator, not an escape), unless
//     it is a terminal editor (there is no terminal to run it in);
//  2. VS Code (`code -g file:line:col`) when it is on PATH;
//  3. the platform's way to open a file as text, never as a program:
//     Windows: Notepad (see windowsFallback); macOS: `open -t`, the default
//     text editor; Linux: a known GUI editor on PATH, else the default
//     text/plain application through `gio launch` (see linuxFallback).
//
// On Windows nothing runs through cmd.exe: a .cmd/.bat editor would have
// cmd.exe parse the file name (`x&calc&.ts` runs calc), so VS Code's
// bin\code.cmd is replaced by the Code.exe beside it, and any other batch
// file is refused.
func Choose(sys System, file string, line, column int) (Launch, error) {
	for _, v := range []string{"VISUAL", "EDITOR"} {
		val := sys.Getenv(v)
		if strings.TrimSpace(val) == "" {
			continue
		}
		words, err := splitFor(sys.GOOS, val, sys.Getenv)
		if err != nil {
			return Launch{}, refusal{ErrNoEditor, fmt.Sprintf("$%s: %v", v, err)}
		}
		if len(words) == 0 || words[0] == "" {
			continue
		}
		name := progName(sys.GOOS, words[0])
		if terminalEditors[name] {
			continue
		}
		if sys.GOOS == "windows" {
			exe, err := windowsProgram(sys, words[0])
			if err != nil {
				return Launch{}, refusal{ErrNoEditor, fmt.Sprintf("$%s: %v", v, err)}
			}
			words[0] = exe
		}
		args, ok := editorArgs(name, file, line, column)
		return Launch{Argv: append(words, args...), Editor: displayName(name), LineSupported: ok}, nil
	}
	if code, err := sys.LookPath("code"); err == nil {
		if sys.GOOS != "windows" || !isBatch(code) {
			return vsCode(code, file, line, column), nil
		}
		// A missing Code.exe falls through to the system's way: the
		// user did not ask for VS Code by name.
		if exe, ok := realExe(sys, code, "code"); ok {
			return vsCode(exe, file, line, column), nil
		}
	}
	switch sys.GOOS {
	case "windows":
		return windowsFallback(sys, file, line), nil
	case "darwin":
		// -t opens the file in the default text editor whatever its type:
		// plain `open` would launch a .command script or an .app.
		return Launch{Argv: []string{"/usr/bin/open", "-t", file}, Editor: "the default text editor", LineSupported: line <= 0}, nil
	default:
		return linuxFallback(sys, file, line, column)
	}
}

func vsCode(exe, file string, line, column int) Launch {
	return Launch{Argv: []string{exe, "-g", location(file, line, column)}, Editor: "VS Code", LineSupported: true}
}

// windowsFallback is Notepad, by its full path in the system folder. Notepad
// is on every Windows, opens any file as text and never runs it. The
// alternatives execute or may: `start` and ShellExecute's default verb run
// .js/.bat/.exe files; the "edit" verb is registered for few file types and
// falls back to the default verb; `rundll32 shell32,OpenAs_RunDLL` only asks
// which program to use, and the user may pick one that runs the file.
func windowsFallback(sys System, file string, line int) Launch {
	root := sys.Getenv("SystemRoot")
	if root == "" || isUNC(root) {
		root = `C:\Windows`
	}
	return Launch{Argv: []string{strings.TrimRight(root, `\/`) + `\System32\notepad.exe`, file}, Editor: "Notepad", LineSupported: line <= 0}
}

// linuxFallback is a GUI editor that can jump to the line, else the default
// application for text/plain (the user's text editor) through `gio launch`,
// which opens the file in that application whatever the file's own type.
// xdg-open is not used: it opens a file with the default application for
// its type, so a .jar runs in Java and an .exe in Wine, exactly what
// Windows' `start` does.
func linuxFallback(sys System, file string, line, column int) (Launch, error) {
	for _, name := range linuxEditors {
		if p, err := sys.LookPath(name); err == nil {
			args, ok := editorArgs(name, file, line, column)
			return Launch{Argv: append([]string{p}, args...), Editor: displayName(name), LineSupported: ok}, nil
		}
	}
	if sys.TextApp != nil {
		if desktop := sys.TextApp(); desktop != "" {
			if gio, err := sys.LookPath("gio"); err == nil {
				id := strings.TrimSuffix(desktop[strings.LastIndexByte(desktop, '/')+1:], ".desktop")
				return Launch{Argv: []string{gio, "launch", desktop, file}, Editor: "the default text editor (" + id + ")", LineSupported: line <= 0}, nil
			}
		}
	}
	return Launch{}, refusal{ErrNoEditor, "no graphical text editor found; set $VISUAL to one (for example: code --wait)"}
}

// windowsProgram resolves an editor's program on Windows and makes sure it
// is not a batch file, which Windows would run through cmd.exe.
func windowsProgram(sys System, prog string) (string, error) {
	p, err := sys.LookPath(prog)
	if err != nil {
		return "", fmt.Errorf("%s not found: %v", prog, err)
	}
	if !isBatch(p) {
		return p, nil
	}
	if exe, ok := realExe(sys, p, progName("windows", p)); ok {
		return exe, nil
	}
	return "", fmt.Errorf("%s is a batch file; Windows would run it through cmd.exe, which reads file names as commands: point it at the editor's .exe instead", p)
}

// vsCodeExes are the programs VS Code and its relatives install beside
// their bin\<name>.cmd launcher (one or three folders up), as the .cmd
// itself runs them.
var vsCodeExes = map[string][]string{
	"code":          {`..\Code.exe`},
	"code-insiders": {`..\Code - Insiders.exe`},
	"codium":        {`..\VSCodium.exe`},
	"cursor":        {`..\Cursor.exe`, `..\..\..\Cursor.exe`},
	"windsurf":      {`..\Windsurf.exe`, `..\..\..\Windsurf.exe`},
}

// realExe finds the executable a VS Code-style .cmd launcher starts.
func realExe(sys System, cmdPath, name string) (string, bool) {
	dir := winDir(cmdPath)
	for _, rel := range vsCodeExes[name] {
		p := dir
		for strings.HasPrefix(rel, `..\`) {
			p, rel = winDir(p), rel[3:]
		}
		p += `\` + rel
		if sys.IsFile != nil && sys.IsFile(p) {
			return p, true
		}
	}
	return "", false
}

// winDir is a Windows path without its last element (either separator).
func winDir(p string) string {
	p = strings.TrimRight(p, `\/`)
	if i := strings.LastIndexAny(p, `\/`); i >= 0 {
		return p[:i]
	}
	return "."
}

func isBatch(p string) bool {
	l := strings.ToLower(p)
	return strings.HasSuffix(l, ".cmd") || strings.HasSuffix(l, ".bat")
}

// progName is a program's base name as editors are known by: lower case on
// Windows, without .exe/.cmd/.bat there.
func progName(goos, prog string) string {
	seps := "/"
	if goos == "windows" {
		seps = `\/`
	}
	name := prog[strings.LastIndexAny(prog, seps)+1:]
	if goos == "windows" {
		name = strings.ToLower(name)
		for _, ext := range []string{".exe", ".cmd", ".bat"} {
			name = strings.TrimSuffix(name, ext)
		}
	}
	return name
}

func displayName(name string) string {
	if d, ok := editorNames[name]; ok {
		return d
	}
	return name
}

// editorArgs are the arguments that make a known editor open file at line;
// ok is false when the editor is not known to take a line (it gets just
// the file). With no line every editor is "ok".
func editorArgs(name, file string, line, column int) (args []string, ok bool) {
	switch name {
	case "code", "code-insiders", "codium", "cursor", "windsurf":
		return []string{"-g", location(file, line, column)}, true
	case "subl", "sublime_text", "zed", "lapce":
		return []string{location(file, line, column)}, true
	case "idea", "goland", "webstorm", "pycharm", "clion", "rider", "phpstorm", "rubymine":
		if line > 0 {
			return []string{"--line", strconv.Itoa(line), file}, true
		}
		return []string{file}, true
	case "gedit", "geany", "pluma", "xed", "gvim", "emacsclient":
		if line > 0 {
			return []string{"+" + strconv.Itoa(line), file}, true
		}
		return []string{file}, true
	case "kate", "kwrite":
		if line > 0 {
			return []string{"--line", strconv.Itoa(line), file}, true
		}
		return []string{file}, true
	case "notepad++":
		if line > 0 {
			return []string{"-n" + strconv.Itoa(line), file}, true
		}
		return []string{file}, true
	}
	return []string{file}, line <= 0
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
