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

func batch(from, n int) logs.Batch {
	b := logs.Batch{}
	for i := range n {
		b.Lines = append(b.Lines, logs.Line{
			Seq: uint64(from + i), Proc: "p000001", Stream: "stdout",
			Time: time.UnixMilli(1_700_000_000_000), Raw: "\x1b[32mok\x1b[0m", Text: "ok",
		})
	}
	return b
}

func TestForwardLogsMergesWithinTheGap(t *testing.T) {
	rec := newLogRecorder()
	c := make(chan logs.Batch, 1024)
	done := make(chan struct{})
	go func() { ForwardLogs(context.Background(), rec, c); close(done) }()

	// 200 batches of 10 lines over about 200 ms: far more often than LogGap.
	for i := range 200 {
		c <- batch(i*10+1, 10)
		time.Sleep(time.Millisecond)
	}
	poll.Until(t, 10*time.Second, func() bool { n, _, _ := totals(rec); return n >= 2000 }, "all 2000 lines forwarded")
	// Closing flushes at once, so the gaps are checked before it.
	lines, dropped, events := totals(rec)
	close(c)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("ForwardLogs did not return when its channel closed")
	}
	assert.Equal(t, 2000, lines, "every line is forwarded: got %d, want 2000", lines)
	assert.Zero(t, dropped)
	assert.Less(t, events, 200, "got %d events for 200 batches, want them merged", events)

	rec.mu.Lock()
	defer rec.mu.Unlock()
	for i := 1; i < len(rec.at); i++ {
		gap := rec.at[i].Sub(rec.at[i-1])
		assert.GreaterOrEqual(t, gap, LogGap, "gap %d: got %v, want >= %v", i, gap, LogGap)
	}
	first := rec.items[0].Lines[0]
	assert.Equal(t, LogLine{Seq: 1, Proc: "p000001", Stream: "stdout", Time: 1_700_000_000_000, Raw: "\x1b[32mok\x1b[0m"}, first)
	var prev uint64
	for _, b := range rec.items {
		for _, l := range b.Lines {
			require.Greater(t, l.Seq, prev, "lines stay in order")
			prev = l.Seq
		}
	}
}

func TestForwardLogsCapsAFloodAndCountsTheRest(t *testing.T) {
	rec := newLogRecorder()
	c := make(chan logs.Batch, 4)
	// One event is emitted at once for the first batch; the flood that
	// follows within LogGap is merged and capped.
	c <- batch(1, 1)
	c <- logs.Batch{Lines: batch(2, LogCap+500).Lines, Dropped: 7}
	close(c)
	ForwardLogs(context.Background(), rec, c)
	lines, dropped, _ := totals(rec)
	assert.Equal(t, LogCap+1, lines, "got %d lines, want %d", lines, LogCap+1)
	assert.Equal(t, uint64(500+7), dropped, "got %d dropped, want %d", dropped, 507)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	last := rec.items[len(rec.items)-1]
	assert.Equal(t, uint64(LogCap+501), last.Lines[len(last.Lines)-1].Seq, "the newest lines are the ones kept")
}

func TestForwardLogsStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { ForwardLogs(ctx, newLogRecorder(), make(chan logs.Batch)); close(done) }()
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
	var out []logs.Line
	for b := range sub.C() {
		out = append(out, b.Lines...)
	}
	return out
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
	c := make(chan logs.Batch, 64)
	// 400 lines of 64 KiB (25 MiB) within one gap: the old feed sent them
	// in one event of about 25 MiB.
	const n = 400
	big := strings.Repeat("y", process.DefaultMaxLine)
	c <- batch(1, 1)
	for i := range n / 100 {
		b := logs.Batch{}
		for j := range 100 {
			b.Lines = append(b.Lines, logs.Line{Seq: uint64(2 + i*100 + j), Proc: "p1", Stream: "stdout", Raw: big})
		}
		c <- b
	}
	close(c)
	ForwardLogs(context.Background(), rec, c)

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
