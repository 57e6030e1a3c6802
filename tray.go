package main

import (
	"context"
	"errors"
	"log"
	"sync"
	"time"

	"hum/backend/config"
	"hum/backend/errcode"
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

// followSessions turns the open session's process changes into tray
// wake-ups, moving its watch to the new session when the App says the
// project changed (watchSession).
func followSessions(ctx context.Context, app *App, out chan<- struct{}) {
	signal := func() {
		select {
		case out <- struct{}{}:
		default:
		}
	}
	var (
		cur     *session.Session
		changes <-chan struct{}
		unwatch = func() {}
	)
	defer func() { unwatch() }()
	// Subscribed before the first read: an open in between still wakes us.
	opened, unsubscribe := app.watchSession()
	defer unsubscribe()
	for {
		s, _ := app.session()
		if s != cur {
			unwatch()
			cur, changes, unwatch = s, nil, func() {}
			if s != nil {
				changes, unwatch = s.Watch()
			}
			signal()
		}
		select {
		case <-ctx.Done():
			return
		case _, ok := <-changes:
			if !ok {
				changes = nil // the session closed; watchSession announces its successor
			}
			signal()
		case <-opened:
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

func (t trayActions) Processes() []process.State {
	if s := t.current(); s != nil {
		return s.Processes()
	}
	return nil
}

func (t trayActions) StopProcess(id string) error {
	_, err := t.app.Stop(id)
	return err
}

func (t trayActions) RestartProcess(id string) error {
	_, err := t.app.Restart(id)
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

// StopAll with no project open has nothing to stop.
func (t trayActions) StopAll() error {
	if err := t.app.StopAll(); err != nil && !errors.Is(err, errcode.ErrNoProject) {
		return err
	}
	return nil
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

// RecentProjects leaves out the open project: opening it again would stop
// its processes for nothing.
func (t trayActions) RecentProjects() []tray.Project {
	root := ""
	if s := t.current(); s != nil {
		root = s.Root()
	}
	var ps []tray.Project
	for _, r := range t.app.cfg.Recent() {
		if r.Dir != root {
			ps = append(ps, tray.Project{Dir: r.Dir, Name: r.Name})
		}
	}
	return ps
}

// OpenProject opens dir and shows the window on it (App.open tells the
// frontend with a "project" event).
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
