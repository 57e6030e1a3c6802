// Package tray puts Hum in the system tray: an icon that turns red when a
// process failed, a tooltip "N running, M failed", and a menu of quick
// actions (show or hide the window, each listed process's Stop, Restart and
// Open URL, the favourite scripts' Start, each hum.yaml group's
// Start group and Stop group, Stop all, recent projects, Quit).
//
// It knows nothing of Wails: the app hands it an Actions. The menu is built
// once with a fixed set of slots and then only changed where the state
// changed, coalesced to at most one update per Options.MinInterval, because
// every change of an item is a DBus signal on Linux.
//
// The tray is fyne.io/systray: a StatusNotifierItem over DBus on Linux, a
// notification-area icon on Windows, a status item on macOS. On Linux a tray
// needs a session bus and a StatusNotifier host (org.kde.StatusNotifierWatcher);
// Start checks both first and returns ErrUnavailable without them, because
// systray would otherwise crash the app on shutdown.
package tray

import (
	"errors"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
	"time"

	"hum/backend/process"
)

// Actions is what the tray needs from the app. Methods are called from the
// tray's own goroutines, one call per click, so they must be safe for
// concurrent use; a slow one (StopAll) holds up nothing else.
type Actions interface {
	ShowWindow()
	HideWindow()
	// Processes returns the current process states (a copy the caller owns).
	Processes() []process.State
	StopProcess(id string) error
	RestartProcess(id string) error
	OpenURL(url string) error
	// Favourites returns the open project's starred scripts, in star order.
	Favourites() []Favourite
	// StartScript starts the script with that discovery ID.
	StartScript(scriptID string) error
	// StopAll stops every process tree the app started.
	StopAll() error
	// Groups returns the open project's hum.yaml groups, in the file's order.
	Groups() []Group
	// StartGroup starts a group's members; StopGroup stops those that run.
	StartGroup(name string) error
	StopGroup(name string) error
	// RecentProjects returns the recent projects, most recent first.
	RecentProjects() []Project
	OpenProject(dir string) error
	// Quit stops every process tree and quits the app.
	Quit()
}

// Options tune a tray. The zero value is valid.
type Options struct {
	// Wake is a coalescing change signal, such as a process.Changes fan-out:
	// after each wake-up the tray re-reads the Actions' state. Nil means only
	// Refresh and Poll update the menu.
	Wake <-chan struct{}
	// Poll re-reads the state this often even without a wake-up, for changes
	// nobody signals (a script starred in the window). 0 disables it.
	Poll time.Duration
	// MinInterval is the shortest time between two menu updates; bursts of
	// wake-ups in between fold into one. DefaultMinInterval when <= 0.
	MinInterval time.Duration
	// Logf receives the few things the tray has to say (why there is no
	// tray, an action that failed). log.Printf when nil.
	Logf func(format string, args ...any)
}

// DefaultMinInterval keeps the menu at most 4 updates a second: live enough
// for a menu, and cheap on the bus.
const DefaultMinInterval = 250 * time.Millisecond

// ErrUnavailable is returned by Start when this system cannot show a tray.
var ErrUnavailable = errors.New("tray: no system tray available")

// ErrStarted is returned by a second Start: systray is one per process.
var ErrStarted = errors.New("tray: already started")

// started makes Start once-only: systray keeps global state that cannot be
// set up twice in one process.
var started atomic.Bool

// Tray is a running tray. Stop it once when the app shuts down.
type Tray struct {
	actions Actions                          // written once in newTray
	opts    Options                          // written once in newTray, defaults filled in
	logf    func(format string, args ...any) // written once in newTray
	refresh chan struct{}                    // capacity 1: a pending Refresh
	done    chan struct{}                    // closed by Stop
	end     func()                           // written once before the loop starts; nil in tests
	menu    *menu                            // written once in build, before ready is closed
	ready   chan struct{}                    // closed when the menu is built

	stopOnce sync.Once     // makes Stop run once
	loopDone chan struct{} // closed when the update loop has returned
	renders  atomic.Int64  // atomic; number of renders, for tests and diagnostics
}

// Available reports whether a tray can be shown here. main uses it to decide,
// before the window exists, whether closing the window hides it to the tray.
func Available() bool { return probeHost() == nil }

// probeHost says why no tray can be shown here, or nil: this build may have
// no tray implementation (systray needs cgo on macOS), or the system may
// offer no tray (probe, per system).
func probeHost() error {
	if !hostSupported {
		return errors.New("this build has no tray support (macOS needs cgo)")
	}
	return probe()
}

// Start shows the tray with its menu and keeps the menu up to date until
// Stop. Where no tray can exist it logs why, once, and returns an error
// wrapping ErrUnavailable: the app then runs without a tray.
func Start(actions Actions, opts Options) (*Tray, error) {
	t := newTray(actions, opts)
	if err := probeHost(); err != nil {
		t.logf("tray: running without a system tray: %v", err)
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	if !started.CompareAndSwap(false, true) {
		return nil, ErrStarted
	}
	end, err := runHost(t.build)
	if err != nil {
		t.logf("tray: running without a system tray: %v", err)
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	t.end = end
	go t.loop()
	return t, nil
}

func newTray(actions Actions, opts Options) *Tray {
	if opts.MinInterval <= 0 {
		opts.MinInterval = DefaultMinInterval
	}
	logf := opts.Logf
	if logf == nil {
		logf = log.Printf
	}
	return &Tray{
		actions:  actions,
		opts:     opts,
		logf:     logf,
		refresh:  make(chan struct{}, 1),
		done:     make(chan struct{}),
		ready:    make(chan struct{}),
		loopDone: make(chan struct{}),
	}
}

// build creates the menu in h and draws the first state. The host calls it
// once, when the tray is ready for items.
func (t *Tray) build(h host) {
	t.menu = newMenu(h, iconNormal(), iconFailed(), t.onClick, t.done)
	t.update()
	close(t.ready)
}

// Refresh asks for a menu update soon, e.g. after the favourites changed.
// It never blocks; calls in a burst fold into one update.
func (t *Tray) Refresh() {
	select {
	case t.refresh <- struct{}{}:
	default:
	}
}

// Stop removes the tray and stops its goroutines. It is safe to call more
// than once; it does not wait for actions already running.
func (t *Tray) Stop() {
	t.stopOnce.Do(func() {
		close(t.done)
		<-t.loopDone
		if t.end != nil {
			t.end()
		}
	})
}

// update re-reads the state and renders it.
func (t *Tray) update() {
	v := buildView(t.actions.Processes(), t.actions.Favourites(), t.actions.RecentProjects())
	v.Groups = groupViews(t.actions.Groups())
	t.menu.render(v)
	t.renders.Add(1)
}

// loop updates the menu after wake-ups, at most once per MinInterval.
func (t *Tray) loop() {
	defer close(t.loopDone)
	select {
	case <-t.ready:
	case <-t.done:
		return
	}
	var poll <-chan time.Time
	if t.opts.Poll > 0 {
		tk := time.NewTicker(t.opts.Poll)
		defer tk.Stop()
		poll = tk.C
	}
	timer := time.NewTimer(0)
	<-timer.C
	last := time.Now()
	for {
		select {
		case <-t.done:
			return
		case <-t.opts.Wake:
		case <-t.refresh:
		case <-poll:
		}
		if wait := t.opts.MinInterval - time.Since(last); wait > 0 {
			timer.Reset(wait)
			select {
			case <-t.done:
				timer.Stop()
				return
			case <-timer.C:
			}
		}
		// Whatever arrived while we waited is covered by the state we read now.
		drain(t.opts.Wake)
		drain(t.refresh)
		t.update()
		last = time.Now()
	}
}

func drain(ch <-chan struct{}) {
	select {
	case <-ch:
	default:
	}
}

// onClick runs the action a click asks for, in its own goroutine so a slow
// action (a Stop waiting out its grace period) never makes the tray drop
// other clicks, then refreshes the menu so it shows the result.
func (t *Tray) onClick(c click) {
	go func() {
		if err := t.do(c); err != nil {
			t.logf("tray: %v", err)
		}
		t.Refresh()
	}()
}

func (t *Tray) do(c click) error {
	a := t.actions
	switch c.kind {
	case clickStop, clickRestart, clickOpenURL, clickStart, clickRecent, clickStartGroup, clickStopGroup:
		if c.key == "" {
			// The slot was emptied between the menu showing it and the
			// click: there is nothing left to act on.
			return nil
		}
	}
	switch c.kind {
	case clickShow:
		a.ShowWindow()
	case clickHide:
		a.HideWindow()
	case clickStop:
		if err := a.StopProcess(c.key); err != nil {
			return fmt.Errorf("stop %s: %w", c.key, err)
		}
	case clickRestart:
		if err := a.RestartProcess(c.key); err != nil {
			return fmt.Errorf("restart %s: %w", c.key, err)
		}
	case clickOpenURL:
		if err := a.OpenURL(c.key); err != nil {
			return fmt.Errorf("open %s: %w", c.key, err)
		}
	case clickStart:
		if err := a.StartScript(c.key); err != nil {
			return fmt.Errorf("start %s: %w", c.key, err)
		}
	case clickStopAll:
		if err := a.StopAll(); err != nil {
			return fmt.Errorf("stop all: %w", err)
		}
	case clickRecent:
		if err := a.OpenProject(c.key); err != nil {
			return fmt.Errorf("open project %s: %w", c.key, err)
		}
	case clickStartGroup:
		if err := a.StartGroup(c.key); err != nil {
			return fmt.Errorf("start group %s: %w", c.key, err)
		}
	case clickStopGroup:
		if err := a.StopGroup(c.key); err != nil {
			return fmt.Errorf("stop group %s: %w", c.key, err)
		}
	case clickQuit:
		a.Quit()
	}
	return nil
}
