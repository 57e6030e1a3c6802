//go:build unix

package process

import (
	"slices"
	"strconv"
	"sync"
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
