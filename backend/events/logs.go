package events

import (
	"context"
	"time"

	"hum/backend/logs"
)

// LogLine is one log line as the UI receives it: the ANSI text for the
// terminal view, without the plain copy the store keeps for search, to
// halve what crosses the bridge.
type LogLine struct {
	Seq    uint64 `json:"seq"`
	Proc   string `json:"proc"`
	Stream string `json:"stream"` // "stdout" or "stderr"
	Time   int64  `json:"time"`   // unix milliseconds
	Raw    string `json:"raw"`
}

// LogBatch is the payload of a "logs" event.
type LogBatch struct {
	Lines   []LogLine `json:"lines"`
	Dropped uint64    `json:"dropped"` // lines this subscriber missed because it fell behind
}

// WireLines converts store lines to what the UI receives.
func WireLines(lines []logs.Line) []LogLine {
	out := make([]LogLine, len(lines))
	for i, l := range lines {
		out[i] = LogLine{Seq: l.Seq, Proc: l.Proc, Stream: l.Stream, Time: l.Time.UnixMilli(), Raw: l.Raw}
	}
	return out
}

// LogGap is the shortest time between two "logs" events, and LogCap the
// most lines one event carries: a process printing 100,000 lines a second
// then costs the bridge 30 events a second (a frame or two apart, so the
// newest line is never held back long), and a flood beyond LogCap per event
// is counted in Dropped instead of queueing up behind the UI.
const (
	LogGap = 33 * time.Millisecond
	LogCap = 4000
)

// ForwardLogs emits the batches from c as "logs" events until ctx is done
// or c is closed, merging what arrives within LogGap into one event.
func ForwardLogs(ctx context.Context, em Emitter, c <-chan logs.Batch) {
	var (
		lines   []logs.Line
		dropped uint64
		last    time.Time
	)
	take := func(b logs.Batch) {
		lines = append(lines, b.Lines...)
		dropped += b.Dropped
	}
	timer := time.NewTimer(0)
	<-timer.C
	for {
		select {
		case <-ctx.Done():
			return
		case b, ok := <-c:
			if !ok {
				return
			}
			take(b)
		}
		if wait := LogGap - time.Since(last); wait > 0 {
			timer.Reset(wait)
		collect:
			for {
				select {
				case <-ctx.Done():
					timer.Stop()
					return
				case b, ok := <-c:
					if !ok {
						timer.Stop()
						break collect
					}
					take(b)
				case <-timer.C:
					break collect
				}
			}
		}
		if over := len(lines) - LogCap; over > 0 {
			dropped += uint64(over)
			lines = lines[over:]
		}
		em.Emit(TopicLogs, LogBatch{Lines: WireLines(lines), Dropped: dropped})
		last = time.Now()
		lines, dropped = nil, 0
	}
}

// ErrorForwarder returns a function for logs.Options.OnError that emits each
// detected error as an "errors" event.
func ErrorForwarder(em Emitter) func(logs.ErrorEntry) {
	return func(e logs.ErrorEntry) { em.Emit(TopicErrors, e) }
}
