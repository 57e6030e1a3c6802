// Package workspace is the open projects: every session.Session the user
// opened and has not closed, one of them active (the one the window
// shows). Opening a project adds it, or focuses it when its folder is
// open already; switching the active one stops nothing; a project ends
// only when it is closed explicitly, which refuses while its processes
// run unless forced. It is the one thing the consumers (the window, the
// tray, notifications) hold; it knows nothing of any of them.
package workspace

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"

	"hum/backend/process"
	"hum/backend/session"
)

// Errors a caller can tell apart with errors.Is.
var (
	// ErrRunning is Close's refusal of a project whose processes run: the
	// user is asked first ("api has 3 running processes").
	ErrRunning = errors.New("the project has running processes")
	// ErrNotOpen is returned for a folder that is not an open project.
	ErrNotOpen = errors.New("the project is not open")
)

// Summary is one open project as a list of projects shows it.
type Summary struct {
	Root    string `json:"root"`
	Name    string `json:"name"`
	Active  bool   `json:"active"`  // the project the window shows
	Running int    `json:"running"` // processes that have not ended (starting, running, waiting, stopping, …)
	Failed  int    `json:"failed"`  // failed, in a crash loop or blocked by a failed dependency
	Total   int    `json:"total"`   // every process listed, ended ones too
}

// Workspace holds the open projects. A zero Workspace is valid and holds
// none; its methods are safe for concurrent use. The sessions are the
// caller's to create (session.Open); once added, the Workspace closes them
// (Close, CloseAll).
type Workspace struct {
	mu     sync.Mutex                  // protects the fields below
	open   []*session.Session          // guarded by mu; in the order they were opened
	active *session.Session            // guarded by mu; nil exactly when open is empty
	ends   map[*session.Session]func() // guarded by mu; ends the forwarding of each open session's changes
	subs   map[chan struct{}]bool      // guarded by mu; every Watch channel, true for those that want process changes too
}

// Count returns s's Summary counts. It reads every process's state (one
// atomic load each, no lock of the process core).
func Count(s *session.Session) (running, failed, total int) {
	for _, st := range s.Processes() {
		total++
		if !st.Status.Final() {
			running++
		}
		if st.Status == process.StatusFailed || st.Status == process.StatusCrashLoop || st.Status == process.StatusBlocked {
			failed++
		}
	}
	return running, failed, total
}

// Add makes s an open project and the active one, and returns it with
// true. When a project on s's folder is open already (two opens of one
// folder that raced), that one becomes active and is returned with
// false, and s is left to the caller to close.
func (w *Workspace) Add(s *session.Session) (*session.Session, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if cur := w.find(s.Root()); cur != nil {
		w.activate(cur)
		return cur, false
	}
	w.open = append(w.open, s)
	if w.ends == nil {
		w.ends = map[*session.Session]func(){}
	}
	w.ends[s] = w.forward(s)
	w.activate(s)
	return s, true
}

// forward passes s's process changes on to the watchers that want them,
// until the returned function is called or s closes. The caller holds
// w.mu.
func (w *Workspace) forward(s *session.Session) func() {
	ch, unwatch := s.Watch()
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case _, ok := <-ch:
				if !ok {
					return
				}
				w.mu.Lock()
				w.signal(true)
				w.mu.Unlock()
			}
		}
	}()
	return func() { close(done); unwatch() }
}

// Focus makes the project on root the active one and returns it; false
// when none is open there. It stops nothing.
func (w *Workspace) Focus(root string) (*session.Session, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.find(root)
	if s == nil {
		return nil, false
	}
	w.activate(s)
	return s, true
}

// activate makes s (open) the active project. The caller holds w.mu.
func (w *Workspace) activate(s *session.Session) {
	if w.active == s {
		return
	}
	w.active = s
	w.signal(false)
}

// find returns the open project on root, or nil. The caller holds w.mu.
func (w *Workspace) find(root string) *session.Session {
	root = filepath.Clean(root)
	for _, s := range w.open {
		if s.Root() == root {
			return s
		}
	}
	return nil
}

// Get returns the open project on root.
func (w *Workspace) Get(root string) (*session.Session, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.find(root)
	return s, s != nil
}

// Active returns the active project, nil when none is open.
func (w *Workspace) Active() *session.Session {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.active
}

// Sessions returns the open projects in the order they were opened: a
// slice the caller owns.
func (w *Workspace) Sessions() []*session.Session {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.open)
}

// Summaries returns every open project with its counts, in the order
// they were opened.
func (w *Workspace) Summaries() []Summary {
	w.mu.Lock()
	open, active := slices.Clone(w.open), w.active
	w.mu.Unlock()
	out := make([]Summary, 0, len(open))
	for _, s := range open { // counted outside the lock: it reads every state
		sum := Summary{Root: s.Root(), Name: filepath.Base(s.Root()), Active: s == active}
		sum.Running, sum.Failed, sum.Total = Count(s)
		out = append(out, sum)
	}
	return out
}

// Remove takes the project on root out of the workspace and returns it,
// for the caller to close; the project opened after it (else before it)
// becomes active if it was. It refuses with ErrRunning, removing
// nothing, when some of its processes have not ended and force is false.
func (w *Workspace) Remove(root string, force bool) (*session.Session, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.find(root)
	if s == nil {
		return nil, fmt.Errorf("%w: %s", ErrNotOpen, root)
	}
	if running, _, _ := Count(s); running > 0 && !force {
		return nil, fmt.Errorf("%w: %s has %d", ErrRunning, filepath.Base(s.Root()), running)
	}
	i := slices.Index(w.open, s)
	w.open = slices.Delete(w.open, i, i+1)
	w.ends[s]()
	delete(w.ends, s)
	if w.active == s {
		w.active = nil
		if len(w.open) > 0 {
			w.active = w.open[min(i, len(w.open)-1)]
		}
	}
	w.signal(false)
	return s, nil
}

// Close removes the project on root (as Remove does, refusing with
// ErrRunning unless force) and closes it, stopping its processes within
// ctx.
func (w *Workspace) Close(ctx context.Context, root string, force bool) error {
	s, err := w.Remove(root, force)
	if err != nil {
		return err
	}
	return s.Close(ctx)
}

// CloseAll removes every project and closes them one after the other,
// for quitting. It returns the sessions it closed, in the order opened.
func (w *Workspace) CloseAll(ctx context.Context) ([]*session.Session, error) {
	w.mu.Lock()
	open := w.open
	for _, end := range w.ends {
		end()
	}
	w.open, w.active, w.ends = nil, nil, nil
	if len(open) > 0 {
		w.signal(false)
	}
	w.mu.Unlock()
	var errs []error
	for _, s := range open {
		if err := s.Close(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stopping %s: %w", s.Root(), err))
		}
	}
	return open, errors.Join(errs...)
}

// Watch returns a coalescing channel that receives after the set of open
// projects or the active one changed, and, when processes is true, after
// any process of any open project changed too; and the function that ends
// the watch. Read the workspace after each receive; subscribe before the
// first read so that no change falls in between.
func (w *Workspace) Watch(processes bool) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.subs == nil {
		w.subs = map[chan struct{}]bool{}
	}
	w.subs[ch] = processes
	return ch, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		delete(w.subs, ch)
	}
}

// signal wakes the watchers without blocking: all of them, or for a
// process change only those that asked for those. The caller holds w.mu.
func (w *Workspace) signal(processChange bool) {
	for ch, wantsProcs := range w.subs {
		if processChange && !wantsProcs {
			continue
		}
		select {
		case ch <- struct{}{}:
		default: // a wake-up is already pending
		}
	}
}
