package editor

import (
	"errors"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// machine is a fake System: programs on PATH and files that exist.
type machine struct {
	goos    string
	env     map[string]string
	path    map[string]string // name → where LookPath finds it
	files   map[string]bool
	textApp string
}

func (m machine) sys() System {
	return System{
		GOOS:   m.goos,
		Getenv: env(m.env),
		LookPath: func(name string) (string, error) {
			if p, ok := m.path[name]; ok {
				return p, nil
			}
			return "", exec.ErrNotFound
		},
		IsFile:  func(p string) bool { return m.files[p] },
		TextApp: func() string { return m.textApp },
	}
}

const (
	winCodeCmd = `C:\Users\u\AppData\Local\Programs\Microsoft VS Code\bin\code.cmd`
	winCodeExe = `C:\Users\u\AppData\Local\Programs\Microsoft VS Code\Code.exe`
	winFile    = `C:\p\x&calc&.ts`
)

func TestChoose(t *testing.T) {
	const file = "/p/x&calc&.ts"
	cases := []struct {
		name  string
		m     machine
		file  string
		line  int
		col   int
		want  Launch
		error string // what the refusal says, "" when it opens
	}{
		{name: "VISUAL code", m: machine{goos: "linux", env: map[string]string{"VISUAL": "code --wait"}},
			file: file, line: 12, col: 3, want: Launch{[]string{"code", "--wait", "-g", file + ":12:3"}, "VS Code", true}},
		{name: "quoted VISUAL with spaces", m: machine{goos: "linux", env: map[string]string{"VISUAL": `"/opt/My Editor/bin/myedit" --wait`}},
			file: file, line: 12, want: Launch{[]string{"/opt/My Editor/bin/myedit", "--wait", file}, "myedit", false}},
		{name: "EDITOR subl without column", m: machine{goos: "linux", env: map[string]string{"EDITOR": "/opt/subl"}},
			file: file, line: 12, want: Launch{[]string{"/opt/subl", file + ":12"}, "Sublime Text", true}},
		{name: "JetBrains", m: machine{goos: "linux", env: map[string]string{"VISUAL": "goland"}},
			file: file, line: 7, col: 1, want: Launch{[]string{"goland", "--line", "7", file}, "GoLand", true}},
		{name: "gedit", m: machine{goos: "linux", env: map[string]string{"EDITOR": "gedit"}},
			file: file, line: 7, want: Launch{[]string{"gedit", "+7", file}, "gedit", true}},
		{name: "unknown editor gets the file, without the line", m: machine{goos: "linux", env: map[string]string{"EDITOR": "myedit"}},
			file: file, line: 7, want: Launch{[]string{"myedit", file}, "myedit", false}},
		{name: "unknown editor without a line", m: machine{goos: "linux", env: map[string]string{"EDITOR": "myedit"}},
			file: file, want: Launch{[]string{"myedit", file}, "myedit", true}},
		{name: "terminal VISUAL falls to EDITOR", m: machine{goos: "linux", env: map[string]string{"VISUAL": "vim", "EDITOR": "zed"}},
			file: file, line: 2, col: 5, want: Launch{[]string{"zed", file + ":2:5"}, "Zed", true}},
		{name: "terminal editor by path falls to code", m: machine{goos: "linux", env: map[string]string{"EDITOR": "/usr/bin/nvim -p"}, path: map[string]string{"code": "/usr/bin/code"}},
			file: file, line: 9, want: Launch{[]string{"/usr/bin/code", "-g", file + ":9"}, "VS Code", true}},
		{name: "VISUAL with shell syntax is refused", m: machine{goos: "linux", env: map[string]string{"VISUAL": "ed; touch marker"}},
			file: file, error: "$VISUAL: shell syntax Hum does not run"},
		{name: "linux: a known GUI editor on PATH", m: machine{goos: "linux", path: map[string]string{"kate": "/usr/bin/kate", "gio": "/usr/bin/gio"}, textApp: "/usr/share/applications/org.gnome.TextEditor.desktop"},
			file: file, line: 4, want: Launch{[]string{"/usr/bin/kate", "--line", "4", file}, "Kate", true}},
		{name: "linux: the default text/plain application, not xdg-open", m: machine{goos: "linux", path: map[string]string{"gio": "/usr/bin/gio", "xdg-open": "/usr/bin/xdg-open"}, textApp: "/usr/share/applications/org.gnome.TextEditor.desktop"},
			file: file, line: 4, want: Launch{[]string{"/usr/bin/gio", "launch", "/usr/share/applications/org.gnome.TextEditor.desktop", file}, "the default text editor (org.gnome.TextEditor)", false}},
		{name: "linux: nothing that opens text", m: machine{goos: "linux", path: map[string]string{"xdg-open": "/usr/bin/xdg-open"}},
			file: file, line: 4, error: "no graphical text editor found; set $VISUAL"},
		{name: "darwin: open as text, never plain open", m: machine{goos: "darwin"},
			file: "/p/run.command", line: 4, want: Launch{[]string{"/usr/bin/open", "-t", "/p/run.command"}, "the default text editor", false}},
		{name: "darwin: code on PATH", m: machine{goos: "darwin", path: map[string]string{"code": "/usr/local/bin/code"}},
			file: file, line: 4, want: Launch{[]string{"/usr/local/bin/code", "-g", file + ":4"}, "VS Code", true}},
		{name: "windows: code.cmd on PATH runs Code.exe beside it", m: machine{goos: "windows", path: map[string]string{"code": winCodeCmd}, files: map[string]bool{winCodeExe: true}},
			file: winFile, line: 12, col: 3, want: Launch{[]string{winCodeExe, "-g", winFile + ":12:3"}, "VS Code", true}},
		{name: "windows: code.cmd without Code.exe falls to Notepad, never cmd or start", m: machine{goos: "windows", env: map[string]string{"SystemRoot": `C:\WINDOWS`}, path: map[string]string{"code": winCodeCmd}},
			file: winFile, line: 12, want: Launch{[]string{`C:\WINDOWS\System32\notepad.exe`, winFile}, "Notepad", false}},
		{name: "windows: nothing on PATH opens Notepad", m: machine{goos: "windows"},
			file: `C:\p\run.bat`, line: 1, want: Launch{[]string{`C:\Windows\System32\notepad.exe`, `C:\p\run.bat`}, "Notepad", false}},
		{name: "windows: VISUAL code resolves to Code.exe", m: machine{goos: "windows", env: map[string]string{"VISUAL": "code --wait"}, path: map[string]string{"code": winCodeCmd}, files: map[string]bool{winCodeExe: true}},
			file: winFile, line: 2, want: Launch{[]string{winCodeExe, "--wait", "-g", winFile + ":2"}, "VS Code", true}},
		{name: "windows: a batch VISUAL is refused", m: machine{goos: "windows", env: map[string]string{"VISUAL": `C:\tools\myedit.bat`}, path: map[string]string{`C:\tools\myedit.bat`: `C:\tools\myedit.bat`}},
			file: winFile, line: 2, error: `C:\tools\myedit.bat is a batch file`},
		{name: "windows: quoted Notepad++ path", m: machine{goos: "windows", env: map[string]string{"EDITOR": `"C:\Program Files\Notepad++\notepad++.exe" -multiInst`}, path: map[string]string{`C:\Program Files\Notepad++\notepad++.exe`: `C:\Program Files\Notepad++\notepad++.exe`}},
			file: winFile, line: 8, want: Launch{[]string{`C:\Program Files\Notepad++\notepad++.exe`, "-multiInst", "-n8", winFile}, "Notepad++", true}},
		{name: "windows: VISUAL not found", m: machine{goos: "windows", env: map[string]string{"VISUAL": "nosuch"}},
			file: winFile, error: "$VISUAL: nosuch not found"},
		{name: "windows: terminal editor skipped by its .exe name", m: machine{goos: "windows", env: map[string]string{"VISUAL": `C:\vim\VIM.EXE`}},
			file: winFile, want: Launch{[]string{`C:\Windows\System32\notepad.exe`, winFile}, "Notepad", true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Choose(c.m.sys(), c.file, c.line, c.col)
			if c.error != "" {
				assert.True(t, errors.Is(err, ErrNoEditor), "got %+v, %v, want ErrNoEditor", got, err)
				if assert.Error(t, err) {
					assert.Contains(t, err.Error(), c.error, "got %q, want it to say %q", err, c.error)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, got, "got %+v, want %+v", got, c.want)
			if c.m.goos == "windows" {
				assert.False(t, isBatch(got.Argv[0]), "windows runs %q through cmd.exe", got.Argv[0])
			}
			for _, p := range []string{"cmd", "cmd.exe", "start", "xdg-open", "open", "/usr/bin/xdg-open"} {
				assert.NotEqual(t, p, got.Argv[0], "got %v: %s opens a file as a program", got.Argv, p)
			}
		})
	}
}

func TestRealExe(t *testing.T) {
	cursorCmd := `C:\Users\u\AppData\Local\Programs\cursor\resources\app\bin\cursor.cmd`
	cursorExe := `C:\Users\u\AppData\Local\Programs\cursor\Cursor.exe`
	m := machine{goos: "windows", files: map[string]bool{winCodeExe: true, cursorExe: true}}
	for _, c := range []struct{ cmd, name, want string }{
		{winCodeCmd, "code", winCodeExe},
		{cursorCmd, "cursor", cursorExe},
		{`C:\x\bin\other.cmd`, "other", ""},
	} {
		got, ok := realExe(m.sys(), c.cmd, c.name)
		assert.Equal(t, c.want, got, "realExe(%q): got %q, want %q", c.cmd, got, c.want)
		assert.Equal(t, c.want != "", ok)
	}
}
