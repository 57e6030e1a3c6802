// Package process is Hum's lock-free process core: every supervised process
// publishes its state as an immutable State behind an atomic pointer, and
// every change is a compare-and-swap of a fresh copy.
package process

import (
	"fmt"
	"sync/atomic"
)

// Status is where a process is in its lifecycle. It is one byte, so a
// State stays small; it reads and encodes (JSON, fmt) as its name.
type Status uint8

// The statuses a process goes through. Starting, running and stopping are
// Active: a run of it is alive. Stopped, succeeded, failed and crash loop
// are Final. Waiting, blocked and restarting are neither: no run is alive,
// but the supervisor (backend/supervisor) will start one when what it
// waits for happens. The process core itself only ever publishes the
// first seven; the supervisor publishes the other four through Update and
// says why in Lifecycle.Detail.
const (
	StatusUnknown    Status = iota // the zero State's: "" in JSON
	StatusStarting                 // registered, its command being started
	StatusRunning                  // the leader runs (PID is set)
	StatusStopping                 // a Stop is ending its tree
	StatusStopped                  // ended because the user asked
	StatusSucceeded                // exited 0 on its own
	StatusFailed                   // non-zero exit, signal, or could not start
	StatusWaiting                  // not started yet: its dependencies are not there yet
	StatusBlocked                  // not started: a dependency failed or never became ready
	StatusRestarting               // its run ended; the next one starts at Lifecycle.NextStart
	StatusCrashLoop                // failed too often too fast: paused until the user starts it
)

var statusNames = [...]string{"", "starting", "running", "stopping", "stopped", "succeeded", "failed",
	"waiting", "blocked", "restarting", "crashloop"}

// String returns the status's name: "running", "failed", …; "" for
// StatusUnknown.
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// MarshalText encodes the status as its name, as JSON has always shown it.
func (s Status) MarshalText() ([]byte, error) {
	if int(s) >= len(statusNames) {
		return nil, fmt.Errorf("process: invalid status %d", uint8(s))
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText reads a status from its name.
func (s *Status) UnmarshalText(b []byte) error {
	for i, name := range statusNames {
		if string(b) == name {
			*s = Status(i)
			return nil
		}
	}
	return fmt.Errorf("process: unknown status %q", b)
}

// Final reports whether the status is an end state: nothing more will happen
// to the process unless it is restarted.
func (s Status) Final() bool {
	return s == StatusStopped || s == StatusSucceeded || s == StatusFailed || s == StatusCrashLoop
}

// Active reports whether a run of the process is alive: it is starting,
// running or being stopped, so its PID names a live tree.
func (s Status) Active() bool {
	return s == StatusStarting || s == StatusRunning || s == StatusStopping
}

// Unavailable marks an enrichment value (CPU, RSS) that could not be read.
// It is a value, not an error, so one unreadable process never breaks a
// snapshot. backend/metrics marks its samples with it too, so a sample goes
// into a State as it is.
const Unavailable = -1

// State is one immutable snapshot of a process. Once published through
// Process.Update it is never written again: slices in it (URLs) are replaced,
// never appended to in place, so a reader may keep a *State as long as it
// likes without locks.
//
// A State is small (48 bytes), because an update copies and allocates one
// and that is most of its cost (see BenchmarkStateUpdate): what changes
// often (status, version, CPU, RSS) is in it, and the rest sits behind two
// pointers that versions share until it changes: the Identity, the same for
// the process's whole life, and the Lifecycle, the same from one start or
// exit of its run to the next. JSON encoding and the generated TypeScript
// flatten the embedded fields, so consumers read "id", "pid", "err", … as
// plain fields of the state, and Go code reads st.PID, st.Err the same way.
type State struct {
	*Identity // never nil in a published State; never written through

	Status Status `json:"status" ts_type:"string"`

	*Lifecycle // never nil in a published State; never written through: see EditLifecycle

	// Version increases by one on every published update, so consumers can
	// tell whether anything changed since they last looked.
	Version uint64 `json:"version"`

	// Enrichment, filled by other packages through Update.
	CPU float64 `json:"cpu"` // percent of one core over the whole tree; Unavailable when unknown
	RSS int64   `json:"rss"` // resident bytes over the whole tree; Unavailable when unknown
}

// Identity is what a process is: set when it is created and the same for
// its whole life, restarts included, but for Command and Dir, which a
// restart with a new definition (Manager.RestartWithSpec) replaces with a
// new Identity. Like State it is never written once published.
type Identity struct {
	ID       string `json:"id"`
	ScriptID string `json:"scriptId"` // discovery ID of the script it runs, "" for ad-hoc commands
	Name     string `json:"name"`
	Source   string `json:"source"`
	Command  string `json:"command"`
	Dir      string `json:"dir"`
	// TTY says the process runs on a pseudo-terminal, so it takes typed
	// input (Manager.Input) and a size (Manager.Resize); false on pipes
	// (Spec.Pipes, and always on Windows).
	TTY bool `json:"tty"`
}

// Lifecycle is the part of a State that changes a few times per run: when
// it starts, when its leader runs, when it ends, when it prints a URL. Like
// State it is never written once published; a change gives the new State
// a copy of its own (EditLifecycle).
type Lifecycle struct {
	PID int `json:"pid"`
	// Times are unix milliseconds, as every time that crosses the bridge to
	// the frontend is (log lines, errors): a plain number the UI compares
	// and subtracts, with 0 for "not yet" instead of Go's year-1 zero time.
	StartedAt int64  `json:"startedAt"` // unix ms the current run was started
	EndedAt   int64  `json:"endedAt"`   // unix ms the current run ended; 0 while it has not
	ExitCode  int    `json:"exitCode"`
	Err       string `json:"err"` // why it failed, "" otherwise
	Restarts  int    `json:"restarts"`
	// URLs are the server URLs the process printed (the address it serves:
	// a local host in a listening banner), normalised, first seen first;
	// Links are every other http(s) URL it printed (documentation,
	// upstreams it calls), kept apart so they never crowd out the address
	// (backend/logs.ClassifyURLs and RecordURL).
	URLs  []string `json:"urls"`
	Links []string `json:"links,omitempty"`
	// Ports are the TCP ports the process's tree listens on, ascending, as
	// the OS says (backend/ports, read on each metrics tick); a printed
	// URL whose port is one of them is confirmed.
	Ports []int `json:"ports,omitempty"`
	// Conflict names who holds the port this run said it could not listen
	// on ("EADDRINUSE"); nil when it said nothing of the kind. backend/session
	// sets it.
	Conflict *PortConflict `json:"conflict,omitempty"`
	// EnvChanged names the files (".env, api.env", or hum.yaml for the
	// process's own definition) that changed since this run started, so
	// the run is no longer what a restart would give; "" otherwise.
	// backend/session sets it; a new run starts without it.
	EnvChanged string `json:"envChanged,omitempty"`

	// What the supervisor says of this run (backend/supervisor); the
	// process core only clears them when a new run starts.
	//
	// Ready is set once the run's readiness condition is met (a probe
	// passed, the URL it printed answers, or it started and has no
	// probe); ReadyNote says how ("inferred from http://localhost:5173",
	// "tcp localhost:5432").
	Ready     bool   `json:"ready,omitempty"`
	ReadyNote string `json:"readyNote,omitempty"`
	// Detail says, in words, why the process is in its status: what it
	// waits for ("waiting for db (ready): tcp localhost:5432 refused, 4
	// tries"), why it is blocked, when it restarts, why it was paused.
	Detail string `json:"detail,omitempty"`
	// Prompt is the prompt the process waits at ("Name? ", "Continue?
	// (Y/n)"): its newest line, printed without a newline and then
	// nothing for a moment, reads like a question (logs.LooksLikePrompt);
	// "" otherwise. backend/session sets it; a new run starts without it.
	Prompt string `json:"prompt,omitempty"`
	// NextStart is the unix ms at which a restarting process starts again.
	NextStart int64 `json:"nextStart,omitempty"`
	// Last is how the previous run ended, for a process that has run
	// more than once; nil before its second run.
	Last *RunEnd `json:"last,omitempty"`
}

// PortConflict is a port a run found taken, and who holds it: one of Hum's
// own processes (ProcID, which the user may stop) or another program
// (Name and PID, for the user to deal with: Hum never signals a process
// it did not start). PID is 0 when the holder cannot be seen (another
// user's process on Linux).
type PortConflict struct {
	Port   int    `json:"port"`
	PID    int    `json:"pid"`
	Name   string `json:"name"`
	ProcID string `json:"procId,omitempty"`
}

// RunEnd is how one run ended: its exit code, when, and why it failed.
type RunEnd struct {
	Status   Status `json:"status" ts_type:"string"`
	ExitCode int    `json:"exitCode"`
	EndedAt  int64  `json:"endedAt"` // unix ms
	Err      string `json:"err"`
}

// EditLifecycle gives s a copy of its Lifecycle of its own and returns it
// for writing. An Update function calls it before changing PID, StartedAt,
// EndedAt, ExitCode, Err, Restarts, URLs, Links or Ports: assigning s.Err directly would
// write through the pointer into the versions already published (the race
// detector build of Update panics when that happens).
func (s *State) EditLifecycle() *Lifecycle {
	l := new(Lifecycle)
	if s.Lifecycle != nil {
		*l = *s.Lifecycle
	}
	s.Lifecycle = l
	return l
}

// Process publishes the current State of one supervised process.
// The zero Process is not usable: create one with NewProcess.
type Process struct {
	state   atomic.Pointer[State] // atomic; always non-nil after NewProcess
	changes *Changes              // written once in NewProcess; may be nil
}

// NewProcess publishes initial (Version 1) and reports its changes to ch,
// which may be nil. A nil Identity or Lifecycle is replaced by an empty
// one, so a published State can always be read field by field.
func NewProcess(initial State, ch *Changes) *Process {
	p := &Process{changes: ch}
	if initial.Identity == nil {
		initial.Identity = &Identity{}
	}
	if initial.Lifecycle == nil {
		initial.Lifecycle = &Lifecycle{}
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
// s.Identity or s.Lifecycle, which versions share: to change the identity,
// assign a new *Identity; to change the lifecycle, write to what
// s.EditLifecycle returns. Built with -race (as the tests are), Update
// panics when fn wrote through either. It returns the state in force
// afterwards and whether fn's change was published.
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
		var check sharedCheck
		if raceEnabled {
			check = takeShared(old)
		}
		changed := fn(&next)
		if raceEnabled {
			check.verify(old)
		}
		if !changed {
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
