// Package events carries backend changes to the UI. It is the only package
// that touches the Wails runtime, and even here only behind the Emitter
// interface (see wails.go), so everything else, its own tests included, runs
// without a window.
//
// Five topics are named here (a second launch's "open-request" is package
// main's, secondinstance.go):
//
//   - "processes": the process states whose Version changed since the last
//     event, and the IDs of processes that were removed, coalesced to at most
//     one event per Interval (10 per second by default). The UI asks for a
//     Resync when it starts (or opens another project): the next event then
//     carries every state, marked Full, and the UI holds exactly those; it
//     reconciles the deltas that follow by Version. While the window is
//     hidden (SetPaused) none go out; the first one after is Full too.
//   - "logs": batches of new log lines (LogFeed), not sent while the window
//     is hidden: the first after is marked Resync, and the view re-tails.
//     At most one event per LogGap, each bounded in lines and bytes, long
//     lines cut with a marker.
//   - "errors": batches of the errors the log store detected, at most one
//     event per ErrorGap, each bounded in errors and bytes (ErrorFeed).
//   - "project": the project that was just opened, whoever opened it (the
//     window, the tray, a second launch of Hum).
//   - "scan": the progress of the scan of a project being opened
//     (scan.Progress), a few times a second while it runs and once at its
//     end.
package events

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"hum/backend/process"
)

// Topic names, as the frontend subscribes to them.
const (
	TopicProcesses = "processes"
	TopicLogs      = "logs"
	TopicErrors    = "errors"
	TopicProject   = "project"
	TopicScan      = "scan"
	// TopicSelect carries a Selection for the window to show: the user
	// clicked a desktop notification about it (backend/notify).
	TopicSelect = "select"
	// TopicProjects carries the open projects with their counts
	// ([]workspace.Summary) whenever the list or a count changes.
	TopicProjects = "projects"
)

// Selection is what the window brings forward: a process, and one of its
// detected errors (backend/logs.ErrorEntry.ID, opened in its Errors tab)
// when ErrorID is not 0.
type Selection struct {
	ProcID  string `json:"procId"`
	ErrorID uint64 `json:"errorId,omitempty"`
}

// Interval is the shortest time between two "processes" events: at most 10
// per second, which looks live and costs the UI little.
const Interval = 100 * time.Millisecond

// Emitter sends one event to the UI. Implementations must be safe for
// concurrent use and must not block for long.
type Emitter interface {
	Emit(name string, data any)
}

// EmitterFunc adapts a function to Emitter.
type EmitterFunc func(name string, data any)

// Emit calls f.
func (f EmitterFunc) Emit(name string, data any) { f(name, data) }

// Processes is the payload of a "processes" event.
type Processes struct {
	States  []process.State `json:"states"`  // changed or new, sorted by ID; every state when Full
	Removed []string        `json:"removed"` // IDs no longer present, sorted
	// Full marks an event that carries every process (after Resync or a
	// pause): the UI drops whatever it holds that the event lacks.
	Full bool `json:"full"`
}

// Coalescer turns process change wake-ups into "processes" events carrying
// only what changed. Create one with NewCoalescer and call Run once.
type Coalescer struct {
	em       Emitter                // written once in NewCoalescer
	snapshot func() []process.State // written once in NewCoalescer
	interval time.Duration          // written once in NewCoalescer
	mu       sync.Mutex             // serialises Flush (Run's, and Announce's from the log feed)
	sent     map[string]uint64      // guarded by mu: Version last sent per ID
	paused   atomic.Bool            // set by SetPaused from any goroutine: no events while true
	full     atomic.Bool            // set by Resync (and SetPaused(false)): the next event carries every state
	kick     chan struct{}          // capacity 1: Resync wakes Run to send the full event
}

// NewCoalescer returns a Coalescer that reads states with snapshot and emits
// to em at most once per interval (Interval when <= 0).
func NewCoalescer(em Emitter, snapshot func() []process.State, interval time.Duration) *Coalescer {
	if interval <= 0 {
		interval = Interval
	}
	return &Coalescer{em: em, snapshot: snapshot, interval: interval, sent: map[string]uint64{}, kick: make(chan struct{}, 1)}
}

// SetPaused stops (true) or resumes (false) the events, for a window that is
// hidden or minimised: the states keep changing and nothing is lost, but
// nothing crosses to a UI that draws nothing. Resuming sends one event with
// every state, marked Full, as soon as the interval allows, whether or not
// anything changed. Safe to call from any goroutine.
func (c *Coalescer) SetPaused(paused bool) {
	if c.paused.Swap(paused) == paused || paused {
		return
	}
	c.Resync()
}

// Resync makes the next event carry every state, marked Full, and sends it
// without waiting for a change: as soon as the interval since the previous
// event allows (once resumed, if paused). It is how a UI gets its first view of
// the processes, or a fresh one: down the same channel as the changes that
// follow, so nothing arrives out of order. Safe to call from any goroutine.
func (c *Coalescer) Resync() {
	c.full.Store(true)
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// Run emits after each wake-up, no sooner than interval after the previous
// event, until ctx is done or wake is closed. wake is a coalescing signal such as
// process.Changes.C(): wake-ups that arrive while it waits out the interval
// fold into the one pass that follows.
func (c *Coalescer) Run(ctx context.Context, wake <-chan struct{}) {
	p := newPacer(c.interval)
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-wake:
			if !ok {
				c.Flush() // the source ended: say the last word
				return
			}
		case <-c.kick:
		}
		if !p.wait(ctx) {
			return
		}
		// What woke us meanwhile is covered by the snapshot we take now.
		select {
		case <-wake:
		default:
		}
		if c.Flush() {
			p.sent()
		}
	}
}

// Announce emits what changed now, without waiting for the interval, if
// one of procs was never sent: the log feed calls it before it sends lines,
// so a process that prints as it starts is known to the UI before its
// first line, which the merged view labels with the process's name. Safe
// to call from any goroutine.
func (c *Coalescer) Announce(procs []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range procs {
		if _, ok := c.sent[id]; !ok {
			c.flushLocked()
			return
		}
	}
}

// Flush emits what changed since the last event, if anything, and reports
// whether it emitted. Run calls it; it is exported for a final flush and for
// tests.
func (c *Coalescer) Flush() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.flushLocked()
}

// flushLocked is Flush. c.mu must be held.
func (c *Coalescer) flushLocked() bool {
	if c.paused.Load() {
		return false // what changed stays unsent, and SetPaused(false) sends it all
	}
	if c.full.Swap(false) {
		c.sent = map[string]uint64{}
		ev, _ := c.diff(c.snapshot())
		ev.Full = true
		ev.Removed = []string{} // a full event says what exists; the UI drops the rest
		c.em.Emit(TopicProcesses, ev)
		return true
	}
	ev, ok := c.diff(c.snapshot())
	if ok {
		c.em.Emit(TopicProcesses, ev)
	}
	return ok
}

// diff finds the states whose Version differs from the last one sent, and
// the IDs that disappeared, and records them as sent. c.mu must be held.
func (c *Coalescer) diff(states []process.State) (Processes, bool) {
	ev := Processes{States: []process.State{}, Removed: []string{}}
	seen := make(map[string]struct{}, len(states))
	for _, s := range states {
		seen[s.ID] = struct{}{}
		if v, ok := c.sent[s.ID]; ok && v == s.Version {
			continue
		}
		c.sent[s.ID] = s.Version
		ev.States = append(ev.States, s)
	}
	for id := range c.sent {
		if _, ok := seen[id]; !ok {
			delete(c.sent, id)
			ev.Removed = append(ev.Removed, id)
		}
	}
	slices.SortFunc(ev.States, func(a, b process.State) int { return compare(a.ID, b.ID) })
	slices.Sort(ev.Removed)
	return ev, len(ev.States) > 0 || len(ev.Removed) > 0
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
