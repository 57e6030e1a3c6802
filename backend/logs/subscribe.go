package logs

// Batch is a group of new lines for a subscriber, in Seq order.
type Batch struct {
	Lines []Line
	// Dropped counts lines this subscriber missed just before Lines
	// because it did not keep up (its channel was full): a gap marker.
	// Catch up with Store.Page if they matter.
	Dropped uint64
}

// Subscription receives batches of every new line. A subscriber can never
// slow a writer: when its channel is full the batch is dropped for it and
// counted in the next batch's Dropped.
type Subscription struct {
	s       *Store
	ch      chan Batch // written once; sent to and closed only under s.mu
	dropped uint64     // guarded by s.mu; lines missed since the last delivered batch
	closed  bool       // guarded by s.mu
}

// Subscribe returns a subscription whose channel holds up to buffer
// batches (at least 1). Batches are sent at most every BatchInterval, or as
// soon as BatchLines lines are waiting. Lines in a batch are shared between
// subscribers and must not be modified.
func (s *Store) Subscribe(buffer int) *Subscription {
	if buffer < 1 {
		buffer = 1
	}
	// One slot more than asked for, kept free by flushLocked, so that closing
	// can always deliver a last batch that reports lines missed at the end.
	sub := &Subscription{s: s, ch: make(chan Batch, buffer+1)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() {
		sub.closeLocked()
		return sub
	}
	s.subs[sub] = struct{}{}
	return sub
}

// C delivers the batches; it is closed by Close or Store.Close.
func (sub *Subscription) C() <-chan Batch { return sub.ch }

// Close stops the subscription and closes its channel. It is idempotent.
func (sub *Subscription) Close() {
	sub.s.mu.Lock()
	defer sub.s.mu.Unlock()
	sub.closeLocked()
}

func (sub *Subscription) closeLocked() {
	if sub.closed {
		return
	}
	sub.closed = true
	delete(sub.s.subs, sub)
	if sub.dropped > 0 {
		// The reserved slot is free: flushLocked never fills it.
		sub.ch <- Batch{Dropped: sub.dropped}
		sub.dropped = 0
	}
	close(sub.ch)
}

// flushLocked sends the pending lines to every subscriber without blocking.
// Caller holds s.mu.
func (s *Store) flushLocked() {
	lines := s.pending
	s.pending = nil
	retry := false
	for sub := range s.subs {
		if len(lines) == 0 && sub.dropped == 0 {
			continue
		}
		// Senders hold s.mu and the receiver only empties the channel, so
		// the length check cannot go stale in the full direction.
		if len(sub.ch) < cap(sub.ch)-1 {
			sub.ch <- Batch{Lines: lines, Dropped: sub.dropped}
			sub.dropped = 0
		} else {
			sub.dropped += uint64(len(lines))
			retry = true
		}
	}
	// A subscriber that missed lines must learn about the gap even if the
	// processes then go quiet, so keep trying while one is behind.
	if retry && !s.flushArmed {
		s.flushArmed = true
		s.flushTimer.Reset(s.opts.BatchInterval)
	}
}

// flushTick sends what is pending when the batch interval has passed.
func (s *Store) flushTick() {
	s.life.RLock()
	defer s.life.RUnlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushArmed = false
	if s.closed.Load() {
		return
	}
	s.flushLocked()
}
