package main

import (
	"context"
	"log"
	"slices"

	"hum/backend/config"
	"hum/backend/events"
	"hum/backend/logs"
	"hum/backend/notify"
	"hum/backend/process"
	"hum/backend/session"
	"hum/backend/supervisor"
)

// notifier is what the App needs of a desktop notification sender:
// notify.New's for this OS in the app, a fake in tests.
type notifier interface {
	Send(notify.Note) error
	Close() error
}

// startNotifications connects to the desktop's notification server, if
// there is one (none: Hum shows no notifications and says nothing), and
// feeds it every project's process changes from then on. Called once, in
// startup, before the first open.
func (a *App) startNotifications(ctx context.Context) {
	d, err := notify.New(a.focusProcess)
	if err != nil {
		return
	}
	a.notes = d
	go a.notifySessions(ctx)
}

// notifySessions runs notify.Watch on every open project, active or not,
// from when it opens until it closes or ctx ends.
func (a *App) notifySessions(ctx context.Context) {
	changed, stop := a.ws.Watch(false)
	defer stop()
	ends := map[*session.Session]context.CancelFunc{}
	defer func() {
		for _, end := range ends {
			end()
		}
	}()
	for {
		open := a.ws.Sessions()
		for _, s := range open {
			if ends[s] == nil {
				ends[s] = a.goNotifySession(ctx, s)
			}
		}
		for s, end := range ends {
			if !slices.Contains(open, s) {
				end()
				delete(ends, s)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-changed:
		}
	}
}

// goNotifySession starts notifySession and returns what ends it.
func (a *App) goNotifySession(ctx context.Context, s *session.Session) context.CancelFunc {
	sctx, cancel := context.WithCancel(ctx)
	go a.notifySession(sctx, s)
	return cancel
}

// notifySession feeds one project's changes to the notification rules
// until it closes or ctx ends.
func (a *App) notifySession(ctx context.Context, s *session.Session) {
	ch, stop := s.Watch()
	defer stop()
	notify.Watch(ctx, notify.Source{
		Changes:   ch,
		Processes: s.Processes,
		// A project in the background is not seen, however visible the window.
		Seen:     func() bool { return !a.vis.Paused() && a.ws.Active() == s },
		Settings: func() notify.Settings { return notifySettings(a.cfg.Settings().Notify) },
		// An exit code the process's restart policy calls a success is no crash.
		Success: func(st process.State) bool {
			return supervisor.Succeeded(&st, s.Stack().Policies[st.ScriptID].Restart.SuccessCodes)
		},
		Printed:     s.Signals(),
		UserStarted: a.starts.Claim,
		ErrorOf: func(id string, since int64) (notify.DetectedError, bool) {
			return lastError(s.Logs().Errors(id), since)
		},
	}, func(n notify.Note) {
		// Its processes are named with their project, so that a click
		// finds them whichever project is active by then.
		n.ProcIDs = slices.Clone(n.ProcIDs)
		for i, id := range n.ProcIDs {
			n.ProcIDs[i] = qualified(s.Root(), id)
		}
		if err := a.notes.Send(n); err != nil {
			log.Printf("hum: notification %q: %v", n.Summary, err)
		}
	})
}

func notifySettings(n config.NotifySettings) notify.Settings {
	return notify.Settings{Crashed: n.Crashed, CrashLoop: n.CrashLoop, Finished: n.Finished, Ready: n.Ready, Terminal: n.Terminal}
}

// lastError is the last of a process's errors detected since since (unix
// ms, its run's start): the one a crash notification names.
func lastError(errs []logs.ErrorEntry, since int64) (notify.DetectedError, bool) {
	if len(errs) == 0 || errs[len(errs)-1].Time < since {
		return notify.DetectedError{}, false
	}
	e := errs[len(errs)-1]
	return notify.DetectedError{ID: e.ID, Title: e.Title}, true
}

// focusProcess is a click on a notification: the window comes forward on
// the project of the process it was about (switching to it when another is
// active) and selects the process, on the error it named, if any.
// t.ProcID is qualified (qualified); a plain ID is of the active project.
// A project closed since is not reopened: the window only comes forward.
func (a *App) focusProcess(t notify.Target) {
	s, id := a.unqualify(t.ProcID)
	if s != nil {
		if _, err := a.SwitchProject(s.Root()); err != nil {
			s = nil // closed meanwhile
		}
	}
	a.window.Show()
	a.setWindowShown(true)
	if s != nil {
		a.window.Emit(events.TopicSelect, events.Selection{ProcID: id, ErrorID: t.ErrorID})
	}
}

// SetNotifications saves which desktop notifications Hum shows; they apply at once.
func (a *App) SetNotifications(n config.NotifySettings) (config.Settings, error) {
	return a.cfg.SetNotify(n)
}
