// Package logs keeps what processes print: a bounded ring of lines per
// process with a global sequence number, so one process or all of them can
// be read as a timeline; delivery to subscribers, who take new lines at
// their own pace and can never stall a process; and detection of the URLs dev servers
// announce and of the errors (with stack frames) that tools print.
//
// A Store is a process.Sink: the process core hands it every line.
package logs

import (
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"hum/backend/process"
	"hum/backend/termnotify"
)

// Defaults for zero Options fields.
const (
	DefaultMaxLines  = 10000
	DefaultMaxBytes  = 8 << 20
	DefaultMaxErrors = 100
	DefaultErrorIdle = 200 * time.Millisecond
	DefaultPageLimit = 1000
	// MaxPageLimit is the most lines one Page or Tail returns, whatever
	// the limit asked: what a view can use at once, so one call costs the
	// caller (and the bridge to the window) a bounded amount.
	MaxPageLimit = 50000
)

// Options configure a Store. Zero fields take the defaults above.
type Options struct {
	MaxLines  int // lines kept per process (10,000)
	MaxBytes  int // bytes of text kept per process (8 MiB)
	MaxErrors int // errors kept per process, oldest dropped (100)
	// ErrorIdle is how long a stream must be quiet before an error that is
	// still collecting continuation lines is considered complete (200 ms).
	ErrorIdle time.Duration

	// OnURL is called once per new URL per process, server URL or link
	// (ClassifyURLs), for example to record it in the process State with an
	// Update (RecordURL); a link later announced as the server is reported
	// again as a server URL. OnError is called for every
	// detected error. Both run on the goroutine that delivered the line (or
	// a store timer, or Close) with no store lock held; they may read the
	// store but must not call Close, and should be quick.
	OnURL   func(procID string, url URL)
	OnError func(ErrorEntry)
	// OnSignal, when set, is called for every bell and OSC 9/777
	// notification a line holds (termnotify.Scan), on the goroutine that
	// delivered it, before the line is stored; it must be quick. A
	// sequence split across two LineParts of one over-long line is missed.
	OnSignal func(procID string, sig termnotify.Signal)
	// OnPrompt is called when the process's newest line starts or stops
	// being a prompt it waits at: a line it paused in (Line.Open) that
	// reads like a question (LooksLikePrompt). prompt is the line's text,
	// or "" once another line followed.
	// It runs as OnURL does.
	OnPrompt func(procID string, prompt string)
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
	// the next line of the same process and stream (the process core cuts
	// lines at its MaxLine, process.PartSink).
	More bool `json:"more"`
	// Open says the process went quiet in the middle of the line and the
	// store took it as it was (process.IdleSink): a prompt waiting for its
	// answer. What it prints next on that row comes as the next line.
	Open bool `json:"open,omitempty"`
	// Screen says the process printed the line while in the alternate
	// screen (a full-screen program: less, htop, a watch menu). Raw is then
	// what the process's own view needs to draw it (screenRaw: cursor moves
	// and erases kept), the merged timeline leaves the line out, and no URL,
	// error or prompt is looked for in it.
	Screen bool `json:"screen,omitempty"`
	// Modes are the switches of input modes the line made (application
	// cursor keys, bracketed paste, mouse reporting: CSI ? n h/l), in
	// order, which the process's own view applies so that what the user
	// types there is what the program expects; "" for nearly every line.
	Modes string `json:"modes,omitempty"`
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

// Store is the bounded log of every process. It is safe for
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

	mu     sync.Mutex
	seq    uint64                     // guarded by mu; last Seq handed out
	errSeq uint64                     // guarded by mu; last ErrorEntry.ID handed out
	procs  map[string]*proc           // guarded by mu
	subs   map[*Subscription]struct{} // guarded by mu

	sweepTimer *time.Timer // written once in NewStore
	sweepArmed atomic.Bool // sweepTimer is running

	// inAlt counts the streams in the alternate screen (proc.alt), so
	// that while it is 0, as it nearly always is, a line needs no look at
	// its process's mode before it is sanitised. Changed under mu.
	inAlt atomic.Int32
}

// proc is one process's share of the store.
type proc struct {
	id string // written once

	ring    ring         // guarded by Store.mu
	errs    []ErrorEntry // guarded by Store.mu; oldest first, at most MaxErrors
	urls    []string     // guarded by Store.mu; server URLs, first seen first, at most maxServerURLsPerProc
	links   []string     // guarded by Store.mu; other URLs, first seen first, at most maxLinksPerProc
	removed bool         // guarded by Store.mu
	// alt[i] says stream i is in the alternate screen; prompt is the
	// process's newest line if it reads like a prompt (LooksLikePrompt),
	// else "". Both guarded by Store.mu.
	alt    [2]bool
	prompt string

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
	// The timer is armed only while an error is being collected, so an
	// idle store costs no wake-ups.
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

// procLocked returns procID's state, creating it. Caller holds s.mu.
func (s *Store) procLocked(procID string) *proc {
	p := s.procs[procID]
	if p == nil {
		p = &proc{id: procID, ring: ring{maxLines: s.opts.MaxLines, maxBytes: s.opts.MaxBytes}}
		s.procs[procID] = p
	}
	return p
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

// NewRun forgets the URLs procID announced, so that a new run of the
// process reports them again through OnURL (a new run's State starts
// without URLs). Its lines and errors stay: one history across runs.
func (s *Store) NewRun(procID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.procs[procID]; p != nil {
		p.urls, p.links = nil, nil
		// A new run starts on the main screen, with no prompt.
		s.setAltLocked(p, 0, false)
		s.setAltLocked(p, 1, false)
		p.prompt = ""
	}
}

// setAltLocked records whether stream si of p is in the alternate screen.
// The caller holds s.mu.
func (s *Store) setAltLocked(p *proc, si int, on bool) {
	if p.alt[si] == on {
		return
	}
	p.alt[si] = on
	if on {
		s.inAlt.Add(1)
	} else {
		s.inAlt.Add(-1)
	}
}

// Remove forgets procID entirely: lines, errors, URLs and directory.
func (s *Store) Remove(procID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.procs[procID]; p != nil {
		p.removed = true
		s.setAltLocked(p, 0, false)
		s.setAltLocked(p, 1, false)
		p.ring.clear()
		p.errs, p.urls, p.links = nil, nil, nil
		delete(s.procs, procID)
	}
}

// Close finishes errors still being collected (calling OnError) and closes
// every subscription (its last Take returns what it still holds). It waits for
// Line calls in progress; later Line calls are ignored. After Close
// returns, no callback runs. Reads keep working on what was stored.
func (s *Store) Close() {
	if !s.closed.CompareAndSwap(false, true) {
		return
	}
	s.life.Lock()
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
	for sub := range s.subs {
		sub.closeLocked()
	}
	s.mu.Unlock()
	s.life.Unlock()
	s.emitErrors(all)
}
