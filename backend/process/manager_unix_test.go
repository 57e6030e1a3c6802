//go:build unix

package process

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
)

// Generous bounds: these tests run under -race on a loaded 2-core machine.
const (
	waitTimeout = 60 * time.Second
	slack       = 4 * time.Second // allowed on top of a grace period
)

// treeScript starts two background children, prints their PIDs and
// "ready", then waits. prelude sets up traps.
func treeScript(prelude string) string {
	return prelude + `sleep 300 & echo "child $!"; sleep 300 & echo "child $!"; echo ready; wait`
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, timeout time.Duration, cond func() bool, format string, args ...any) {
	t.Helper()
	poll.Until(t, timeout, cond, format, args...)
}

// waitReady waits for the "ready" line of a treeScript and for its
// children to be running sleep, and returns their PIDs. "ready" alone is not
// enough: the shell prints it right after forking, and a signal that reaches
// a child before it has reset the shell's trap and exec'd sleep is swallowed
// (the child keeps running until the kill).
func waitReady(t *testing.T, rec *recorder, id string) []int {
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
	require.Len(t, pids, 2, "got child PIDs %v, want 2", pids)
	for _, pid := range pids {
		waitFor(t, waitTimeout, func() bool { return command(pid) == "sleep" },
			"child %d never ran sleep; got %q", pid, command(pid))
	}
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

// cleanup stops everything a test left behind, so a failing test leaks
// nothing either.
func cleanup(t *testing.T, m *Manager) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		assert.NoError(t, m.StopAll(ctx))
	})
}

func TestStopDeliversTERMToTheTree(t *testing.T) { forModes(t, testStopDeliversTERMToTheTree) }

func testStopDeliversTERMToTheTree(t *testing.T, pipes bool) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	// A long grace period: the test fails if Stop needs the kill.
	const grace = 20 * time.Second
	st, err := m.Start(Spec{Pipes: pipes, Name: "trap", GracePeriod: grace,
		Command: treeScript(`trap 'echo got TERM; exit 0' TERM; `)})
	require.NoError(t, err)
	children := waitReady(t, rec, st.ID)

	began := time.Now()
	st, err = m.Stop(st.ID)
	took := time.Since(began)
	require.NoError(t, err)
	assert.Equal(t, StatusStopped, st.Status, "got %v, want %v", st.Status, StatusStopped)
	assert.Equal(t, 0, st.ExitCode, "got exit code %v, want 0 (the trap exits 0)", st.ExitCode)
	assert.Empty(t, st.Err)
	assert.NotZero(t, st.EndedAt, "EndedAt not set")
	assert.Contains(t, rec.get(st.ID, Stdout), "got TERM", "trap output not captured: got %q", rec.get(st.ID, Stdout))
	assert.Less(t, took, grace/2, "got Stop taking %v, want well under the %v grace period", took, grace)
	requireGone(t, append(children, st.PID)...)
	assert.Empty(t, liveGroupMembers(map[int]bool{st.PID: true}))
}

func TestStopKillsATreeThatIgnoresTERMAfterTheGracePeriod(t *testing.T) {
	forModes(t, testStopKillsATreeThatIgnoresTERMAfterTheGracePeriod)
}

func testStopKillsATreeThatIgnoresTERMAfterTheGracePeriod(t *testing.T, pipes bool) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	const grace = time.Second
	st, err := m.Start(Spec{Pipes: pipes, Name: "stubborn", GracePeriod: grace, Command: treeScript(`trap '' TERM; `)})
	require.NoError(t, err)
	children := waitReady(t, rec, st.ID)

	began := time.Now()
	st, err = m.Stop(st.ID)
	took := time.Since(began)
	require.NoError(t, err)
	assert.Equal(t, StatusStopped, st.Status, "got %v, want %v", st.Status, StatusStopped)
	assert.Equal(t, -1, st.ExitCode, "got exit code %v, want -1 (killed by a signal)", st.ExitCode)
	assert.GreaterOrEqual(t, took, grace, "got Stop taking %v, want at least the grace period %v", took, grace)
	assert.Less(t, took, grace+slack, "got Stop taking %v, want about the grace period %v", took, grace)
	requireGone(t, append(children, st.PID)...)
	assert.Empty(t, liveGroupMembers(map[int]bool{st.PID: true}))
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
		{"exit 0 succeeds", Spec{Command: "exit 0"}, false, StatusSucceeded, 0, ""},
		{"exit 3 fails with code 3", Spec{Command: "exit 3"}, false, StatusFailed, 3, "exit status 3"},
		{"signal fails", Spec{Command: "kill -9 $$"}, false, StatusFailed, -1, "signal: killed"},
		{"missing command in a shell line", Spec{Command: "hum-no-such-command-4711"}, false, StatusFailed, 127, "command not found"},
		{"missing executable", Spec{Argv: []string{"hum-no-such-binary-4711"}}, true, StatusFailed, -1, `"hum-no-such-binary-4711": executable file not found`},
		{"missing directory", Spec{Command: "true", Dir: "/nonexistent/hum-4711"}, true, StatusFailed, -1, "no such file or directory"},
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
				_, ok := m.Get(st.ID)
				assert.True(t, ok, "a process that could not start is still registered")
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

func TestOutputDeliversAllOfSeqInOrder(t *testing.T) { forModes(t, testOutputDeliversAllOfSeqInOrder) }

func testOutputDeliversAllOfSeqInOrder(t *testing.T, pipes bool) {
	const n = 300000
	var (
		mu      sync.Mutex // protects got, last, bad
		got     int
		last    string
		bad     string
		lateErr atomic.Bool
	)
	var final atomic.Bool
	sink := SinkFunc(func(_ string, s Stream, line []byte) {
		if final.Load() {
			lateErr.Store(true)
		}
		mu.Lock()
		defer mu.Unlock()
		got++
		if want := strconv.Itoa(got); string(line) != want && bad == "" {
			bad = fmt.Sprintf("line %d: got %q, want %q", got, line, want)
		}
		last = string(line)
	})
	m := NewManager(Options{Sink: sink})
	cleanup(t, m)
	st, err := m.Start(Spec{Pipes: pipes, Argv: []string{"seq", "1", strconv.Itoa(n)}})
	require.NoError(t, err)
	st = waitFinal(t, m, st.ID)
	final.Store(true)
	assert.Equal(t, StatusSucceeded, st.Status)
	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, bad)
	assert.Equal(t, n, got, "got %v lines before the final state, want %v", got, n)
	assert.Equal(t, strconv.Itoa(n), last, "got last line %q, want %q", last, strconv.Itoa(n))
	assert.False(t, lateErr.Load(), "a line arrived after the state turned final")
}

func TestAPromptShowsWhileTheProcessRuns(t *testing.T) {
	forModes(t, testAPromptShowsWhileTheProcessRuns)
}

func testAPromptShowsWhileTheProcessRuns(t *testing.T, pipes bool) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec, GracePeriod: 5 * time.Second})
	cleanup(t, m)
	st, err := m.Start(Spec{Pipes: pipes, Command: `printf 'Password: '; exec sleep 60`})
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
		name    string
		command string
		stream  Stream
		want    []string
	}{
		{"last line without newline", `printf 'a\nlast'`, Stdout, []string{"a", "last"}},
		{"crlf endings", `printf 'x\r\ny\r\n'`, Stdout, []string{"x", "y"}},
		{"stderr", `echo oops >&2`, Stderr, []string{"oops"}},
		{"long line split at the limit", `head -c 10000 /dev/zero | tr '\0' x; echo`, Stdout,
			[]string{strings.Repeat("x", 4096), strings.Repeat("x", 4096), strings.Repeat("x", 1808)}},
		// Unless the runner's own environment sets NO_COLOR, which turns the
		// defaults off (TestNoColourReachesTheChildWithoutForcedColours).
		{"colour forced", `echo "$FORCE_COLOR $CLICOLOR_FORCE"`, Stdout, []string{"1 1"}},
	}
	if os.Getenv("NO_COLOR") != "" {
		tests = tests[:len(tests)-1]
	}
	rec := newRecorder()
	m := NewManager(Options{Sink: rec, MaxLine: 4096})
	cleanup(t, m)
	for _, mode := range terminalModes {
		for _, tt := range tests {
			t.Run(mode.name+"/"+tt.name, func(t *testing.T) {
				st, err := m.Start(Spec{Command: tt.command, Pipes: mode.pipes})
				require.NoError(t, err)
				st = waitFinal(t, m, st.ID)
				require.Equal(t, StatusSucceeded, st.Status, "got %v (%s), want succeeded", st.Status, st.Err)
				stream := tt.stream
				if !mode.pipes {
					stream = Stdout // a terminal is one stream
				}
				got := rec.get(st.ID, stream)
				assert.Equal(t, tt.want, got, "got %q, want %q", got, tt.want)
			})
		}
	}
}

// forModes runs test once on a terminal and once on pipes.
func forModes(t *testing.T, test func(t *testing.T, pipes bool)) {
	for _, mode := range terminalModes {
		t.Run(mode.name, func(t *testing.T) { test(t, mode.pipes) })
	}
}

// terminalModes are the two ways a process's output is read, for the
// tests that must hold in both.
var terminalModes = []struct {
	name  string
	pipes bool
}{{"tty", false}, {"pipes", true}}

func TestSpecEnvAndDir(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	dir := t.TempDir()
	st, err := m.Start(Spec{
		Name: "env", Dir: dir, Env: []string{"HUM_TEST=yes", "FORCE_COLOR=0"},
		Command: `echo "$HUM_TEST $FORCE_COLOR $CLICOLOR_FORCE"; pwd`,
	})
	require.NoError(t, err)
	assert.Equal(t, "env", st.Name)
	assert.Equal(t, dir, st.Dir)
	waitFinal(t, m, st.ID)
	want := []string{"yes 0 1", dir}
	got := rec.get(st.ID, Stdout)
	assert.Equal(t, want, got, "got %q, want %q", got, want)
}

func TestLeaderExitEndsTheRestOfItsTree(t *testing.T) {
	forModes(t, testLeaderExitEndsTheRestOfItsTree)
}

func testLeaderExitEndsTheRestOfItsTree(t *testing.T, pipes bool) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec, GracePeriod: time.Second})
	cleanup(t, m)
	// The child keeps the output pipe open after the leader exits.
	st, err := m.Start(Spec{Pipes: pipes, Command: `sleep 300 & echo "child $!"`})
	require.NoError(t, err)
	st = waitFinal(t, m, st.ID)
	assert.Equal(t, StatusSucceeded, st.Status, "got %v (%s), want succeeded", st.Status, st.Err)
	lines := rec.get(st.ID, Stdout)
	require.Len(t, lines, 1, "got %q", lines)
	child, err := strconv.Atoi(strings.TrimPrefix(lines[0], "child "))
	require.NoError(t, err)
	requireGone(t, child)
}

func TestProcessThatLeftTheTreeCannotHangTheWait(t *testing.T) {
	forModes(t, testProcessThatLeftTheTreeCannotHangTheWait)
}

func testProcessThatLeftTheTreeCannotHangTheWait(t *testing.T, pipes bool) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	// setsid leaves the process group, so Hum does not end it, and it holds
	// the output pipe open.
	st, err := m.Start(Spec{Pipes: pipes, Command: `setsid sleep 60 & echo "child $!"`})
	require.NoError(t, err)
	began := time.Now()
	st = waitFinal(t, m, st.ID)
	assert.Less(t, time.Since(began), drainTimeout+slack, "got the wait taking %v", time.Since(began))
	assert.Equal(t, StatusSucceeded, st.Status, "got %v (%s), want succeeded", st.Status, st.Err)
	lines := rec.get(st.ID, Stdout)
	require.Len(t, lines, 1, "got %q", lines)
	escaped, err := strconv.Atoi(strings.TrimPrefix(lines[0], "child "))
	require.NoError(t, err)
	// Not Hum's to stop, but this test started it.
	require.NoError(t, syscall.Kill(escaped, syscall.SIGKILL))
}

func TestRestart(t *testing.T) { forModes(t, testRestart) }

func testRestart(t *testing.T, pipes bool) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	first, err := m.Start(Spec{Pipes: pipes, Command: treeScript("")})
	require.NoError(t, err)
	children := waitReady(t, rec, first.ID)

	second, err := m.Restart(first.ID)
	require.NoError(t, err)
	assert.Equal(t, first.ID, second.ID)
	assert.Equal(t, StatusRunning, second.Status, "got %v, want running", second.Status)
	assert.Equal(t, 1, second.Restarts, "got Restarts %v, want 1", second.Restarts)
	assert.NotEqual(t, first.PID, second.PID, "got the same PID %v after a restart", second.PID)
	assert.Zero(t, second.EndedAt, "EndedAt kept from the old run")
	requireGone(t, append(children, first.PID)...)

	stopped, err := m.Stop(first.ID)
	require.NoError(t, err)
	require.Equal(t, StatusStopped, stopped.Status)

	third, err := m.Restart(first.ID) // from a final state
	require.NoError(t, err)
	assert.Equal(t, StatusRunning, third.Status, "got %v, want running", third.Status)
	assert.Equal(t, 2, third.Restarts, "got Restarts %v, want 2", third.Restarts)
	assert.Len(t, m.Snapshot(), 1, "restart must not add a process")
}

func TestRemoveAndUnknownIDs(t *testing.T) {
	m := NewManager(Options{})
	cleanup(t, m)
	st, err := m.Start(Spec{Command: "sleep 300"})
	require.NoError(t, err)

	err = m.Remove(st.ID)
	assert.ErrorIs(t, err, ErrNotFinished)

	_, err = m.Stop(st.ID)
	require.NoError(t, err)
	again, err := m.Stop(st.ID) // stopping a final process is a no-op
	require.NoError(t, err)
	assert.Equal(t, StatusStopped, again.Status)
	require.NoError(t, m.Remove(st.ID))
	_, ok := m.Get(st.ID)
	assert.False(t, ok, "removed process still registered")
	assert.Empty(t, m.Snapshot())

	ops := map[string]func(string) error{
		"Remove":  m.Remove,
		"Stop":    func(id string) error { _, err := m.Stop(id); return err },
		"Restart": func(id string) error { _, err := m.Restart(id); return err },
		"Wait":    func(id string) error { _, err := m.Wait(context.Background(), id); return err },
	}
	for name, op := range ops {
		assert.ErrorIs(t, op(st.ID), ErrNotFound, "%s of a removed process", name)
		assert.ErrorIs(t, op("p999999"), ErrNotFound, "%s of an unknown process", name)
	}
	_, ok = m.Update("p999999", func(*State) bool { return true })
	assert.False(t, ok)
}

func TestIDsAreUniqueAndSnapshotIsInStartOrder(t *testing.T) {
	m := NewManager(Options{})
	cleanup(t, m)
	const n = 40
	ids := make(chan string, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			st, err := m.Start(Spec{Argv: []string{"true"}})
			assert.NoError(t, err)
			ids <- st.ID
		})
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		assert.False(t, seen[id], "ID %s issued twice", id)
		seen[id] = true
	}
	snap := m.Snapshot()
	require.Len(t, snap, n)
	assert.True(t, slices.IsSortedFunc(snap, func(a, b State) int { return compareIDs(&a, &b) }), "snapshot not in start order")
}

func TestUpdateEnrichesThroughTheManager(t *testing.T) {
	m := NewManager(Options{})
	cleanup(t, m)
	st, err := m.Start(Spec{Command: "sleep 300"})
	require.NoError(t, err)
	assert.Equal(t, float64(Unavailable), st.CPU, "got CPU %v before any sample, want Unavailable", st.CPU)
	seq := m.Changes().Seq()
	got, ok := m.Update(st.ID, func(s *State) bool { s.CPU, s.RSS = 12.5, 1<<20; return true })
	require.True(t, ok)
	assert.Equal(t, 12.5, got.CPU)
	assert.Greater(t, got.Version, st.Version, "got Version %v, want more than %v", got.Version, st.Version)
	assert.Greater(t, m.Changes().Seq(), seq, "an update did not signal Changes")
}

// TestConcurrentLifecycle runs 100 concurrent Start, Stop and Restart calls
// on random processes, then StopAll, and checks that no update was lost and
// no process of any tree is left.
func TestConcurrentLifecycle(t *testing.T) {
	m := NewManager(Options{Sink: newRecorder(), GracePeriod: 3 * time.Second})
	cleanup(t, m)
	commands := []string{
		"sleep 300 & sleep 300 & wait", // a tree that runs until stopped
		"exit 0",
		"sleep 0.2; exit 3",
	}

	var (
		mu       sync.Mutex           // protects ids, pids, restarts
		ids      []string             // every process started
		pids     = map[int]bool{}     // every leader PID seen
		restarts = map[string][]int{} // ID -> Restarts returned by Restart
	)
	record := func(st State) {
		mu.Lock()
		defer mu.Unlock()
		if st.PID > 0 {
			pids[st.PID] = true
		}
	}
	pick := func() (string, bool) {
		mu.Lock()
		defer mu.Unlock()
		if len(ids) == 0 {
			return "", false
		}
		return ids[rand.IntN(len(ids))], true
	}
	start := func() {
		st, err := m.Start(Spec{Command: commands[rand.IntN(len(commands))]})
		assert.NoError(t, err)
		record(st)
		mu.Lock()
		ids = append(ids, st.ID)
		mu.Unlock()
	}
	for range 4 {
		start()
	}

	// A watcher records every PID and checks that versions only grow.
	watchDone := make(chan struct{})
	stopWatch := make(chan struct{})
	go func() {
		defer close(watchDone)
		versions := map[string]uint64{}
		for {
			for _, st := range m.Snapshot() {
				if st.Version < versions[st.ID] {
					t.Errorf("%s: got Version %d after %d", st.ID, st.Version, versions[st.ID])
				}
				versions[st.ID] = st.Version
				record(st)
			}
			select {
			case <-m.Changes().C():
			case <-stopWatch:
				return
			}
		}
	}()

	var wg sync.WaitGroup
	gate := make(chan struct{})
	for range 100 {
		wg.Go(func() {
			<-gate
			switch rand.IntN(3) {
			case 0:
				start()
			case 1:
				if id, ok := pick(); ok {
					st, err := m.Stop(id)
					assert.NoError(t, err)
					assert.True(t, st.Status.Final(), "got %v after Stop, want final", st.Status)
				}
			case 2:
				if id, ok := pick(); ok {
					st, err := m.Restart(id)
					assert.NoError(t, err)
					record(st)
					mu.Lock()
					restarts[id] = append(restarts[id], st.Restarts)
					mu.Unlock()
				}
			}
		})
	}
	close(gate)
	wg.Wait()

	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	require.NoError(t, m.StopAll(ctx))
	close(stopWatch)
	<-watchDone

	var versions uint64
	for _, st := range m.Snapshot() {
		assert.True(t, st.Status.Final(), "%s: got %v after StopAll, want final", st.ID, st.Status)
		versions += st.Version
		// Restarts of one process are serialised, and every execution's
		// result reaches at least one caller: the values seen are 1..final.
		got := slices.Compact(slices.Sorted(slices.Values(restarts[st.ID])))
		var want []int
		for i := 1; i <= st.Restarts; i++ {
			want = append(want, i)
		}
		assert.Equal(t, want, got, "%s: got Restarts results %v, want %v", st.ID, got, want)
	}
	// Each process starts at Version 1 and every published update adds one
	// and signals Changes once: a lost or doubled update breaks the sum.
	assert.Equal(t, m.Changes().Seq(), versions, "got Changes.Seq %v, want the sum of versions %v", m.Changes().Seq(), versions)

	mu.Lock()
	defer mu.Unlock()
	for pid := range pids {
		assert.True(t, pidGone(pid), "leader PID %d still alive", pid)
	}
	assert.Empty(t, liveGroupMembers(pids), "members of Hum's trees still alive")
}

func TestStopAllLeavesNothingAlive(t *testing.T) { forModes(t, testStopAllLeavesNothingAlive) }

func testStopAllLeavesNothingAlive(t *testing.T, pipes bool) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})

	running, err := m.Start(Spec{Pipes: pipes, Name: "running", Command: treeScript("")})
	require.NoError(t, err)
	trapping, err := m.Start(Spec{Pipes: pipes, Name: "trapping", Command: treeScript(`trap 'exit 0' TERM; `)})
	require.NoError(t, err)
	stubborn, err := m.Start(Spec{Pipes: pipes, Name: "stubborn", GracePeriod: 2 * time.Second, Command: treeScript(`trap '' TERM; `)})
	require.NoError(t, err)
	finished, err := m.Start(Spec{Pipes: pipes, Name: "finished", Command: "exit 0"})
	require.NoError(t, err)
	failed, _ := m.Start(Spec{Pipes: pipes, Name: "failed", Argv: []string{"hum-no-such-binary-4711"}})

	var children []int
	for _, id := range []string{running.ID, trapping.ID, stubborn.ID} {
		children = append(children, waitReady(t, rec, id)...)
	}
	waitFinal(t, m, finished.ID)

	// Put one process in the middle of a stop.
	stopDone := make(chan State)
	go func() {
		st, err := m.Stop(stubborn.ID)
		assert.NoError(t, err)
		stopDone <- st
	}()
	waitFor(t, waitTimeout, func() bool {
		p, _ := m.Get(stubborn.ID)
		return p.State().Status == StatusStopping
	}, "stubborn never reached stopping")

	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	require.NoError(t, m.StopAll(ctx))
	<-stopDone

	want := map[string]Status{
		running.ID: StatusStopped, trapping.ID: StatusStopped, stubborn.ID: StatusStopped,
		finished.ID: StatusSucceeded, failed.ID: StatusFailed,
	}
	groups := map[int]bool{}
	for _, st := range m.Snapshot() {
		assert.Equal(t, want[st.ID], st.Status, "%s (%s): got %v, want %v", st.ID, st.Name, st.Status, want[st.ID])
		if st.PID > 0 {
			groups[st.PID] = true
			requireGone(t, st.PID)
		}
	}
	requireGone(t, children...)
	assert.Empty(t, liveGroupMembers(groups), "members of Hum's trees still alive")
}

func TestStopAllKillsAtOnceWhenTheContextEnds(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	st, err := m.Start(Spec{GracePeriod: time.Minute, Command: treeScript(`trap '' TERM; `)})
	require.NoError(t, err)
	children := waitReady(t, rec, st.ID)

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	began := time.Now()
	err = m.StopAll(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(began), 300*time.Millisecond+slack, "got StopAll taking %v", time.Since(began))
	p, _ := m.Get(st.ID)
	assert.Equal(t, StatusStopped, p.State().Status)
	requireGone(t, append(children, st.PID)...)
}

func TestConcurrentStopsCollapse(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	st, err := m.Start(Spec{Command: treeScript(`trap 'echo got TERM; exit 0' TERM; `)})
	require.NoError(t, err)
	waitReady(t, rec, st.ID)

	results := make(chan State, 8)
	var wg sync.WaitGroup
	for range cap(results) {
		wg.Go(func() {
			st, err := m.Stop(st.ID)
			assert.NoError(t, err)
			results <- st
		})
	}
	wg.Wait()
	close(results)
	var versions []uint64
	for r := range results {
		assert.Equal(t, StatusStopped, r.Status)
		versions = append(versions, r.Version)
	}
	// However the calls interleaved, the tree got one TERM and ended once.
	terms := 0
	for _, l := range rec.get(st.ID, Stdout) {
		if l == "got TERM" {
			terms++
		}
	}
	assert.Equal(t, 1, terms, "got %d TERMs, want 1", terms)
	assert.Len(t, slices.Compact(slices.Sorted(slices.Values(versions))), 1, "got final versions %v, want one", versions)
}

// TestStopAfterTheLeaderExitedKeepsItsOutcome stops a process whose leader
// has already exited with 3 while the rest of its tree is still being
// ended: the run finished before the Stop, so it failed; it was not stopped.
func TestStopAfterTheLeaderExitedKeepsItsOutcome(t *testing.T) {
	forModes(t, testStopAfterTheLeaderExitedKeepsItsOutcome)
}

func testStopAfterTheLeaderExitedKeepsItsOutcome(t *testing.T, pipes bool) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	// The member outlives the leader and survives TERM, so the supervisor
	// is still ending the tree (for the grace period) when Stop comes.
	// The supervisor sends that TERM as soon as the leader exits, so the
	// leader waits on a FIFO until the member has installed its trap: on a
	// busy machine the TERM would otherwise come first and the trap never
	// print.
	const grace = 2 * time.Second
	fifo := filepath.Join(t.TempDir(), "ready")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	st, err := m.Start(Spec{Pipes: pipes, GracePeriod: grace, Env: []string{"READY=" + fifo},
		// On a terminal the leader's exit also hangs up its foreground
		// group (SIGHUP, as closing a terminal does) before the TERM: the
		// member ignores it to live until the TERM.
		Command: `(trap '' HUP; trap 'echo got TERM' TERM; echo > "$READY"; while :; do sleep 0.1; done) & read -r _ < "$READY"; exit 3`})
	require.NoError(t, err)
	waitFor(t, waitTimeout, func() bool { return slices.Contains(rec.get(st.ID, Stdout), "got TERM") },
		"the member never got the TERM the supervisor sends after the leader's exit; got %q", rec.get(st.ID, Stdout))

	st, err = m.Stop(st.ID)
	require.NoError(t, err)
	assert.Equal(t, StatusFailed, st.Status, "got %v, want %v: the leader exited 3 before the Stop", st.Status, StatusFailed)
	assert.Equal(t, 3, st.ExitCode, "got exit code %v, want 3", st.ExitCode)
	assert.Contains(t, st.Err, "exit status 3", "got Err %q", st.Err)
	assert.Empty(t, liveGroupMembers(map[int]bool{st.PID: true}))
}

// TestStopReachesASuspendedTree stops a tree whose leader was suspended
// (SIGSTOP, as a debugger or Ctrl-Z would): TERM stays pending in a stopped
// process, so without a SIGCONT the trap never runs and Stop waits out the
// whole grace period for the kill.
func TestStopReachesASuspendedTree(t *testing.T) { forModes(t, testStopReachesASuspendedTree) }

func testStopReachesASuspendedTree(t *testing.T, pipes bool) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	const grace = 20 * time.Second
	st, err := m.Start(Spec{Pipes: pipes, GracePeriod: grace,
		Command: treeScript(`trap 'echo got TERM; exit 0' TERM; `)})
	require.NoError(t, err)
	children := waitReady(t, rec, st.ID)
	// The test suspends the leader it watched Hum start.
	require.NoError(t, syscall.Kill(st.PID, syscall.SIGSTOP))
	waitFor(t, waitTimeout, func() bool { return suspended(st.PID) }, "leader %d never stopped", st.PID)

	began := time.Now()
	st, err = m.Stop(st.ID)
	took := time.Since(began)
	require.NoError(t, err)
	assert.Equal(t, StatusStopped, st.Status, "got %v, want %v", st.Status, StatusStopped)
	assert.Contains(t, rec.get(st.ID, Stdout), "got TERM", "trap never ran: got %q", rec.get(st.ID, Stdout))
	assert.Less(t, took, grace/2, "got Stop taking %v, want well under the %v grace period", took, grace)
	requireGone(t, append(children, st.PID)...)
}

// TestWaitReturnsTheFinalStateOfItsRun waits on a run that a Restart ends:
// Wait must return that run's final state, not whatever the Restart has
// published by the time Wait wakes up (starting, or the new run).
func TestWaitReturnsTheFinalStateOfItsRun(t *testing.T) {
	m := NewManager(Options{})
	cleanup(t, m)
	conclusive := 0
	for i := range 10 {
		st, err := m.Start(Spec{Command: "sleep 300"})
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(context.Background())
		restarted := make(chan struct{})
		go func() {
			defer close(restarted)
			_, err := m.Restart(st.ID)
			assert.NoError(t, err)
			// A Wait that began only after the new run was launched waits
			// for that run: end it, the round then says nothing.
			cancel()
		}()
		got, err := m.Wait(ctx, st.ID)
		<-restarted
		if err != nil {
			continue
		}
		conclusive++
		assert.Equal(t, StatusStopped, got.Status, "round %d: got %v, want %v", i, got.Status, StatusStopped)
		assert.Equal(t, st.PID, got.PID, "round %d: got PID %v, want the waited run's %v", i, got.PID, st.PID)
	}
	assert.Positive(t, conclusive, "no Wait began before its Restart")
}
