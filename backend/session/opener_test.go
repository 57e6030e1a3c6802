package session

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/discover"
)

// gatedScan returns an OnScan that blocks the scan at its first report
// until release is closed, and a channel closed once the scan is blocked.
func gatedScan() (onScan func(int), blocked <-chan struct{}, release chan struct{}) {
	b := make(chan struct{})
	release = make(chan struct{})
	var once sync.Once
	return func(int) {
		once.Do(func() {
			close(b)
			<-release
		})
	}, b, release
}

type openResult struct {
	s   *Session
	err error
}

func closeLater(t *testing.T, s *Session) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		s.Close(ctx)
	})
}

func TestOpenerCancelsTheOpenInFlight(t *testing.T) {
	a := project(t, map[string]string{"Procfile": "a: sleep 1\n"})
	b := project(t, map[string]string{"Procfile": "b: sleep 1\n"})
	var o Opener
	var mu sync.Mutex
	var committed []string
	commit := func(s *Session) {
		mu.Lock()
		defer mu.Unlock()
		committed = append(committed, s.Root())
	}

	onScan, blocked, release := gatedScan()
	first := make(chan openResult, 1)
	go func() {
		s, err := o.Open(a, Options{OnScan: onScan}, commit)
		first <- openResult{s, err}
	}()
	<-blocked // a's scan is under way

	s, err := o.Open(b, Options{}, commit)
	require.NoError(t, err)
	closeLater(t, s)
	assert.Equal(t, b, s.Root())

	close(release)
	r := <-first
	assert.ErrorIs(t, r.err, ErrCancelled)
	assert.Nil(t, r.s)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{b}, committed, "only the latest open commits")
}

func TestOpenerCloseCancels(t *testing.T) {
	a := project(t, map[string]string{"Procfile": "a: sleep 1\n"})
	var o Opener
	onScan, blocked, release := gatedScan()
	first := make(chan openResult, 1)
	go func() {
		s, err := o.Open(a, Options{OnScan: onScan}, func(*Session) { t.Error("a cancelled open committed") })
		first <- openResult{s, err}
	}()
	<-blocked
	o.Close()
	close(release)
	r := <-first
	assert.ErrorIs(t, r.err, ErrCancelled)
	_, err := o.Open(a, Options{}, func(*Session) { t.Error("an open after Close committed") })
	assert.ErrorIs(t, err, ErrCancelled)
}

func TestOpenerReportsProgress(t *testing.T) {
	dir := project(t, map[string]string{"Procfile": "a: sleep 1\n", "Makefile": "b:\n\techo\n"})
	var o Opener
	var mu sync.Mutex
	var got []int
	s, err := o.Open(dir, Options{OnScan: func(n int) { mu.Lock(); got = append(got, n); mu.Unlock() }}, func(*Session) {})
	require.NoError(t, err)
	closeLater(t, s)
	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, got)
	assert.GreaterOrEqual(t, got[len(got)-1], 2, "the last report counts both files: %v", got)
}

// A repository of huge hostile files opens within the scan budget (with a
// generous margin for a loaded machine), and says what it cut. The
// package.json is 256 KiB so that the race detector's slowdown on a loaded
// machine keeps it inside the budget (backend/discover tests 4 MiB ones).
func TestOpenHugeRepoReturnsWithinTheBudget(t *testing.T) {
	var pj strings.Builder
	pj.WriteString(`{"scripts":{`)
	for i := 0; pj.Len() < 256<<10; i++ {
		fmt.Fprintf(&pj, `"s%d":%d,`, i, i)
	}
	pj.WriteString(`"last":"x"}}`)
	dir := project(t, map[string]string{
		"package.json": pj.String(),
		"Makefile":     strings.Repeat("x\n", discover.MaxFileSize/2),
	})
	start := time.Now()
	s := open(t, dir, Options{})
	took := time.Since(start)
	assert.Less(t, took, 3*discover.Budget, "opening took %s", took)

	// Each file says what was cut: its problems past the cap, or, when a
	// loaded machine spent the budget first, where reading stopped.
	var msgs []string
	for _, p := range s.Project().Problems {
		if p.Line == 0 || strings.Contains(p.Message, "time ran out") {
			msgs = append(msgs, p.String())
		}
	}
	all := strings.Join(msgs, "\n")
	assert.Regexp(t, `Makefile: [\d,]+ problems; showing the first 100|Makefile:\d+: the scan's time ran out|scan stopped after`, all)
	assert.Regexp(t, `package\.json: [\d,]+ problems; showing the first 100|package\.json:\d+: the scan's time ran out`, all)
	assert.LessOrEqual(t, len(s.Project().Problems), discover.MaxProblemsPerProject+3)
}
