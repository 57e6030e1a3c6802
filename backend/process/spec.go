package process

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultGracePeriod is how long Stop waits after the graceful signal before
// it kills the whole tree, when neither the Spec nor the Options say.
const DefaultGracePeriod = 5 * time.Second

// Spec says what to run.
type Spec struct {
	ScriptID string // discovery ID of the script, "" for ad-hoc commands
	Name     string // shown to the user
	Source   string // where the script came from (package.json, Makefile, …)

	// Command is a shell line: run with `sh -c` on Unix and `cmd /d /v:off /s /c`
	// on Windows.
	Command string
	// Argv, when non-empty, is run directly (Argv[0] looked up in PATH)
	// instead of Command.
	Argv []string

	Dir string // working directory; "" is Hum's own
	// Env holds extra KEY=VALUE pairs over the environment Hum was started
	// with (see launchEnv). FORCE_COLOR=1 and CLICOLOR_FORCE=1 are added
	// unless the environment or Env sets them or NO_COLOR, so tools keep
	// their colours through the pipe. On a terminal TERM is xterm-256color
	// (terminalType) over the environment, and Env may set another.
	Env []string
	// Environ, when non-nil, is the complete environment the child starts
	// from, in place of the one Hum was started with (launchEnv): one the
	// caller built (a script's layered environment). The colour defaults
	// and Env still apply over it.
	Environ []string

	// GracePeriod is how long Stop waits between the graceful signal and the
	// kill; 0 means the manager's default.
	GracePeriod time.Duration

	// Pipes, when true, runs the process on plain pipes (stdin the null
	// device, stdout and stderr apart) instead of a pseudo-terminal, the
	// default where Hum has one (Linux and macOS; Windows always uses
	// pipes, see TerminalSupported). hum.yaml's `tty: false`.
	Pipes bool
	// Cols and Rows are the terminal's size at the first start; 0 means
	// DefaultCols and DefaultRows. A Resize replaces them for the runs
	// after it. Ignored on pipes.
	Cols, Rows uint16
}

// terminal reports whether the process runs on a pseudo-terminal.
func (s Spec) terminal() bool { return !s.Pipes && TerminalSupported }

// commandLine is what State.Command shows.
func (s Spec) commandLine() string {
	if len(s.Argv) == 0 {
		return s.Command
	}
	parts := make([]string, len(s.Argv))
	for i, a := range s.Argv {
		if a == "" || strings.ContainsAny(a, " \t\n\"'\\$`") {
			a = strconv.Quote(a)
		}
		parts[i] = a
	}
	return strings.Join(parts, " ")
}

// viaShell reports whether the command runs through the shell, which turns
// "command not found" into exit status 127 rather than a start error.
func (s Spec) viaShell() bool { return len(s.Argv) == 0 }

// launchEnv is the environment Hum was started with, read when this
// package is initialised: before main runs, so before Hum's own toolkit
// changes Hum's environment (Wails sets GDK_BACKEND=x11 for the webview on
// X11, which would make a child's GTK program refuse Wayland). Children get
// the user's environment, not what Hum's process has become. Written once,
// at package initialisation; read-only afterwards.
var launchEnv = os.Environ()

// UserEnviron returns a copy of the environment Hum was started with (see
// launchEnv): what anything Hum starts for the user, a script or an editor,
// should get rather than os.Environ().
func UserEnviron() []string { return slices.Clone(launchEnv) }

// colourEnv is set in every child unless already set, because most tools
// turn colours off when stdout is a pipe; never when the user asked for no
// colour (NO_COLOR, https://no-color.org).
var colourEnv = []string{"FORCE_COLOR=1", "CLICOLOR_FORCE=1"}

// environ builds the child's environment: base, then the colour defaults
// for keys neither base nor extra set, unless either sets NO_COLOR to a
// non-empty value, then extra (later entries win in os/exec, so extra
// overrides base).
func environ(base, extra []string) []string {
	env := make([]string, 0, len(base)+len(colourEnv)+len(extra))
	env = append(env, base...)
	if !noColour(base, extra) {
		for _, kv := range colourEnv {
			key, _, _ := strings.Cut(kv, "=")
			if !hasKey(base, key) && !hasKey(extra, key) {
				env = append(env, kv)
			}
		}
	}
	return append(env, extra...)
}

// noColour reports whether NO_COLOR is set and not empty, as the child will
// see it (extra wins over base).
func noColour(base, extra []string) bool {
	v, ok := lookup(extra, "NO_COLOR")
	if !ok {
		v, _ = lookup(base, "NO_COLOR")
	}
	return v != ""
}

func hasKey(env []string, key string) bool {
	_, ok := lookup(env, key)
	return ok
}

// lookup returns the value of the last entry for key in env, as os/exec
// resolves duplicates; keys are case-insensitive on Windows.
func lookup(env []string, key string) (string, bool) {
	val, found := "", false
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if k == key || (runtime.GOOS == "windows" && strings.EqualFold(k, key)) {
			val, found = v, true
		}
	}
	return val, found
}

// withPWD puts PWD=dir (absolute) before extra, so the child's PWD names
// its own folder unless its Env sets one. POSIX has PWD name the current
// folder, and tools read it (Node's process.env.PWD, make's $(PWD)); os/exec
// sets it only for a command whose Env is nil, and Hum always gives one, so
// without this a child saw Hum's folder, or the login shell's. Windows has
// no PWD.
func withPWD(dir string, extra []string) []string {
	if dir == "" || runtime.GOOS == "windows" {
		return extra
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return extra
	}
	return append([]string{"PWD=" + abs}, extra...)
}

// command builds the exec.Cmd for spec, without its I/O.
func (s Spec) command() *exec.Cmd {
	var cmd *exec.Cmd
	if len(s.Argv) > 0 {
		cmd = exec.Command(s.Argv[0], s.Argv[1:]...)
	} else {
		cmd = shellCommand(s.Command)
	}
	cmd.Dir = s.Dir
	base := launchEnv
	if s.Environ != nil {
		base = s.Environ
	}
	extra := withPWD(s.Dir, s.Env)
	if s.terminal() {
		extra = append([]string{terminalType}, extra...)
	}
	cmd.Env = environ(base, extra)
	prepareTree(cmd)
	return cmd
}
