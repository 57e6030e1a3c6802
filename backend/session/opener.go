package session

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrCancelled is returned by an Opener's Open that a later Open, or the
// Opener's Close, superseded while it was scanning.
var ErrCancelled = errors.New("the open was cancelled: another project was opened, or Hum is quitting")

// Opener opens one project at a time: an Open cancels the scan of any open
// still in flight, and Close cancels it for good (Hum is quitting). Only the
// latest Open can commit its session, so a slow scan that ends after a
// newer one never replaces it. A zero Opener is valid; its methods are safe
// for concurrent use.
type Opener struct {
	mu     sync.Mutex
	cancel context.CancelFunc // guarded by mu; cancels the open in flight, nil when none
	gen    uint64             // guarded by mu; numbers the Opens, the latest is the only one that commits
	closed bool               // guarded by mu; set by Close
}

// Open scans dir and opens a session on it, as the package's Open does,
// after cancelling any open in flight. When the scan ends and no later Open
// or Close has begun, commit runs with the new session, under the Opener's
// lock (so it must not call the Opener), and Open returns the session.
// Otherwise the new session is closed and Open returns ErrCancelled.
func (o *Opener) Open(dir string, opts Options, commit func(*Session)) (*Session, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return nil, ErrCancelled
	}
	if o.cancel != nil {
		o.cancel()
	}
	o.gen++
	gen := o.gen
	o.cancel = cancel
	o.mu.Unlock()

	s, err := Open(ctx, dir, opts)

	o.mu.Lock()
	current := o.gen == gen && !o.closed
	if o.gen == gen {
		o.cancel = nil
	}
	if current && err == nil {
		commit(s)
	}
	o.mu.Unlock()
	switch {
	case current:
		return s, err
	case err == nil:
		// Superseded after its scan ended: nothing was started in it.
		closeCtx, stop := context.WithTimeout(context.Background(), 5*time.Second)
		defer stop()
		_ = s.Close(closeCtx)
	}
	return nil, ErrCancelled
}

// Close cancels the open in flight, if any, and makes every later Open
// return ErrCancelled.
func (o *Opener) Close() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.closed = true
	if o.cancel != nil {
		o.cancel()
		o.cancel = nil
	}
}
