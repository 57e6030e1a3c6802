package events

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/logs"
	"hum/backend/poll"
	"hum/backend/process"
)

// logRecorder keeps the "logs" events.
type logRecorder = topicRecorder[LogBatch]

func newLogRecorder() *logRecorder { return &logRecorder{topic: TopicLogs} }

func totals(r *logRecorder) (lines int, dropped uint64, events int) {
	batches, _ := r.snapshot()
	for _, b := range batches {
		lines += len(b.Lines)
		dropped += b.Dropped
	}
	return lines, dropped, len(batches)
}

// printLines has the store take n lines of p000001, as the process core
// hands them over.
func printLines(s *logs.Store, n int) {
	for range n {
		s.Line("p000001", process.Stdout, []byte("\x1b[32mok\x1b[0m"))
	}
}

// forward runs ForwardLogs on a new subscription of s, holding limit lines,
// until the returned function closes the subscription and waits for it.
func forward(t *testing.T, s *logs.Store, rec *logRecorder, limit int) (stop func()) {
	t.Helper()
	sub := s.Subscribe(limit)
	done := make(chan struct{})
	go func() { ForwardLogs(context.Background(), rec, sub); close(done) }()
	return func() {
		t.Helper()
		sub.Close()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("ForwardLogs did not return when its subscription closed")
		}
	}
}

func TestForwardLogsMergesWithinTheGap(t *testing.T) {
	rec := newLogRecorder()
	s := logs.NewStore(logs.Options{})
	defer s.Close()
	before := time.Now().UnixMilli()
	stop := forward(t, s, rec, LogCap)

	// 200 groups of 10 lines over about 200 ms: far more often than LogGap.
	for range 200 {
		printLines(s, 10)
		time.Sleep(time.Millisecond)
	}
	poll.Until(t, 10*time.Second, func() bool { n, _, _ := totals(rec); return n >= 2000 }, "all 2000 lines forwarded")
	lines, dropped, events := totals(rec)
	stop()
	assert.Equal(t, 2000, lines, "every line is forwarded: got %d, want 2000", lines)
	assert.Zero(t, dropped)
	assert.Less(t, events, 200, "got %d events for 200 groups of lines, want them merged", events)

	rec.mu.Lock()
	defer rec.mu.Unlock()
	for i := 1; i < len(rec.at); i++ {
		gap := rec.at[i].Sub(rec.at[i-1])
		assert.GreaterOrEqual(t, gap, LogGap, "gap %d: got %v, want >= %v", i, gap, LogGap)
	}
	first := rec.items[0].Lines[0]
	assert.GreaterOrEqual(t, first.Time, before, "time: got %d, want >= %d", first.Time, before)
	first.Time = 0
	assert.Equal(t, LogLine{Seq: 1, Proc: "p000001", Stream: "stdout", Raw: "\x1b[32mok\x1b[0m"}, first)
	var prev uint64
	for _, b := range rec.items {
		for _, l := range b.Lines {
			require.Greater(t, l.Seq, prev, "lines stay in order")
			prev = l.Seq
		}
	}
}

// TestForwardLogsCapsAFloodAndCountsTheRest checks the feed's line bound
// and the dropped count from the store to the event (the window shows it as
// "N lines skipped", LogWriter.gap): a flood beyond LogCap before the feed
// takes is cut to the newest LogCap lines and the rest counted.
func TestForwardLogsCapsAFloodAndCountsTheRest(t *testing.T) {
	rec := newLogRecorder()
	s := logs.NewStore(logs.Options{MaxLines: 2 * LogCap})
	defer s.Close()
	sub := s.Subscribe(LogCap)
	printLines(s, LogCap+500)
	s.Close()
	ForwardLogs(context.Background(), rec, sub)
	lines, dropped, _ := totals(rec)
	assert.Equal(t, LogCap, lines, "got %d lines, want %d", lines, LogCap)
	assert.Equal(t, uint64(500), dropped, "got %d dropped, want %d", dropped, 500)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	last := rec.items[len(rec.items)-1]
	assert.Equal(t, uint64(LogCap+500), last.Lines[len(last.Lines)-1].Seq, "the newest lines are the ones kept")
}

// TestForwardLogsShowsAFloodAtFloodRate checks what spares the window under
// a process that prints without end: past a burst of FloodBurst lines, the
// feed sends about FloodRate lines a second, the newest, and counts every
// other line as dropped. Before this bound it sent LogCap lines every
// LogGap, 120,000 a second.
func TestForwardLogsShowsAFloodAtFloodRate(t *testing.T) {
	rec := newLogRecorder()
	s := logs.NewStore(logs.Options{MaxLines: 1000})
	defer s.Close()
	stop := forward(t, s, rec, LogCap)

	// About 200,000 lines a second for 1.5 s: 2,000 lines every 10 ms.
	const printed = 150 * 2000
	began := time.Now()
	for range 150 {
		printLines(s, 2000)
		time.Sleep(10 * time.Millisecond)
	}
	elapsed := time.Since(began)
	poll.Until(t, 10*time.Second, func() bool {
		n, d, _ := totals(rec)
		return uint64(n)+d >= printed
	}, "every line forwarded or counted")
	stop()

	lines, dropped, _ := totals(rec)
	assert.Equal(t, uint64(printed), uint64(lines)+dropped, "every line is sent or counted as dropped")
	// The feed may still send for an event or two after the last line.
	most := FloodBurst + int(FloodRate*(elapsed+2*LogGap).Seconds()) + LogCap
	assert.LessOrEqual(t, lines, most, "lines sent in %v: got %d, want at most %d (a burst of %d, then %d a second)", elapsed, lines, most, FloodBurst, FloodRate)
	assert.Greater(t, lines, FloodBurst, "past the burst, the flood still shows")
	rec.mu.Lock()
	defer rec.mu.Unlock()
	last := rec.items[len(rec.items)-1]
	require.NotEmpty(t, last.Lines)
	assert.Equal(t, uint64(printed), last.Lines[len(last.Lines)-1].Seq, "the newest line is sent")
}

// TestAFloodNeverHidesTheNewestLineOfAProcess checks that the flood budget
// cuts the oldest lines but never a process's newest: another process's
// last line printed in the middle of a flood, and the flood's own last
// line, both reach the window, though no later line comes to bring them.
func TestAFloodNeverHidesTheNewestLineOfAProcess(t *testing.T) {
	rec := newLogRecorder()
	s := logs.NewStore(logs.Options{MaxLines: 1000})
	defer s.Close()
	stop := forward(t, s, rec, LogCap)
	for range 100 { // 200,000 lines a second: the budget is spent
		printLines(s, 2000)
		time.Sleep(10 * time.Millisecond)
	}
	s.Line("p000002", process.Stdout, []byte("other: done"))
	printLines(s, 2000)
	s.Line("p000001", process.Stdout, []byte("flood: done"))
	saw := func(proc, raw string) bool {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		for _, b := range rec.items {
			for _, l := range b.Lines {
				if l.Proc == proc && l.Raw == raw {
					return true
				}
			}
		}
		return false
	}
	poll.Until(t, 10*time.Second, func() bool { return saw("p000001", "flood: done") }, "the flood's last line sent")
	stop()
	assert.True(t, saw("p000002", "other: done"), "the other process's last line is sent, though older lines of the flood were cut around it")
}

// TestAFloodThatCutsTheEndOfALongLineStillShowsTheNextLine checks the flood
// budget against lines the process core split: when the budget cuts the
// last piece of a long line whose head was sent, the line must still end
// there, or the next line of that stream (the flood's "done") is taken for
// the long line's end and never shown.
func TestAFloodThatCutsTheEndOfALongLineStillShowsTheNextLine(t *testing.T) {
	rec := newLogRecorder()
	s := logs.NewStore(logs.Options{MaxLines: 1000})
	defer s.Close()
	stop := forward(t, s, rec, LogCap)
	filler := func(n int) {
		for range n {
			s.Line("p000003", process.Stdout, []byte("filler"))
		}
	}
	for range 100 { // 200,000 lines a second: the budget is spent
		filler(2000)
		time.Sleep(10 * time.Millisecond)
	}
	long := []byte(strings.Repeat("x", 64<<10))
	s.LinePart("p000001", process.Stdout, long) // the head: the newest line of its stream, so it is sent
	filler(100)
	saw := func(proc, raw string) bool {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		for _, b := range rec.items {
			for _, l := range b.Lines {
				if l.Proc == proc && strings.HasPrefix(l.Raw, raw) {
					return true
				}
			}
		}
		return false
	}
	poll.Until(t, 10*time.Second, func() bool { return saw("p000001", "xxxx") }, "the long line's head sent")
	// In one batch: the long line's last piece, the stream's next line,
	// and a flood of another process the budget has no room for.
	s.Line("p000001", process.Stdout, long)
	s.Line("p000001", process.Stdout, []byte("flood: done"))
	filler(2000)
	poll.Until(t, 10*time.Second, func() bool { return saw("p000001", "flood: done") }, "the line after the long one sent as itself")
	stop()
}

func TestLineBudgetLetsABurstThroughThenTheRate(t *testing.T) {
	b := newLineBudget(1000, 5000)
	t0 := time.Unix(1000, 0)
	assert.Equal(t, 4000, b.allow(t0, 4000), "a burst within the budget goes whole")
	assert.Equal(t, 1000, b.allow(t0, 4000), "then what is left of it")
	assert.Equal(t, 0, b.allow(t0, 10), "then nothing until it refills")
	assert.Equal(t, 100, b.allow(t0.Add(100*time.Millisecond), 4000), "a tenth of a second: 100 lines")
	assert.Equal(t, 5000, b.allow(t0.Add(time.Hour), 9000), "a quiet hour refills only up to the burst")
}

func TestLogFeedSendsNothingWhilePausedAndAsksForAResyncOnResume(t *testing.T) {
	rec := newLogRecorder()
	s := logs.NewStore(logs.Options{})
	defer s.Close()
	f := NewLogFeed(rec)
	f.SetPaused(true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go f.Run(ctx, s.Subscribe(LogCap))

	printLines(s, 200)
	poll.Until(t, 10*time.Second, func() bool { return f.Held() == 200 }, "the feed to hold back 200 lines")
	got, _ := rec.snapshot()
	assert.Empty(t, got, "a paused feed sent %d events", len(got))
	f.SetPaused(false)
	// The resync goes out at once, though no line follows yet.
	poll.Until(t, 10*time.Second, func() bool { b, _ := rec.snapshot(); return len(b) >= 1 }, "a resync event after resuming")
	printLines(s, 5)
	poll.Until(t, 10*time.Second, func() bool { n, _, _ := totals(rec); return n >= 5 }, "the lines after resuming")

	got, _ = rec.snapshot()
	require.True(t, got[0].Resync, "the first event after resuming: got Resync false, want true")
	assert.Empty(t, got[0].Lines, "the resync event carries no line")
	for i, b := range got {
		if i > 0 {
			assert.False(t, b.Resync, "event %d: got Resync true, want only the first", i)
		}
		for _, l := range b.Lines {
			assert.Greater(t, l.Seq, uint64(200), "event %d carries line %d, printed while paused", i, l.Seq)
		}
	}
}

func TestLogFeedResumedWithoutMissedLinesAsksForNoResync(t *testing.T) {
	rec := newLogRecorder()
	s := logs.NewStore(logs.Options{})
	defer s.Close()
	f := NewLogFeed(rec)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go f.Run(ctx, s.Subscribe(LogCap))
	f.SetPaused(true)
	f.SetPaused(false) // hidden while nothing printed
	printLines(s, 3)
	poll.Until(t, 10*time.Second, func() bool { n, _, _ := totals(rec); return n >= 3 }, "the lines")
	// One event or more: on a busy machine the feed may wake between the
	// prints. None asks for a resync.
	got, _ := rec.snapshot()
	require.NotEmpty(t, got)
	for i, b := range got {
		assert.False(t, b.Resync, "event %d: got Resync true after a pause that missed nothing, want false", i)
	}
}

func TestForwardLogsStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := logs.NewStore(logs.Options{})
	defer s.Close()
	done := make(chan struct{})
	go func() { ForwardLogs(ctx, newLogRecorder(), s.Subscribe(1)); close(done) }()
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("ForwardLogs did not return after cancel")
	}
}

// wireBytes is what a batch costs on the bridge: its JSON, as Wails sends it.
func wireBytes(t *testing.T, v any) int {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return len(b)
}

// storeLines runs print through a real store and returns the lines it
// hands subscribers, pieces of long lines marked More.
func storeLines(t *testing.T, print func(s *logs.Store)) []logs.Line {
	t.Helper()
	s := logs.NewStore(logs.Options{})
	sub := s.Subscribe(1 << 12)
	print(s)
	s.Close()
	b, _ := sub.Take()
	return b.Lines
}

func TestALongLineShowsOnceCutWithAMarker(t *testing.T) {
	// A 1 MiB line as the process core delivers it: 64 KiB pieces, then
	// the end, with a short line before and after.
	long := strings.Repeat("é", 1<<19) // 1 MiB of two-byte runes
	lines := storeLines(t, func(s *logs.Store) {
		s.Line("p1", process.Stdout, []byte("before"))
		off := 0
		for ; off+process.DefaultMaxLine < len(long); off += process.DefaultMaxLine {
			s.LinePart("p1", process.Stdout, []byte(long[off:off+process.DefaultMaxLine]))
		}
		s.Line("p1", process.Stdout, []byte(long[off:]))
		s.Line("p1", process.Stdout, []byte("after"))
	})
	require.Greater(t, len(lines), 10, "the store keeps the long line in pieces")

	got := WireLines(lines)
	require.Len(t, got, 3, "got %d lines, want before, the long line, after", len(got))
	assert.Equal(t, "before", got[0].Raw)
	assert.Equal(t, "after", got[2].Raw)
	l := got[1]
	assert.LessOrEqual(t, len(l.Raw), LineBudget+64, "the shown line fits the budget: got %d bytes", len(l.Raw))
	shown := strings.TrimSuffix(l.Raw, cutMarker(l.Cut))
	assert.True(t, strings.HasPrefix(long, shown), "the shown part is the start of the line")
	assert.True(t, utf8.ValidString(shown), "no rune is split")
	assert.Equal(t, uint64(len(long)-len(shown)), l.Cut, "cut: got %d, want %d", l.Cut, len(long)-len(shown))
	assert.Equal(t, "\x1b]8;;\x1b\\\x1b[0m\x1b[2m… 1020.0 KiB more\x1b[0m", l.Raw[len(shown):], "the marker says how much was cut")
	assert.Zero(t, got[0].Cut)
	assert.NotContains(t, got[0].Raw, "more")
}

func TestALongLineAcrossEventsEndsWithAMarkerLine(t *testing.T) {
	piece := func(seq uint64, more bool) logs.Line {
		return logs.Line{Seq: seq, Proc: "p1", Stream: "stderr", Time: time.UnixMilli(1), Raw: strings.Repeat("x", 10000), More: more}
	}
	w := wire{budget: EventBudget}
	w.add(piece(1, true))
	w.add(piece(2, true))
	first := w.take()
	w.add(piece(3, true))
	w.add(piece(4, false))
	w.add(logs.Line{Seq: 5, Proc: "p1", Stream: "stderr", Raw: "next"})
	second := w.take()

	require.Len(t, first.Lines, 1)
	assert.Equal(t, uint64(20000-LineBudget), first.Lines[0].Cut, "the head counts what came so far")
	assert.True(t, strings.HasSuffix(first.Lines[0].Raw, "… 15.5 KiB more\x1b[0m"), "the marker: %q", first.Lines[0].Raw[LineBudget:])
	require.Len(t, second.Lines, 2, "got %+v", second.Lines)
	assert.Equal(t, uint64(20000), second.Lines[0].Cut, "a marker line counts the rest")
	assert.Equal(t, cutMarker(20000), second.Lines[0].Raw)
	assert.Equal(t, uint64(4), second.Lines[0].Seq)
	assert.Equal(t, "next", second.Lines[1].Raw)
}

func TestForwardLogsKeepsEachEventWithinItsByteBudget(t *testing.T) {
	rec := newLogRecorder()
	// 400 lines of 64 KiB (25 MiB) within one gap: the old feed sent them
	// in one event of about 25 MiB.
	const n = 400
	big := []byte(strings.Repeat("y", process.DefaultMaxLine))
	s := logs.NewStore(logs.Options{MaxBytes: 64 << 20})
	sub := s.Subscribe(LogCap)
	s.Line("p1", process.Stdout, []byte("ok"))
	for range n {
		s.Line("p1", process.Stdout, big)
	}
	s.Close()
	ForwardLogs(context.Background(), rec, sub)

	batches, _ := rec.snapshot()
	shown, dropped := 0, uint64(0)
	for i, b := range batches {
		size := wireBytes(t, b)
		assert.LessOrEqual(t, size, EventBudget+4096, "event %d: got %d bytes on the wire, want <= %d", i, size, EventBudget)
		for _, l := range b.Lines {
			if l.Seq > 1 {
				assert.Equal(t, uint64(process.DefaultMaxLine-LineBudget), l.Cut, "each 64 KiB line is cut to the budget")
				assert.True(t, strings.HasSuffix(l.Raw, "… 60.0 KiB more\x1b[0m"), "the marker: %q", l.Raw[min(len(l.Raw), LineBudget):])
			}
		}
		shown += len(b.Lines)
		dropped += b.Dropped
	}
	assert.Equal(t, n+1, shown+int(dropped), "every line is shown or counted: got %d shown, %d dropped", shown, dropped)
	assert.Less(t, shown, n+1, "a flood over the budget is cut down: got %d lines shown", shown)
	last := batches[len(batches)-1]
	assert.Equal(t, uint64(n+1), last.Lines[len(last.Lines)-1].Seq, "the newest line is shown")
}

// TestWirePageKeepsTheCursorAndTheGap: a page of the store reaches the UI
// with its lines as the log events carry them, and its Next and Gap.
func TestWirePageKeepsTheCursorAndTheGap(t *testing.T) {
	s := logs.NewStore(logs.Options{MaxLines: 2})
	defer s.Close()
	for _, l := range []string{"one", "two", "\x1b[31mthree\x1b[0m"} {
		s.Line("p1", process.Stderr, []byte(l))
	}
	tail := s.Tail("p1", 10)
	got := WirePage(tail)
	assert.True(t, got.Gap, "the oldest line was evicted: got Gap false")
	assert.Equal(t, uint64(3), got.Next, "got Next %d, want 3", got.Next)
	assert.Equal(t, WireLines(tail.Lines), got.Lines)
	require.Len(t, got.Lines, 2)
	assert.Equal(t, LogLine{Seq: 3, Proc: "p1", Stream: "stderr", Time: tail.Lines[1].Time.UnixMilli(), Raw: "\x1b[31mthree\x1b[0m"}, got.Lines[1])

	none := WirePage(s.Page("p1", 3, 10))
	assert.False(t, none.Gap)
	assert.Equal(t, uint64(3), none.Next, "an empty page keeps the cursor")
	assert.Empty(t, none.Lines)
}
