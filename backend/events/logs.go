package events

import (
	"context"
	"strings"
	"sync/atomic"
	"time"

	"hum/backend/logs"
)

// LogLine is one log line as the UI receives it: the ANSI text for the
// terminal view, without the plain copy the store keeps (logs.Line.Text), to
// halve what crosses the bridge.
type LogLine struct {
	Seq    uint64 `json:"seq"`
	Proc   string `json:"proc"`
	Stream string `json:"stream"` // "stdout" or "stderr"
	Time   int64  `json:"time"`   // unix milliseconds
	// Raw is the line, or its first LineBudget bytes followed by a marker
	// saying how much is not shown ("… 1.0 MiB more"). A marker on a line
	// of its own (Raw is only the marker) ends a line whose start came in
	// an earlier event.
	Raw string `json:"raw"`
	Cut uint64 `json:"cut"` // bytes of the printed line not shown; the store keeps what its bounds allow
	// Screen marks a line drawn in the alternate screen (logs.Line.Screen):
	// its Raw keeps the cursor moves that draw a full-screen program, for
	// the process's own view only; the merged view leaves it out.
	Screen bool `json:"screen,omitempty"`
	// Open marks a line the process paused in (logs.Line.Open): a process's
	// own view writes the next line straight after it, as a terminal would.
	Open bool `json:"open,omitempty"`
	// Modes are the input modes the line switched (logs.Line.Modes: CSI ?
	// 1, 2004 or mouse modes, h or l), for the process's own view.
	Modes string `json:"modes,omitempty"`
}

// LogBatch is the payload of a "logs" event.
type LogBatch struct {
	Lines   []LogLine `json:"lines"`
	Dropped uint64    `json:"dropped"` // lines this subscriber missed because it fell behind
	// Resync marks the first event after the window was hidden while lines
	// came: those are in the store, not in any event, so the view pulls
	// them (re-tails) before it writes this event's lines.
	Resync bool `json:"resync"`
}

// LogPage is a page of the log store as the UI receives it (App.TailLogs).
type LogPage struct {
	Lines []LogLine `json:"lines"`
	Next  uint64    `json:"next"` // pass as afterSeq for the following page
	Gap   bool      `json:"gap"`  // lines between afterSeq and the first line were dropped
}

// WirePage converts a page of the store (Store.Tail or Store.Page) to what
// the UI receives: its lines as WireLines makes them, its cursor and gap as
// they are.
func WirePage(p logs.Page) LogPage {
	return LogPage{Lines: WireLines(p.Lines), Next: p.Next, Gap: p.Gap}
}

// LogGap is the shortest time between two "logs" events, and LogCap the
// most lines one event carries (the bound of the subscription ForwardLogs
// takes from, which drops the oldest beyond it): a process printing
// 100,000 lines a second then costs the bridge 30 events a second (a frame
// or two apart, so the newest line is never held back long), and a flood
// beyond LogCap per event is counted in Dropped instead of queueing up
// behind the UI.
//
// LineBudget and EventBudget bound the bytes: a line shows at most
// LineBudget bytes (a terminal page of text; the store keeps more), and
// one event carries at most EventBudget bytes of lines as the bridge
// encodes them, so the feed costs the UI at most
// EventBudget/LogGap (about 15 MiB) a second whatever the processes print.
// What does not fit is dropped oldest first and counted in Dropped, like
// lines beyond LogCap. These are the feed's only bounds: the window shows
// what arrives.
const (
	LogGap      = 33 * time.Millisecond
	LogCap      = 4000
	LineBudget  = 4 << 10
	EventBudget = 512 << 10
)

// FloodRate and FloodBurst bound the lines a second the window is sent,
// whatever the processes print: a burst of up to FloodBurst lines (a test
// run's report, a stack dump) shows whole, LogCap an event, and a flood
// that goes on shows its newest FloodRate lines a second, the older ones
// dropped and counted like the lines beyond LogCap. A screen shows about
// 50 lines, so 10,000 a second still scrolls faster than anyone reads; what
// the window is spared is the work. Under a process printing 100,000 lines
// a second, writing every line that fitted LogCap (4,000 an event, 30% of
// the flood) held the page's frames up to 67 ms apart at the 95th
// percentile and the newest line a second behind; at this rate the frames
// stay 17 ms apart and the newest line about 0.1 s behind (docs/BENCHMARKS.md,
// UI). The store keeps every line within its own bounds, and a view that
// opens pulls them from there.
const (
	FloodRate  = 10_000
	FloodBurst = 20_000
)

// lineOverhead is about what one line costs in the event's JSON besides
// its raw text and process ID (field names, sequence number, time).
const lineOverhead = 80

// WireLines converts store lines to what the UI receives: each line cut to
// LineBudget, and the pieces of a line the store had to split (More) shown
// as that one line, cut. A page of the store is bounded by its line count,
// so no line is dropped here.
func WireLines(lines []logs.Line) []LogLine {
	var w wire
	w.budget = -1
	for _, l := range lines {
		w.add(l)
	}
	w.finish()
	return w.out
}

// streamKey names one stream of one process: pieces of a line come on one.
type streamKey struct{ proc, stream string }

// wire builds the lines of one event from store lines, in order. It is
// owned by one goroutine. Lines are cut to LineBudget as they come and the
// oldest dropped once the event is over its byte budget, so what it holds
// is bounded by its input's line count (LogCap, in ForwardLogs) and bytes.
type wire struct {
	budget  int       // bytes one event may hold; < 0 means no limit
	out     []LogLine // the event's lines
	bytes   int       // what out costs on the wire
	dropped uint64    // lines dropped from out for the bounds

	// A line split by the store shows once: its first piece, cut, stands
	// for it, and the pieces that follow are counted, not shown. hidden
	// holds the streams whose line is going on, with the bytes counted
	// since its last marker; it outlives events, as such a line may.
	// heads maps those streams to their line's index in out while it is in
	// this event (base-relative: out[i-base]).
	hidden map[streamKey]uint64
	heads  map[streamKey]int
	base   int // lines dropped from the front of out since the event began
}

// continues reports whether l is a later piece of a line whose head the
// wire has taken: such a piece shows nothing of its own, and the last one
// ends the line.
func (w *wire) continues(l logs.Line) bool {
	_, going := w.hidden[streamKey{l.Proc, l.Stream}]
	return going
}

// add takes the next store line.
func (w *wire) add(l logs.Line) {
	if w.hidden == nil {
		w.hidden, w.heads = map[streamKey]uint64{}, map[streamKey]int{}
	}
	k := streamKey{l.Proc, l.Stream}
	if n, going := w.hidden[k]; going {
		n += uint64(len(l.Raw))
		if l.More {
			w.hidden[k] = n
			return
		}
		delete(w.hidden, k)
		if i, ok := w.heads[k]; ok && i >= w.base {
			delete(w.heads, k)
			w.mark(i-w.base, n)
			return
		}
		delete(w.heads, k)
		// The line's start went out in an earlier event (or was dropped):
		// end it with a marker line of its own.
		w.push(LogLine{Seq: l.Seq, Proc: l.Proc, Stream: l.Stream, Time: l.Time.UnixMilli(), Raw: cutMarker(n), Cut: n, Screen: l.Screen})
		return
	}
	ll := LogLine{Seq: l.Seq, Proc: l.Proc, Stream: l.Stream, Time: l.Time.UnixMilli(), Screen: l.Screen, Open: l.Open, Modes: l.Modes}
	shown, cut := cutRaw(l.Raw, LineBudget)
	ll.Raw = shown
	w.push(ll)
	w.mark(len(w.out)-1, uint64(cut))
	if l.More {
		w.hidden[k] = 0
		w.heads[k] = w.base + len(w.out) - 1
	}
}

// mark adds n cut bytes to out[i] and makes its marker say the new total.
// A line has a marker exactly when its Cut is above zero.
func (w *wire) mark(i int, n uint64) {
	if n == 0 {
		return
	}
	ll := &w.out[i]
	before := len(ll.Raw)
	if ll.Cut > 0 {
		ll.Raw = strings.TrimSuffix(ll.Raw, cutMarker(ll.Cut))
	}
	ll.Cut += n
	ll.Raw += cutMarker(ll.Cut)
	w.bytes += len(ll.Raw) - before
}

// push appends ll and drops the oldest lines while the event is over its
// bounds (never ll itself: a line always fits once cut).
func (w *wire) push(ll LogLine) {
	w.out = append(w.out, ll)
	w.bytes += cost(ll)
	if w.budget < 0 {
		return
	}
	for len(w.out) > 1 && w.bytes > w.budget {
		w.bytes -= cost(w.out[0])
		w.out[0] = LogLine{} // let the dropped text go
		w.out = w.out[1:]
		w.base++
		w.dropped++
	}
}

func cost(ll LogLine) int { return len(ll.Raw) + len(ll.Proc) + lineOverhead }

// finish ends the event: the head of a line still going on gets a marker
// for what came of it so far, and the pieces that follow are counted from
// zero for the marker line that will end it.
func (w *wire) finish() {
	for k, i := range w.heads {
		delete(w.heads, k)
		if i >= w.base {
			w.mark(i-w.base, w.hidden[k])
			w.hidden[k] = 0
		}
	}
	w.base = 0
}

// take returns the event built so far and starts the next one.
func (w *wire) take() LogBatch {
	w.finish()
	b := LogBatch{Lines: w.out, Dropped: w.dropped}
	w.out, w.bytes, w.dropped = nil, 0, 0
	return b
}

// newestOfEachStream returns, among lines[:cut], the index of each stream's
// last line in lines when no line of that stream comes after cut (nil when
// cut is 0): the lines a cut of the oldest must keep so that every stream
// shows its newest line.
func newestOfEachStream(lines []logs.Line, cut int) map[int]bool {
	if cut <= 0 {
		return nil
	}
	seen := map[streamKey]bool{}
	for _, l := range lines[cut:] {
		seen[streamKey{l.Proc, l.Stream}] = true
	}
	keep := map[int]bool{}
	for i := cut - 1; i >= 0; i-- {
		k := streamKey{lines[i].Proc, lines[i].Stream}
		if !seen[k] {
			seen[k] = true
			keep[i] = true
		}
	}
	return keep
}

// LogSource is where ForwardLogs takes new lines from: a
// *logs.Subscription, which holds at most LogCap lines between two takes
// when made with Subscribe(LogCap).
type LogSource interface {
	Ready() <-chan struct{}
	Take() (logs.Batch, bool)
}

// ForwardLogs emits what src gathers as "logs" events until ctx is done or
// src is closed: at most one event per LogGap, each bounded by EventBudget
// bytes (and by the LogCap lines src holds), and FloodRate lines a second
// after a burst of FloodBurst. It is the one stage that
// paces the log feed: the store hands each line to src at once, and the
// window writes each event as it comes. It is a LogFeed never paused.
func ForwardLogs(ctx context.Context, em Emitter, src LogSource) {
	NewLogFeed(em).Run(ctx, src)
}

// LogFeed forwards log lines as "logs" events (see ForwardLogs) and can be
// paused for a window that is hidden or minimised: the store keeps every
// line, but none crosses to a UI that draws nothing, and nothing is built
// for it. The first event after a pause that held lines back is marked
// Resync, so the view pulls them from the store. Create one with NewLogFeed
// and call Run once.
type LogFeed struct {
	em     Emitter       // written once in NewLogFeed
	paused atomic.Bool   // set by SetPaused from any goroutine: no events while true
	kick   chan struct{} // capacity 1: SetPaused(false) wakes Run to send the resync
	held   atomic.Uint64 // lines not sent because the feed was paused
	// before, when not nil, is called with each event's lines before it
	// is emitted (Feed: Coalescer.Announce). Written once before Run.
	before func(lines []LogLine)
}

// NewLogFeed returns a LogFeed emitting to em, not paused.
func NewLogFeed(em Emitter) *LogFeed {
	return &LogFeed{em: em, kick: make(chan struct{}, 1)}
}

// Held returns how many lines the feed has not sent because it was paused
// (they stay in the store), since it was made.
func (f *LogFeed) Held() uint64 { return f.held.Load() }

// SetPaused stops (true) or resumes (false) the events. Resuming after lines
// were held back sends a Resync event at once, even if no new line comes.
// Safe to call from any goroutine.
func (f *LogFeed) SetPaused(paused bool) {
	if f.paused.Swap(paused) == paused || paused {
		return
	}
	select {
	case f.kick <- struct{}{}:
	default:
	}
}

// Run emits what src gathers until ctx is done or src is closed.
func (f *LogFeed) Run(ctx context.Context, src LogSource) {
	w := wire{budget: EventBudget}
	missed := false // owned here: lines were held back while paused
	p := newPacer(LogGap)
	lines := newLineBudget(FloodRate, FloodBurst)
	emit := func(b LogBatch) {
		if missed {
			b.Resync, missed = true, false
		}
		if b.Lines == nil {
			b.Lines = []LogLine{}
		}
		if f.before != nil {
			f.before(b.Lines)
		}
		f.em.Emit(TopicLogs, b)
		p.sent()
	}
	// hold drops what a paused feed took: the store has it, and the view
	// pulls it on the Resync that follows.
	hold := func(b logs.Batch) {
		if n := len(b.Lines) + len(w.out); n > 0 || b.Dropped > 0 || w.dropped > 0 {
			f.held.Add(uint64(n))
			missed = true
		}
		w = wire{budget: EventBudget}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-f.kick:
			if missed && !f.paused.Load() {
				emit(LogBatch{}) // catch up now: no new line may come for a while
			}
			continue
		case <-src.Ready():
		}
		if !f.paused.Load() {
			// Let lines gather until LogGap has passed since the last event:
			// a line after a quiet spell goes out at once, a flood in events
			// LogGap apart.
			if !p.wait(ctx) {
				return
			}
		}
		b, open := src.Take()
		if f.paused.Load() {
			hold(b)
		} else {
			// Beyond the flood budget, the oldest go, but never the newest
			// line of a stream: when a flood stops, its last line (a
			// summary, a prompt) is what the view must end on, and no later
			// event may bring it. Nor a piece of a long line whose head
			// went out: pieces are only counted, and the last one must
			// reach the wire to end that line, or the stream's next line
			// would be taken for its end and never shown.
			cut := len(b.Lines) - lines.allow(time.Now(), len(b.Lines))
			w.dropped += b.Dropped
			newest := newestOfEachStream(b.Lines, cut)
			for i, l := range b.Lines {
				if i < cut && !newest[i] && !w.continues(l) {
					w.dropped++
					continue
				}
				w.add(l)
			}
			// Only hidden pieces of a long line may have come: nothing to show yet.
			if len(w.out) > 0 || w.dropped > 0 || missed {
				emit(w.take())
			}
		}
		if !open {
			return
		}
	}
}
