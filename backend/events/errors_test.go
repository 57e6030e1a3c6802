package events

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/logs"
)

// errorRecorder keeps the "errors" events.
type errorRecorder = topicRecorder[ErrorBatch]

func newErrorRecorder() *errorRecorder { return &errorRecorder{topic: TopicErrors} }

func anError(id uint64, text string) logs.ErrorEntry {
	return logs.ErrorEntry{
		ID: id, Proc: "p000001", Time: 1_700_000_000_000, Kind: logs.KindNode,
		Title: fmt.Sprintf("TypeError: boom %d", id), Text: text,
		Frames: []logs.Frame{{File: "/app/x.js", Line: 1, Column: 2, Func: "f"}},
	}
}

func TestErrorFeedCapsABatchAndCountsTheRest(t *testing.T) {
	f := NewErrorFeed()
	rec := newErrorRecorder()
	assert.False(t, f.Flush(rec), "nothing queued, nothing sent")
	const n = 1000
	for i := range n {
		f.Add(anError(uint64(i+1), "TypeError: boom"))
	}
	require.True(t, f.Flush(rec))
	assert.False(t, f.Flush(rec), "a flush empties the queue")
	got, _ := rec.snapshot()
	require.Len(t, got, 1)
	b := got[0]
	require.Len(t, b.Errors, ErrorCap, "got %d errors, want the cap %d", len(b.Errors), ErrorCap)
	assert.Equal(t, uint64(n-ErrorCap), b.Dropped, "dropped: got %d, want %d", b.Dropped, n-ErrorCap)
	assert.Equal(t, uint64(n-ErrorCap+1), b.Errors[0].ID, "the newest errors are kept, oldest first")
	assert.Equal(t, uint64(n), b.Errors[ErrorCap-1].ID)
}

func TestErrorFeedKeepsABatchWithinItsByteBudget(t *testing.T) {
	f := NewErrorFeed()
	rec := newErrorRecorder()
	big := strings.Repeat("at f (/app/x.js:1:2)\n", 1500) // about 31 KiB, near the detector's bound
	for i := range 50 {
		f.Add(anError(uint64(i+1), big))
	}
	require.True(t, f.Flush(rec))
	got, _ := rec.snapshot()
	b := got[0]
	size := wireBytes(t, b)
	assert.LessOrEqual(t, size, ErrorBudget+4096, "got %d bytes on the wire, want <= %d", size, ErrorBudget)
	assert.Equal(t, 50, len(b.Errors)+int(b.Dropped), "every error is sent or counted")
	assert.NotZero(t, b.Dropped)
	assert.Equal(t, uint64(50), b.Errors[len(b.Errors)-1].ID, "the newest error is sent")
}

func TestErrorFeedRunBatchesAFloodIntoPacedEvents(t *testing.T) {
	f := NewErrorFeed()
	rec := newErrorRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.Run(ctx, rec); close(done) }()

	// Errors far faster than the gap, from several goroutines as several
	// processes' readers would call OnError.
	const writers, each = 4, 5000
	start := time.Now()
	finished := make(chan struct{})
	for w := range writers {
		go func() {
			for i := range each {
				f.Add(anError(uint64(w*each+i+1), "TypeError: boom"))
			}
			finished <- struct{}{}
		}()
	}
	for range writers {
		<-finished
	}
	elapsed := time.Since(start)
	total := func() (n int) {
		got, _ := rec.snapshot()
		for _, b := range got {
			n += len(b.Errors) + int(b.Dropped)
		}
		return n
	}
	eventually(t, func() bool { return total() == writers*each }, "every error is sent or counted")
	cancel()
	<-done

	got, at := rec.snapshot()
	maxEvents := int(elapsed/ErrorGap) + 3 // one at once, one per gap, one trailing
	assert.LessOrEqual(t, len(got), maxEvents, "events: got %d, want <= %d for %v of errors", len(got), maxEvents, elapsed)
	for i := 1; i < len(at); i++ {
		gap := at[i].Sub(at[i-1])
		assert.GreaterOrEqual(t, gap, ErrorGap, "gap %d: got %v, want >= %v", i, gap, ErrorGap)
	}
	for i, b := range got {
		assert.LessOrEqual(t, len(b.Errors), ErrorCap, "event %d", i)
	}
}

func TestErrorFeedRunStopsWithContext(t *testing.T) {
	f := NewErrorFeed()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.Run(ctx, newErrorRecorder()); close(done) }()
	f.Add(anError(1, "")) // one event at once, then a wake-up that waits out the gap
	f.Add(anError(2, ""))
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}
