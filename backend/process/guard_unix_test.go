//go:build unix

package process

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// guardLog records what the Manager tells its Guard.
type guardLog struct {
	mu     sync.Mutex // protects events
	events []string
}

func (g *guardLog) Track(pid int)  { g.add("track", pid) }
func (g *guardLog) Forget(pid int) { g.add("forget", pid) }
func (g *guardLog) add(what string, pid int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.events = append(g.events, what+" "+strconv.Itoa(pid))
}
func (g *guardLog) snapshot() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.events)
}

// TestTheGuardLearnsEveryTree: each run's tree is tracked once it has
// started and forgotten only once its final state is published (the
// whole tree gone), for an exit and for a stop alike.
func TestTheGuardLearnsEveryTree(t *testing.T) {
	g := &guardLog{}
	m := NewManager(Options{Guard: g, GracePeriod: 5 * time.Second})
	cleanup(t, m)

	done, err := m.Start(Spec{Name: "quick", Command: "exit 0"})
	require.NoError(t, err)
	final := waitFinal(t, m, done.ID)
	assert.Equal(t, StatusSucceeded, final.Status)

	long, err := m.Start(Spec{Name: "long", Command: "sleep 300"})
	require.NoError(t, err)
	assert.Contains(t, g.snapshot(), "track "+strconv.Itoa(long.PID), "tracked once started")
	assert.NotContains(t, g.snapshot(), "forget "+strconv.Itoa(long.PID), "forgotten while it runs")
	_, err = m.Stop(long.ID)
	require.NoError(t, err)

	waitFor(t, 30*time.Second, func() bool { return len(g.snapshot()) == 4 }, "got %q", g.snapshot())
	assert.Equal(t, []string{"track " + strconv.Itoa(done.PID), "forget " + strconv.Itoa(done.PID), "track " + strconv.Itoa(long.PID), "forget " + strconv.Itoa(long.PID)}, g.snapshot())
}

// treeGuard checks, as it is told, what a Guard relies on: at Track the
// PID leads a live process group of its own (what the watchdog signals),
// and at Forget nothing of that group is alive any more.
type treeGuard struct {
	guardLog
	mu     sync.Mutex // protects the fields below
	leader bool       // at Track: pid was alive and its group's leader
	leftAt []int      // at Forget: the group's live members
}

func (g *treeGuard) Track(pid int) {
	pgid, err := syscall.Getpgid(pid)
	g.mu.Lock()
	g.leader = err == nil && pgid == pid
	g.mu.Unlock()
	g.guardLog.Track(pid)
}

func (g *treeGuard) Forget(pid int) {
	left := liveGroupMembers(map[int]bool{pid: true})
	g.mu.Lock()
	g.leftAt = left
	g.mu.Unlock()
	g.guardLog.Forget(pid)
}

// TestRunOnceTellsTheGuardOfItsTree: a command Hum runs for itself (an
// exec probe) is tracked by its group once it has started and forgotten
// once the whole group is gone, the child its leader left behind
// included, whether the leader exits or ctx ends the run; so the watchdog
// ends it if Hum is killed meanwhile.
func TestRunOnceTellsTheGuardOfItsTree(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cancel bool
	}{{"leader exits", false}, {"ctx ends", true}} {
		t.Run(tc.name, func(t *testing.T) {
			pidFile := filepath.Join(t.TempDir(), "sleep.pid")
			g := &treeGuard{}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			line := "sleep 300 & echo $! > " + pidFile + "; echo leader-done"
			if tc.cancel {
				line = "sleep 300 & echo $! > " + pidFile + "; wait"
			}
			done := make(chan error, 1)
			go func() { done <- RunOnce(ctx, Spec{Command: line, GracePeriod: 100 * time.Millisecond}, nil, g) }()
			sleepPID := readPID(t, pidFile)
			if tc.cancel {
				tracked := g.snapshot()
				require.Len(t, tracked, 1, "got %q while it runs, want one track", tracked)
				cancel()
			}
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("RunOnce did not return within 30s")
			}
			events := g.snapshot()
			require.Len(t, events, 2, "got %q, want a track and a forget", events)
			pid, err := strconv.Atoi(strings.TrimPrefix(events[0], "track "))
			require.NoError(t, err, "got %q first, want a track", events[0])
			assert.Equal(t, []string{"track " + strconv.Itoa(pid), "forget " + strconv.Itoa(pid)}, events)
			g.mu.Lock()
			defer g.mu.Unlock()
			assert.True(t, g.leader, "tracked %d, which did not lead its group when tracked", pid)
			assert.Empty(t, g.leftAt, "forgot group %d while %v of it ran (the child was %d)", pid, g.leftAt, sleepPID)
			assert.True(t, pidGone(sleepPID), "the child %d outlived RunOnce", sleepPID)
		})
	}
}
