// Package process is Hum's lock-free process core: every supervised process
// publishes its state as an immutable State behind an atomic pointer, and
// every change is a compare-and-swap of a fresh copy.
package process

import (
	"sync/atomic"
	"time"
)

// Status is where a process is in its lifecycle.
type Status string

// The statuses a process goes through; the last three are final.
const (
	StatusStarting  Status = "starting"  // registered, its command being started
	StatusRunning   Status = "running"   // the leader runs (PID is set)
	StatusStopping  Status = "stopping"  // a Stop is ending its tree
	StatusStopped   Status = "stopped"   // ended because the user asked
	StatusSucceeded Status = "succeeded" // exited 0 on its own
	StatusFailed    Status = "failed"    // non-zero exit, signal, or could not start
)

// Final reports whether the status is an end state: nothing more will happen
// to the process unless it is restarted.
func (s Status) Final() bool {
	return s == StatusStopped || s == StatusSucceeded || s == StatusFailed
}

// Unavailable marks an enrichment value (CPU, RSS) that could not be read.
const Unavailable = -1

// State is one immutable snapshot of a process. Once published through
// Process.Update it is never written again: slices in it (URLs) are replaced,
// never appended to in place, so a reader may keep a *State as long as it
// likes without locks.
//
// Its identity sits behind a pointer that every version of one process
// shares: an update then copies and allocates 160 bytes instead of 256,
// which is most of its cost (see BenchmarkStateUpdate). JSON encoding and
// the generated TypeScript flatten the embedded fields, so consumers see
// "id", "name", … as plain fields of the state.
type State struct {
	*Identity // never nil in a published State

	Status    Status    `json:"status"`
	PID       int       `json:"pid"`
	StartedAt time.Time `json:"startedAt"`
	EndedAt   time.Time `json:"endedAt"`
	ExitCode  int       `json:"exitCode"`
	Err       string    `json:"err"` // why it failed, "" otherwise
	Restarts  int       `json:"restarts"`

	// Version increases by one on every published update, so consumers can
	// tell whether anything changed since they last looked.
	Version uint64 `json:"version"`

	// Enrichment, filled by other packages through Update.
	CPU  float64  `json:"cpu"`  // percent of one core over the whole tree; Unavailable when unknown
	RSS  int64    `json:"rss"`  // resident bytes over the whole tree; Unavailable when unknown
	URLs []string `json:"urls"` // URLs the process printed, normalised, first seen first
}

// Identity is what a process is: set when it is created and the same for
// its whole life, restarts included. Like State it is never written once
// published.
type Identity struct {
	ID       string `json:"id"`
	ScriptID string `json:"scriptId"` // discovery ID of the script it runs, "" for ad-hoc commands
	Name     string `json:"name"`
	Source   string `json:"source"`
	Command  string `json:"command"`
	Dir      string `json:"dir"`
}

// Process publishes the current State of one supervised process.
// The zero Process is not usable: create one with NewProcess.
type Process struct {
	state   atomic.Pointer[State] // atomic; always non-nil after NewProcess
	changes *Changes              // written once in NewProcess; may be nil
}

// NewProcess publishes initial (Version 1) and reports its changes to ch,
// which may be nil. A nil Identity is replaced by an empty one, so a
// published State can always be read field by field.
func NewProcess(initial State, ch *Changes) *Process {
	p := &Process{changes: ch}
	if initial.Identity == nil {
		initial.Identity = &Identity{}
	}
	initial.Version = 1
	p.state.Store(&initial)
	if ch != nil {
		ch.signal()
	}
	return p
}

// State returns the current state: one atomic load, no lock, no allocation.
// The result must be treated as read-only.
func (p *Process) State() *State { return p.state.Load() }

// ID returns the process ID, which never changes.
func (p *Process) ID() string { return p.state.Load().ID }

// Update applies fn to a copy of the current state and publishes the copy
// with compare-and-swap, retrying with a fresh copy if another writer won the
// race. fn must be a pure function of its argument (it may run more than
// once) and returns false to publish nothing. fn must not write through
// s.Identity, which every version shares: to change the identity, assign a
// new *Identity. It returns the state in force afterwards and whether fn's
// change was published.
//
// ABA cannot happen: every attempt publishes a newly allocated State, and
// the garbage collector keeps the old pointer we compare against alive while
// we hold it, so an address can never be reused under us.
// Memory ordering: atomic.Pointer gives sequentially consistent Store/Load,
// so a reader that loads the new pointer sees every field written before the
// CompareAndSwap that published it.
func (p *Process) Update(fn func(s *State) bool) (*State, bool) {
	for {
		old := p.state.Load()
		next := *old
		if !fn(&next) {
			return old, false
		}
		next.Version = old.Version + 1
		if p.state.CompareAndSwap(old, &next) {
			if p.changes != nil {
				p.changes.signal()
			}
			return &next, true
		}
	}
}

// Changes tells consumers that some process changed without making them poll
// every process. Writers bump a counter and do a non-blocking send on a
// one-slot channel, so a burst of updates coalesces into one wake-up and a
// slow consumer can never slow a writer.
type Changes struct {
	seq atomic.Uint64 // atomic; number of published changes
	ch  chan struct{} // capacity 1; a pending wake-up
}

// NewChanges returns a ready Changes.
func NewChanges() *Changes { return &Changes{ch: make(chan struct{}, 1)} }

// Seq returns how many changes have been published so far.
func (c *Changes) Seq() uint64 { return c.seq.Load() }

// C is signalled (coalesced) after changes; read Seq or the states after a
// wake-up. Only one consumer should receive from it; fan out above it.
func (c *Changes) C() <-chan struct{} { return c.ch }

func (c *Changes) signal() {
	c.seq.Add(1)
	select {
	case c.ch <- struct{}{}:
	default:
	}
}
