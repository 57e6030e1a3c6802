// Package notify decides which process events deserve a desktop
// notification (Rules: pure logic over state changes and what processes
// print for their terminal, with an injected clock) and sends them to the
// desktop (New: the freedesktop notification service over DBus on Linux,
// toasts on Windows, the notification centre through osascript on macOS).
//
// Never noisy: one notification per event, none for a process the user
// stopped, and the events of one short window (Coalesce) become one
// notification per kind ("3 processes crashed: api, web, worker").
package notify

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"hum/backend/process"
)

// Kind is what happened to a process.
type Kind uint8

// The kinds of notification, each with its own on/off setting.
const (
	KindCrashed   Kind = iota // a run ended with a failure nobody asked for
	KindCrashLoop             // the supervisor paused a process that failed too often
	KindFinished              // a build-like one-shot succeeded while the window was not seen
	KindReady                 // a process the user started became ready after a while (off by default)
	KindTerminal              // a process rang the terminal bell or printed an OSC 9/777 notification
)

// kinds are all the kinds, in the order Due words them.
var kinds = []Kind{KindCrashed, KindCrashLoop, KindFinished, KindReady, KindTerminal}

// Coalesce is how long the first event of a kind waits for others of the
// same kind before they go out as one notification.
const Coalesce = time.Second

// ReadyAfter is how long a run must have taken to become ready for its
// readiness to be told: a dev server ready in a second needs no
// notification, a backend that compiles for a minute does.
const ReadyAfter = 5 * time.Second

// TerminalEvery is the shortest time between two terminal notifications
// (bell, OSC 9/777) of one process: one that prints \a in a loop is told
// once every 10 s, what it printed in between is dropped.
const TerminalEvery = 10 * time.Second

// Settings say which kinds are notified.
type Settings struct {
	Crashed   bool
	CrashLoop bool
	Finished  bool
	Ready     bool
	Terminal  bool
}

// on reports whether kind k is wanted.
func (s Settings) on(k Kind) bool {
	switch k {
	case KindCrashed:
		return s.Crashed
	case KindCrashLoop:
		return s.CrashLoop
	case KindFinished:
		return s.Finished
	case KindReady:
		return s.Ready
	case KindTerminal:
		return s.Terminal
	}
	return false
}

// Note is one notification to show.
type Note struct {
	Kind    Kind
	Summary string
	Body    string
	// ProcIDs are the processes it is about, first event first; a click
	// focuses the first.
	ProcIDs []string
	// ErrorID is the error detected in the first process's crashed run
	// (backend/logs.ErrorEntry.ID), which a click opens; 0 for none.
	ErrorID uint64
}

// Target is what a click on a notification brings forward: a process,
// and one of its errors when ErrorID is not 0.
type Target struct {
	ProcID  string
	ErrorID uint64
}

// Target is what a click on n focuses; the zero Target when n is about no
// process.
func (n Note) Target() Target {
	if len(n.ProcIDs) == 0 {
		return Target{}
	}
	return Target{ProcID: n.ProcIDs[0], ErrorID: n.ErrorID}
}

// DetectedError is an error found in a process's output: its ID in the
// log store and its title ("TypeError: x is not a function").
type DetectedError struct {
	ID    uint64
	Title string
}

// event is one process's event waiting to be coalesced.
type event struct {
	id, name, detail string
	started          int64 // the run's StartedAt
}

// Rules turns successive snapshots of the processes into notifications.
// Feed it with Observe and collect with Due. It is not safe for concurrent
// use: one goroutine owns it.
type Rules struct {
	// Settings say which kinds to notify; read on every Observe.
	Settings Settings
	// Success, when set, reports whether an ended run counts as a success
	// (its exit code is one of the process's success codes); nil counts
	// exit code 0 without an error as success.
	Success func(process.State) bool
	// UserStarted, when set, reports whether the user asked for a ready
	// run (Starts.Claim); nil: no run is, and readiness is never told.
	UserStarted func(process.State) bool
	// ErrorOf, when set, returns the last error detected in process id's
	// output since since (unix ms): a crash notification names it and a
	// click opens it. It is asked when the notification goes out (Due),
	// so an error whose last lines came after the exit is there.
	ErrorOf func(id string, since int64) (DetectedError, bool)

	primed   bool
	lastTerm map[string]time.Time // process ID → when its last terminal notification was queued
	prev     map[string]process.State
	told     map[string]int64 // runKey → StartedAt of the run last notified
	pending  map[Kind][]event
	since    map[Kind]time.Time // when the first pending event of a kind came
}

// runKey names one process's run for one kind of notification.
func runKey(k Kind, id string) string { return fmt.Sprintf("%d/%s", k, id) }

// Observe compares states with the previous snapshot and queues the
// events they show. seen says whether the window is seen now: a finished
// build is only notified while it is not. The first call only records: a
// project that opens with failed processes tells nothing.
func (r *Rules) Observe(now time.Time, states []process.State, seen bool) {
	r.init()
	next := make(map[string]process.State, len(states))
	for _, st := range states {
		if st.Identity == nil || st.Lifecycle == nil {
			continue
		}
		next[st.ID] = st
		old, had := r.prev[st.ID]
		if had && old.Version == st.Version {
			continue
		}
		r.consider(now, st, seen, r.primed)
	}
	r.prev, r.primed = next, true
}

// init makes the maps on first use.
func (r *Rules) init() {
	if r.prev == nil {
		r.prev, r.told = map[string]process.State{}, map[string]int64{}
		r.pending, r.since = map[Kind][]event{}, map[Kind]time.Time{}
	}
}

// consider queues what one changed state says, once per run and kind;
// with queue false it only records the run as told (the first snapshot).
func (r *Rules) consider(now time.Time, st process.State, seen, queue bool) {
	if st.Ready && st.Status.Active() {
		r.considerReady(now, st, queue)
		return
	}
	var k Kind
	detail := ""
	switch st.Status {
	case process.StatusFailed, process.StatusRestarting:
		if st.EndedAt == 0 || r.succeeded(st) {
			return
		}
		k, detail = KindCrashed, exitWords(st)
	case process.StatusCrashLoop:
		k, detail = KindCrashLoop, st.Detail
		// The crash that paused it is told by the pause.
		r.told[runKey(KindCrashed, st.ID)] = st.StartedAt
		if r.primed {
			r.drop(KindCrashed, st.ID)
		}
	case process.StatusSucceeded:
		if seen || !BuildLike(st.Name) {
			return
		}
		k = KindFinished
	default:
		return // stopped by the user, running, waiting…: nothing to tell
	}
	key := runKey(k, st.ID)
	if at, ok := r.told[key]; ok && at == st.StartedAt {
		return // this run was told already
	}
	r.told[key] = st.StartedAt
	if !queue || !r.Settings.on(k) {
		return
	}
	r.queue(now, k, event{id: st.ID, name: st.Name, detail: detail, started: st.StartedAt})
}

// queue adds e to kind k's pending events.
func (r *Rules) queue(now time.Time, k Kind, e event) {
	if len(r.pending[k]) == 0 {
		r.since[k] = now
	}
	r.pending[k] = append(r.pending[k], e)
}

// considerReady queues a ready run once: when the user started it, it
// took at least ReadyAfter, and its readiness was checked (a probe, or the
// URL it printed answering), not only assumed from its having started.
func (r *Rules) considerReady(now time.Time, st process.State, queue bool) {
	key := runKey(KindReady, st.ID)
	if at, ok := r.told[key]; ok && at == st.StartedAt {
		return
	}
	r.told[key] = st.StartedAt
	if !queue || !r.Settings.on(KindReady) || st.ReadyNote == "started" || st.StartedAt == 0 {
		return
	}
	took := now.Sub(time.UnixMilli(st.StartedAt))
	if took < ReadyAfter || r.UserStarted == nil || !r.UserStarted(st) {
		return
	}
	detail := st.ReadyNote
	if len(st.URLs) > 0 {
		detail = st.URLs[0]
	}
	r.queue(now, KindReady, event{id: st.ID, name: st.Name, detail: detail, started: st.StartedAt})
}

// Printed queues what process id (named name) printed for its terminal
// (termnotify.Scan): a bell when title and body are "", else a message.
// At most one per process per TerminalEvery is queued; the rest are
// dropped. Wants says beforehand whether one would be.
func (r *Rules) Printed(now time.Time, id, name string, bell bool, title, body string) {
	if !r.Wants(now, id) {
		return
	}
	if r.lastTerm == nil {
		r.lastTerm = map[string]time.Time{}
	}
	r.lastTerm[id] = now
	detail := ""
	switch {
	case bell:
		detail = name + " rang the bell"
	case title != "" && body != "":
		detail = name + ": " + title + "\n" + body
	default:
		detail = name + ": " + title + body
	}
	r.init()
	r.queue(now, KindTerminal, event{id: id, name: name, detail: detail})
}

// Wants reports whether a terminal notification of process id would be
// queued now: the kind is on and the process told none in TerminalEvery.
func (r *Rules) Wants(now time.Time, id string) bool {
	if !r.Settings.on(KindTerminal) {
		return false
	}
	last, ok := r.lastTerm[id]
	return !ok || now.Sub(last) >= TerminalEvery
}

// drop removes a pending event of kind k for process id.
func (r *Rules) drop(k Kind, id string) {
	r.pending[k] = slices.DeleteFunc(r.pending[k], func(e event) bool { return e.id == id })
}

func (r *Rules) succeeded(st process.State) bool {
	if r.Success != nil {
		return r.Success(st)
	}
	return st.ExitCode == 0 && st.Err == ""
}

// Next returns when the earliest pending notification is due; false when
// none is pending.
func (r *Rules) Next() (time.Time, bool) {
	var at time.Time
	for k, evs := range r.pending {
		if len(evs) == 0 {
			continue
		}
		if t := r.since[k].Add(Coalesce); at.IsZero() || t.Before(at) {
			at = t
		}
	}
	return at, !at.IsZero()
}

// Due returns the notifications whose coalescing window has passed by
// now, in kind order, and forgets them.
func (r *Rules) Due(now time.Time) []Note {
	var notes []Note
	for _, k := range kinds {
		evs := r.pending[k]
		if len(evs) == 0 || now.Before(r.since[k].Add(Coalesce)) {
			continue
		}
		var found *DetectedError
		if k == KindCrashed && r.ErrorOf != nil {
			if e, ok := r.ErrorOf(evs[0].id, evs[0].started); ok {
				found = &e
			}
		}
		notes = append(notes, note(k, evs, found))
		delete(r.pending, k)
	}
	return notes
}

// note words the events of one kind as one notification; found is the
// error detected in the first event's run, for a crash.
func note(k Kind, evs []event, found *DetectedError) Note {
	n := Note{Kind: k}
	names := make([]string, len(evs))
	for i, e := range evs {
		n.ProcIDs = append(n.ProcIDs, e.id)
		names[i] = e.name
	}
	if len(evs) == 1 {
		e := evs[0]
		switch k {
		case KindCrashed:
			n.Summary, n.Body = e.name+" crashed", e.detail
			if found != nil {
				n.Summary, n.ErrorID = e.name+" crashed: "+found.Title, found.ID
			}
		case KindCrashLoop:
			n.Summary, n.Body = e.name+" keeps crashing: paused", e.detail
		case KindFinished:
			n.Summary, n.Body = e.name+" finished", "It succeeded."
		case KindReady:
			n.Summary, n.Body = e.name+" is ready", e.detail
		case KindTerminal:
			n.Summary, n.Body, _ = strings.Cut(e.detail, "\n")
		}
		return n
	}
	if found != nil {
		n.ErrorID = found.ID
	}
	list := strings.Join(names, ", ")
	switch k {
	case KindCrashed:
		n.Summary = fmt.Sprintf("%d processes crashed", len(evs))
	case KindCrashLoop:
		n.Summary = fmt.Sprintf("%d processes keep crashing: paused", len(evs))
	case KindFinished:
		n.Summary = fmt.Sprintf("%d scripts finished", len(evs))
	case KindReady:
		n.Summary = fmt.Sprintf("%d processes are ready", len(evs))
	case KindTerminal:
		n.Summary = fmt.Sprintf("%d processes ask for attention", len(evs))
		said := make([]string, len(evs))
		for i, e := range evs {
			said[i] = strings.ReplaceAll(e.detail, "\n", " — ")
		}
		list = strings.Join(said, "; ")
	}
	n.Body = list
	return n
}

// exitWords says how a run ended: "exit code 2", or its error ("signal:
// killed", "exec: not found"). The process core's "exit status 2" reads
// as the exit code.
func exitWords(st process.State) string {
	if st.Err != "" && (st.ExitCode <= 0 || !strings.HasPrefix(st.Err, "exit status")) {
		return st.Err
	}
	return fmt.Sprintf("exit code %d", st.ExitCode)
}

var buildWord = regexp.MustCompile(`(?i)(^|[^a-z])(build|compile|bundle|dist|package|test|tests|lint|check|typecheck)([^a-z]|$)`)

// BuildLike reports whether a script's name says it is a one-shot that
// builds or checks something ("build", "build:prod", "test", "lint"),
// whose end the user waits for, unlike a server's.
func BuildLike(name string) bool { return buildWord.MatchString(name) }
