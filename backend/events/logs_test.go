package events

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/logs"
	"hum/backend/poll"
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
