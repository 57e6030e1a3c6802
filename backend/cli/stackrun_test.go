package cli

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"hum/backend/process"
	"hum/backend/stack"
)

// TestProbeWordsAreThrottled: a waiting process whose probe fails every
// second says so once, then again only every wordsEvery while only the
// count of tries changes; new words (another reason, ready) are said at
// once.
func TestProbeWordsAreThrottled(t *testing.T) {
	var w lineWriter
	out := &prefixer{w: &w, width: 3, names: func(id string) (string, bool) { return id, true }}
	pol := map[string]stack.Policy{"api": {DependsOn: []stack.Dependency{{ID: "db", Condition: stack.ConditionReady}}}}
	l := newStateLines(out, []string{"db", "api"}, pol)
	clock := time.Unix(1000, 0)
	l.now = func() time.Time { return clock }
	waiting := func(detail string) []process.State {
		return []process.State{{Status: process.StatusWaiting,
			Identity:  &process.Identity{ID: "p1", Name: "api", ScriptID: "api"},
			Lifecycle: &process.Lifecycle{Detail: detail}}}
	}
	tries := func(n int, word string) string {
		return "waiting for db (ready): tcp localhost:5432: connection refused, " + strconv.Itoa(n) + " " + word
	}

	l.print(waiting("waiting for db (ready)"))
	l.print(waiting(tries(1, "try")))
	for n := 2; n <= 5; n++ {
		clock = clock.Add(time.Second)
		l.print(waiting(tries(n, "tries")))
	}
	assert.Equal(t, []string{
		"api | waiting for db (ready)",
		"api | " + tries(1, "try"),
	}, w.lines, "only the count changed within %v", wordsEvery)

	clock = clock.Add(wordsEvery)
	l.print(waiting(tries(10, "tries")))
	l.print(waiting(tries(10, "tries")))
	assert.Equal(t, "api | "+tries(10, "tries"), w.lines[len(w.lines)-1], "said again after %v", wordsEvery)
	assert.Len(t, w.lines, 3, "the same words are said once")

	l.print(waiting("waiting for db (ready): tcp localhost:5432: i/o timeout, 11 tries"))
	assert.Len(t, w.lines, 4, "another reason is said at once")

	ready := []process.State{{Status: process.StatusRunning,
		Identity:  &process.Identity{ID: "p0", Name: "db", ScriptID: "db"},
		Lifecycle: &process.Lifecycle{Ready: true, ReadyNote: "tcp localhost:5432", PID: 7, StartedAt: 1}}}
	l.print(ready)
	assert.Equal(t, "db  | ready (tcp localhost:5432)", w.lines[len(w.lines)-1])
}

// TestReadinessIsSaidOnlyWhereItMatters: a plain script's `hum run` says
// nothing of its readiness; only what someone waits for, or has a probe.
func TestReadinessIsSaidOnlyWhereItMatters(t *testing.T) {
	var w lineWriter
	out := &prefixer{w: &w, width: 5, names: func(id string) (string, bool) { return id, true }}
	l := newStateLines(out, []string{"build"}, map[string]stack.Policy{})
	l.print([]process.State{{Status: process.StatusRunning,
		Identity:  &process.Identity{ID: "p0", Name: "build", ScriptID: "build"},
		Lifecycle: &process.Lifecycle{Ready: true, ReadyNote: "started", PID: 7, StartedAt: 1}}})
	assert.Empty(t, w.lines)
}

// lineWriter keeps what was written, line by line.
type lineWriter struct{ lines []string }

func (w *lineWriter) Write(p []byte) (int, error) {
	w.lines = append(w.lines, strings.Split(strings.TrimSuffix(string(p), "\n"), "\n")...)
	return len(p), nil
}
