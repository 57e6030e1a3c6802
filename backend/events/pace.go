package events

import (
	"context"
	"time"
)

// pacer keeps a loop's events at least gap apart: the one rule the
// "processes", "logs" and "errors" loops share. A wake-up after a quiet
// spell goes out at once; wake-ups closer together wait out the gap, and
// what comes meanwhile joins the event that follows. It is owned by the
// loop's goroutine.
type pacer struct {
	gap   time.Duration // written once in newPacer
	last  time.Time     // when the previous event went out; zero before the first
	timer *time.Timer   // stopped between waits
}

func newPacer(gap time.Duration) *pacer {
	t := time.NewTimer(gap)
	t.Stop()
	return &pacer{gap: gap, timer: t}
}

// wait returns once gap has passed since the previous event (at once before
// the first), or false when ctx is done first.
func (p *pacer) wait(ctx context.Context) bool {
	d := p.gap - time.Since(p.last)
	if p.last.IsZero() || d <= 0 {
		return true
	}
	p.timer.Reset(d)
	select {
	case <-ctx.Done():
		p.timer.Stop()
		return false
	case <-p.timer.C:
		return true
	}
}

// sent records that an event went out now.
func (p *pacer) sent() { p.last = time.Now() }
