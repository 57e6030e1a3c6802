package notify

import (
	"context"
	"time"

	"hum/backend/process"
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
}

// Watch feeds Rules from src until ctx ends or Changes closes, and hands
// each notification to send when its coalescing window has passed.
func Watch(ctx context.Context, src Source, send func(Note)) {
	r := &Rules{Settings: src.Settings(), Success: src.Success}
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
		case <-timer.C:
		}
		for _, n := range r.Due(time.Now()) {
			send(n)
		}
		arm()
	}
}
