package events

import (
	"slices"
	"strings"
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

// ordered keeps which topic each event had and the processes or lines it
// carried, in the order they were emitted.
type ordered struct {
	mu     sync.Mutex // protects events
	events []string   // "processes:a,b" or "logs:a"
}

func (o *ordered) Emit(name string, data any) {
	var who []string
	switch ev := data.(type) {
	case Processes:
		who = ids(ev.States)
	case LogBatch:
		for _, l := range ev.Lines {
			who = append(who, l.Proc)
		}
	default:
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.events = append(o.events, name+":"+strings.Join(who, ","))
}

func (o *ordered) snapshot() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.events)
}

// TestAProcessIsAnnouncedBeforeItsFirstLine: the merged log view labels a
// line with its process's name, which the UI knows only from a processes
// event; a process that prints the moment it appears must not have its
// line arrive first (it showed as "p000004 | worker crashing"). Process
// events are paced an Interval apart, so a new process within that
// interval of the previous event would otherwise wait while its line went.
func TestAProcessIsAnnouncedBeforeItsFirstLine(t *testing.T) {
	errs := NewErrorFeed()
	src := &feedSource{table: newTable(), store: logs.NewStore(logs.Options{OnError: errs.Add})}
	defer src.store.Close()
	rec := &ordered{}
	a := src.add("a")
	f := StartFeed(rec, src, errs, false)
	defer f.Stop()
	bump(a)
	eventually(t, func() bool { return slices.Contains(rec.snapshot(), "processes:a") }, "a's first event")

	for _, id := range []string{"b", "c", "d"} {
		bump(src.add(id)) // right after the previous event: the pacer holds it
		src.store.Line(id, process.Stdout, []byte(id+" starting"))
		want := "logs:" + id
		eventually(t, func() bool { return slices.Contains(rec.snapshot(), want) }, want)
		got := rec.snapshot()
		announced := slices.IndexFunc(got, func(e string) bool {
			return strings.HasPrefix(e, "processes:") && slices.Contains(strings.Split(strings.TrimPrefix(e, "processes:"), ","), id)
		})
		assert.True(t, announced >= 0 && announced < slices.Index(got, want), "%s's line came before its process: %q", id, got)
	}
}
