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

// lineBudget is a token bucket of lines: it lets a burst of up to burst
// lines through at once and rate lines a second after that. It is owned by
// the loop's goroutine.
type lineBudget struct {
	rate, burst float64 // written once in newLineBudget
	tokens      float64 // lines that may go out now
	last        time.Time
}

func newLineBudget(rate, burst int) *lineBudget {
	return &lineBudget{rate: float64(rate), burst: float64(burst), tokens: float64(burst)}
}

// allow returns how many of n lines may go out at now, and spends them.
func (b *lineBudget) allow(now time.Time, n int) int {
	if !b.last.IsZero() {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
	k := min(n, int(b.tokens))
	b.tokens -= float64(k)
	return k
}
