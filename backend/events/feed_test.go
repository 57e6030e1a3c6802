package events

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"hum/backend/logs"
	"hum/backend/process"
)

// feedSource is a project as a Feed reads it: the table's processes, a log
// store, and a count of open watches.
type feedSource struct {
	*table
	store   *logs.Store
	mu      sync.Mutex // protects watches
	watches int        // guarded by mu; Watch calls not yet ended
}

func (s *feedSource) Processes() []process.State { return s.states() }
func (s *feedSource) Logs() *logs.Store          { return s.store }
func (s *feedSource) Watch() (<-chan struct{}, func()) {
	s.mu.Lock()
	s.watches++
	s.mu.Unlock()
	return s.ch.C(), func() {
		s.mu.Lock()
		s.watches--
		s.mu.Unlock()
	}
}

func (s *feedSource) open() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.watches
}

// everyTopic keeps the events of all three of a Feed's topics.
type everyTopic struct {
	procs *recorder
	logs  *logRecorder
	errs  *errorRecorder
}

func (e everyTopic) Emit(name string, data any) {
	e.procs.Emit(name, data)
	e.logs.Emit(name, data)
	e.errs.Emit(name, data)
}

func TestFeedCarriesProcessesLogsAndErrorsUntilStopped(t *testing.T) {
	errs := NewErrorFeed()
	src := &feedSource{table: newTable(), store: logs.NewStore(logs.Options{OnError: errs.Add})}
	defer src.store.Close()
	rec := everyTopic{newRecorder(), newLogRecorder(), newErrorRecorder()}
	a := src.add("a")

	f := StartFeed(rec, src, errs, true)
	bump(a)
	src.store.Line("a", process.Stdout, []byte("listening"))
	// Paused, the line is held back (the store has it), not sent.
	eventually(t, func() bool { return f.HeldLines() == 1 }, "the log line held back")
	errs.Add(anError(1, "TypeError: boom"))
	eventually(t, func() bool { ev, _ := rec.errs.snapshot(); return len(ev) == 1 }, "the error as an errors event")
	ev, _ := rec.procs.snapshot()
	assert.Empty(t, ev, "a feed started paused sent process events")
	lb, _ := rec.logs.snapshot()
	assert.Empty(t, lb, "a feed started paused sent log events")

	f.SetPaused(false)
	eventually(t, func() bool { ev, _ := rec.procs.snapshot(); return len(ev) == 1 }, "every state once resumed")
	ev, _ = rec.procs.snapshot()
	assert.True(t, ev[0].Full, "the first event after the pause is not full")
	assert.Equal(t, []string{"a"}, ids(ev[0].States))
	eventually(t, func() bool { lb, _ := rec.logs.snapshot(); return len(lb) == 1 }, "a logs event once resumed")
	lb, _ = rec.logs.snapshot()
	assert.True(t, lb[0].Resync, "the first logs event after the pause does not ask for a resync")

	// Unpaused, lines go out as events.
	src.store.Line("a", process.Stdout, []byte("still listening"))
	eventually(t, func() bool { l, _, _ := totals(rec.logs); return l == 1 }, "the log line as a logs event")

	f.Stop()
	f.Stop() // twice is fine
	// The watch ends only once the process events' loop has returned.
	eventually(t, func() bool { return src.open() == 0 }, "the watch ended by Stop")
}
