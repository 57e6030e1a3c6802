//go:build unix

package watchdog

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
)

// deadOwner is a Hum that is gone: this PID, with a start time it never had.
func deadOwner(t *testing.T) proc {
	t.Helper()
	me, ok := self0()
	require.True(t, ok)
	return proc{pid: me.pid, start: me.start + 1000}
}

// recorded is the tree of the group pgid as the Guard records it.
func recorded(t *testing.T, pgid int) tree {
	t.Helper()
	start, ok := startTime(pgid)
	require.True(t, ok)
	return tree{record: record{pgid: pgid, start: start}, command: sanitise(cmdline(pgid))}
}

// writeStale writes the state file of owner holding trees into dir.
func writeStale(t *testing.T, dir string, owner proc, trees ...tree) string {
	t.Helper()
	path := stateFile(dir, owner)
	require.NoError(t, writeState(path, state{owner: owner, trees: trees}))
	return path
}

func TestLeftoversAreFoundThenStopped(t *testing.T) {
	dir := t.TempDir()
	stubborn := startGroup(t, `trap '' TERM; sleep 8891 & sleep 8892 & wait`, 3)
	path := writeStale(t, dir, deadOwner(t), recorded(t, stubborn))

	got, err := Leftovers(dir)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, stubborn, got[0].PGID)
	assert.Equal(t, 3, got[0].Members)
	assert.Contains(t, got[0].Command, "sleep 8891", "the leader's command line, for display")
	assert.FileExists(t, path, "reporting leftovers must not forget them")

	began := time.Now()
	require.NoError(t, StopLeftovers(dir))
	t.Logf("StopLeftovers took %v", time.Since(began).Round(time.Millisecond))
	poll.Until(t, 30*time.Second, func() bool { return len(members(stubborn)) == 0 },
		"the stubborn tree is still there: %v", members(stubborn))
	assert.NoFileExists(t, path)
	got, err = Leftovers(dir)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestLeftLeftoversRunOnAndAreNotReportedAgain(t *testing.T) {
	dir := t.TempDir()
	pgid := startGroup(t, `exec sleep 8893`, 1)
	path := writeStale(t, dir, deadOwner(t), recorded(t, pgid))
	got, err := Leftovers(dir)
	require.NoError(t, err)
	require.Len(t, got, 1)

	require.NoError(t, LeaveLeftovers(dir))
	assert.NoFileExists(t, path)
	assert.Len(t, members(pgid), 1, "a tree the user left was signalled")
	got, err = Leftovers(dir)
	require.NoError(t, err)
	assert.Empty(t, got)
}

// A recorded group whose leader's PID now belongs to a process that
// started at another time is not Hum's: never reported, never signalled,
// and its file, with nothing left in it, goes.
func TestAReusedLeftoverIsNeverReportedNorSignalled(t *testing.T) {
	dir := t.TempDir()
	other := startGroup(t, `exec sleep 8894`, 1)
	rec := recorded(t, other)
	rec.start-- // Hum's tree of that number started earlier
	path := writeStale(t, dir, deadOwner(t), rec)

	require.NoError(t, StopLeftovers(dir)) // as if the user had said Stop before it was reused
	assert.Len(t, members(other), 1, "a group that is not Hum's any more was signalled")

	path2 := writeStale(t, dir, proc{pid: deadOwner(t).pid, start: deadOwner(t).start + 1}, rec)
	got, err := Leftovers(dir)
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.NoFileExists(t, path)
	assert.NoFileExists(t, path2, "a file with nothing left in it is removed")
}

// The file of a Hum that still runs (this test binary, here) is its own:
// not reported, not removed.
func TestTheFileOfALiveHumIsLeftAlone(t *testing.T) {
	dir := t.TempDir()
	pgid := startGroup(t, `exec sleep 8895`, 1)
	me, ok := self0()
	require.True(t, ok)
	path := writeStale(t, dir, me, recorded(t, pgid))

	got, err := Leftovers(dir)
	require.NoError(t, err)
	assert.Empty(t, got)
	require.NoError(t, StopLeftovers(dir))
	require.NoError(t, LeaveLeftovers(dir))
	assert.FileExists(t, path)
	assert.Len(t, members(pgid), 1)
}

// A file that is not Hum's (malformed, or over a megabyte) is an error
// that names it, and is kept as it is; the other files still count.
func TestABadStateFileIsAnErrorThatLosesNothing(t *testing.T) {
	dir := t.TempDir()
	pgid := startGroup(t, `exec sleep 8896`, 1)
	good := writeStale(t, dir, deadOwner(t), recorded(t, pgid))
	bad := filepath.Join(dir, "1234-5.trees")
	require.NoError(t, os.WriteFile(bad, []byte(stateHeader+"\nowner 1234 5\ntree what\n"), 0o600))
	huge := filepath.Join(dir, "1235-5.trees")
	big := []byte(stateHeader + "\nowner 1235 5\n" + strings.Repeat("tree 99999 1 x\n", maxState/10))
	require.NoError(t, os.WriteFile(huge, big, 0o600))

	got, err := Leftovers(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), bad)
	assert.Contains(t, err.Error(), huge)
	assert.Contains(t, err.Error(), "over 1048576 bytes")
	require.Len(t, got, 1, "the good file is reported all the same")
	assert.Equal(t, pgid, got[0].PGID)

	require.Error(t, LeaveLeftovers(dir))
	assert.NoFileExists(t, good)
	b, err := os.ReadFile(huge)
	require.NoError(t, err)
	assert.Equal(t, big, b, "a file that is not Hum's is never changed")
	assert.FileExists(t, bad)
}

// The Guard keeps its records in the state file: written 0600 in a 0700
// folder on Track, rewritten on Forget, removed on Close.
func TestTheGuardKeepsItsStateFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "running")
	require.NoError(t, os.MkdirAll(dir, 0o700))
	me, _ := self0()
	file := stateFile(dir, me)
	g := startWatchdogFile(t, file)
	pgid := startGroup(t, `exec sleep 8897`, 1)
	// The shell is the group's one member until it has exec'd sleep: the
	// command Hum records is read at Track.
	poll.Until(t, 30*time.Second, func() bool { return sanitise(cmdline(pgid)) == "sleep 8897" }, "the shell never exec'd sleep: %q", sanitise(cmdline(pgid)))

	g.Track(pgid)
	s := savedState(t, file, 1)
	assert.Equal(t, me, s.owner)
	assert.NotZero(t, s.watchdog.pid)
	require.Len(t, s.trees, 1)
	assert.Equal(t, pgid, s.trees[0].pgid)
	assert.Equal(t, "sleep 8897", s.trees[0].command)
	info, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	g.Forget(pgid)
	savedState(t, file, 0)

	wait(t, g) // Close: a clean exit
	assert.NoFileExists(t, file)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "no temporary file is left behind")
}

// When Hum dies (its end of the pipe closes without Close), the watchdog
// reaps and then removes the state file: nothing is left to report.
func TestTheWatchdogRemovesTheFileOnceItHasReaped(t *testing.T) {
	dir := t.TempDir()
	me, _ := self0()
	file := stateFile(dir, me)
	g := startWatchdogFile(t, file)
	pgid := startGroup(t, `exec sleep 8898`, 1)
	g.Track(pgid)
	savedState(t, file, 1)

	// Hum dies: its saves stop, and its end of the pipe closes.
	g.mu.Lock()
	g.closed = true
	close(g.dirty)
	g.mu.Unlock()
	<-g.saved
	g.mu.Lock()
	require.NoError(t, g.w.Close())
	g.broken = true
	g.mu.Unlock()
	select {
	case <-g.Exited():
	case <-time.After(30 * time.Second):
		t.Fatal("the watchdog did not exit after its pipe closed")
	}
	assert.Empty(t, members(pgid))
	assert.NoFileExists(t, file)
}

// savedState waits until the state file holds n trees, and returns it.
func savedState(t *testing.T, file string, n int) state {
	t.Helper()
	var s state
	poll.Until(t, 10*time.Second, func() bool {
		var err error
		s, err = readState(file)
		return err == nil && len(s.trees) == n
	}, "the state file %s never held %d trees: %+v", file, n, s)
	return s
}

// BenchmarkTrackForget measures a tree's Track and Forget with and without
// the state file (20 other trees running), against the same pipe.
func BenchmarkTrackForget(b *testing.B) {
	pid := os.Getpid()
	for _, c := range []struct {
		name string
		file bool
	}{{"pipe only", false}, {"pipe and state file", true}} {
		b.Run(c.name, func(b *testing.B) {
			g := &Guard{w: nopWriteCloser{io.Discard}, trees: map[int]tree{}}
			if c.file {
				g.file = filepath.Join(b.TempDir(), "1-1.trees")
				g.st.owner = proc{pid: pid, start: 1}
				for i := range 20 {
					g.trees[100000+i] = tree{record: record{pgid: 100000 + i, start: 5}, command: strings.Repeat("x", 60)}
				}
				g.startSaving()
				b.Cleanup(func() { _ = g.Close() })
			}
			for b.Loop() {
				g.Track(pid)
				g.Forget(pid)
			}
		})
	}
}

// BenchmarkWriteState measures one rewrite of a state file of 20 trees:
// what the saving goroutine does, off Track's path, after a change.
func BenchmarkWriteState(b *testing.B) {
	st := state{owner: proc{pid: 10, start: 1}}
	for i := range 20 {
		st.trees = append(st.trees, tree{record: record{pgid: 100000 + i, start: 5}, command: strings.Repeat("x", 60)})
	}
	path := filepath.Join(b.TempDir(), "10-1.trees")
	for b.Loop() {
		if err := writeState(path, st); err != nil {
			b.Fatal(err)
		}
	}
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

func TestAFileOfAGroupThatEndedIsRemoved(t *testing.T) {
	dir := t.TempDir()
	cmd := exec0(t)
	path := writeStale(t, dir, deadOwner(t), tree{record: record{pgid: cmd, start: 7}})
	got, err := Leftovers(dir)
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.NoFileExists(t, path)
}

// exec0 returns the PID of a process that has exited and been reaped.
func exec0(t *testing.T) int {
	t.Helper()
	var attr syscall.SysProcAttr
	p, err := os.StartProcess("/bin/true", []string{"true"}, &os.ProcAttr{Sys: &attr})
	require.NoError(t, err)
	_, err = p.Wait()
	require.NoError(t, err)
	return p.Pid
}
