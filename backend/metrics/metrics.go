// Package metrics samples the CPU and memory of every supervised process
// tree and keeps a short history of each for charts.
//
// A dev script is rarely one process (`npm run dev` is a shell, npm, node and
// its workers), so every figure is summed over the whole tree led by the
// process Hum started. The Sampler runs on its own goroutine at a fixed
// interval, never on a UI path (process-compose issue #336 is the warning:
// sampling child CPU on the UI loop pinned a core), and hands each result to
// an Apply callback, through which the app publishes it into the process
// State by compare-and-swap.
//
// The package imports backend/process only for Unavailable, so its figures
// mean in a State what they mean here; the app wires the sampler to the
// process core with Options.Targets and Options.Apply.
package metrics

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shirou/gopsutil/v3/process"

	core "hum/backend/process"
)

// Target is one running process tree to sample.
type Target struct {
	ID  string // the process core's ID, used as the key of Apply and History
	PID int    // the tree leader; on Unix also its process group ID
}

// Sample is one reading of a whole tree.
type Sample struct {
	CPU   float64 // percent of one core, summed over the tree; core.Unavailable before the second reading
	RSS   int64   // resident bytes summed over the tree; core.Unavailable when nothing could be read
	Procs int     // tree members whose figures were read
	// Ports are the TCP ports the tree listens on, ascending (Options.Ports);
	// nil when it listens on none or nobody asked.
	Ports []int
}

// Point is one history entry, shaped for charts.
type Point struct {
	T   int64   `json:"t"`   // unix milliseconds
	CPU float64 `json:"cpu"` // as Sample.CPU; -1 when unavailable
	RSS int64   `json:"rss"` // as Sample.RSS; -1 when unavailable
}

// Defaults for Options fields left zero.
const (
	DefaultInterval = time.Second
	DefaultHistory  = 600 // ten minutes at one point a second
)

// Options configure a Sampler. Only Targets and Apply are needed.
type Options struct {
	Interval time.Duration // time between ticks; DefaultInterval when <= 0
	History  int           // points kept per process; DefaultHistory when <= 0

	// Targets returns the processes running now. It is called once per tick
	// from the sampling goroutine; a nil Targets samples nothing.
	Targets func() []Target

	// Apply receives each target's sample once per tick, from the sampling
	// goroutine, while the tick is in progress: it must be quick (the app
	// CASes the figures into the process State) and must not call Tick.
	Apply func(id string, s Sample)

	// Ports, when set, is asked once per tick for the listening TCP ports of
	// every tree sampled (the PIDs of each tree's members), and its answer
	// goes into each Sample: backend/ports.Listening, which reads the
	// system's socket tables once for all trees.
	Ports func(trees [][]int32) [][]int
}

// Sampler samples process trees at a fixed interval.
// Create one with NewSampler. Its methods are safe for concurrent use; ticks
// never overlap.
type Sampler struct {
	interval time.Duration             // written once in NewSampler
	slow     atomic.Int64              // the interval SetSlow asked for, in ns; 0: interval
	retime   chan struct{}             // capacity 1: SetSlow wakes Run to change its ticker
	capacity int                       // written once in NewSampler
	targets  func() []Target           // written once in NewSampler; may be nil
	apply    func(id string, s Sample) // written once in NewSampler; never nil
	ports    func([][]int32) [][]int   // written once in NewSampler; may be nil

	// tickMu serialises ticks and guards the sampling state below it, so a
	// slow reader of History never delays a tick and the reverse.
	tickMu  sync.Mutex
	now     func() time.Time  // guarded by tickMu; the clock (tests and benchmarks replace it)
	finder  treeFinder        // guarded by tickMu
	handles map[int32]*handle // guarded by tickMu; one gopsutil handle per live member PID
	gen     uint64            // guarded by tickMu; tick number, to find handles no tick touched
	members []member          // guarded by tickMu; scratch, reused every tick
	points  []pendingPoint    // guarded by tickMu; scratch, reused every tick
	samples []tickSample      // guarded by tickMu; scratch, reused every tick
	trees   [][]int32         // guarded by tickMu; scratch, reused every tick: members' PIDs for Ports

	mu   sync.RWMutex     // protects hist
	hist map[string]*ring // guarded by mu; kept after a process ends, until Forget
}

// handle is one tree member's gopsutil process, kept across ticks because
// CPU percent is the difference between two readings of its CPU time.
type handle struct {
	p       *process.Process
	start   int64     // identity beside the PID, so a reused PID is not mistaken for the old process
	cpu     float64   // user+system CPU seconds at the last reading
	at      time.Time // when that reading was taken
	primed  bool      // a previous reading exists, so a delta can be taken
	touched uint64    // the last tick that saw this member
}

// tickSample is a target's sample, held until the tick's port scan.
type tickSample struct {
	id string
	s  Sample
}

type pendingPoint struct {
	id string
	p  Point
}

// NewSampler returns a Sampler that does nothing until Run or Tick.
func NewSampler(opts Options) *Sampler {
	// CPU time readings would otherwise re-read the boot time from /proc/stat
	// on every call; it cannot change while we run.
	process.EnableBootTimeCache(true)

	s := &Sampler{
		interval: opts.Interval,
		retime:   make(chan struct{}, 1),
		capacity: opts.History,
		targets:  opts.Targets,
		apply:    opts.Apply,
		ports:    opts.Ports,
		now:      time.Now,
		finder:   newTreeFinder(),
		handles:  make(map[int32]*handle),
		hist:     make(map[string]*ring),
	}
	if s.interval <= 0 {
		s.interval = DefaultInterval
	}
	if s.capacity <= 0 {
		s.capacity = DefaultHistory
	}
	if s.apply == nil {
		s.apply = func(string, Sample) {}
	}
	return s
}

// Run ticks once at once and then every Interval until ctx is done. It
// blocks, starts no other goroutine, and returns when ctx is done: run it on
// a goroutine of its own and cancel ctx when the app stops.
func (s *Sampler) Run(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	t := time.NewTicker(s.every())
	defer t.Stop()
	s.Tick()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.retime:
			t.Reset(s.every())
		case <-t.C:
			s.Tick()
		}
	}
}

// SetSlow makes Run tick every d instead of Interval (d <= 0: back to
// Interval), e.g. while nobody looks at the figures: the window is hidden,
// and a tick is most of what Hum costs then. History points keep the time
// of their tick, and CPU% is the average since the previous one, so a
// slower stretch is only coarser. Safe to call from any goroutine.
func (s *Sampler) SetSlow(d time.Duration) {
	if d < 0 {
		d = 0
	}
	if time.Duration(s.slow.Swap(int64(d))) == d {
		return
	}
	select {
	case s.retime <- struct{}{}:
	default:
	}
}

// HiddenInterval is how often SetHidden(true) has Run sample: sampling is
// most of what a hidden Hum does, and nobody reads the figures then (with
// 20 processes, Hum's own process took 0.33% of a core sampling every 5 s
// and 0.23% every 10 s, measured in one session; an empty hidden Hum takes
// about 0.2%, WebKit's and Go's own floor). The
// history keeps each point's own time, so a chart shows the hidden stretch
// at this coarser step.
const HiddenInterval = 10 * time.Second

// SetHidden applies the policy for a window nobody sees: while hidden, Run
// samples every HiddenInterval (SetSlow); once shown, every Interval again.
// Safe to call from any goroutine.
func (s *Sampler) SetHidden(hidden bool) {
	if hidden {
		s.SetSlow(HiddenInterval)
		return
	}
	s.SetSlow(0)
}

// every is the time between ticks now.
func (s *Sampler) every() time.Duration {
	if d := time.Duration(s.slow.Load()); d > 0 {
		return d
	}
	return s.interval
}

// Tick samples every target once. Run calls it; tests and
// benchmarks call it directly.
func (s *Sampler) Tick() {
	s.tickMu.Lock()
	defer s.tickMu.Unlock()

	now := s.now()
	s.gen++
	s.finder.begin(now)
	s.points = s.points[:0]

	var targets []Target
	if s.targets != nil {
		targets = s.targets()
	}
	s.samples = s.samples[:0]
	s.trees = s.trees[:0]
	for _, t := range targets {
		if t.PID <= 0 {
			continue
		}
		smp := s.sampleTree(int32(t.PID), now)
		s.samples = append(s.samples, tickSample{t.ID, smp})
		if s.ports != nil {
			pids := make([]int32, len(s.members))
			for i, m := range s.members {
				pids[i] = m.pid
			}
			s.trees = append(s.trees, pids)
		}
		if smp.Procs > 0 {
			s.points = append(s.points, pendingPoint{t.ID, Point{T: now.UnixMilli(), CPU: smp.CPU, RSS: smp.RSS}})
		}
	}
	s.finder.end()
	if s.ports != nil && len(s.trees) > 0 {
		for i, ps := range s.ports(s.trees) {
			if i < len(s.samples) {
				s.samples[i].s.Ports = ps
			}
		}
	}
	for _, ts := range s.samples {
		s.apply(ts.id, ts.s)
	}

	// Handles of members no target reached this tick belong to processes that
	// ended or left every tree: drop them at once.
	for pid, h := range s.handles {
		if h.touched != s.gen {
			delete(s.handles, pid)
		}
	}

	s.mu.Lock()
	for _, pp := range s.points {
		r := s.hist[pp.id]
		if r == nil {
			r = newRing(s.capacity)
			s.hist[pp.id] = r
		}
		r.add(pp.p)
	}
	s.mu.Unlock()
}

// sampleTree reads every member of the tree led by leader. A member that
// vanished or became unreadable since the tree was listed just drops out.
func (s *Sampler) sampleTree(leader int32, now time.Time) Sample {
	s.members = s.finder.members(leader, s.members[:0])
	out := Sample{CPU: core.Unavailable, RSS: core.Unavailable}
	for _, m := range s.members {
		h := s.handles[m.pid]
		if h != nil && h.start != m.start {
			h = nil // the PID was reused by another process
		}
		if h == nil {
			p := m.proc
			if p == nil {
				var err error
				if p, err = process.NewProcess(m.pid); err != nil {
					delete(s.handles, m.pid)
					continue
				}
			}
			h = &handle{p: p, start: m.start}
			s.handles[m.pid] = h
		}
		if h.touched == s.gen {
			continue // already counted in another tree this tick
		}
		times, err := h.p.Times()
		if err != nil {
			delete(s.handles, m.pid)
			continue
		}
		mem, err := h.p.MemoryInfo()
		if err != nil {
			delete(s.handles, m.pid)
			continue
		}
		h.touched = s.gen
		cpu := times.User + times.System
		// The reading's own time, not the tick's: listing a tree (pgrep on
		// the portable finder) can take longer than the interval on a busy
		// machine, and a delta over the tick's times would then charge that
		// listing time's CPU to a shorter span, overstating the figure.
		at := s.now()
		if h.primed {
			if dt := at.Sub(h.at).Seconds(); dt > 0 {
				pct := max((cpu-h.cpu)/dt*100, 0)
				out.CPU = max(out.CPU, 0) + pct
			}
		}
		h.cpu, h.at, h.primed = cpu, at, true
		out.RSS = max(out.RSS, 0) + int64(mem.RSS)
		out.Procs++
	}
	return out
}

// History returns the points recorded for id, oldest first, as a copy the
// caller owns. It is empty, not nil, for an ID never sampled or forgotten,
// so that it encodes as [] (the window's JSON).
func (s *Sampler) History(id string) []Point {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r := s.hist[id]
	if r == nil {
		return []Point{}
	}
	return r.points()
}

// Forget drops the history of id. The app calls it when a process is removed
// for good; until then an ended process's history stays so it can be charted.
func (s *Sampler) Forget(id string) {
	s.mu.Lock()
	delete(s.hist, id)
	s.mu.Unlock()
}
