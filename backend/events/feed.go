package events

import (
	"context"
	"slices"

	"hum/backend/logs"
	"hum/backend/process"
)

// Source is what a Feed reads of one open project; a *session.Session is
// one.
type Source interface {
	Processes() []process.State       // every state, for the "processes" events
	Watch() (<-chan struct{}, func()) // a coalescing wake-up after process changes, and its end
	Logs() *logs.Store                // the lines for the "logs" events
}

// Feed carries one open project to the UI: its "processes", "logs" and
// "errors" events. Start one with StartFeed and end it with Stop.
type Feed struct {
	procs *Coalescer         // written once in StartFeed
	logs  *LogFeed           // written once in StartFeed
	stop  context.CancelFunc // written once in StartFeed
}

// StartFeed starts forwarding src's process changes, logs and errors to em,
// until Stop. errs is the ErrorFeed whose Add the project was opened with
// as its OnError: it exists before the project does, so no error detected
// in between is lost. The process and log events start paused when paused
// is true (see SetPaused).
func StartFeed(em Emitter, src Source, errs *ErrorFeed, paused bool) *Feed {
	ctx, stop := context.WithCancel(context.Background())
	wake, unwatch := src.Watch()
	sub := src.Logs().Subscribe(LogCap)
	f := &Feed{procs: NewCoalescer(em, src.Processes, Interval), logs: NewLogFeed(em), stop: stop}
	f.procs.SetPaused(paused)
	f.logs.SetPaused(paused)
	// The processes of a logs event are announced first: the two run
	// apart, and a process that prints as it starts would otherwise have
	// its first lines labelled by its ID.
	f.logs.before = func(lines []LogLine) {
		var procs []string
		for _, l := range lines {
			if !slices.Contains(procs, l.Proc) {
				procs = append(procs, l.Proc)
			}
		}
		f.procs.Announce(procs)
	}
	go func() {
		defer unwatch()
		f.procs.Run(ctx, wake)
	}()
	go func() {
		defer sub.Close()
		f.logs.Run(ctx, sub)
	}()
	go errs.Run(ctx, em)
	return f
}

// SetPaused stops or resumes the "processes" and "logs" events, for a window
// that is hidden or shown again (Coalescer.SetPaused, LogFeed.SetPaused).
// Safe from any goroutine.
func (f *Feed) SetPaused(paused bool) {
	f.procs.SetPaused(paused)
	f.logs.SetPaused(paused)
}

// Resync makes the next "processes" event carry every state, marked Full
// (Coalescer.Resync): the UI's first view, on the channel of the changes.
func (f *Feed) Resync() { f.procs.Resync() }

// HeldLines is how many log lines the feed has not sent because it was
// paused (LogFeed.Held).
func (f *Feed) HeldLines() uint64 { return f.logs.Held() }

// Stop ends the feed's goroutines; nothing more is emitted once they see
// it. Safe to call more than once.
func (f *Feed) Stop() { f.stop() }
