package notify

import (
	"context"
	"time"

	"hum/backend/process"
	"hum/backend/termnotify"
)

// Source is what Watch reads: a wake-up on each change of the processes
// (session.Session.Watch), their states, whether the window is seen and
// which kinds the user wants.
type Source struct {
	Changes   <-chan struct{}
	Processes func() []process.State
	Seen      func() bool
	Settings  func() Settings
	Success   func(process.State) bool // nil: exit code 0 without an error
	// Printed, when set, delivers the bells and OSC 9/777 notifications
	// the processes print (session.Session.Signals).
	Printed <-chan termnotify.Printed
	// UserStarted and ErrorOf are Rules' (see there); nil for none.
	UserStarted func(process.State) bool
	ErrorOf     func(id string, since int64) (DetectedError, bool)
}

// Watch feeds Rules from src until ctx ends or Changes closes, and hands
// each notification to send when its coalescing window has passed.
func Watch(ctx context.Context, src Source, send func(Note)) {
	r := &Rules{Settings: src.Settings(), Success: src.Success, UserStarted: src.UserStarted, ErrorOf: src.ErrorOf}
	r.Observe(time.Now(), src.Processes(), src.Seen())
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	arm := func() {
		timer.Stop()
		if at, ok := r.Next(); ok {
			timer.Reset(max(time.Until(at), 0))
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-src.Changes:
			if !ok {
				return
			}
			r.Settings = src.Settings()
			r.Observe(time.Now(), src.Processes(), src.Seen())
		case p := <-src.Printed: // never ready when nil
			now := time.Now()
			r.Settings = src.Settings()
			if !r.Wants(now, p.ProcID) {
				break // the common case of a bell loop: no snapshot taken
			}
			if name, ok := nameOf(src.Processes(), p.ProcID); ok {
				r.Printed(now, p.ProcID, name, p.Signal.Bell, p.Signal.Title, p.Signal.Body)
			}
		case <-timer.C:
		}
		for _, n := range r.Due(time.Now()) {
			send(n)
		}
		arm()
	}
}

// nameOf finds process id's name in states.
func nameOf(states []process.State, id string) (string, bool) {
	for _, st := range states {
		if st.Identity != nil && st.ID == id {
			return st.Name, true
		}
	}
	return "", false
}
