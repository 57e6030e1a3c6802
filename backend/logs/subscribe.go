package logs

// Batch is a group of new lines for a subscriber, in Seq order.
type Batch struct {
	Lines []Line
	// Dropped counts lines this subscriber missed just before Lines
	// because it did not take them in time (more than its bound gathered):
	// a gap marker. Catch up with Store.Page if they matter.
	Dropped uint64
}

// Subscription holds every new line for one subscriber until it takes
// them. The store does not batch or pace: each line is appended here and
// Ready is signalled, and the subscriber takes what gathered whenever it
// is ready for more (events.ForwardLogs does so at most once per LogGap),
// so the subscriber's pace is the only one on the way out. A subscriber
// can never slow a writer: beyond max lines the oldest is dropped and
// counted in the next Batch's Dropped.
type Subscription struct {
	s     *Store
	max   int           // written once; the most lines held, >= 1
	ready chan struct{} // written once; capacity 1, sent to without blocking

	lines   []Line // guarded by s.mu; oldest first, at most max
	dropped uint64 // guarded by s.mu; lines dropped since the last Take
	closed  bool   // guarded by s.mu
}

// Subscribe returns a subscription that holds up to limit lines (at least
// 1) between two Take calls. Lines are shared between subscribers and with
// the store, and must not be modified.
func (s *Store) Subscribe(limit int) *Subscription {
	sub := &Subscription{s: s, max: max(1, limit), ready: make(chan struct{}, 1)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() {
		sub.closeLocked()
		return sub
	}
	s.subs[sub] = struct{}{}
	return sub
}

// Ready receives a value when lines (or drops) are waiting to be taken, or
// when the subscription is closed. It may also fire when a Take already
// took them: Take then returns an empty Batch.
func (sub *Subscription) Ready() <-chan struct{} { return sub.ready }

// Take returns the lines gathered since the last Take and how many were
// dropped before them. open is false once the subscription is closed (by
// Close or Store.Close): the batch is the last, possibly empty, and Ready
// fires at once from then on.
func (sub *Subscription) Take() (b Batch, open bool) {
	sub.s.mu.Lock()
	defer sub.s.mu.Unlock()
	b = Batch{Lines: sub.lines, Dropped: sub.dropped}
	sub.lines, sub.dropped = nil, 0
	if sub.closed {
		sub.signal() // every later wait on Ready returns too
	}
	return b, !sub.closed
}

// Close stops the subscription: no new lines are added, and the next Take
// reports it closed. It is idempotent.
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
	sub.signal()
}

// addLocked appends a new line, dropping the oldest beyond max. Caller
// holds s.mu.
func (sub *Subscription) addLocked(l Line) {
	if len(sub.lines) >= sub.max {
		sub.lines[0] = Line{} // let the dropped text go
		sub.lines = sub.lines[1:]
		sub.dropped++
	}
	sub.lines = append(sub.lines, l)
	sub.signal()
}

// signal marks the subscription ready without blocking: one pending
// signal stands for any number of lines.
func (sub *Subscription) signal() {
	select {
	case sub.ready <- struct{}{}:
	default:
	}
}
