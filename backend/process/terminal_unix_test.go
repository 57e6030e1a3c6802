//go:build unix

package process

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// joined is every stdout line of id so far, one string, for Contains checks.
func joined(rec *recorder, id string) string { return strings.Join(rec.get(id, Stdout), "\n") }

// waitOutput waits until the process's output contains want.
func waitOutput(t *testing.T, rec *recorder, id, want string) {
	t.Helper()
	waitFor(t, waitTimeout, func() bool { return strings.Contains(joined(rec, id), want) },
		"output of %s never contained %q; got %q", id, want, joined(rec, id))
}

func TestAShellPromptIsAnsweredThroughInput(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	st, err := m.Start(Spec{Command: `read -p 'Name? ' name; echo "hello $name"`})
	require.NoError(t, err)
	assert.True(t, st.TTY, "got TTY false, want a terminal by default")
	waitOutput(t, rec, st.ID, "Name? ")
	require.NoError(t, m.Input(st.ID, []byte("Ada\r")))
	st = waitFinal(t, m, st.ID)
	assert.Equal(t, StatusSucceeded, st.Status, "got %v (%s)", st.Status, st.Err)
	assert.Contains(t, rec.get(st.ID, Stdout), "hello Ada", "got %q", rec.get(st.ID, Stdout))
}

func TestAPythonInputIsAnsweredThroughInput(t *testing.T) {
	python := lookPython(t)
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	st, err := m.Start(Spec{Argv: []string{python, "-c", `name = input("Continue? [y/N] "); print("answer=" + name)`}})
	require.NoError(t, err)
	waitOutput(t, rec, st.ID, "Continue? [y/N] ")
	require.NoError(t, m.Input(st.ID, []byte("y\r")))
	st = waitFinal(t, m, st.ID)
	assert.Equal(t, StatusSucceeded, st.Status, "got %v (%s)", st.Status, st.Err)
	assert.Contains(t, rec.get(st.ID, Stdout), "answer=y", "got %q", rec.get(st.ID, Stdout))
}

// lookPath is exec.LookPath.
func lookPath(name string) (string, error) { return exec.LookPath(name) }

// hasChild reports whether pid has a child running the program name.
func hasChild(pid int, name string) bool {
	return exec.Command("pgrep", "-x", "-P", strconv.Itoa(pid), name).Run() == nil
}

func lookPython(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"python3", "python"} {
		if p, err := lookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no python3 on PATH")
	return ""
}

func TestProgramsSeeATerminal(t *testing.T) {
	python := lookPython(t)
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	st, err := m.Start(Spec{Command: `tty; ` + python + ` -c 'import sys; print("isatty", sys.stdin.isatty(), sys.stdout.isatty(), sys.stderr.isatty())'; echo "TERM=$TERM"`})
	require.NoError(t, err)
	st = waitFinal(t, m, st.ID)
	require.Equal(t, StatusSucceeded, st.Status, "got %v (%s)", st.Status, st.Err)
	lines := rec.get(st.ID, Stdout)
	require.Len(t, lines, 3, "got %q", lines)
	assert.True(t, strings.HasPrefix(lines[0], "/dev/"), "tty printed %q, want a device", lines[0])
	assert.Equal(t, "isatty True True True", lines[1])
	assert.Equal(t, "TERM=xterm-256color", lines[2])
}

func TestPipesKeepTheStreamsApartAndNoTerminal(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	st, err := m.Start(Spec{Pipes: true, Command: `tty; echo oops >&2`})
	require.NoError(t, err)
	assert.False(t, st.TTY, "got TTY true on pipes")
	st = waitFinal(t, m, st.ID)
	assert.Equal(t, []string{"not a tty"}, rec.get(st.ID, Stdout))
	assert.Equal(t, []string{"oops"}, rec.get(st.ID, Stderr))
	assert.ErrorIs(t, m.Input(st.ID, []byte("x")), ErrNoTerminal)
	assert.ErrorIs(t, m.Resize(st.ID, 80, 24), ErrNoTerminal)
}

func TestInputErrors(t *testing.T) {
	m := NewManager(Options{Sink: newRecorder()})
	cleanup(t, m)
	assert.ErrorIs(t, m.Input("p999999", []byte("x")), ErrNotFound)
	assert.ErrorIs(t, m.Resize("p999999", 80, 24), ErrNotFound)
	st, err := m.Start(Spec{Command: `exit 0`})
	require.NoError(t, err)
	waitFinal(t, m, st.ID)
	assert.ErrorIs(t, m.Input(st.ID, []byte("x")), ErrNotRunning)
	assert.Error(t, m.Resize(st.ID, 0, 24), "a zero size")
	assert.NoError(t, m.Resize(st.ID, 80, 24), "a stopped process keeps the size for its next run")
}

// TestResizeWhileARunEnds: the view resizes whenever it likes, also in
// the moment a run ends, when the terminal is closed but the final state
// not yet published; that must keep the size, never fail (a fresh-clone
// run hit it: "resize p000001: use of closed file").
func TestResizeWhileARunEnds(t *testing.T) {
	m := NewManager(Options{Sink: newRecorder()})
	cleanup(t, m)
	for i := range 20 {
		st, err := m.Start(Spec{Command: `echo bye`})
		require.NoError(t, err)
		p, ok := m.Get(st.ID)
		require.True(t, ok)
		for size := uint16(20); !p.State().Status.Final(); size++ {
			require.NoError(t, m.Resize(st.ID, size%200+20, 24), "run %d", i)
		}
		require.NoError(t, m.Resize(st.ID, 80, 24))
	}
}

func TestSttySizeFollowsResizeAndRestart(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	// Prints its size at start and on every SIGWINCH.
	st, err := m.Start(Spec{Command: `trap 'echo "size $(stty size)"' WINCH; echo "size $(stty size)"; while :; do sleep 0.05; done`})
	require.NoError(t, err)
	waitOutput(t, rec, st.ID, "size 30 120")
	require.NoError(t, m.Resize(st.ID, 100, 40))
	waitOutput(t, rec, st.ID, "size 40 100")

	st, err = m.Restart(st.ID)
	require.NoError(t, err)
	waitFor(t, waitTimeout, func() bool {
		return strings.Count(joined(rec, st.ID), "size 40 100") >= 2
	}, "the restarted run did not start at the last size; got %q", joined(rec, st.ID))

	st2, err := m.Start(Spec{Cols: 90, Rows: 20, Command: `stty size`})
	require.NoError(t, err)
	waitFinal(t, m, st2.ID)
	assert.Equal(t, []string{"20 90"}, rec.get(st2.ID, Stdout))
}

func TestCtrlCThroughInputInterruptsTheForegroundSleep(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	st, err := m.Start(Spec{GracePeriod: 20 * time.Second,
		Command: `trap 'echo "trap ran"; exit 7' INT; echo ready; sleep 300; echo "sleep ended"`})
	require.NoError(t, err)
	waitOutput(t, rec, st.ID, "ready")
	waitFor(t, waitTimeout, func() bool { return hasChild(st.PID, "sleep") }, "the shell never started sleep")
	began := time.Now()
	require.NoError(t, m.Input(st.ID, []byte("\x03")))
	st = waitFinal(t, m, st.ID)
	assert.Less(t, time.Since(began), 10*time.Second, "Ctrl-C took %v", time.Since(began))
	assert.Equal(t, StatusFailed, st.Status)
	assert.Equal(t, 7, st.ExitCode, "got exit code %d, want the trap's 7", st.ExitCode)
	assert.Contains(t, rec.get(st.ID, Stdout), "trap ran", "got %q", rec.get(st.ID, Stdout))
	assert.NotContains(t, joined(rec, st.ID), "sleep ended")
}

// TestCtrlCIsAByteInRawMode: a program that turned the terminal's signals
// off (raw mode: an editor, a TUI) reads Ctrl-C as the byte 0x03.
func TestCtrlCIsAByteInRawMode(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	st, err := m.Start(Spec{Command: `trap 'echo "got INT"' INT; stty -isig -icanon -echo; echo raw; head -c 1 | od -An -tx1`})
	require.NoError(t, err)
	waitOutput(t, rec, st.ID, "raw")
	require.NoError(t, m.Input(st.ID, []byte("\x03")))
	st = waitFinal(t, m, st.ID)
	assert.Equal(t, StatusSucceeded, st.Status, "got %v (%s)", st.Status, st.Err)
	assert.Equal(t, []string{"raw", " 03"}, rec.get(st.ID, Stdout))
}

func TestLessDrawsAndQuitsWithQ(t *testing.T) {
	less, err := lookPath("less")
	if err != nil {
		t.Skip("no less on PATH")
	}
	file := filepath.Join(t.TempDir(), "notes.txt")
	var b strings.Builder
	for i := 1; i <= 200; i++ {
		b.WriteString("line " + strconv.Itoa(i) + "\n")
	}
	require.NoError(t, os.WriteFile(file, []byte(b.String()), 0o600))
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	st, err := m.Start(Spec{Argv: []string{less, file}, Env: []string{"LESS=", "LESSOPEN="}})
	require.NoError(t, err)
	waitOutput(t, rec, st.ID, "line 29") // a screen of 30 rows: 29 lines and the prompt
	assert.NotContains(t, joined(rec, st.ID), "line 31", "less drew more than one screen")
	require.NoError(t, m.Input(st.ID, []byte("q")))
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	st, err = m.Wait(ctx, st.ID)
	require.NoError(t, err)
	assert.Equal(t, StatusSucceeded, st.Status, "got %v (%s), want less to quit on q", st.Status, st.Err)
}

// TestAWrapperThatExitsAtTERMLeavesItsChildItsShutdown is `npm run dev` on
// Stop: the wrapper (the leader) exits at once on the TERM, while the server
// it started takes a moment to close and says so. On a terminal the leader's
// exit would hang up the rest of its group (SIGHUP) mid-shutdown; the child
// must end by its own TERM handler in both modes.
func TestAWrapperThatExitsAtTERMLeavesItsChildItsShutdown(t *testing.T) {
	forModes(t, func(t *testing.T, pipes bool) {
		rec := newRecorder()
		m := NewManager(Options{Sink: rec, GracePeriod: 20 * time.Second})
		cleanup(t, m)
		st, err := m.Start(Spec{Pipes: pipes, Command: `(trap 'sleep 0.3; echo "server closed"; exit 0' TERM; echo ready; while :; do sleep 0.05; done) & trap 'exit 0' TERM; wait`})
		require.NoError(t, err)
		waitOutput(t, rec, st.ID, "ready")
		st, err = m.Stop(st.ID)
		require.NoError(t, err)
		assert.Equal(t, StatusStopped, st.Status)
		assert.Contains(t, rec.get(st.ID, Stdout), "server closed", "the child's shutdown was cut short; got %q", rec.get(st.ID, Stdout))
	})
}

func TestSeqFloodOnATerminalDeliversEveryLineAndTheLastWithoutNewline(t *testing.T) {
	const n = 300000
	var (
		mu   sync.Mutex // protects got, bad, last
		got  int
		bad  string
		last string
	)
	sink := SinkFunc(func(_ string, _ Stream, line []byte) {
		mu.Lock()
		defer mu.Unlock()
		got++
		if got <= n {
			if want := strconv.Itoa(got); string(line) != want && bad == "" {
				bad = fmt.Sprintf("line %d: got %q, want %q", got, line, want)
			}
		}
		last = string(line)
	})
	m := NewManager(Options{Sink: sink})
	cleanup(t, m)
	st, err := m.Start(Spec{Command: `seq 1 ` + strconv.Itoa(n) + `; printf 'the end'`})
	require.NoError(t, err)
	st = waitFinal(t, m, st.ID)
	assert.True(t, st.TTY)
	assert.Equal(t, StatusSucceeded, st.Status, "got %v (%s)", st.Status, st.Err)
	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, bad)
	assert.Equal(t, n+1, got, "got %d lines, want %d and the last", got, n+1)
	assert.Equal(t, "the end", last, "got last line %q", last)
}

// TestRestartWithSpecSwitchesTheTerminal: a definition that changes tty
// applies with the restart, and the state says which the run has.
func TestRestartWithSpecSwitchesTheTerminal(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	st, err := m.Start(Spec{Pipes: true, Command: `tty`})
	require.NoError(t, err)
	assert.False(t, st.TTY)
	waitFinal(t, m, st.ID)
	st, err = m.RestartWithSpec(st.ID, Spec{Command: `tty`})
	require.NoError(t, err)
	assert.True(t, st.TTY, "got TTY false after the restart onto a terminal")
	waitFinal(t, m, st.ID)
	lines := rec.get(st.ID, Stdout)
	require.Len(t, lines, 2, "got %q", lines)
	assert.Equal(t, "not a tty", lines[0])
	assert.True(t, strings.HasPrefix(lines[1], "/dev/"), "got %q, want a terminal's device", lines[1])
}

// TestTerminalsAreClosedWithTheirRuns: every run's terminal is closed once
// it has ended, a start that fails included, so Hum leaks no descriptors
// over many restarts.
func TestTerminalsAreClosedWithTheirRuns(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd")
	}
	open := func() int {
		entries, err := os.ReadDir("/proc/self/fd")
		require.NoError(t, err)
		return len(entries)
	}
	m := NewManager(Options{Sink: newRecorder()})
	cleanup(t, m)
	before := open()
	for range 20 {
		st, err := m.Start(Spec{Command: `echo hi`})
		require.NoError(t, err)
		waitFinal(t, m, st.ID)
		_, err = m.Start(Spec{Argv: []string{"hum-no-such-binary-4711"}})
		require.ErrorIs(t, err, ErrStart)
	}
	waitFor(t, waitTimeout, func() bool { return open() <= before+2 }, "descriptors: %d before, %d after 40 runs", before, open())
}
