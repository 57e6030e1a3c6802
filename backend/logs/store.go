// Package logs keeps what processes print: a bounded ring of lines per
// process with a global sequence number, so one process or all of them can
// be read as a timeline; ANSI-aware search; batched delivery to subscribers
// that can never stall a process; and detection of the URLs dev servers
// announce and of the errors (with stack frames) that tools print.
//
// A Store is a process.Sink: the process core hands it every line.
package logs

import (
	"bytes"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"hum/backend/process"
)

// Defaults for zero Options fields.
const (
	DefaultMaxLines      = 10000
	DefaultMaxBytes      = 8 << 20
	DefaultBatchInterval = 50 * time.Millisecond
	DefaultBatchLines    = 512
	DefaultMaxErrors     = 100
	DefaultErrorIdle     = 200 * time.Millisecond
	DefaultPageLimit     = 1000

	// MaxLineBytes is the longest line stored, the same split the process
	// core applies; a longer line handed to Line directly is split too.
	MaxLineBytes = 64 << 10
)

// Options configure a Store. Zero fields take the defaults above.
type Options struct {
	MaxLines      int           // lines kept per process (10,000)
	MaxBytes      int           // bytes of text kept per process (8 MiB)
	BatchInterval time.Duration // longest a line waits before subscribers get it (50 ms)
	BatchLines    int           // a batch is sent as soon as it has this many lines (512)
	MaxErrors     int           // errors kept per process, oldest dropped (100)
	// ErrorIdle is how long a stream must be quiet before an error that is
	// still collecting continuation lines is considered complete (200 ms).
	ErrorIdle time.Duration

	// OnURL is called once per new URL per process (for example to record
	// it in the process State with an Update). OnError is called for every
	// detected error. Both run on the goroutine that delivered the line (or
	// a store timer, or Close) with no store lock held; they may read the
	// store but must not call Close, and should be quick.
	OnURL   func(procID, url string)
	OnError func(ErrorEntry)
}

// Line is one stored line of output.
type Line struct {
	Seq    uint64    `json:"seq"` // global, increasing across all processes
	Proc   string    `json:"proc"`
	Stream string    `json:"stream"` // "stdout" or "stderr"
	Time   time.Time `json:"time"`
	Raw    string    `json:"raw"`  // for display: SGR colours and OSC-8 links kept
	Text   string    `json:"text"` // plain: every control sequence removed
	// More says the printed line was too long to keep whole and goes on in
	// the next line of the same process and stream (see MaxLineBytes).
	More bool `json:"more"`
}

// Page is a slice of the timeline.
type Page struct {
	Lines []Line `json:"lines"`
	// Next is the afterSeq to pass to the following Page call.
	Next uint64 `json:"next"`
	// Gap reports that lines after afterSeq were evicted by the bounds
	// before they could be read (for Tail: that older lines were evicted).
	Gap bool `json:"gap"`
}

// Stats describe one process's stored history.
type Stats struct {
	Lines   int    `json:"lines"`
	Bytes   int    `json:"bytes"`
	Evicted uint64 `json:"evicted"` // lines dropped by the bounds so far
}

// Store is the bounded, searchable log of every process. It is safe for
// concurrent use; create it with NewStore and release it with Close.
//
// Locking: life is taken shared by every Line call and timer callback and
// exclusively by Close, so Close can wait for them. mu guards the timeline
// (sequence numbers, rings, errors, URLs, subscribers); it is held only for
// O(1) work per line, or a bounded chunk of a read. Error detection runs
// under a per-stream lock outside mu, so processes detect in parallel.
// Lock order: life, then a detector lock, then mu. Callbacks run with none.
type Store struct {
	opts Options // written once in NewStore

	life   sync.RWMutex // shared by Line and timer callbacks, exclusive in Close
	closed atomic.Bool  // set once by Close

	mu         sync.Mutex
	seq        uint64                     // guarded by mu; last Seq handed out
	errSeq     uint64                     // guarded by mu; last ErrorEntry.ID handed out
	procs      map[string]*proc           // guarded by mu
	subs       map[*Subscription]struct{} // guarded by mu
	pending    []Line                     // guarded by mu; lines not yet sent to subscribers
	flushArmed bool                       // guarded by mu; flushTimer is running

	flushTimer *time.Timer // written once in NewStore
	sweepTimer *time.Timer // written once in NewStore
	sweepArmed atomic.Bool // sweepTimer is running
}

// proc is one process's share of the store.
type proc struct {
	id string // written once

	ring    ring         // guarded by Store.mu
	errs    []ErrorEntry // guarded by Store.mu; oldest first, at most MaxErrors
	urls    []string     // guarded by Store.mu; first seen first, at most maxURLsPerProc
	removed bool         // guarded by Store.mu

	// det[i] is guarded by detMu[i]: each stream is grouped on its own,
	// so interleaved stdout does not split a stack trace on stderr.
	detMu [2]sync.Mutex
	det   [2]detector
}

// NewStore returns a ready Store.
func NewStore(opts Options) *Store {
	if opts.MaxLines <= 0 {
		opts.MaxLines = DefaultMaxLines
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.BatchInterval <= 0 {
		opts.BatchInterval = DefaultBatchInterval
	}
	if opts.BatchLines <= 0 {
		opts.BatchLines = DefaultBatchLines
	}
	if opts.MaxErrors <= 0 {
		opts.MaxErrors = DefaultMaxErrors
	}
	if opts.ErrorIdle <= 0 {
		opts.ErrorIdle = DefaultErrorIdle
	}
	s := &Store{
		opts:  opts,
		procs: make(map[string]*proc),
		subs:  make(map[*Subscription]struct{}),
	}
	// Timers are armed only while there is something to do, so an idle
	// store costs no wake-ups.
	s.flushTimer = time.AfterFunc(time.Hour, s.flushTick)
	s.flushTimer.Stop()
	s.sweepTimer = time.AfterFunc(time.Hour, s.sweepTick)
	s.sweepTimer.Stop()
	return s
}

var _ process.Sink = (*Store)(nil)

func streamIndex(st process.Stream) int {
	if st == process.Stderr {
		return 1
	}
	return 0
}

// Line stores one line a process printed; it implements process.Sink. The
// slice is copied. A line containing '\n' is split; a carriage-return
// progress line is collapsed to its final state; a line longer than
// MaxLineBytes is split at a UTF-8 boundary, each piece but the last marked
// More.
func (s *Store) Line(procID string, stream process.Stream, line []byte) {
	s.line(procID, stream, line, false)
}

// LinePart stores a piece of a line that goes on in the next call, as Line
// does, marking it More; it implements process.PartSink.
func (s *Store) LinePart(procID string, stream process.Stream, part []byte) {
	s.line(procID, stream, part, true)
}

var _ process.PartSink = (*Store)(nil)

// line stores what Line and LinePart were given; part says the last line in
// it goes on in the next call.
func (s *Store) line(procID string, stream process.Stream, line []byte, part bool) {
	s.life.RLock()
	defer s.life.RUnlock()
	if s.closed.Load() {
		return
	}
	now := time.Now()
	for {
		cur, rest, more := line, []byte(nil), false
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			cur, rest, more = line[:i], line[i+1:], true
		}
		cur = collapseCR(cur)
		for {
			chunk := cur
			cur = nil
			if len(chunk) > MaxLineBytes {
				cut := runeCut(chunk, MaxLineBytes)
				chunk, cur = chunk[:cut], chunk[cut:]
			}
			s.append(procID, stream, chunk, now, len(cur) > 0 || part && !more)
			if len(cur) == 0 {
				break
			}
		}
		if !more {
			return
		}
		line = rest
	}
}

// runeCut returns a cut point <= n that does not split a UTF-8 sequence
// (if b is valid UTF-8 there).
func runeCut(b []byte, n int) int {
	for k := n; k > n-utf8.UTFMax && k > 0; k-- {
		if utf8.RuneStart(b[k]) {
			return k
		}
	}
	return n
}

func (s *Store) append(procID string, stream process.Stream, b []byte, now time.Time, more bool) {
	raw, text, links := sanitize(b, true)
	var found []string
	if strings.Contains(text, "://") {
		found = DetectURLs(text)
	}
	for _, l := range links {
		if u, ok := normaliseLink(l); ok && !containsString(found, u) {
			found = append(found, u)
		}
	}
	size := len(raw)
	if len(text) != len(raw) {
		// raw differs from text only by the escapes it keeps, so equal
		// lengths mean one shared string.
		size += len(text)
	}

	s.mu.Lock()
	p := s.procLocked(procID)
	s.seq++
	ln := Line{Seq: s.seq, Proc: procID, Stream: stream.String(), Time: now, Raw: raw, Text: text, More: more}
	p.ring.push(entry{line: ln, size: size})
	if len(s.subs) > 0 {
		s.pending = append(s.pending, ln)
		if len(s.pending) >= s.opts.BatchLines {
			s.flushLocked()
		} else if !s.flushArmed {
			s.flushArmed = true
			s.flushTimer.Reset(s.opts.BatchInterval)
		}
	}
	var newURLs []string
	for _, u := range found {
		if len(p.urls) < maxURLsPerProc && !containsString(p.urls, u) {
			p.urls = append(p.urls, u)
			newURLs = append(newURLs, u)
		}
	}
	s.mu.Unlock()

	if s.opts.OnURL != nil {
		for _, u := range newURLs {
			s.opts.OnURL(procID, u)
		}
	}

	si := streamIndex(stream)
	p.detMu[si].Lock()
	done := p.det[si].feed(text, now, nil)
	collecting := p.det[si].cur.active
	p.detMu[si].Unlock()
	if len(done) > 0 {
		s.emitErrors(s.storeErrors(p, done))
	}
	if collecting && s.sweepArmed.CompareAndSwap(false, true) {
		s.sweepTimer.Reset(s.opts.ErrorIdle)
	}
}

// procLocked returns procID's state, creating it. Caller holds s.mu.
func (s *Store) procLocked(procID string) *proc {
	p := s.procs[procID]
	if p == nil {
		p = &proc{id: procID, ring: ring{maxLines: s.opts.MaxLines, maxBytes: s.opts.MaxBytes}}
		s.procs[procID] = p
	}
	return p
}

// storeErrors gives finished errors their IDs and keeps them.
func (s *Store) storeErrors(p *proc, done []finished) []ErrorEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range done {
		s.errSeq++
		done[i].ID = s.errSeq
		done[i].Proc = p.id
		if p.removed {
			continue
		}
		if len(p.errs) >= s.opts.MaxErrors {
			// Errors() hands out copies, so shifting in place is safe.
			copy(p.errs, p.errs[1:])
			p.errs = p.errs[:len(p.errs)-1]
		}
		p.errs = append(p.errs, done[i])
	}
	return done
}

func (s *Store) emitErrors(es []ErrorEntry) {
	if s.opts.OnError == nil {
		return
	}
	for _, e := range es {
		s.opts.OnError(e)
	}
}

// sweepTick finishes errors whose stream has gone quiet.
func (s *Store) sweepTick() {
	s.life.RLock()
	defer s.life.RUnlock()
	if s.closed.Load() {
		return
	}
	s.sweepArmed.Store(false)
	now := time.Now()
	again := false
	for _, p := range s.procList("") {
		for si := range p.det {
			p.detMu[si].Lock()
			done := p.det[si].idle(now, s.opts.ErrorIdle, nil)
			if p.det[si].cur.active {
				again = true
			}
			p.detMu[si].Unlock()
			if len(done) > 0 {
				s.emitErrors(s.storeErrors(p, done))
			}
		}
	}
	if again && s.sweepArmed.CompareAndSwap(false, true) {
		s.sweepTimer.Reset(s.opts.ErrorIdle)
	}
}

// procList returns the processes selected by procID ("" = all), sorted by ID.
func (s *Store) procList(procID string) []*proc {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.procListLocked(procID)
}

func (s *Store) procListLocked(procID string) []*proc {
	if procID != "" {
		if p := s.procs[procID]; p != nil {
			return []*proc{p}
		}
		return nil
	}
	ps := make([]*proc, 0, len(s.procs))
	for _, p := range s.procs {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].id < ps[j].id })
	return ps
}

// SetDir records procID's working directory: relative file paths in its
// errors resolve against it when the file exists there.
func (s *Store) SetDir(procID, dir string) {
	s.mu.Lock()
	p := s.procLocked(procID)
	s.mu.Unlock()
	for si := range p.det {
		p.detMu[si].Lock()
		p.det[si].setDir(dir)
		p.detMu[si].Unlock()
	}
}

func clampLimit(limit int) int {
	if limit <= 0 {
		return DefaultPageLimit
	}
	return limit
}

// Page returns up to limit lines with Seq > afterSeq, oldest first, from
// procID or, with procID "", from all processes merged in Seq order.
// A limit <= 0 means DefaultPageLimit.
func (s *Store) Page(procID string, afterSeq uint64, limit int) Page {
	limit = clampLimit(limit)
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := s.procListLocked(procID)
	type cursor struct {
		r *ring
		i int
	}
	cs := make([]cursor, 0, len(ps))
	pg := Page{Next: afterSeq}
	total := 0
	for _, p := range ps {
		r := &p.ring
		if r.evictedSeq > afterSeq {
			pg.Gap = true
			pg.Next = max(pg.Next, r.evictedSeq)
		}
		if i := r.after(afterSeq); i < r.n {
			cs = append(cs, cursor{r, i})
			total += r.n - i
		}
	}
	pg.Lines = make([]Line, 0, min(limit, total))
	// A k-way merge; k (processes) is small, so a linear scan for the
	// minimum beats a heap.
	for len(pg.Lines) < limit && len(cs) > 0 {
		best := 0
		for k := 1; k < len(cs); k++ {
			if cs[k].r.at(cs[k].i).line.Seq < cs[best].r.at(cs[best].i).line.Seq {
				best = k
			}
		}
		c := &cs[best]
		pg.Lines = append(pg.Lines, c.r.at(c.i).line)
		c.i++
		if c.i == c.r.n {
			cs = append(cs[:best], cs[best+1:]...)
		}
	}
	if n := len(pg.Lines); n > 0 {
		pg.Next = pg.Lines[n-1].Seq
	}
	return pg
}

// Tail returns the newest limit lines of procID ("" = all merged), oldest
// first. Next is the afterSeq for following with Page; Gap reports that
// older lines of the selection were evicted.
func (s *Store) Tail(procID string, limit int) Page {
	limit = clampLimit(limit)
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := s.procListLocked(procID)
	type cursor struct {
		r *ring
		i int // one past the next line to take, walking backwards
	}
	cs := make([]cursor, 0, len(ps))
	var pg Page
	total := 0
	for _, p := range ps {
		r := &p.ring
		pg.Next = max(pg.Next, r.last)
		if r.evicted > 0 {
			pg.Gap = true
		}
		if r.n > 0 {
			cs = append(cs, cursor{r, r.n})
			total += r.n
		}
	}
	n := min(limit, total)
	pg.Lines = make([]Line, n)
	for k := n - 1; k >= 0; k-- {
		best := 0
		for j := 1; j < len(cs); j++ {
			if cs[j].r.at(cs[j].i-1).line.Seq > cs[best].r.at(cs[best].i-1).line.Seq {
				best = j
			}
		}
		c := &cs[best]
		c.i--
		pg.Lines[k] = c.r.at(c.i).line
		if c.i == 0 {
			cs = append(cs[:best], cs[best+1:]...)
		}
	}
	if n > 0 {
		pg.Next = max(pg.Next, pg.Lines[n-1].Seq)
	}
	return pg
}

// Clear drops procID's lines and errors ("" = every process). The URLs it
// announced stay: they describe the running process, not the log view.
// Clearing is not a gap: Page reports Gap only for lines lost to the bounds.
func (s *Store) Clear(procID string) {
	ps := s.procList(procID)
	s.mu.Lock()
	for _, p := range ps {
		p.ring.clear()
		p.errs = nil
	}
	s.mu.Unlock()
	for _, p := range ps {
		for si := range p.det {
			p.detMu[si].Lock()
			p.det[si].cur = builder{}
			p.det[si].memo = nil
			p.detMu[si].Unlock()
		}
	}
}

// Remove forgets procID entirely: lines, errors, URLs and directory.
func (s *Store) Remove(procID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.procs[procID]; p != nil {
		p.removed = true
		p.ring.clear()
		p.errs, p.urls = nil, nil
		delete(s.procs, procID)
	}
}

// Errors returns the errors kept for procID ("" = all, in ID order).
// The entries' Frames slices are shared and must not be modified.
func (s *Store) Errors(procID string) []ErrorEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ErrorEntry
	for _, p := range s.procListLocked(procID) {
		out = append(out, p.errs...)
	}
	if procID == "" {
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	}
	return out
}

// URLs returns the URLs procID announced, first seen first ("" = all
// processes, by process ID, de-duplicated).
func (s *Store) URLs(procID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, p := range s.procListLocked(procID) {
		for _, u := range p.urls {
			if procID != "" || !containsString(out, u) {
				out = append(out, u)
			}
		}
	}
	return out
}

// Stats reports procID's stored history ("" = all processes summed).
func (s *Store) Stats(procID string) Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	var st Stats
	for _, p := range s.procListLocked(procID) {
		st.Lines += p.ring.n
		st.Bytes += p.ring.bytes
		st.Evicted += p.ring.evicted
	}
	return st
}

// Close finishes errors still being collected (calling OnError), sends
// pending lines to subscribers and closes their channels. It waits for
// Line calls in progress; later Line calls are ignored. After Close
// returns, no callback runs. Reads keep working on what was stored.
func (s *Store) Close() {
	if !s.closed.CompareAndSwap(false, true) {
		return
	}
	s.life.Lock()
	s.flushTimer.Stop()
	s.sweepTimer.Stop()
	var all []ErrorEntry
	for _, p := range s.procList("") {
		for si := range p.det {
			p.detMu[si].Lock()
			done := p.det[si].finish(nil)
			p.detMu[si].Unlock()
			if len(done) > 0 {
				all = append(all, s.storeErrors(p, done)...)
			}
		}
	}
	s.mu.Lock()
	s.flushLocked()
	for sub := range s.subs {
		sub.closeLocked()
	}
	s.mu.Unlock()
	s.life.Unlock()
	s.emitErrors(all)
}
