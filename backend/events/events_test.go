package events

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
	"hum/backend/process"
)

// topicRecorder is a fake Emitter that keeps every event of one topic, with
// the time it came.
type topicRecorder[T any] struct {
	topic string
	mu    sync.Mutex // protects items and at
	items []T
	at    []time.Time
}

func (r *topicRecorder[T]) Emit(name string, data any) {
	if name != r.topic {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items = append(r.items, data.(T))
	r.at = append(r.at, time.Now())
}

func (r *topicRecorder[T]) snapshot() ([]T, []time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.items), slices.Clone(r.at)
}

// recorder keeps the "processes" events.
type recorder = topicRecorder[Processes]

func newRecorder() *recorder { return &recorder{topic: TopicProcesses} }

// table is a set of live processes standing in for the process manager.
type table struct {
	ch    *process.Changes
	mu    sync.Mutex // protects procs
	procs map[string]*process.Process
}

func newTable() *table { return &table{ch: process.NewChanges(), procs: map[string]*process.Process{}} }

func (t *table) add(id string) *process.Process {
	p := process.NewProcess(process.State{Identity: &process.Identity{ID: id, Name: id}, Status: process.StatusRunning}, t.ch)
	t.mu.Lock()
	t.procs[id] = p
	t.mu.Unlock()
	return p
}

func (t *table) remove(id string) {
	t.mu.Lock()
	delete(t.procs, id)
	t.mu.Unlock()
}

func (t *table) states() []process.State {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]process.State, 0, len(t.procs))
	for _, p := range t.procs {
		out = append(out, *p.State())
	}
	return out
}

func bump(p *process.Process) {
	p.Update(func(s *process.State) bool { s.EditLifecycle().Restarts++; return true })
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, cond func() bool, msg string) {
	t.Helper()
	poll.Until(t, 10*time.Second, cond, "%s", msg)
}

// runAfterFirstEvent runs c on tb's changes until the test ends, bumps p so
// that Run sends its first event, and waits for that event.
func runAfterFirstEvent(t *testing.T, c *Coalescer, tb *table, rec *recorder, p *process.Process) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx, tb.ch.C()); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	bump(p)
	eventually(t, func() bool { ev, _ := rec.snapshot(); return len(ev) > 0 }, "the first event")
}

func ids(states []process.State) []string {
	out := []string{}
	for _, s := range states {
		out = append(out, s.ID)
	}
	return out
}

func TestDiffSendsOnlyChangedVersions(t *testing.T) {
	tb := newTable()
	a, b := tb.add("a"), tb.add("b")
	rec := newRecorder()
	c := NewCoalescer(rec, tb.states, time.Hour)

	steps := []struct {
		name        string
		do          func()
		wantEmit    bool
		wantStates  []string
		wantRemoved []string
	}{
		{"first flush sends everything", func() {}, true, []string{"a", "b"}, []string{}},
		{"nothing changed sends nothing", func() {}, false, nil, nil},
		{"one update sends that one", func() { bump(b) }, true, []string{"b"}, []string{}},
		{"several updates of one process send it once", func() { bump(a); bump(a); bump(a) }, true, []string{"a"}, []string{}},
		{"a new process is sent", func() { tb.add("c") }, true, []string{"c"}, []string{}},
		{"a removed process is named", func() { tb.remove("a") }, true, []string{}, []string{"a"}},
		{"a removal is named once", func() {}, false, nil, nil},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			before, _ := rec.snapshot()
			st.do()
			got := c.Flush()
			require.Equal(t, st.wantEmit, got, "emitted: got %v, want %v", got, st.wantEmit)
			events, _ := rec.snapshot()
			if !st.wantEmit {
				assert.Len(t, events, len(before))
				return
			}
			ev := events[len(events)-1]
			assert.Equal(t, st.wantStates, ids(ev.States), "states: got %v, want %v", ids(ev.States), st.wantStates)
			assert.Equal(t, st.wantRemoved, ev.Removed, "removed: got %v, want %v", ev.Removed, st.wantRemoved)
		})
	}
	// The last event about a carries its latest version.
	events, _ := rec.snapshot()
	assert.Equal(t, uint64(4), events[2].States[0].Version, "got %v, want 4", events[2].States[0].Version)
}

func TestRunCoalescesToInterval(t *testing.T) {
	tb := newTable()
	p := tb.add("busy")
	rec := newRecorder()
	const interval = 50 * time.Millisecond
	c := NewCoalescer(rec, tb.states, interval)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx, tb.ch.C()); close(done) }()

	// A writer far faster than the interval: 2,000 updates as fast as it can.
	const updates = 2000
	start := time.Now()
	for range updates {
		bump(p)
	}
	elapsed := time.Since(start)
	final := p.State().Version
	eventually(t, func() bool {
		events, _ := rec.snapshot()
		if len(events) == 0 {
			return false
		}
		last := events[len(events)-1]
		return len(last.States) == 1 && last.States[0].Version == final
	}, "the latest version reaches the UI")
	cancel()
	<-done

	events, at := rec.snapshot()
	maxEvents := int(elapsed/interval) + 3 // one at once, one per interval, one trailing
	assert.LessOrEqual(t, len(events), maxEvents, "events: got %d, want <= %d for %v of updates", len(events), maxEvents, elapsed)
	assert.Less(t, len(events), updates/10, "got %d events for %d updates, want far fewer", len(events), updates)
	for i := 1; i < len(at); i++ {
		gap := at[i].Sub(at[i-1])
		assert.GreaterOrEqual(t, gap, interval, "gap %d: got %v, want >= %v", i, gap, interval)
	}
	var prev uint64
	for i, ev := range events {
		require.Len(t, ev.States, 1, "event %d", i)
		v := ev.States[0].Version
		assert.Greater(t, v, prev, "event %d: versions only increase: got %v after %v", i, v, prev)
		prev = v
	}
}

func TestRunStopsWithContext(t *testing.T) {
	tb := newTable()
	c := NewCoalescer(newRecorder(), tb.states, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx, tb.ch.C()); close(done) }()
	x := tb.add("x") // one event at once, then a wake-up that waits out the hour
	bump(x)
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

func TestEmitterFunc(t *testing.T) {
	var got string
	EmitterFunc(func(name string, data any) { got = name + ":" + data.(string) }).Emit("logs", "x")
	assert.Equal(t, "logs:x", got, "got %v, want %v", got, "logs:x")
}

// TestPausedSendsNothingThenEverythingMarkedFull hides the window: changes
// keep coming but no event goes out; on show one event carries every state,
// marked full, including those that did not change while hidden.
func TestPausedSendsNothingThenEverythingMarkedFull(t *testing.T) {
	tb := newTable()
	a, _ := tb.add("a"), tb.add("b")
	rec := newRecorder()
	c := NewCoalescer(rec, tb.states, 10*time.Millisecond)
	runAfterFirstEvent(t, c, tb, rec, a)

	c.SetPaused(true)
	sent, _ := rec.snapshot()
	for range 50 {
		bump(a)
	}
	tb.add("c")
	tb.remove("b")
	// Flush is what Run calls on each wake-up: paused, it sends nothing.
	require.False(t, c.Flush(), "a paused coalescer emitted")
	quiet, _ := rec.snapshot()
	assert.Len(t, quiet, len(sent), "events while paused: got %d, want none", len(quiet)-len(sent))

	c.SetPaused(false)
	eventually(t, func() bool { ev, _ := rec.snapshot(); return len(ev) > len(sent) }, "the event after resuming")
	events, _ := rec.snapshot()
	ev := events[len(sent)]
	assert.True(t, ev.Full, "got Full %v, want true", ev.Full)
	assert.Equal(t, []string{"a", "c"}, ids(ev.States), "states: got %v, want every process", ids(ev.States))
	assert.Equal(t, a.State().Version, ev.States[0].Version, "got version %v, want the latest %v", ev.States[0].Version, a.State().Version)

	// After the full event, deltas again.
	bump(a)
	eventually(t, func() bool { ev, _ := rec.snapshot(); return len(ev) > len(sent)+1 }, "a delta after the full event")
	events, _ = rec.snapshot()
	last := events[len(events)-1]
	assert.False(t, last.Full, "a delta is marked full")
	assert.Equal(t, []string{"a"}, ids(last.States), "got %v, want only a", ids(last.States))
}

func TestResyncSendsEveryStateMarkedFullAtOnce(t *testing.T) {
	tb := newTable()
	a, b := tb.add("a"), tb.add("b")
	rec := newRecorder()
	c := NewCoalescer(rec, tb.states, 10*time.Millisecond)
	runAfterFirstEvent(t, c, tb, rec, a)
	sent, _ := rec.snapshot()

	// A UI that starts now asks for everything, though nothing changed.
	c.Resync()
	eventually(t, func() bool { ev, _ := rec.snapshot(); return len(ev) > len(sent) }, "the full event after Resync")
	events, _ := rec.snapshot()
	ev := events[len(sent)]
	assert.True(t, ev.Full, "got Full %v, want true", ev.Full)
	assert.Equal(t, []string{"a", "b"}, ids(ev.States), "states: got %v, want every process", ids(ev.States))
	assert.Equal(t, b.State().Version, ev.States[1].Version, "got version %v, want %v", ev.States[1].Version, b.State().Version)

	// Paused, a resync waits for the window to show.
	c.SetPaused(true)
	c.Resync()
	require.False(t, c.Flush(), "a paused coalescer emitted after Resync")
}
