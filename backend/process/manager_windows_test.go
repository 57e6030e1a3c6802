package process

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/windows"

	"hum/backend/poll"
	"hum/backend/shellquote"
	"hum/backend/wine"
)

// The process core's scenarios on Windows, with the helper programs of
// helper_windows_test.go in place of the Unix tests' shell scripts. Generous
// bounds: Wine on a loaded 2-core machine is slow to start processes.
const (
	waitTimeout = 60 * time.Second
	slack       = 4 * time.Second // allowed on top of a grace period
)

func waitFor(t *testing.T, timeout time.Duration, cond func() bool, format string, args ...any) {
	t.Helper()
	poll.Until(t, timeout, cond, format, args...)
}

// waitReady waits for a tree helper's "ready" line and returns its
// children's PIDs.
func waitReady(t *testing.T, rec *recorder, id string, children int) []int {
	t.Helper()
	waitFor(t, waitTimeout, func() bool { return slices.Contains(rec.get(id, Stdout), "ready") },
		"process %s never printed ready; got %q", id, rec.get(id, Stdout))
	var pids []int
	for _, l := range rec.get(id, Stdout) {
		if s, ok := strings.CutPrefix(l, "child "); ok {
			pid, err := strconv.Atoi(s)
			require.NoError(t, err)
			pids = append(pids, pid)
		}
	}
	require.Len(t, pids, children, "got child PIDs %v, want %d", pids, children)
	return pids
}

func requireGone(t *testing.T, pids ...int) {
	t.Helper()
	for _, pid := range pids {
		assert.True(t, pidGone(pid), "PID %d still alive, want gone", pid)
	}
}

func waitFinal(t *testing.T, m *Manager, id string) State {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	st, err := m.Wait(ctx, id)
	require.NoError(t, err, "waiting for %s", id)
	require.True(t, st.Status.Final(), "got status %v, want final", st.Status)
	return st
}

func cleanup(t *testing.T, m *Manager) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		assert.NoError(t, m.StopAll(ctx))
	})
}

func treeSpec(t *testing.T, onBreak string, grace time.Duration) Spec {
	s := helperSpec(t, "tree", "2")
	s.Env = append(s.Env, onBreakEnv+"="+onBreak)
	s.GracePeriod = grace
	return s
}

// Stop sends CTRL_BREAK to the tree's process group on the console Hum
// shares with its trees: the leader and both children print their shutdown
// line and exit, Stop does not wait for the kill, and the run is stopped
// with that output captured.
func TestStopSendsCtrlBreakToTheTree(t *testing.T) {
	wine.Skip(t, wine.ConsoleCtrlEvents)
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	const grace = 20 * time.Second // the test fails if Stop needs the kill
	st, err := m.Start(treeSpec(t, "exit", grace))
	require.NoError(t, err)
	children := waitReady(t, rec, st.ID, 2)

	began := time.Now()
	st, err = m.Stop(st.ID)
	took := time.Since(began)
	require.NoError(t, err)
	assert.Equal(t, StatusStopped, st.Status, "got %v, want %v", st.Status, StatusStopped)
	assert.Empty(t, st.Err)
	out := rec.get(st.ID, Stdout)
	assert.Contains(t, out, "leader got CTRL_BREAK, shutting down", "shutdown output not captured: got %q", out)
	for _, pid := range children {
		assert.Contains(t, out, "child "+strconv.Itoa(pid)+" got CTRL_BREAK, shutting down", "got %q", out)
	}
	assert.Less(t, took, grace/2, "got Stop taking %v, want well under the %v grace period", took, grace)
	requireGone(t, append(children, st.PID)...)
}

// Every tree runs on the console Hum shares with its trees (made hidden when
// Hum has none, as a GUI program started from the Start menu): the console
// CTRL_BREAK needs. The test binary runs with its output in files or pipes,
// so under Wine and in CI it has no console of its own either.
func TestTreesRunOnHumsConsole(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	st, err := m.Start(helperSpec(t, "console"))
	require.NoError(t, err)
	st = waitFinal(t, m, st.ID)
	require.Equal(t, StatusSucceeded, st.Status, "got %v (%s)", st.Status, st.Err)
	require.NoError(t, treeConsole())
	out := rec.get(st.ID, Stdout)
	require.Len(t, out, 1, "got %q", out)
	var pids []int
	require.NoError(t, json.Unmarshal([]byte(out[0]), &pids), "got %q", out[0])
	assert.Contains(t, pids, os.Getpid(), "the tree's console is not Hum's: its processes are %v", pids)
	assert.Contains(t, pids, st.PID, "got %v", pids)
}

// A tree that ignores CTRL_BREAK gets the grace period, then the job is
// terminated.
func TestStopKillsATreeThatIgnoresCtrlBreakAfterTheGracePeriod(t *testing.T) {
	wine.Skip(t, wine.ConsoleCtrlEvents) // without the break Stop kills at once: no grace period to see
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	const grace = time.Second
	st, err := m.Start(treeSpec(t, "ignore", grace))
	require.NoError(t, err)
	children := waitReady(t, rec, st.ID, 2)

	began := time.Now()
	st, err = m.Stop(st.ID)
	took := time.Since(began)
	require.NoError(t, err)
	assert.Equal(t, StatusStopped, st.Status, "got %v, want %v", st.Status, StatusStopped)
	assert.GreaterOrEqual(t, took, grace, "got Stop taking %v, want at least the grace period %v", took, grace)
	assert.Less(t, took, grace+slack, "got Stop taking %v, want about the grace period %v", took, grace)
	requireGone(t, append(children, st.PID)...)
}

// Whatever the signal does, Stop returns only when the whole job is gone:
// the leader and the children it started.
func TestStopEndsTheWholeTree(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	st, err := m.Start(treeSpec(t, "ignore", 2*time.Second))
	require.NoError(t, err)
	children := waitReady(t, rec, st.ID, 2)
	for _, pid := range append(children, st.PID) {
		require.False(t, pidGone(pid), "PID %d gone before the stop", pid)
	}
	st, err = m.Stop(st.ID)
	require.NoError(t, err)
	assert.Equal(t, StatusStopped, st.Status, "got %v (%s), want stopped", st.Status, st.Err)
	requireGone(t, append(children, st.PID)...)
}

// If Hum dies its trees die with it: the job is closed with Hum's last
// handle (KILL_ON_JOB_CLOSE). The supervisor is a Hum stand-in started
// outside any job of ours, so only its own job can end its tree.
func TestTreesDieWithTheirSupervisor(t *testing.T) {
	exe, err := os.Executable()
	require.NoError(t, err)
	sup := exec.Command(exe)
	sup.Env = append(os.Environ(), helperEnv+"=supervisor")
	out, err := sup.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, sup.Start())
	t.Cleanup(func() { _ = sup.Process.Kill(); _ = sup.Wait() })
	var (
		mu    sync.Mutex // protects lines
		lines []string
	)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			mu.Lock()
			lines = append(lines, sc.Text())
			mu.Unlock()
		}
	}()
	get := func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(lines) }
	waitFor(t, waitTimeout, func() bool { return slices.Contains(get(), "ready") }, "the supervisor's tree never got ready: %q", get())
	var pids []int
	for _, l := range get() {
		for _, prefix := range []string{"leader ", "child "} {
			if s, ok := strings.CutPrefix(l, prefix); ok {
				pid, err := strconv.Atoi(s)
				require.NoError(t, err, "line %q", l)
				pids = append(pids, pid)
			}
		}
	}
	require.Len(t, pids, 3, "got %q, want a leader and two children", get())
	for _, pid := range pids {
		require.False(t, pidGone(pid), "PID %d gone before the supervisor died", pid)
	}
	require.NoError(t, sup.Process.Kill()) // as a crash would: nothing of Hum's runs after it
	_ = sup.Wait()
	waitFor(t, waitTimeout, func() bool {
		return !slices.ContainsFunc(pids, func(pid int) bool { return !pidGone(pid) })
	}, "the supervisor's tree %v outlived it", pids)
}

func TestFinalStatus(t *testing.T) {
	tests := []struct {
		name     string
		spec     Spec
		startErr bool
		status   Status
		code     int
		err      string // substring of State.Err
	}{
		{"exit 0 succeeds", Spec{Command: "exit /b 0"}, false, StatusSucceeded, 0, ""},
		{"exit 3 fails with code 3", Spec{Command: "exit /b 3"}, false, StatusFailed, 3, "exit status 3"},
		{"a program's exit code", helperSpec(t, "exit", "5"), false, StatusFailed, 5, "exit status 5"},
		{"missing command in a shell line", Spec{Command: "hum-no-such-command-4711"}, false, StatusFailed, 9009, "command not found"},
		{"missing executable", Spec{Argv: []string{"hum-no-such-binary-4711"}}, true, StatusFailed, -1, `"hum-no-such-binary-4711": executable file not found`},
		{"missing directory", Spec{Command: "exit /b 0", Dir: `C:\nonexistent\hum-4711`}, true, StatusFailed, -1, windows.ERROR_DIRECTORY.Error()},
		{"empty command", Spec{}, true, StatusFailed, -1, "empty command"},
	}
	m := NewManager(Options{Sink: newRecorder()})
	cleanup(t, m)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := m.Start(tt.spec)
			if tt.startErr {
				require.ErrorIs(t, err, ErrStart)
				assert.Equal(t, StatusFailed, st.Status, "got %v, want failed at once", st.Status)
			} else {
				require.NoError(t, err)
			}
			st = waitFinal(t, m, st.ID)
			assert.Equal(t, tt.status, st.Status, "got %v, want %v", st.Status, tt.status)
			assert.Equal(t, tt.code, st.ExitCode, "got exit code %v, want %v", st.ExitCode, tt.code)
			if tt.err == "" {
				assert.Empty(t, st.Err)
			} else {
				assert.Contains(t, st.Err, tt.err, "got Err %q, want it to contain %q", st.Err, tt.err)
			}
		})
	}
}

// A program that floods its output: every line arrives, in order, before
// the final state.
func TestOutputFloodArrivesWholeAndInOrder(t *testing.T) {
	const n = 200000
	var (
		mu        sync.Mutex // protects got, last, bad
		got       int
		last, bad string
		final     atomic.Bool
		late      atomic.Bool
	)
	sink := SinkFunc(func(_ string, _ Stream, line []byte) {
		if final.Load() {
			late.Store(true)
		}
		mu.Lock()
		defer mu.Unlock()
		got++
		if want := strconv.Itoa(got); string(line) != want && bad == "" {
			bad = "line " + want + ": got " + strconv.Quote(string(line))
		}
		last = string(line)
	})
	m := NewManager(Options{Sink: sink})
	cleanup(t, m)
	st, err := m.Start(helperSpec(t, "flood", strconv.Itoa(n)))
	require.NoError(t, err)
	st = waitFinal(t, m, st.ID)
	final.Store(true)
	assert.Equal(t, StatusSucceeded, st.Status, "got %v (%s)", st.Status, st.Err)
	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, bad)
	assert.Equal(t, n, got, "got %v lines before the final state, want %v", got, n)
	assert.Equal(t, strconv.Itoa(n), last)
	assert.False(t, late.Load(), "a line arrived after the state turned final")
}

// A prompt that never ends its line shows while the program waits, once.
func TestAPromptShowsWhileTheProcessRuns(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec, GracePeriod: 2 * time.Second})
	cleanup(t, m)
	st, err := m.Start(helperSpec(t, "prompt"))
	require.NoError(t, err)
	waitFor(t, waitTimeout, func() bool { return len(rec.get(st.ID, Stdout)) > 0 },
		"the prompt without a newline to be delivered while the process runs")
	p, _ := m.Get(st.ID)
	assert.Equal(t, StatusRunning, p.State().Status, "got %v, want running", p.State().Status)
	assert.Equal(t, []string{"Password: "}, rec.get(st.ID, Stdout))
	_, err = m.Stop(st.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"Password: "}, rec.get(st.ID, Stdout), "the prompt was delivered twice")
}

func TestOutputLines(t *testing.T) {
	tests := []struct {
		name   string
		spec   Spec
		stream Stream
		want   []string
	}{
		{"last line without newline", helperSpec(t, "print", "a\nlast"), Stdout, []string{"a", "last"}},
		{"crlf endings", helperSpec(t, "print", "x\r\ny\r\n"), Stdout, []string{"x", "y"}},
		{"cmd's echo", Spec{Command: "echo one& echo two"}, Stdout, []string{"one", "two"}},
		{"stderr", Spec{Command: "echo oops 1>&2"}, Stderr, []string{"oops "}},
	}
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := m.Start(tt.spec)
			require.NoError(t, err)
			st = waitFinal(t, m, st.ID)
			require.Equal(t, StatusSucceeded, st.Status, "got %v (%s), want succeeded", st.Status, st.Err)
			got := rec.get(st.ID, tt.stream)
			assert.Equal(t, tt.want, got, "got %q, want %q", got, tt.want)
		})
	}
}

// When the leader exits on its own, the rest of its job is ended before
// the final state: a child holding the pipe cannot outlive the run.
func TestLeaderExitEndsTheRestOfItsTree(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec, GracePeriod: time.Second})
	cleanup(t, m)
	st, err := m.Start(helperSpec(t, "orphan"))
	require.NoError(t, err)
	st = waitFinal(t, m, st.ID)
	assert.Equal(t, StatusSucceeded, st.Status, "got %v (%s), want succeeded", st.Status, st.Err)
	lines := rec.get(st.ID, Stdout)
	require.Len(t, lines, 1, "got %q", lines)
	child, err := strconv.Atoi(strings.TrimPrefix(lines[0], "child "))
	require.NoError(t, err)
	requireGone(t, child)
}

func TestSpecEnvAndDir(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	dir := t.TempDir()
	st, err := m.Start(Spec{Dir: dir, Env: []string{"HUM_TEST=yes", "FORCE_COLOR=0"},
		Command: "echo %HUM_TEST% %FORCE_COLOR% %CLICOLOR_FORCE%& cd"})
	require.NoError(t, err)
	waitFinal(t, m, st.ID)
	want := []string{"yes 0 1", dir}
	got := rec.get(st.ID, Stdout)
	assert.Equal(t, want, got, "got %q, want %q", got, want)
}

// hostileArgs are arguments cmd.exe reads as syntax unless quoted.
var hostileArgs = []string{"plain", "with space", "a&b", "x^y", "%PATH%", "100%", `say "hi"`, `C:\dir with space\`, "!bang!", "(paren)", "a|b", "<in>", ""}

// A command line built the way discovery builds `npm run NAME` (each word
// quoted with shellquote.Cmd) reaches the program with every argument
// intact, whether the program is an .exe in a folder whose name cmd.exe
// would read as syntax, or a .cmd shim that passes %* on, as npm's does.
func TestCmdLineQuotingReachesTheProgramIntact(t *testing.T) {
	exe, err := os.Executable()
	require.NoError(t, err)
	base := t.TempDir()
	// tools places the program and a shim in a folder named name.
	tools := func(name string) (prog, shim string) {
		dir := filepath.Join(base, name)
		require.NoError(t, os.MkdirAll(dir, 0o755))
		prog = filepath.Join(dir, "argv.exe")
		copyFile(t, exe, prog)
		shim = filepath.Join(dir, "argv shim.cmd")
		// As npm's shims do: the program beside the shim (%~dp0), all arguments.
		require.NoError(t, os.WriteFile(shim, []byte("@\"%~dp0argv.exe\" %*\r\n"), 0o644))
		return prog, shim
	}
	prog, shimPercent := tools("tools & co^ 100% (x)")
	_, shim := tools("tools & co^ (x)")

	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	noPercent := slices.DeleteFunc(slices.Clone(hostileArgs), func(a string) bool { return strings.Contains(a, "%") })
	for _, c := range []struct {
		name, target string
		args         []string
	}{
		{"program", prog, hostileArgs},
		{"shim", shim, hostileArgs},
		{"shim in a folder with %", shimPercent, hostileArgs},
		// What Wine's cmd.exe can show of the shim's second pass.
		{"shim, no %", shim, noPercent},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.target != prog && len(c.args) == len(hostileArgs) {
				wine.Skip(t, wine.CmdReexpandsInBatch)
			}
			words := []string{shellquote.Cmd(c.target)}
			for _, a := range c.args {
				words = append(words, shellquote.Cmd(a))
			}
			line := strings.Join(words, " ")
			require.NoError(t, shellquote.CheckCmdLine(line))
			st, err := m.Start(Spec{Command: line, Env: []string{helperEnv + "=argv"}})
			require.NoError(t, err)
			st = waitFinal(t, m, st.ID)
			require.Equal(t, StatusSucceeded, st.Status, "got %v (%s) for %s; output %q", st.Status, st.Err, line, rec.get(st.ID, Stdout))
			out := rec.get(st.ID, Stdout)
			require.Len(t, out, 1, "got %q for %s", out, line)
			var got []string
			require.NoError(t, json.Unmarshal([]byte(out[0]), &got), "got %q", out[0])
			assert.Equal(t, c.args, got, "line %s", line)
		})
	}
	// Argv runs without cmd.exe: Go's quoting for the C runtime.
	t.Run("argv", func(t *testing.T) {
		spec := helperSpec(t, "argv", hostileArgs...)
		spec.Argv[0] = prog
		st, err := m.Start(spec)
		require.NoError(t, err)
		st = waitFinal(t, m, st.ID)
		require.Equal(t, StatusSucceeded, st.Status, "got %v (%s)", st.Status, st.Err)
		var got []string
		require.NoError(t, json.Unmarshal([]byte(rec.get(st.ID, Stdout)[0]), &got))
		assert.Equal(t, hostileArgs, got)
	})
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.Create(to)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}

// TestWindowsRunsOnPipes: without a pseudo-terminal on Windows a process
// says so (TTY false), keeps stdout and stderr apart, and the terminal API
// refuses it clearly.
func TestWindowsRunsOnPipes(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	st, err := m.Start(Spec{Command: `echo out & echo err 1>&2`})
	require.NoError(t, err)
	assert.False(t, st.TTY, "got TTY true on Windows")
	assert.ErrorIs(t, m.Input(st.ID, []byte("x")), ErrNoTerminal)
	assert.ErrorIs(t, m.Resize(st.ID, 80, 24), ErrNoTerminal)
	st = waitFinal(t, m, st.ID)
	assert.Equal(t, StatusSucceeded, st.Status, "got %v (%s)", st.Status, st.Err)
	assert.Equal(t, []string{"out "}, rec.get(st.ID, Stdout))
	assert.Equal(t, []string{"err "}, rec.get(st.ID, Stderr))
}
