// Package supervisor is the policy over the process core (backend/process):
// it starts scripts in dependency order once what they wait for holds,
// tells when a run is ready (a probe, the URL it printed, or its start),
// restarts a run that ended by its restart policy with backoff and a
// crash-loop pause, stops dependents before their dependencies, and
// restarts a process whose watched files changed.
//
// It publishes everything through the Manager (Register, Update,
// Relaunch), so the UI, the tray and the CLI read its statuses (waiting,
// blocked, restarting, crash loop) and words (Lifecycle.Detail, Ready,
// ReadyNote) from the same lock-free State; it never blocks a state read.
// Its decisions are driven by state changes (Options.Wake) and by its own
// timers (backoff, the readiness inference window), never by polling.
//
// Semantics, in short:
//   - A dependency's condition is checked on its current run: started (the
//     run has begun), ready (Lifecycle.Ready while it runs), completed (it
//     ended, however), completed_successfully (it ended with a success
//     code), log_ready (a line of this run matched).
//   - A dependency that failed, was stopped, is blocked, is in a crash loop
//     or whose probe gave up blocks its dependents, with the reason. Blocked
//     is not final: once the dependency is started again and meets the
//     condition, the dependent starts.
//   - Without a probe a run is ready when a local URL it printed answers
//     (InferWindow to print one), else once started.
//   - Backoff starts at Restart.Backoff and doubles up to MaxBackoff. It
//     starts over when the user starts or restarts the process, and after
//     a run that stayed up longer than MaxBackoff: that run was healthy,
//     so its end is a new trouble, not more of the old one. MaxRestarts
//     counts the automatic restarts since the user's last start.
//   - A crash loop counts failures (ends with a code that is not a success
//     code) within the window; it pauses the process until the user starts
//     it again.
package supervisor

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"hum/backend/logs"
	"hum/backend/process"
	"hum/backend/stack"
)

// InferWindow is how long a run without a readiness probe has to print a
// local URL before it counts as ready for having started: dev servers
// print theirs within a second of starting.
const InferWindow = 2 * time.Second

// Prober runs readiness probes. ProbePackage is backend/probe's; tests may
// give another.
type Prober interface {
	// Run tries p until it passes, gives up, or ctx ends (see probe.Run);
	// report is told of each failed try.
	Run(ctx context.Context, p stack.Probe, dir string, environ []string, report func(tries int, err error)) (ProbeResult, error)
	// Describe names the probe in words: "tcp localhost:5432".
	Describe(p stack.Probe) string
	// InferURL is the probe of a URL a process printed; false for a URL
	// that is not local, which is never probed uninvited.
	InferURL(url string) (stack.Probe, bool)
	// CompileLog compiles a log-line pattern into a matcher of plain text.
	CompileLog(pattern string) (func(text string) bool, error)
}

// ProbeResult is how a probe ended: passed, or gave up after Tries with
// Err the last failure in words.
type ProbeResult struct {
	OK    bool
	Tries int
	Err   string
}

// Options configure a Supervisor. Manager, Wake, Policies and Spec are
// required.
type Options struct {
	Manager *process.Manager
	// Wake is signalled (coalesced) after any process change: the
	// session's Watch channel. The supervisor ends when it is closed or on
	// Close.
	Wake <-chan struct{}
	// Policies returns the policies in force now, by script ID, and the
	// dependency cycles (stack.Stack.Policies and Cycles). It is read at
	// each decision, so a reloaded hum.yaml applies from the next one.
	Policies func() (map[string]stack.Policy, [][]string)
	// Spec builds what a new run of the script runs. commit, when not nil,
	// is called with the state once the run was launched (or failed to
	// start), so the caller records the run's environment.
	Spec func(scriptID string) (spec process.Spec, commit func(process.State), err error)
	// Name is the script's name in words ("db"); the script ID when nil.
	Name func(scriptID string) string
	// Probes runs readiness probes; with none, a run is ready once
	// started and configured probes never pass.
	Probes Prober
	// BeforeRun, when not nil, is called when a new run of the process is
	// about to start, after its previous run ended: the session has the
	// log store forget the URLs the old run printed, so the new run's are
	// seen again.
	BeforeRun func(procID string)
	// Watch, when not nil, watches dir (a run's folder) for the changes w
	// names until ctx ends (backend/watch's Watch), calling changed after
	// each settled batch and failed with what goes wrong meanwhile; it
	// fails at once when dir cannot be watched. The supervisor runs one
	// for each run of a process whose policy has a Watch, ended with the
	// run, and calls Changed on each change.
	Watch func(ctx context.Context, dir string, w stack.Watch, changed func(), failed func(error)) error
	// Decided, when not nil, is called after each round of decisions,
	// with no lock held: a decision need not change any state (a run
	// that ended and is not to restart), so whoever waits on Settled
	// needs this wake-up as well as the Manager's changes.
	Decided func()
}

// Supervisor runs processes by their policies. Create it with New, end it
// with Close. Its methods are safe for concurrent use.
type Supervisor struct {
	opts   Options            // written once in New
	ctx    context.Context    // written once in New; done on Close
	cancel context.CancelFunc // written once in New
	poke   chan struct{}      // capacity 1: a reconcile is wanted (a probe's word, a log match, a launch's end)
	done   chan struct{}      // closed when the loop has ended

	// pending counts the log watches armed, so Line costs one atomic load
	// for the processes nobody watches.
	pending atomic.Int64 // atomic

	startMu sync.Mutex // serialises Start, Restart and Changed, so one script gets one row

	// armed is a copy of watches, replaced whole after each change of
	// it, so Line reads it without the lock: a flood in a process nobody
	// watches never waits on mu, even while another process is watched.
	armed atomic.Pointer[map[string][]*logWatch] // atomic; never written through

	mu      sync.Mutex             // protects units, watches and closed, and every unit's fields
	units   map[string]*unit       // guarded by mu; by script ID
	watches map[string][]*logWatch // guarded by mu; by process ID: the armed log watches
	closed  bool                   // guarded by mu
}

// unit is what the supervisor knows of one script. Its fields are guarded
// by Supervisor.mu.
type unit struct {
	script string
	proc   string // the row's process ID; "" until it has one

	launching bool               // a launch is under way: do not decide a start again
	seen      runKey             // the run whose readiness is followed
	ended     runKey             // the run whose end was handled
	stopReady context.CancelFunc // ends the current run's readiness and watch
	kick      chan struct{}      // capacity 1: the readiness of the run wants to look at its state (URLs)

	probeNote   string // the latest failed try of the run's probe, "tcp localhost:5432 refused, 4 tries"
	probeGaveUp string // the run's probe gave up: "was not ready after 60 tries: …"

	gen     uint64          // launches so far; a log watch belongs to the launch it was armed for
	matched map[string]bool // log_ready patterns a line of the current launch matched

	backoff  int         // restarts since the backoff started over
	failures []time.Time // failed ends within the crash-loop window
	restarts int         // automatic restarts since the user's last start

	env probeEnv // where an exec probe of the current run runs
}

type probeEnv struct {
	dir     string
	environ []string
}

// runKey names one run of a process.
type runKey struct {
	restarts int
	started  int64
}

func keyOf(st *process.State) runKey { return runKey{st.Restarts, st.StartedAt} }

// logWatch is one armed log-line match on a process's output.
type logWatch struct {
	u       *unit
	gen     uint64
	pattern string
	match   func(string) bool
	ready   string // not "": the run's own readiness (ReadyNote); else a dependent's log_ready
}

// New starts a Supervisor over opts.Manager.
func New(opts Options) *Supervisor {
	if opts.Name == nil {
		opts.Name = func(id string) string { return id }
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Supervisor{
		opts: opts, ctx: ctx, cancel: cancel,
		poke: make(chan struct{}, 1), done: make(chan struct{}),
		units: map[string]*unit{}, watches: map[string][]*logWatch{},
	}
	go s.loop()
	return s
}

// loop reconciles after every wake-up until Close.
func (s *Supervisor) loop() {
	defer close(s.done)
	for {
		select {
		case <-s.ctx.Done():
			return
		case _, ok := <-s.opts.Wake:
			if !ok {
				return
			}
		case <-s.poke:
		}
		s.reconcile()
		if s.opts.Decided != nil {
			s.opts.Decided()
		}
	}
}

func (s *Supervisor) wake() {
	select {
	case s.poke <- struct{}{}:
	default:
	}
}

// Close stops deciding (no restart, no start of a waiting process) and
// then stops every process it started, dependents before their
// dependencies. When ctx ends first it returns ctx's error and leaves the
// rest to the caller (Manager.StopAll kills what is left).
func (s *Supervisor) Close(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	<-s.done
	return s.StopAll(ctx)
}

// StopAll stops every process the supervisor started, dependents before
// their dependencies (Stop). When ctx ends first it returns ctx's error
// and leaves the rest to the caller (Manager.StopAll kills what is left).
func (s *Supervisor) StopAll(ctx context.Context) error {
	s.mu.Lock()
	ids := sortedKeys(s.units)
	s.mu.Unlock()
	stopped := make(chan error, 1)
	go func() { stopped <- s.Stop(ids) }()
	select {
	case err := <-stopped:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ErrClosed is returned by a start after Close.
var ErrClosed = errors.New("supervisor: closed")

// StartError is why one script of a Start could not be started.
type StartError struct {
	Script string // the script's ID
	Err    error
}

func (e *StartError) Error() string { return e.Script + ": " + e.Err.Error() }
func (e *StartError) Unwrap() error { return e.Err }

// Start starts the scripts and, transitively, what they depend on, and
// returns the state of each of ids (in order) once each has a row: a
// script that can start now has started (its command runs), one that
// waits shows waiting with what for, one in a dependency cycle shows
// blocked. It does not wait for readiness. A script that has a row reuses
// it: left alone while it runs or waits, started again once it has ended
// (and its backoff and crash-loop count start over). With skipDisabled
// (a group's start), Disabled scripts among ids are left out; a
// dependency is started whatever its Disabled. The error joins every
// script's that could not be started (its spec could not be built, or
// its command could not start); those are left out of the states.
func (s *Supervisor) Start(ids []string, skipDisabled bool) ([]process.State, error) {
	s.startMu.Lock()
	defer s.startMu.Unlock()
	pol, cycles := s.opts.Policies()
	var asked []string
	for _, id := range ids {
		if !(skipDisabled && pol[id].Disabled) {
			asked = append(asked, id)
		}
	}
	order := Closure(asked, pol)

	var (
		errs []error
		now  []*unit // to launch at once
	)
	for _, id := range order {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return nil, ErrClosed
		}
		u := s.unitLocked(id)
		var st *process.State
		if u.proc != "" {
			if p, ok := s.opts.Manager.Get(u.proc); ok {
				st = p.State()
			} else {
				u.proc = "" // removed
			}
		}
		s.mu.Unlock()
		if st != nil && !st.Status.Final() {
			continue // it runs, waits, restarts or is blocked: reconcile decides
		}
		if st == nil {
			spec, _, err := s.opts.Spec(id)
			if err != nil {
				errs = append(errs, &StartError{Script: id, Err: err})
				continue
			}
			// Registered with what it waits for, so its first state says
			// so; one that starts at once is launched below.
			s.mu.Lock()
			status, detail := s.decideLocked(u, pol, cycles)
			if status == process.StatusStarting {
				status = process.StatusWaiting
				u.launching = true // ours to launch, not the loop's
			}
			s.mu.Unlock()
			reg := s.opts.Manager.Register(spec, status, detail)
			s.mu.Lock()
			u.proc = reg.ID
			s.mu.Unlock()
		}
		s.mu.Lock()
		u.backoff, u.failures, u.restarts = 0, nil, 0 // the user's start
		p, _ := s.opts.Manager.Get(u.proc)
		cur := p.State()
		status, detail := s.decideLocked(u, pol, cycles)
		// Its row was just registered (the loop leaves it to us) or has
		// ended (the loop never starts an ended row): no launch of the
		// loop's is under way.
		u.launching = status == process.StatusStarting
		if u.launching {
			now = append(now, u)
		} else {
			s.publishWaitLocked(u, cur, status, detail, true)
		}
		s.mu.Unlock()
	}

	var wg sync.WaitGroup
	failed := make([]error, len(now))
	for i, u := range now {
		wg.Go(func() {
			// Not over a run the loop launched meanwhile.
			notRunning := func(cur process.State) bool {
				return cur.Status == process.StatusWaiting || cur.Status == process.StatusBlocked || cur.Status.Final()
			}
			if err := s.launch(u, "started again", notRunning, false); err != nil && !errors.Is(err, process.ErrSkipped) {
				failed[i] = &StartError{Script: u.script, Err: err}
			}
		})
	}
	wg.Wait()
	bad := map[string]bool{}
	for i, err := range failed {
		if err != nil {
			errs = append(errs, err)
			bad[now[i].script] = true
		}
	}
	s.wake()

	var out []process.State
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range asked {
		if u := s.units[id]; u != nil && u.proc != "" && !bad[id] {
			if p, ok := s.opts.Manager.Get(u.proc); ok {
				out = append(out, *p.State())
			}
		}
	}
	return out, errors.Join(errs...)
}

// Restart starts the script's process again now, whatever its
// dependencies (they held when it started), stopping its run first if it
// is alive; the backoff and crash-loop count start over. A script with no
// row, or whose row still waits or is blocked, is started (Start), which
// waits for its dependencies.
func (s *Supervisor) Restart(scriptID string) (process.State, error) {
	return s.restartFor(scriptID, "restarted")
}

func (s *Supervisor) restartFor(scriptID, why string) (process.State, error) {
	s.startMu.Lock()
	s.mu.Lock()
	u := s.units[scriptID]
	if s.closed {
		s.mu.Unlock()
		s.startMu.Unlock()
		return process.State{}, ErrClosed
	}
	waits := false
	if u != nil && u.proc != "" {
		if p, ok := s.opts.Manager.Get(u.proc); ok {
			st := p.State().Status
			waits = st == process.StatusWaiting || st == process.StatusBlocked
		}
	}
	if u == nil || u.proc == "" || u.launching || waits {
		// Nothing runs yet: a restart is a start, which waits for the
		// dependencies as a start does.
		s.mu.Unlock()
		s.startMu.Unlock()
		states, err := s.Start([]string{scriptID}, false)
		if len(states) == 0 {
			return process.State{}, err
		}
		return states[0], err
	}
	defer s.startMu.Unlock()
	u.backoff, u.failures, u.restarts = 0, nil, 0
	u.launching = true
	s.mu.Unlock()
	err := s.launch(u, why, nil, true)
	p, ok := s.opts.Manager.Get(u.proc)
	if !ok {
		return process.State{}, err
	}
	return *p.State(), err
}

// Changed says that a file the script's watch covers changed: its process
// is restarted if it runs (or is starting), and, when its Watch says
// RestartDependents, the processes that depend on it are stopped and wait
// for it again. A process that does not run is left alone.
func (s *Supervisor) Changed(scriptID string) error {
	pol, _ := s.opts.Policies()
	st, ok := s.state(scriptID)
	if !ok || !st.Status.Active() {
		return nil
	}
	var deps []string
	if w := pol[scriptID].Watch; w != nil && w.RestartDependents {
		for _, id := range dependents(scriptID, pol) {
			if d, ok := s.state(id); ok && (d.Status.Active() || d.Status == process.StatusRestarting) {
				deps = append(deps, id)
			}
		}
	}
	// Dependents first, so none keeps running against the old run; they
	// wait again once it has been restarted, so they start when the new
	// run meets their conditions.
	errs := []error{s.Stop(deps)}
	_, err := s.restartFor(scriptID, "restarted: a watched file changed")
	errs = append(errs, err)
	s.mu.Lock()
	for _, id := range deps {
		if u := s.units[id]; u != nil && u.proc != "" {
			p, _ := s.opts.Manager.Get(u.proc)
			if p != nil {
				s.publishWaitLocked(u, p.State(), process.StatusWaiting, "waiting for "+s.opts.Name(scriptID), true)
			}
		}
	}
	s.mu.Unlock()
	s.wake()
	return errors.Join(errs...)
}

// Settled reports whether nothing more will happen without someone
// asking: no launch is under way, and every process the supervisor
// started has ended with its end handled (no restart is due) or is
// blocked. A headless run (`hum up`) ends once it holds. A blocked
// process counts as settled: only a start of what blocks it could free
// it, and a dependency that restarts by itself is not settled.
func (s *Supervisor) Settled() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.units {
		if u.launching {
			return false
		}
		if u.proc == "" {
			continue
		}
		p, ok := s.opts.Manager.Get(u.proc)
		if !ok {
			continue
		}
		st := p.State()
		switch {
		case st.Status == process.StatusBlocked:
		case !st.Status.Final():
			return false
		case st.StartedAt > 0 && keyOf(st) != u.ended:
			return false // its end is not handled yet: it may restart
		}
	}
	return true
}

// Row returns the ID of the script's process, when it has one.
func (s *Supervisor) Row(scriptID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.units[scriptID]; u != nil && u.proc != "" {
		return u.proc, true
	}
	return "", false
}

// state returns the current state of the script's row.
func (s *Supervisor) state(scriptID string) (*process.State, bool) {
	s.mu.Lock()
	u := s.units[scriptID]
	proc := ""
	if u != nil {
		proc = u.proc
	}
	s.mu.Unlock()
	if proc == "" {
		return nil, false
	}
	p, ok := s.opts.Manager.Get(proc)
	if !ok {
		return nil, false
	}
	return p.State(), true
}

// Stop stops the scripts' processes, each only once every one of them that
// depends on it has stopped, in parallel where independent, and returns
// when all have ended. Scripts without a row are skipped.
func (s *Supervisor) Stop(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	pol, _ := s.opts.Policies()
	in := map[string]bool{}
	for _, id := range ids {
		in[id] = true
	}
	done := map[string]chan struct{}{}
	for id := range in {
		done[id] = make(chan struct{})
	}
	// waitFor[x] are the members that depend on x: x stops after them.
	waitFor := map[string][]string{}
	for id := range in {
		for _, d := range pol[id].DependsOn {
			if in[d.ID] && d.ID != id {
				waitFor[d.ID] = append(waitFor[d.ID], id)
			}
		}
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex // protects errs
		errs []error
	)
	for id := range in {
		wg.Go(func() {
			defer close(done[id])
			for _, dep := range waitFor[id] {
				if dependsOn(id, dep, pol) {
					continue // no order in a cycle; never started anyway
				}
				<-done[dep]
			}
			s.mu.Lock()
			proc := ""
			if u := s.units[id]; u != nil {
				proc = u.proc
			}
			s.mu.Unlock()
			if proc == "" {
				return
			}
			if _, err := s.opts.Manager.Stop(proc); err != nil && !errors.Is(err, process.ErrNotFound) {
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: %w", id, err))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// unitLocked returns the script's unit, making it. s.mu must be held.
func (s *Supervisor) unitLocked(id string) *unit {
	u := s.units[id]
	if u == nil {
		u = &unit{script: id, kick: make(chan struct{}, 1), matched: map[string]bool{}}
		s.units[id] = u
	}
	return u
}

// Line is told of every output line of every process (the session's
// sink calls it); it matches the lines of the processes with an armed
// log watch, and costs the others one atomic load (two and a map lookup
// while some other process is watched), never a lock.
func (s *Supervisor) Line(procID string, line []byte) {
	if s.pending.Load() == 0 {
		return
	}
	armed := s.armed.Load()
	if armed == nil {
		return
	}
	ws := (*armed)[procID]
	if len(ws) == 0 {
		return
	}
	text := logs.Plain(string(line))
	for _, w := range ws {
		if w.match(text) {
			s.matched(procID, w)
		}
	}
}

// matched records that w's pattern matched a line of its launch.
func (s *Supervisor) matched(procID string, w *logWatch) {
	s.mu.Lock()
	ws := s.watches[procID]
	i := slices.Index(ws, w)
	if i < 0 {
		s.mu.Unlock()
		return // matched by a line before, or disarmed
	}
	s.watches[procID] = slices.Delete(slices.Clone(ws), i, i+1)
	s.pending.Add(-1)
	s.publishWatchesLocked()
	if w.gen == w.u.gen && w.ready == "" {
		w.u.matched[w.pattern] = true
	}
	s.mu.Unlock()
	if w.ready != "" {
		s.markReady(procID, nil, w.ready)
	}
	s.wake()
}

// armLocked arms the log watches of the unit's next launch: its own log
// probe, and every dependent's log_ready on it. s.mu must be held.
func (s *Supervisor) armLocked(u *unit, pol map[string]stack.Policy) {
	s.disarmLocked(u)
	u.gen++
	clear(u.matched)
	add := func(pattern, ready string) {
		m, err := s.compileLog(pattern)
		if err != nil {
			return // the project file's problem, said where it is parsed
		}
		s.watches[u.proc] = append(s.watches[u.proc], &logWatch{u: u, gen: u.gen, pattern: pattern, match: m, ready: ready})
		s.pending.Add(1)
	}
	if p := pol[u.script].Readiness; p != nil && p.Kind == stack.ProbeLog {
		add(p.Pattern, "log line /"+p.Pattern+"/")
	}
	seen := map[string]bool{}
	for _, other := range sortedKeys(pol) {
		for _, d := range pol[other].DependsOn {
			if d.ID == u.script && d.Condition == stack.ConditionLogReady && !seen[d.Pattern] {
				seen[d.Pattern] = true
				add(d.Pattern, "")
			}
		}
	}
	s.publishWatchesLocked()
}

// publishWatchesLocked gives Line a fresh copy of the armed watches.
// s.mu must be held.
func (s *Supervisor) publishWatchesLocked() {
	m := make(map[string][]*logWatch, len(s.watches))
	for id, ws := range s.watches {
		if len(ws) > 0 {
			m[id] = slices.Clone(ws)
		}
	}
	s.armed.Store(&m)
}

// compileLog compiles a log-line pattern with the Prober's CompileLog,
// or as a plain regular expression without one.
func (s *Supervisor) compileLog(pattern string) (func(string) bool, error) {
	if s.opts.Probes != nil {
		return s.opts.Probes.CompileLog(pattern)
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	return re.MatchString, nil
}

// disarmLocked drops the unit's armed log watches. s.mu must be held.
func (s *Supervisor) disarmLocked(u *unit) {
	if n := len(s.watches[u.proc]); n > 0 {
		s.pending.Add(-int64(n))
		delete(s.watches, u.proc)
		s.publishWatchesLocked()
	}
}

// launch starts the unit's next run with a freshly built spec, if cond
// (when not nil) still holds of its state, writing a marker into its log
// between runs. u.launching must have been set; launch clears it.
//
// With stopFirst, a run that is alive is stopped once the spec is built
// (a spec that cannot be built leaves it running), so the old run's last
// lines come before the marker and the new run's URLs are its own.
func (s *Supervisor) launch(u *unit, why string, cond func(process.State) bool, stopFirst bool) error {
	defer func() {
		s.mu.Lock()
		u.launching = false
		s.mu.Unlock()
		s.wake()
	}()
	spec, commit, err := s.opts.Spec(u.script)
	if err != nil {
		// A process that runs or has ended is left as it is; one the
		// supervisor was to start says why it cannot.
		s.opts.Manager.Update(u.proc, func(st *process.State) bool {
			if st.Status != process.StatusWaiting && st.Status != process.StatusBlocked && st.Status != process.StatusRestarting {
				return false
			}
			l := st.EditLifecycle()
			st.Status, l.Err, l.Detail, l.NextStart = process.StatusFailed, err.Error(), "", 0
			return true
		})
		return err
	}
	pol, _ := s.opts.Policies()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.armLocked(u, pol)
	u.env = probeEnv{dir: spec.Dir, environ: spec.Environ}
	proc := u.proc
	s.mu.Unlock()
	if stopFirst {
		if _, err := s.opts.Manager.Stop(proc); err != nil {
			return err
		}
	}
	st, err := s.opts.Manager.Relaunch(proc, process.Relaunch{Spec: &spec, If: func(cur process.State) bool {
		if cond != nil && !cond(cur) {
			return false
		}
		if cur.StartedAt > 0 && cur.PID > 0 || cur.EndedAt > 0 && cur.StartedAt > 0 {
			// The marker sits between the runs' lines: the old run's
			// output has ended (or ends in the Relaunch's stop before
			// the new run prints).
			s.opts.Manager.Note(proc, fmt.Sprintf("── run %d · %s ──", cur.Restarts+2, why))
		}
		if s.opts.BeforeRun != nil {
			s.opts.BeforeRun(proc)
		}
		return true
	}})
	if errors.Is(err, process.ErrSkipped) || errors.Is(err, process.ErrNotFound) {
		s.mu.Lock()
		s.disarmLocked(u)
		s.mu.Unlock()
		return err
	}
	if commit != nil {
		commit(st)
	}
	return err
}

// reconcile looks at every unit's row and does what its state calls for:
// follows a new run's readiness, handles an ended run's restart policy,
// and starts, blocks or updates what a waiting process waits for.
func (s *Supervisor) reconcile() {
	pol, cycles := s.opts.Policies()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	for _, id := range sortedKeys(s.units) {
		u := s.units[id]
		if u.proc == "" {
			continue
		}
		p, ok := s.opts.Manager.Get(u.proc)
		if !ok { // removed
			s.disarmLocked(u)
			if u.stopReady != nil {
				u.stopReady()
			}
			delete(s.units, id)
			continue
		}
		s.observeLocked(u, p.State(), pol[id])
	}
	for _, id := range sortedKeys(s.units) {
		u := s.units[id]
		p, ok := s.opts.Manager.Get(u.proc)
		if !ok || u.launching {
			continue
		}
		st := p.State()
		if st.Status != process.StatusWaiting && st.Status != process.StatusBlocked {
			continue
		}
		status, detail := s.decideLocked(u, pol, cycles)
		if status == process.StatusStarting {
			u.launching = true
			go s.launch(u, "started", func(cur process.State) bool {
				return cur.Status == process.StatusWaiting || cur.Status == process.StatusBlocked
			}, false)
			continue
		}
		s.publishWaitLocked(u, st, status, detail, false)
	}
}

// observeLocked follows the unit's run: a new run's readiness, and an
// ended run's restart policy. s.mu must be held.
func (s *Supervisor) observeLocked(u *unit, st *process.State, pol stack.Policy) {
	key := keyOf(st)
	if st.PID > 0 && st.Status.Active() && key != u.seen {
		u.seen = key
		u.probeNote, u.probeGaveUp = "", ""
		if u.stopReady != nil {
			u.stopReady()
		}
		ctx, cancel := context.WithCancel(s.ctx)
		u.stopReady = cancel
		go s.readiness(ctx, u, u.proc, key, pol.Readiness, u.env)
		if pol.Watch != nil && s.opts.Watch != nil {
			go s.watch(ctx, u.script, u.proc, *pol.Watch, u.env.dir)
		}
	}
	if st.Status.Active() {
		select {
		case u.kick <- struct{}{}:
		default:
		}
		return
	}
	if !st.Status.Final() || st.StartedAt == 0 || key == u.ended {
		return
	}
	u.ended = key
	if u.stopReady != nil && key == u.seen {
		u.stopReady()
		u.stopReady = nil
	}
	// Keep the armed watches of a log_ready until a new launch: its
	// dependents read "ended before it printed" from matched; the watches
	// themselves can match nothing more.
	s.disarmLocked(u)
	s.onEndLocked(u, st, pol.Restart)
}

// watch watches the run's files until ctx ends with the run, and
// restarts the process (and its dependents, as w says) on each change.
// What goes wrong is written into the process's log.
func (s *Supervisor) watch(ctx context.Context, scriptID, proc string, w stack.Watch, dir string) {
	say := func(err error) { s.opts.Manager.Note(proc, "── hum: watching files: "+err.Error()+" ──") }
	err := s.opts.Watch(ctx, dir, w, func() {
		if ctx.Err() == nil {
			if err := s.Changed(scriptID); err != nil {
				say(err)
			}
		}
	}, say)
	if err != nil && ctx.Err() == nil {
		say(err)
	}
}

// onEndLocked applies the restart policy to a run that ended. s.mu must
// be held.
func (s *Supervisor) onEndLocked(u *unit, st *process.State, r stack.Restart) {
	if st.Status == process.StatusStopped || st.Status == process.StatusCrashLoop {
		return // the user's stop never restarts
	}
	success := Succeeded(st, r.SuccessCodes)
	switch r.Policy {
	case stack.RestartAlways:
	case stack.RestartOnFailure:
		if success {
			return
		}
	default:
		return
	}
	backoff, maxBackoff := r.Backoff, r.MaxBackoff
	if backoff <= 0 {
		backoff = stack.DefaultBackoff
	}
	if maxBackoff <= 0 {
		maxBackoff = max(stack.DefaultMaxBackoff, backoff)
	}
	failures, window := r.CrashLoopFailures, r.CrashLoopWindow
	if failures <= 0 {
		failures = stack.DefaultCrashLoopFailures
	}
	if window <= 0 {
		window = stack.DefaultCrashLoopWindow
	}
	now := time.Now()
	key := keyOf(st)
	if !success {
		u.failures = append(u.failures, time.UnixMilli(st.EndedAt))
		u.failures = slices.DeleteFunc(u.failures, func(t time.Time) bool { return now.Sub(t) > window })
		if len(u.failures) >= failures {
			detail := fmt.Sprintf("failed %d times in %s; paused. Start it again when it is fixed", len(u.failures), words(window))
			s.opts.Manager.Update(u.proc, sameEnd(key, func(st *process.State) {
				st.Status = process.StatusCrashLoop
				st.EditLifecycle().Detail = detail
			}))
			return
		}
	}
	if r.MaxRestarts > 0 && u.restarts >= r.MaxRestarts {
		detail := fmt.Sprintf("gave up after %d restarts", u.restarts)
		s.opts.Manager.Update(u.proc, sameEnd(key, func(st *process.State) { st.EditLifecycle().Detail = detail }))
		return
	}
	if time.Duration(st.EndedAt-st.StartedAt)*time.Millisecond > maxBackoff {
		u.backoff = 0 // that run was healthy: its end starts the backoff over
	}
	wait := backoff
	for range u.backoff {
		wait *= 2
		if wait >= maxBackoff {
			break
		}
	}
	wait = min(wait, maxBackoff)
	u.backoff++
	u.restarts++
	of := ""
	if r.MaxRestarts > 0 {
		of = fmt.Sprintf(" of %d", r.MaxRestarts)
	}
	ended := exitWords(st)
	next := now.Add(wait).UnixMilli()
	detail := fmt.Sprintf("restarting in %s (%s; restart %d%s)", words(wait), ended, u.restarts, of)
	_, ok := s.opts.Manager.Update(u.proc, sameEnd(key, func(st *process.State) {
		st.Status = process.StatusRestarting
		l := st.EditLifecycle()
		l.NextStart, l.Detail = next, detail
	}))
	if !ok {
		return
	}
	time.AfterFunc(wait, func() {
		s.mu.Lock()
		if s.closed || u.launching {
			s.mu.Unlock()
			return
		}
		u.launching = true
		s.mu.Unlock()
		s.launch(u, "restarted after "+ended, func(cur process.State) bool {
			return cur.Status == process.StatusRestarting && cur.NextStart == next
		}, false)
	})
}

// sameEnd makes an Update function that applies edit only over the final
// state of the run key names, so it never overwrites a newer run or a
// user's stop.
func sameEnd(key runKey, edit func(*process.State)) func(*process.State) bool {
	return func(st *process.State) bool {
		if keyOf(st) != key || !(st.Status == process.StatusFailed || st.Status == process.StatusSucceeded) {
			return false
		}
		edit(st)
		return true
	}
}

// Succeeded reports whether the run ended with a success code.
func Succeeded(st *process.State, codes []int) bool {
	if st.Status == process.StatusSucceeded && len(codes) == 0 {
		return true
	}
	if st.PID == 0 || st.Status != process.StatusSucceeded && st.Status != process.StatusFailed && st.Status != process.StatusRestarting {
		return false // it never started
	}
	if len(codes) == 0 {
		codes = []int{0}
	}
	return (st.Err == "" || st.ExitCode >= 0) && slices.Contains(codes, st.ExitCode)
}

// exitWords says how a run ended: "exit 1", "signal: killed", "could
// not start".
func exitWords(st *process.State) string {
	switch {
	case st.PID == 0 && st.Status == process.StatusFailed:
		return "could not start"
	case st.ExitCode >= 0:
		return fmt.Sprintf("exit %d", st.ExitCode)
	case st.Err != "":
		return st.Err
	}
	return "ended"
}

// words writes a duration as people read it: "500ms", "4s", "2m30s".
func words(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	d = d.Round(time.Second)
	if d < 2*time.Minute {
		return fmt.Sprintf("%ds", int(d.Seconds()))
	}
	if d%time.Minute == 0 {
		return strings.TrimSuffix(d.String(), "0s") // "5m0s" reads "5m"
	}
	return d.String()
}

// publishWaitLocked shows a process that is not started yet as waiting or
// blocked, with why. Only over waiting or blocked (a final state too, when
// force: the user's start of an ended process), never over a run or a
// user's stop. s.mu must be held.
func (s *Supervisor) publishWaitLocked(u *unit, st *process.State, status process.Status, detail string, force bool) {
	if st.Status == status && st.Detail == detail {
		return
	}
	s.opts.Manager.Update(u.proc, func(st *process.State) bool {
		ok := st.Status == process.StatusWaiting || st.Status == process.StatusBlocked ||
			force && st.Status.Final()
		if !ok || st.Status == status && st.Detail == detail {
			return false
		}
		l := st.EditLifecycle()
		st.Status, l.Detail, l.NextStart = status, detail, 0
		return true
	})
}
