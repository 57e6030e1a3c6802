package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"path/filepath"
	"sync"
	"time"

	"hum/backend/config"
	"hum/backend/process"
	"hum/backend/session"
	"hum/backend/tray"
)

// The tray is wired here, beside the App it adapts: main calls
// hideWindowOnClose before wails.Run, startTray in OnStartup and stopTray in
// OnShutdown. Window calls go through the App's window (events.Wails), the
// one seam to the Wails runtime, so the adapter runs against a fake in tests.

// trayPoll re-reads favourites and recent projects this often: they change
// in the window (a star) or the config, which send the tray no signal.
const trayPoll = 2 * time.Second

// running is the tray of this process, between startTray and stopTray.
var running struct {
	mu     sync.Mutex         // protects t and cancel
	t      *tray.Tray         // guarded by mu; nil without a tray
	cancel context.CancelFunc // guarded by mu; ends the session follower
}

// hideWindowOnClose says whether closing the window hides it to the tray
// (options.App.HideWindowOnClose, fixed before the window exists, so a
// change of the setting applies at the next start). It does when a tray can
// exist here and the saved "close to tray" setting (on by default) is on.
// Without a tray, closing quits, as it must: a hidden window could never
// come back.
func hideWindowOnClose() bool {
	return tray.Available() && config.LoadSettings(configDir()).CloseToTray
}

// startTray shows the tray for app, or logs once why there is none. Call it
// in OnStartup, after app.startup.
func startTray(app *App) {
	ctx, cancel := context.WithCancel(context.Background())
	wake := make(chan struct{}, 1)
	t, err := tray.Start(trayActions{app}, tray.Options{Wake: wake, Poll: trayPoll})
	if err != nil {
		cancel() // tray.Start has logged why
		return
	}
	go followSessions(ctx, app, wake)
	running.mu.Lock()
	running.t, running.cancel = t, cancel
	running.mu.Unlock()
}

// stopTray removes the tray. Call it in OnShutdown, before app.shutdown.
func stopTray() {
	running.mu.Lock()
	t, cancel := running.t, running.cancel
	running.t, running.cancel = nil, nil
	running.mu.Unlock()
	if t == nil {
		return
	}
	cancel()
	t.Stop()
}

// refreshTray updates the tray's menu soon, for changes it hears of from no
// signal (a script starred in the window); without a call it notices them
// within trayPoll. Safe to call with no tray.
func refreshTray() {
	running.mu.Lock()
	t := running.t
	running.mu.Unlock()
	if t != nil {
		t.Refresh()
	}
}

// followSessions turns every open project's process changes, and the
// opening, switching and closing of projects, into tray wake-ups.
func followSessions(ctx context.Context, app *App, out chan<- struct{}) {
	changes, unwatch := app.ws.Watch(true)
	defer unwatch()
	for {
		select {
		case out <- struct{}{}:
		default:
		}
		select {
		case <-ctx.Done():
			return
		case <-changes:
		}
	}
}

// trayActions adapts *App to tray.Actions.
type trayActions struct{ app *App }

func (t trayActions) ShowWindow() {
	t.app.window.Show()
	t.app.setWindowShown(true)
}

// HideWindow hides the window to the tray; the backend knows it at once and
// stops the process and log events (the webview's visibilitychange says it
// too).
func (t trayActions) HideWindow() {
	t.app.window.Hide()
	t.app.setWindowShown(false)
}

// Processes are every open project's, project by project in the order
// they were opened, so the icon and tooltip say the worst state across
// all of them. Their IDs are qualified (qualified): two projects each
// have a p000001. With more than one project open, each name says its
// project ("api: web").
func (t trayActions) Processes() []process.State {
	open := t.app.ws.Sessions()
	var out []process.State
	for _, s := range open {
		project := filepath.Base(s.Root())
		for _, st := range s.Processes() {
			id := *st.Identity // a copy: the state's Identity is shared and never modified
			id.ID = qualified(s.Root(), id.ID)
			if len(open) > 1 {
				name := id.Name
				if name == "" {
					name = id.Command
				}
				id.Name = project + ": " + name
			}
			st.Identity = &id
			out = append(out, st)
		}
	}
	return out
}

// StopProcess and RestartProcess act on the process's own project, active
// or not.
func (t trayActions) StopProcess(qid string) error {
	s, id := t.app.unqualify(qid)
	if s == nil {
		return fmt.Errorf("%w: %s", process.ErrNotFound, id)
	}
	_, err := s.Stop(id)
	return err
}

func (t trayActions) RestartProcess(qid string) error {
	s, id := t.app.unqualify(qid)
	if s == nil {
		return fmt.Errorf("%w: %s", process.ErrNotFound, id)
	}
	_, err := s.Restart(id)
	return err
}

func (t trayActions) OpenURL(url string) error { return t.app.OpenURL(url) }

// Favourites are the open project's starred scripts that still exist.
func (t trayActions) Favourites() []tray.Favourite {
	s := t.current()
	if s == nil {
		return nil
	}
	var favs []tray.Favourite
	for _, id := range t.app.cfg.Favourites(s.Root()) {
		if sc, ok := s.Script(id); ok {
			favs = append(favs, tray.Favourite{ScriptID: id, Name: sc.Name})
		}
	}
	return favs
}

func (t trayActions) StartScript(scriptID string) error {
	_, err := t.app.Start(scriptID)
	return err
}

// StopAll stops every process of every open project; with none open
// there is nothing to stop.
func (t trayActions) StopAll() error {
	var errs []error
	for _, s := range t.app.ws.Sessions() {
		if err := s.StopAll(context.Background()); err != nil && !errors.Is(err, session.ErrClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Groups are the open project's hum.yaml groups with how many of their
// members run.
func (t trayActions) Groups() []tray.Group {
	var out []tray.Group
	for _, g := range t.app.Groups() {
		out = append(out, tray.Group{Name: g.Name, Running: g.Running, Total: len(g.Members)})
	}
	return out
}

func (t trayActions) StartGroup(name string) error {
	_, err := t.app.StartGroup(name)
	return err
}

func (t trayActions) StopGroup(name string) error { return t.app.StopGroup(name) }

// RecentProjects leaves out the open projects: opening one again would
// only switch to it (the window's project list does that).
func (t trayActions) RecentProjects() []tray.Project {
	var ps []tray.Project
	for _, r := range t.app.cfg.Recent() {
		if _, open := t.app.sessionFor(r.Dir); !open {
			ps = append(ps, tray.Project{Dir: r.Dir, Name: r.Name})
		}
	}
	return ps
}

// OpenProject adds dir to the open projects (or switches to it when it is
// open) and shows the window on it (App.open tells the frontend with a
// "project" event).
func (t trayActions) OpenProject(dir string) error {
	if _, err := t.app.OpenProject(dir); err != nil {
		return err
	}
	t.ShowWindow()
	return nil
}

// Quit stops every process tree, then the app (whose shutdown would stop
// them too; doing it first means the window stays until they are gone).
func (t trayActions) Quit() {
	if err := t.StopAll(); err != nil {
		log.Printf("hum: %v", err)
	}
	t.app.window.Quit()
}

// current is the open session, nil while none is open. It never waits for
// a scan: the tray draws whatever is there and redraws when the session
// appears.
func (t trayActions) current() *session.Session {
	s, _ := t.app.session()
	return s
}
