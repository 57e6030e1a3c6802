package main

import (
	"context"
	"errors"
	"log"
	"os"
	"path/filepath"
	"sync"

	"hum/backend/browser"
	"hum/backend/config"
	"hum/backend/editor"
	"hum/backend/environ"
	"hum/backend/errcode"
	"hum/backend/events"
	"hum/backend/logs"
	"hum/backend/metrics"
	"hum/backend/notify"
	"hum/backend/process"
	"hum/backend/scan"
	"hum/backend/session"
	"hum/backend/visibility"
	"hum/backend/watchdog"
	"hum/backend/workspace"
)

// App is the facade bound into the frontend: each exported method is one
// call the UI can make, returning value snapshots. It holds no logic of its
// own; backend/session and the packages under it do the work.
type App struct {
	version    string        // written once in NewApp
	initialDir string        // written once in NewApp; "" opens the last project
	cfg        *config.Store // written once in NewApp
	ready      chan struct{} // closed once startup's first open has ended (opened, failed or cancelled)
	// opener opens one project at a time (a new open, or shutdown, cancels
	// the scan in flight) and keeps its progress (ScanStatus); its Notify
	// is written once in NewApp.
	opener scan.Opener

	window window // written once in startup (or before it, by tests), before the first open

	// base is the lowest layer of every process's environment: the login
	// shell's when Hum was opened from the desktop. Written once in NewApp.
	base *environ.Base
	// guard tells the watchdog of every tree the window's processes run,
	// so they end with Hum however it ends; nil (no watchdog) in tests.
	// Written once in NewApp.
	guard *watchdog.Guard
	// running is the folder of the watchdog's state files (watchdog.Dir),
	// "" for none. Written once in NewApp.
	running string

	vis visibility.Tracker // whether anybody sees the pages: no process or log events while nobody does (SetPageVisible)

	auto autostarts // the autostart trust prompt waiting for the user (app_autostart.go)

	agents agentHub // coding agents: the control socket, their questions and activity (app_agent.go)

	notes  notifier      // written once in startup; nil when the desktop shows no notifications (app_notify.go)
	starts notify.Starts // guards itself; the processes the user started, whose readiness may be told

	// ws holds every open project; the active one is the one the
	// bound methods act on (session) and the window shows.
	ws workspace.Workspace

	mu      sync.Mutex                        // protects sess, feed, feeds, serial and openErr
	sess    *session.Session                  // guarded by mu; the active project (ws's), nil while none is open
	feed    *events.Feed                      // guarded by mu; the events of sess, nil with it
	feeds   map[*session.Session]*projectFeed // guarded by mu; every open project's feed, paused but sess's (app_projects.go)
	serial  uint64                            // guarded by mu; counts what the window was shown: each open and each switch, so the UI can tell a new view of a project
	openErr error                             // guarded by mu; why the project of the command line could not be opened

	// projectsKick wakes emitProjects at once (the window shows again);
	// capacity 1. Written once in NewApp.
	projectsKick chan struct{}
	// life ends the App's own goroutines (emitProjects) at shutdown.
	// Written once in NewApp.
	life    context.Context
	endLife context.CancelFunc
}

// NewApp returns the facade for a build of the given version. dir is the
// project folder from the command line; "" opens the last project, or the
// welcome screen when there is none.
func NewApp(version, dir string) *App {
	own := process.UserEnviron()
	a := &App{version: version, initialDir: dir, cfg: config.Open(configDir()), ready: make(chan struct{}),
		base:         environ.NewBase(environ.BaseOptions{Own: own, Capture: environ.WantCapture(own)}),
		feeds:        map[*session.Session]*projectFeed{},
		projectsKick: make(chan struct{}, 1)}
	a.life, a.endLife = context.WithCancel(context.Background())
	a.running = watchdog.Dir(configDir())
	if g, err := watchdog.Start(a.running); err != nil {
		log.Printf("hum: no watchdog, so if Hum is killed what it started may outlive it: %v", err)
	} else {
		a.guard = g
	}
	// Called only while an open runs, so after startup has set a.window.
	a.opener.Notify = func(p scan.Progress) { a.window.Emit(events.TopicScan, p) }
	return a
}

// processGuard is the guard the process core tells of its trees: a.guard,
// or none (not a nil *watchdog.Guard in an interface).
func (a *App) processGuard() process.Guard {
	if a.guard == nil {
		return nil
	}
	return a.guard
}

// configDir is the folder of Hum's config and settings files (config.Dir),
// or "" when there is none (no $HOME): Hum then keeps its config in memory
// and says so (StartupNotices), rather than writing it to a folder such as
// /tmp that other users share and can plant files in.
func configDir() string {
	dir, err := config.Dir()
	if err != nil {
		return ""
	}
	return dir
}

// window is what the App, the tray and a second launch need of the
// desktop: events.Wails in the app, a fake in tests (the Wails runtime
// cannot run without a window). Nothing else in package main calls Wails.
type window interface {
	events.Emitter
	PickFolder(title, start string) (string, error)
	OpenURL(url string)
	Show() // from hidden or minimised, in front
	Hide()
	Quit() // ends the app; Wails then runs OnShutdown
}

// startup hands the Wails context to the window, logs the heap if
// HUM_MEMLOG asks (memlog.go), and opens the first project.
func (a *App) startup(ctx context.Context) {
	if a.window == nil {
		a.window = events.NewWails(ctx)
	}
	go logMemory(ctx)
	a.base.Prepare() // the login shell's environment, ready by the first start
	a.startNotifications(ctx)
	a.startAgents()
	a.openInitial()
}

// openInitial opens the command line's folder, or the last project, in the
// background. Bound calls do not wait for it: until it ends they see no
// project (or the one opened meanwhile), and ScanStatus tells the window a
// scan runs.
func (a *App) openInitial() {
	go a.emitProjects(a.life)
	go func() {
		defer close(a.ready)
		dir := a.initialDir
		if dir == "" {
			dir = a.cfg.Last()
			if info, err := os.Stat(dir); dir == "" || err != nil || !info.IsDir() {
				return // nothing to reopen: the welcome screen
			}
		}
		if _, err := a.open(dir); err != nil && !errors.Is(err, session.ErrCancelled) {
			a.mu.Lock()
			a.openErr = err
			a.mu.Unlock()
			log.Printf("hum: %v", err)
		}
	}()
}

// shutdown cancels a scan in flight and stops every process of every
// open project.
func (a *App) shutdown(ctx context.Context) {
	a.stopAgents()
	a.opener.Close()
	<-a.ready
	a.endLife()
	a.closeAll()
	// Every tree has been stopped: the watchdog has nothing left to end.
	_ = a.guard.Close()
	if a.notes != nil {
		_ = a.notes.Close()
	}
}

// ScanStatus returns the project being opened, if any: Active is false
// when no scan runs.
func (a *App) ScanStatus() scan.Progress { return a.opener.Status() }

// session returns the active project or ErrNoProject. It never waits
// for a scan.
func (a *App) session() (*session.Session, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sess == nil {
		return nil, errcode.ErrNoProject
	}
	return a.sess, nil
}

// sessionFor returns the open project on root (absolute), active or not:
// the same folder reached through a symbolic link counts (samePath), as an
// agent's configuration may name it either way.
func (a *App) sessionFor(root string) (*session.Session, bool) {
	if s, ok := a.ws.Get(root); ok {
		return s, true
	}
	for _, s := range a.ws.Sessions() {
		if samePath(s.Root(), root) {
			return s, true
		}
	}
	return nil, false
}

// FormatError is the Wails ErrorFormatter: it turns an error from a bound
// method into {code, message} (errcode.Failure), code being stable for the
// UI to act on.
func FormatError(err error) any { return errcode.Of(err) }

// OpenProject adds dir to the open projects and makes it the active one,
// stopping nothing, and returns what it contains; a folder open already is
// only switched to. It cancels a scan in flight; it fails with code
// "cancelled" when a later open cancels its own.
func (a *App) OpenProject(dir string) (session.View, error) {
	return a.open(dir)
}

// PickFolder asks for a folder with the native dialog; "" when cancelled.
func (a *App) PickFolder() (string, error) {
	start := ""
	if s, err := a.session(); err == nil {
		start = filepath.Dir(s.Root())
	}
	return a.window.PickFolder("Open a project folder", start)
}

// RecentProjects lists recently opened projects, most recent first.
func (a *App) RecentProjects() []config.Recent { return a.cfg.Recent() }

// Settings returns the saved settings.
func (a *App) Settings() config.Settings { return a.cfg.Settings() }

// StartupNotices are what the window should tell the user once at start,
// e.g. that a config file could not be read and where it was moved.
func (a *App) StartupNotices() []string { return a.cfg.Notices() }

// SetCloseToTray saves whether closing the window hides it to the tray, from the next start on.
func (a *App) SetCloseToTray(on bool) (config.Settings, error) { return a.cfg.SetCloseToTray(on) }

// Project returns the active project; its Root is "" when none is open. It
// fails when the folder given on the command line could not be opened. It
// never waits for a scan (see ScanStatus).
func (a *App) Project() (session.View, error) {
	a.mu.Lock()
	s, openErr, serial := a.sess, a.openErr, a.serial
	a.mu.Unlock()
	switch {
	case s != nil:
		return s.View(serial, a.cfg.Favourites(s.Root())), nil
	case openErr != nil:
		return session.View{}, openErr
	}
	return session.NoView(), nil
}

// SetFavourite stars or unstars a script of the open project and returns
// the project's favourites.
func (a *App) SetFavourite(scriptID string, on bool) ([]string, error) {
	s, err := a.session()
	if err != nil {
		return nil, err
	}
	if err := s.CheckFavourite(scriptID, on); err != nil {
		return nil, err
	}
	favs, err := a.cfg.SetFavourite(s.Root(), scriptID, on)
	refreshTray() // the tray lists favourites: show the star there at once
	return favs, err
}

// ResyncProcesses makes the next "processes" event carry every state, marked
// full: the window's first view of the processes, sent down the same channel
// as the changes that follow (after the window shows again, if hidden).
func (a *App) ResyncProcesses() {
	a.mu.Lock()
	feed := a.feed
	a.mu.Unlock()
	if feed != nil {
		feed.Resync()
	}
}

// Processes returns every state of the active project's processes, in
// start order (Projects counts the others').
func (a *App) Processes() []process.State {
	s, err := a.session()
	if err != nil {
		return []process.State{}
	}
	return s.Processes()
}

// Start runs a script of the open project (see session.Session.Start).
func (a *App) Start(scriptID string) (process.State, error) {
	s, err := a.session()
	if err != nil {
		return process.State{}, err
	}
	st, err := s.Start(scriptID)
	a.starts.Mark(st)
	return st, err
}

// StartCommand runs a shell command in dir, relative to the project root.
func (a *App) StartCommand(command, dir string) (process.State, error) {
	s, err := a.session()
	if err != nil {
		return process.State{}, err
	}
	return s.StartCommand(command, dir)
}

// Stop ends a process's tree and returns its final state.
func (a *App) Stop(id string) (process.State, error) {
	s, err := a.session()
	if err != nil {
		return process.State{}, err
	}
	return s.Stop(id)
}

// Restart stops a process if it runs and starts it again.
func (a *App) Restart(id string) (process.State, error) {
	s, err := a.session()
	if err != nil {
		return process.State{}, err
	}
	st, err := s.Restart(id)
	a.starts.Mark(st)
	return st, err
}

// StopAll stops every process of the active project.
func (a *App) StopAll() error {
	s, err := a.session()
	if err != nil {
		return err
	}
	return s.StopAll(context.Background())
}

// Remove forgets an ended process with its logs and history.
func (a *App) Remove(id string) error {
	s, err := a.session()
	if err != nil {
		return err
	}
	return s.Remove(id)
}

// Env returns the environment a process was last started with: every
// variable with the layer that set it, sorted by name.
func (a *App) Env(processID string) ([]environ.Variable, error) {
	s, err := a.session()
	if err != nil {
		return nil, err
	}
	return s.Env(processID)
}

// BaseEnvironment says what every process's environment starts from: the
// login shell's or Hum's own, and why not the login shell's when it failed.
func (a *App) BaseEnvironment() environ.BaseStatus { return a.base.Status() }

// ReloadEnvironment captures the login shell's environment again, for the
// processes started from now on, and returns the new status.
func (a *App) ReloadEnvironment() environ.BaseStatus { return a.base.Load(context.Background()) }

// TailLogs returns the newest limit lines of a process ("" for all, merged).
// The page holds at most logs.MaxPageLimit lines; limit <= 0 means
// logs.DefaultPageLimit.
func (a *App) TailLogs(processID string, limit int) (events.LogPage, error) {
	s, err := a.session()
	if err != nil {
		return events.LogPage{}, err
	}
	return events.WirePage(s.Logs().Tail(processID, limit)), nil
}

// ClearLogs forgets the lines of a process ("" for all).
func (a *App) ClearLogs(processID string) error {
	s, err := a.session()
	if err != nil {
		return err
	}
	s.Logs().Clear(processID)
	return nil
}

// Errors returns the errors detected in a process's output ("" for all).
func (a *App) Errors(processID string) ([]logs.ErrorEntry, error) {
	s, err := a.session()
	if err != nil {
		return nil, err
	}
	return s.Logs().Errors(processID), nil
}

// History returns a process's CPU and memory history, oldest first.
func (a *App) History(processID string) ([]metrics.Point, error) {
	s, err := a.session()
	if err != nil {
		return nil, err
	}
	return s.Metrics().History(processID), nil
}

// OpenURL opens an http(s) URL in the user's browser (browser.Open says
// which may go).
func (a *App) OpenURL(rawURL string) error { return browser.Open(a.window.OpenURL, rawURL) }

// OpenInEditor opens a file at a line and column in the user's editor and
// says what it opened and in which editor.
func (a *App) OpenInEditor(file string, line, column int) (editor.Opened, error) {
	s, err := a.session()
	if err != nil {
		return editor.Opened{}, err
	}
	return s.OpenInEditor(file, line, column)
}

// SetPageVisible tells the backend whether the page that calls it, named by
// an ID it chose, is on screen: while no page is (hidden, minimised, closed)
// no "processes" or "logs" events are sent (states and lines keep being
// collected, CPU and memory every metrics.HiddenInterval instead of every
// second), the first "processes" event after one shows again carries every
// state, marked full, and the first "logs" event is marked resync if lines
// came meanwhile, so the log view re-tails. The frontend calls it when it
// starts and on visibilitychange.
func (a *App) SetPageVisible(page string, visible bool) {
	a.setPaused(a.vis.Page(page, visible))
}

// setWindowShown is SetPageVisible for the native window: the tray's Show
// and Hide call it, so hiding to the tray pauses the events at once.
func (a *App) setWindowShown(shown bool) {
	a.setPaused(a.vis.Window(shown))
}

// setPaused pauses or resumes the active project's events and slows or
// speeds up its sampling (metrics.Sampler.SetHidden); the other open
// projects stay paused and slow whatever the window does.
func (a *App) setPaused(paused bool) {
	a.mu.Lock()
	// Under the lock, so that a switch (activate) cannot fall between
	// reading the active feed and resuming it. Both calls only flip flags.
	if a.feed != nil {
		a.feed.SetPaused(paused) // a feed an open swaps in later reads a.vis itself
		a.sess.Metrics().SetHidden(paused)
	}
	a.mu.Unlock()
	if !paused {
		a.kickProjects() // the list waited while nobody saw it
	}
}

// Version returns the version of this build.
func (a *App) Version() string { return a.version }
