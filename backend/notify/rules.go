// Package notify decides which process events deserve a desktop
// notification (Rules: pure logic over state changes, with an injected
// clock) and sends them to the desktop (DBus, the freedesktop
// notification service on Linux; a no-op elsewhere).
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
)

// Coalesce is how long the first event of a kind waits for others of the
// same kind before they go out as one notification.
const Coalesce = time.Second

// Settings say which kinds are notified.
type Settings struct {
	Crashed   bool
	CrashLoop bool
	Finished  bool
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
}

// event is one process's event waiting to be coalesced.
type event struct {
	id, name, detail string
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

	primed  bool
	prev    map[string]process.State
	told    map[string]int64 // runKey → StartedAt of the run last notified
	pending map[Kind][]event
	since   map[Kind]time.Time // when the first pending event of a kind came
}

// runKey names one process's run for one kind of notification.
func runKey(k Kind, id string) string { return fmt.Sprintf("%d/%s", k, id) }

// Observe compares states with the previous snapshot and queues the
// events they show. seen says whether the window is seen now: a finished
// build is only notified while it is not. The first call only records: a
// project that opens with failed processes tells nothing.
func (r *Rules) Observe(now time.Time, states []process.State, seen bool) {
	if r.prev == nil {
		r.prev, r.told = map[string]process.State{}, map[string]int64{}
		r.pending, r.since = map[Kind][]event{}, map[Kind]time.Time{}
	}
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

// consider queues what one changed state says, once per run and kind;
// with queue false it only records the run as told (the first snapshot).
func (r *Rules) consider(now time.Time, st process.State, seen, queue bool) {
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
	if len(r.pending[k]) == 0 {
		r.since[k] = now
	}
	r.pending[k] = append(r.pending[k], event{id: st.ID, name: st.Name, detail: detail})
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
	for _, k := range []Kind{KindCrashed, KindCrashLoop, KindFinished} {
		evs := r.pending[k]
		if len(evs) == 0 || now.Before(r.since[k].Add(Coalesce)) {
			continue
		}
		notes = append(notes, note(k, evs))
		delete(r.pending, k)
	}
	return notes
}

// note words the events of one kind as one notification.
func note(k Kind, evs []event) Note {
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
		case KindCrashLoop:
			n.Summary, n.Body = e.name+" keeps crashing: paused", e.detail
		case KindFinished:
			n.Summary, n.Body = e.name+" finished", "It succeeded."
		}
		return n
	}
	list := strings.Join(names, ", ")
	switch k {
	case KindCrashed:
		n.Summary = fmt.Sprintf("%d processes crashed", len(evs))
	case KindCrashLoop:
		n.Summary = fmt.Sprintf("%d processes keep crashing: paused", len(evs))
	case KindFinished:
		n.Summary = fmt.Sprintf("%d scripts finished", len(evs))
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
