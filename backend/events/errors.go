package events

import (
	"context"
	"sync"
	"time"

	"hum/backend/logs"
)

// ErrorBatch is the payload of an "errors" event.
type ErrorBatch struct {
	Errors []logs.ErrorEntry `json:"errors"` // oldest first (increasing ID)
	// Dropped counts errors detected since the previous event that this
	// one does not carry, because more came than it may hold. The store
	// keeps its own bounded list (App.Errors) for catching up.
	Dropped uint64 `json:"dropped"`
}

// ErrorGap is the shortest time between two "errors" events; ErrorCap and
// ErrorBudget bound one event to that many errors and about that many bytes
// (an error's text is up to 32 KiB). A process printing 10,000 errors a
// second then costs the bridge 10 events a second of at most 256 KiB each,
// instead of 10,000 events; the UI's list shows the newest anyway.
const (
	ErrorGap    = 100 * time.Millisecond
	ErrorCap    = 100
	ErrorBudget = 256 << 10
)

// errorOverhead is about what one error costs in the event's JSON besides
// its texts and frames (field names, ID, time, kind).
const errorOverhead = 100

// ErrorFeed batches detected errors into paced "errors" events. Add never
// blocks, so it can be the store's OnError, called on the goroutine that
// read the process's output; Run does the emitting. A zero ErrorFeed is not
// usable: create one with NewErrorFeed.
type ErrorFeed struct {
	wake chan struct{} // written once in NewErrorFeed; capacity 1, a coalescing signal

	mu      sync.Mutex        // protects pending, bytes and dropped
	pending []logs.ErrorEntry // guarded by mu; oldest first, within ErrorCap and ErrorBudget
	bytes   int               // guarded by mu; errorCost of pending
	dropped uint64            // guarded by mu; errors left out since the last event
}

// NewErrorFeed returns an ErrorFeed with nothing pending.
func NewErrorFeed() *ErrorFeed { return &ErrorFeed{wake: make(chan struct{}, 1)} }

// Add queues e for the next event, dropping the oldest queued error when
// the event would go over its bounds. It is safe for concurrent use.
func (f *ErrorFeed) Add(e logs.ErrorEntry) {
	f.mu.Lock()
	f.pending = append(f.pending, e)
	f.bytes += errorCost(e)
	drop := 0
	for len(f.pending)-drop > 1 && (len(f.pending)-drop > ErrorCap || f.bytes > ErrorBudget) {
		f.bytes -= errorCost(f.pending[drop])
		drop++
	}
	if drop > 0 {
		// Shift rather than reslice, so the backing array stays ErrorCap
		// long and dropped entries are let go.
		n := copy(f.pending, f.pending[drop:])
		clear(f.pending[n:])
		f.pending = f.pending[:n]
		f.dropped += uint64(drop)
	}
	f.mu.Unlock()
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

func errorCost(e logs.ErrorEntry) int {
	n := errorOverhead + len(e.Proc) + len(e.Kind) + len(e.Title) + len(e.Text)
	for _, fr := range e.Frames {
		n += 40 + len(fr.File) + len(fr.Func)
	}
	return n
}

// Run emits what Add queued as "errors" events to em, no sooner than
// ErrorGap after the previous one, until ctx is done.
func (f *ErrorFeed) Run(ctx context.Context, em Emitter) {
	p := newPacer(ErrorGap)
	for {
		select {
		case <-ctx.Done():
			return
		case <-f.wake:
		}
		if !p.wait(ctx) {
			return
		}
		if f.Flush(em) {
			p.sent()
		}
	}
}

// Flush emits what is queued, if anything, and reports whether it emitted.
// Run calls it; it is exported for a final flush and for tests.
func (f *ErrorFeed) Flush(em Emitter) bool {
	f.mu.Lock()
	b := ErrorBatch{Errors: f.pending, Dropped: f.dropped}
	f.pending, f.bytes, f.dropped = nil, 0, 0
	f.mu.Unlock()
	if len(b.Errors) == 0 && b.Dropped == 0 {
		return false
	}
	if b.Errors == nil {
		b.Errors = []logs.ErrorEntry{}
	}
	em.Emit(TopicErrors, b)
	return true
}
