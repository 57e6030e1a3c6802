package main

import (
	"context"
	"fmt"
	"log"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"hum/backend/events"
	"hum/backend/process"
	"hum/backend/session"
	"hum/backend/workspace"
)

// Several projects at once: every project opened stays open (a.ws) until
// the user closes it, and one is active, the one the window shows and the
// bound methods act on. What keeps this cheap: each open project has an
// events.Feed, but only the active one's runs unpaused, and the others'
// emitters are shut (projectFeed.on), so a project in the background sends
// the window nothing and samples its CPU and memory every
// metrics.HiddenInterval only. A paused feed still costs little (two idle
// goroutines and a log subscription whose lines it drops), and resuming it
// is how a switch gets the window every state and a re-tail of the logs,
// down the same channels as the changes after it. The window hears of the
// background projects through the "projects" event alone: their counts.

// projectsGap is the shortest time between two "projects" events: the
// counts look live, and a burst of starts costs one event.
const projectsGap = 250 * time.Millisecond

// projectFeed is one open project's events to the window.
type projectFeed struct {
	feed *events.Feed
	on   *gate // open only while the project is active
}

// gate is an events.Emitter that passes events on only while open: the
// errors a background project detects go to its store (App.Errors, which
// the window reads on a switch), not to the window showing another one.
type gate struct {
	em   events.Emitter
	open atomic.Bool
}

func (g *gate) Emit(name string, data any) {
	if g.open.Load() {
		g.em.Emit(name, data)
	}
}

// open adds dir to the open projects, or focuses it when open already,
// and makes it the active one; nothing is stopped. A new project's scan
// reports progress as events.TopicScan events; it is cancelled
// (ErrCancelled) by a later open or by shutdown. The active project stays
// usable while it runs.
func (a *App) open(dir string) (session.View, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return session.View{}, err
	}
	if _, ok := a.ws.Get(abs); ok {
		return a.SwitchProject(abs)
	}
	// Errors are queued as they are detected and go out paced, in batches:
	// one event per error would flood the window.
	errFeed := events.NewErrorFeed()
	var (
		cur    *session.Session // the project made active: s, or one on the same folder that won a race
		added  bool
		serial uint64
	)
	s, err := a.opener.Open(abs, session.Options{OnError: errFeed.Add, Base: a.base, OnStackChange: a.stackChanged, Guard: a.processGuard()}, func(s *session.Session) {
		// Runs only for the latest open; paused and shut until activated.
		g := &gate{em: a.window}
		feed := events.StartFeed(g, s, errFeed, true)
		s.Metrics().SetHidden(true)
		a.mu.Lock()
		defer a.mu.Unlock()
		cur, added = a.ws.Add(s)
		if added {
			a.feeds[s] = &projectFeed{feed: feed, on: g}
		} else {
			feed.Stop()
		}
		serial = a.activate(cur)
		a.openErr = nil
	})
	if err != nil {
		return session.View{}, err
	}
	if !added { // nothing was started in it
		a.closeSession(s, nil)
	}
	if err := a.cfg.AddRecent(cur.Root(), time.Now()); err != nil {
		log.Printf("hum: %v", err)
	}
	v := cur.View(serial, a.cfg.Favourites(cur.Root()))
	// Opens the UI did not ask for (the tray, a second launch) must reach it too.
	a.window.Emit(events.TopicProject, v)
	if added {
		a.autostartOnOpen(cur, serial) // after the project event: the prompt is about it
	}
	a.kickProjects()
	return v, nil
}

// activate makes s (open in a.ws) the project the window shows: its feed
// resumes (unless nobody sees the window) with every state, the previous
// one's pauses. It returns the serial of the view to send. The caller holds
// a.mu.
func (a *App) activate(s *session.Session) uint64 {
	if s == a.sess {
		return a.serial
	}
	if old := a.feeds[a.sess]; old != nil {
		old.on.open.Store(false)
		old.feed.SetPaused(true)
		a.sess.Metrics().SetHidden(true)
	}
	a.sess, a.feed = nil, nil
	if s != nil {
		pf := a.feeds[s]
		a.sess, a.feed = s, pf.feed
		pf.on.open.Store(true)
		pf.feed.SetPaused(a.vis.Paused())
		pf.feed.Resync() // the window's view of it starts over
		s.Metrics().SetHidden(a.vis.Paused())
	}
	a.serial++
	return a.serial
}

// SwitchProject makes the open project on root the active one, stopping
// nothing, and returns it as the window shows it.
func (a *App) SwitchProject(root string) (session.View, error) {
	a.mu.Lock()
	s, ok := a.ws.Focus(filepath.Clean(root))
	if !ok {
		a.mu.Unlock()
		return session.View{}, errNotOpen(root)
	}
	switched := s != a.sess
	serial := a.activate(s)
	a.mu.Unlock()
	v := s.View(serial, a.cfg.Favourites(s.Root()))
	if switched { // the window shows it already otherwise
		a.window.Emit(events.TopicProject, v)
		a.kickProjects()
	}
	return v, nil
}

func errNotOpen(root string) error { return fmt.Errorf("%w: %s", workspace.ErrNotOpen, root) }

// CloseProject closes the open project on root, stopping its processes;
// another open project, if any, becomes active. It refuses with code
// "project_running", closing nothing, while some of its processes run,
// unless force (the user confirmed "Stop them and close").
func (a *App) CloseProject(root string, force bool) error {
	a.mu.Lock()
	s, err := a.ws.Remove(filepath.Clean(root), force)
	if err != nil {
		a.mu.Unlock()
		return err
	}
	pf := a.feeds[s]
	wasActive := s == a.sess
	var next *session.Session
	var serial uint64
	if wasActive {
		next = a.ws.Active()
		serial = a.activate(next)
	}
	delete(a.feeds, s)
	a.mu.Unlock()
	pf.on.open.Store(false)
	switch {
	case next != nil:
		a.window.Emit(events.TopicProject, next.View(serial, a.cfg.Favourites(next.Root())))
	case wasActive:
		v := session.NoView()
		v.Serial = serial
		a.window.Emit(events.TopicProject, v) // none left: the welcome screen
	}
	a.kickProjects()
	a.closeSession(s, pf.feed)
	return nil
}

// Projects lists the open projects, in the order opened, with how many of
// their processes run and failed.
func (a *App) Projects() []workspace.Summary { return a.ws.Summaries() }

// closeSession stops a session's processes, waiting up to the grace period
// plus a margin, and then its event feed (nil for none).
func (a *App) closeSession(s *session.Session, feed *events.Feed) {
	ctx, cancel := context.WithTimeout(context.Background(), process.DefaultGracePeriod+5*time.Second)
	defer cancel()
	if err := s.Close(ctx); err != nil {
		log.Printf("hum: stopping %s: %v", s.Root(), err)
	}
	if feed != nil {
		feed.Stop()
	}
}

// closeAll closes every open project at once, for quitting: their trees
// stop side by side, so five projects take as long as the slowest.
func (a *App) closeAll() {
	a.mu.Lock()
	feeds := a.feeds
	a.feeds = map[*session.Session]*projectFeed{}
	a.sess, a.feed = nil, nil
	a.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range a.ws.Sessions() {
		if _, err := a.ws.Remove(s.Root(), true); err != nil {
			continue // closed meanwhile by its own CloseProject
		}
		pf := feeds[s]
		pf.on.open.Store(false)
		wg.Go(func() { a.closeSession(s, pf.feed) })
	}
	wg.Wait()
}

// stackChanged shows a change of the active project's hum.yaml: the
// project event again, with the same Serial and a higher Revision, so the
// window updates its scripts, groups and problems in place. A session that
// is not (or no longer) the active one says nothing: a switch to it sends
// its view then.
func (a *App) stackChanged(s *session.Session) {
	a.mu.Lock()
	open, serial := a.sess == s, a.serial
	a.mu.Unlock()
	if !open {
		return
	}
	a.window.Emit(events.TopicProject, s.View(serial, a.cfg.Favourites(s.Root())))
	refreshTray() // the tray lists the project's scripts and groups
}

// kickProjects makes emitProjects look again now.
func (a *App) kickProjects() {
	select {
	case a.projectsKick <- struct{}{}:
	default:
	}
}

// emitProjects sends the "projects" event (Projects) whenever the list or
// a count changed, at most once per projectsGap, and not while nobody sees
// the window (a kick on showing again sends what changed meanwhile),
// until ctx ends.
func (a *App) emitProjects(ctx context.Context) {
	wake, stop := a.ws.Watch(true)
	defer stop()
	var last []workspace.Summary
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-a.projectsKick:
		}
		if a.vis.Paused() {
			continue
		}
		if cur := a.ws.Summaries(); !slices.Equal(cur, last) {
			last = cur
			a.window.Emit(events.TopicProjects, cur)
		}
		select { // the pace: wake-ups meanwhile fold into the next look
		case <-ctx.Done():
			return
		case <-time.After(projectsGap):
		}
	}
}

// qualified is a process ID that says which open project it is of (root
// and ID with a NUL between, which no path holds), for the consumers that
// list several projects' processes together: the tray and notifications.
func qualified(root, id string) string { return root + "\x00" + id }

// unqualify returns the open project and the process ID a qualified ID
// names; a plain ID is of the active project. s is nil when that project
// is not open (any more).
func (a *App) unqualify(qid string) (s *session.Session, id string) {
	root, id, ok := strings.Cut(qid, "\x00")
	if !ok {
		s, _ = a.session()
		return s, qid
	}
	s, _ = a.ws.Get(root)
	return s, id
}
