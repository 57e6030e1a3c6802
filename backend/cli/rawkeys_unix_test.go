//go:build unix

package cli

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// These tests run the built hum on a pseudo-terminal of their own, as a
// person runs it in a terminal window: the terminal is hum's controlling
// terminal, stdin and stdout, and hum is its foreground process group.
// stderr goes apart, to read hum's own messages.

// onTerminal is the built hum running on a terminal the test holds.
type onTerminal struct {
	t       *testing.T
	master  *os.File     // the test's side: what is written here is typed
	slave   *os.File     // hum's side, kept open to read its modes
	before  unix.Termios // the terminal's modes before hum started
	out     syncBuffer   // what hum wrote to the terminal
	stderr  syncBuffer
	cmd     *exec.Cmd
	exited  chan struct{}
	waitErr error // written before exited is closed
}

// startOnTerminal runs `hum args...` on a new terminal cols wide.
func startOnTerminal(t *testing.T, cols, rows uint16, args ...string) *onTerminal {
	t.Helper()
	master, slave, err := pty.Open()
	require.NoError(t, err)
	require.NoError(t, pty.Setsize(master, &pty.Winsize{Cols: cols, Rows: rows}))
	before, err := unix.IoctlGetTermios(int(slave.Fd()), getTermios)
	require.NoError(t, err)
	o := &onTerminal{t: t, master: master, slave: slave, before: *before, exited: make(chan struct{})}

	cmd := exec.Command(hum(t), args...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, &o.stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	cmd.WaitDelay = 10 * time.Second
	require.NoError(t, cmd.Start())
	o.cmd = cmd
	go func() {
		o.waitErr = cmd.Wait()
		close(o.exited)
	}()
	go func() { _, _ = io.Copy(&o.out, master) }() // ends when the master is closed
	t.Cleanup(func() {
		select {
		case <-o.exited:
		default: // the test failed before hum exited: end what we started
			_ = cmd.Process.Kill()
			<-o.exited
		}
		master.Close()
		slave.Close()
	})
	return o
}

// waitOut waits until hum's output on the terminal matches re.
func (o *onTerminal) waitOut(re string) {
	o.t.Helper()
	rx := regexp.MustCompile(re)
	eventually(o.t, 30*time.Second, func() bool { return rx.MatchString(o.out.String()) },
		"got output %q, want %s; stderr %q", o.out.String(), re, o.stderr.String())
}

// waitRaw waits until hum has put the terminal in raw mode.
func (o *onTerminal) waitRaw() {
	o.t.Helper()
	eventually(o.t, 30*time.Second, func() bool { return o.lflag()&unix.ICANON == 0 },
		"the terminal is still in line mode; output %q, stderr %q", o.out.String(), o.stderr.String())
}

func (o *onTerminal) lflag() uint32 {
	tm, err := unix.IoctlGetTermios(int(o.slave.Fd()), getTermios)
	require.NoError(o.t, err)
	return uint32(tm.Lflag)
}

// typeKeys writes s to the terminal, as keys typed.
func (o *onTerminal) typeKeys(s string) {
	o.t.Helper()
	_, err := o.master.Write([]byte(s))
	require.NoError(o.t, err)
}

// wait waits for hum to exit and returns its exit code, checking that
// the terminal got back the modes it had before.
func (o *onTerminal) wait() int {
	o.t.Helper()
	select {
	case <-o.exited:
	case <-time.After(60 * time.Second):
		o.t.Fatalf("hum did not exit; output %q, stderr %q", o.out.String(), o.stderr.String())
	}
	after, err := unix.IoctlGetTermios(int(o.slave.Fd()), getTermios)
	require.NoError(o.t, err)
	assert.Equal(o.t, o.before, *after, "the terminal's modes after hum exited")
	var ee *exec.ExitError
	if errors.As(o.waitErr, &ee) {
		return ee.ExitCode()
	}
	require.NoError(o.t, o.waitErr)
	return 0
}

// TestBinaryRunForwardsSingleKeys: a program in raw mode on Hum's terminal
// gets each key as it is typed, without Enter.
func TestBinaryRunForwardsSingleKeys(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile": "keys: stty raw -echo; echo ready; dd bs=1 count=3 2>/dev/null | od -An -c\n",
	})
	o := startOnTerminal(t, 80, 24, "run", dir, "keys")
	o.waitOut(`keys \| ready`)
	o.waitRaw()
	for _, k := range []string{"a", "\t", "\x1b"} { // one at a time, and no Enter
		o.typeKeys(k)
	}
	o.waitOut(`keys \|\s+a\s+\\t\s+033`)
	assert.Equal(t, 0, o.wait(), "stderr %q", o.stderr.String())
	assert.NotRegexp(t, `[^\r]\n`, o.out.String(), "every line ends in CRLF on the raw terminal")
}

// TestBinaryRunAnswersAPromptOnARawTerminal: `read -p` gets the line typed
// at it, and its echo shows after the prompt, on the prompt's row.
func TestBinaryRunAnswersAPromptOnARawTerminal(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile": "ask: read -p 'Name? ' n; echo \"hi $n\"\n",
	})
	o := startOnTerminal(t, 80, 24, "run", dir, "ask")
	o.waitOut(`ask \| Name\? `)
	o.waitRaw()
	o.typeKeys("Ada\r") // what Enter sends in raw mode
	o.waitOut(`ask \| hi Ada\r\n`)
	assert.Equal(t, 0, o.wait(), "stderr %q", o.stderr.String())
	assert.Contains(t, o.out.String(), "ask | Name? Ada\r\n", "the echo continues the prompt's row")
}

// TestBinaryRunGivesItsProcessTheTerminalsSize: the process's terminal has
// the user's rows and the columns right of the prefix, at start and after
// every resize.
func TestBinaryRunGivesItsProcessTheTerminalsSize(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile": "win: trap 'echo size $(stty size)' WINCH; echo size $(stty size); while :; do sleep 0.1; done\n",
	})
	o := startOnTerminal(t, 80, 24, "run", dir, "win")
	o.waitOut(`win \| size 24 74\r\n`) // "win | " takes 6 columns
	o.waitRaw()
	require.NoError(t, pty.Setsize(o.master, &pty.Winsize{Cols: 120, Rows: 40}))
	o.waitOut(`win \| size 40 114\r\n`)
	require.NoError(t, pty.Setsize(o.master, &pty.Winsize{Cols: 60, Rows: 20}))
	o.waitOut(`win \| size 20 54\r\n`)
	require.NoError(t, syscall.Kill(o.pid(), syscall.SIGTERM))
	assert.Equal(t, 0, o.wait(), "a requested stop exits 0; stderr %q", o.stderr.String())
	o.waitOut(`win \| stopped`) // hum has exited, but the test's reader may not have read its last lines yet
}

// pid is hum's.
func (o *onTerminal) pid() int { return o.cmd.Process.Pid }

// TestBinaryRunPassesCtrlCToItsProcess: Ctrl-C is the process's SIGINT; a
// process that exits on it ends the run with its code.
func TestBinaryRunPassesCtrlCToItsProcess(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile": "intr: trap 'echo got INT; exit 7' INT; echo ready; while :; do sleep 0.1; done\n",
	})
	o := startOnTerminal(t, 80, 24, "run", dir, "intr")
	o.waitOut(`intr \| ready`)
	o.waitRaw()
	o.typeKeys("\x03")
	o.waitOut(`intr \| got INT`)
	assert.Equal(t, 7, o.wait(), "stderr %q", o.stderr.String())
	assert.Contains(t, o.stderr.String(), "hum: Ctrl-C went to intr; press Ctrl-C again within 3s to stop it")
	o.waitOut(`intr \| exited with code 7`)
}

// TestBinaryRunStopsOnASecondCtrlC: a process that traps SIGINT and keeps
// running is stopped by a second Ctrl-C, with all it started, and hum
// exits.
func TestBinaryRunStopsOnASecondCtrlC(t *testing.T) {
	dir := writeProject(t, map[string]string{
		// A background job of a script ignores SIGINT: only the stop ends it.
		"Procfile": "stay: trap 'echo got INT' INT; echo $$ > sh.pid; sleep 300 & echo $! > child.pid; echo ready; while :; do sleep 0.1; done\n",
	})
	o := startOnTerminal(t, 80, 24, "run", dir, "stay")
	o.waitOut(`stay \| ready`)
	o.waitRaw()
	// One write: the two come within interruptAgain however slow the
	// machine is.
	o.typeKeys("\x03\x03")
	assert.Equal(t, 0, o.wait(), "a requested stop exits 0; stderr %q", o.stderr.String())
	assert.Contains(t, o.stderr.String(), "hum: Ctrl-C went to stay")
	assert.Contains(t, o.stderr.String(), "hum: stopping stay (Ctrl-C again to kill it now)")
	o.waitOut(`stay \| stopped`)
	for _, f := range []string{"sh.pid", "child.pid"} {
		raw, err := os.ReadFile(filepath.Join(dir, f))
		require.NoError(t, err)
		pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
		require.NoError(t, err)
		eventually(t, 30*time.Second, func() bool { return gone(pid) }, "%s %d still runs after hum exited", f, pid)
	}
}

// TestBinaryRunKeepsLinesWhenKeysHaveNoOneProcess: with two processes, or
// one on pipes, the terminal stays in line mode and a typed line goes to
// the one running process on a terminal, as before.
func TestBinaryRunKeepsLinesWhenKeysHaveNoOneProcess(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"hum.yaml": `processes:
  ask:
    command: "read -p 'Name? ' n; echo \"hi $n\""
  piped:
    command: "read n; echo \"piped got $n\"; echo piped-up; exec sleep 300"
    tty: false
`,
	})
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"two processes", []string{"run", dir, "ask", "piped"}},
		{"one on pipes", []string{"run", dir, "piped"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := startOnTerminal(t, 80, 24, tc.args...)
			o.waitOut(`piped\s*\| piped-up`)
			assert.NotZero(t, o.lflag()&unix.ICANON, "the terminal must stay in line mode")
			if tc.name == "two processes" {
				o.waitOut(`ask\s*\| Name\? `)
				o.typeKeys("Ada\n")
				o.waitOut(`ask\s*\| hi Ada`)
			}
			require.NoError(t, syscall.Kill(o.pid(), syscall.SIGTERM))
			assert.Equal(t, 0, o.wait(), "a requested stop exits 0; stderr %q", o.stderr.String())
			o.waitOut(`piped\s*\| piped got \r\n`) // a process on pipes reads nothing (/dev/null)
		})
	}
}
