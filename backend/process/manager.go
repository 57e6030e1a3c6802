package process

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"hum/backend/registry"
)

// Errors returned by Manager; test them with errors.Is.
var (
	// ErrNotFound: no process with that ID (never started, or removed).
	ErrNotFound = errors.New("process not found")
	// ErrNotFinished: the operation needs a final process (Remove).
	ErrNotFinished = errors.New("process has not finished")
	// ErrStart: the command could not be started; the process is registered
	// as failed with the reason in State.Err.
	ErrStart = errors.New("process could not start")
	// ErrTreeAlive: members of the tree were still alive killTimeout after
	// the kill (a process stuck in the kernel, or one we may not signal).
	ErrTreeAlive = errors.New("process tree still alive after kill")
	// ErrSkipped: a Relaunch's condition did not hold, so nothing was done.
	ErrSkipped = errors.New("process was not relaunched: its state changed")
)

const (
	// killTimeout bounds the wait for the tree to disappear after the kill.
	killTimeout = 10 * time.Second
	// drainTimeout bounds the wait for the output pipes to reach EOF once
	// the tree is gone. Only a process that left the tree (setsid) and
	// still holds the pipe makes it expire; we then close our end.
	drainTimeout = 2 * time.Second
	// abandonTimeout bounds the wait for a reader after its file was
	// closed; only a read that Close cannot interrupt makes it expire.
	abandonTimeout = time.Second
)

// Options configure a Manager.
type Options struct {
	// Sink receives every output line of every process; nil discards output.
	Sink Sink
	// Changes is signalled on every state change and removal; nil makes one
	// (see Manager.Changes).
	Changes *Changes
	// GracePeriod between the graceful signal and the kill, for specs that
	// set none; 0 means DefaultGracePeriod.
	GracePeriod time.Duration
	// MaxLine is the longest line delivered whole; 0 means DefaultMaxLine.
	MaxLine int
	// PartialIdle is how long the start of a line waits for its newline
	// before it is delivered as it is (see IdleSink); 0 means 300 ms. A
	// sink that shows the output on a terminal as it is typed at (`hum
	// run` forwarding keys) wants it short, so echoed keys show at once.
	PartialIdle time.Duration
	// Guard, when not nil, is told of every tree as it starts and once it
	// is gone, so that something outside Hum can end the trees if Hum dies
	// without stopping them (backend/watchdog).
	Guard Guard
}

// Guard learns which process trees Hum runs: a Manager's (Options.Guard)
// and RunOnce's. Track is called once a tree has started, with its
// leader's PID (on Unix also its process group); Forget once the whole
// tree is gone. Both must return at once and be
// safe for concurrent use.
type Guard interface {
	Track(pid int)
	Forget(pid int)
}

// Manager starts, stops and restarts supervised process trees and keeps
// them in a registry until they are removed.
//
// Each process leads its own tree (a process group on Unix, a Job Object on
// Windows), and Stop ends the whole tree: graceful signal, grace period,
// kill, and it returns only when every member is gone. When the leader exits
// on its own, whatever is left of its tree is ended the same way before the
// final state is published, so a final state means nothing of that run is
// alive (like systemd's control-group kill mode). Hum never signals anything
// it did not start: only the groups and jobs it created.
//
// Operations on one process are serialised, and identical concurrent calls
// (two Stops, two Restarts, two Starts of the same ScriptID) collapse into
// one whose result every caller gets. All methods are safe for concurrent use.
type Manager struct {
	opts    Options                          // written once in NewManager
	changes *Changes                         // written once in NewManager; never nil
	reg     registry.Registry[State, *entry] // guards itself
	lastID  atomic.Uint64                    // atomic; number part of the last ID issued
	flight  singleflight.Group               // guards itself; collapses identical concurrent calls
}

// entry is one registered process: its published state plus what the
// manager needs to supervise it.
type entry struct {
	*Process                     // the published state; written once
	spec     Spec                // written once before the entry is registered, but for what RestartWithEnv and RestartWithSpec replace with mu held, between two runs
	mu       sync.Mutex          // serialises Start, Stop, Restart and Remove of this process; held for the whole operation
	removed  bool                // guarded by mu
	cur      atomic.Pointer[run] // atomic; the current run, stored only while mu is held, nil until the first run exists
	size     atomic.Uint32       // atomic; the terminal size the last Resize asked for (cols<<16 | rows), 0 before any
}

// run is one execution of a process's command. A run is stored in
// entry.cur only once it is fully built (its tree set, or already done), so
// a reader that loads it may use every written-once field.
type run struct {
	tree  *tree         // written once before the run is stored; nil if the start failed
	pid   int           // written once before the run is stored; the leader
	grace time.Duration // written once before the run is stored
	shell bool          // written once before the run is stored; the run's command went through the shell (spec.viaShell)
	term  *os.File      // written once before the run is stored; the PTY master, nil on pipes; closed once the output is drained

	stopRequested atomic.Bool   // atomic; set before the first signal of a Stop: stopped is the final status if set when the leader exits
	termSent      atomic.Bool   // atomic; the graceful signal went out (once per run)
	done          chan struct{} // closed after the final state of this run is published
	final         *State        // written once before done is closed; read only after it is
}

// NewManager returns a Manager with no processes.
func NewManager(opts Options) *Manager {
	if opts.Changes == nil {
		opts.Changes = NewChanges()
	}
	if opts.GracePeriod <= 0 {
		opts.GracePeriod = DefaultGracePeriod
	}
	if opts.MaxLine <= 0 {
		opts.MaxLine = DefaultMaxLine
	}
	return &Manager{opts: opts, changes: opts.Changes}
}

// Changes is signalled after every state change and every removal.
func (m *Manager) Changes() *Changes { return m.changes }

// newID returns "p" and a zero-padded counter: unique within the manager
// even for starts in the same instant, and increasing, so sorting IDs by
// (length, text) sorts processes by start order.
func (m *Manager) newID() string { return fmt.Sprintf("p%06d", m.lastID.Add(1)) }

// compareIDs orders states by start order (see newID).
func compareIDs(a, b *State) int {
	if c := cmp.Compare(len(a.ID), len(b.ID)); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// Start registers a new process for spec and starts it. It returns the
// state once the command is running. A command that cannot start is still
// registered, as failed with the reason in Err; Start then returns that
// state and an error wrapping ErrStart. Concurrent Starts of the same
// non-empty ScriptID collapse into one process.
func (m *Manager) Start(spec Spec) (State, error) {
	if spec.ScriptID == "" {
		return m.start(spec)
	}
	v, err, _ := m.flight.Do("start\x00"+spec.ScriptID, func() (any, error) { return m.start(spec) })
	return v.(State), err
}

func (m *Manager) start(spec Spec) (State, error) {
	spec.Argv = append([]string(nil), spec.Argv...) // ours from here on
	spec.Env = append([]string(nil), spec.Env...)
	spec.Environ = cloneEnv(spec.Environ)
	e := m.newEntry(spec, StatusStarting)
	e.mu.Lock()
	defer e.mu.Unlock()
	if !m.reg.Add(e) {
		// IDs come from an atomic counter; a clash is a bug, not a state.
		panic("process: duplicate ID " + e.ID())
	}
	return m.launch(e)
}

// Register registers a new process for spec without starting it, in
// status (waiting or blocked: what the supervisor publishes for a process
// whose dependencies are not there yet) with detail saying why. It has no
// run until Relaunch (or Restart) starts its first one, which keeps its
// Restarts at 0. Stop makes it stopped without a run.
func (m *Manager) Register(spec Spec, status Status, detail string) State {
	spec.Argv = append([]string(nil), spec.Argv...) // ours from here on
	spec.Env = append([]string(nil), spec.Env...)
	spec.Environ = cloneEnv(spec.Environ)
	e := m.newEntry(spec, status)
	st, _ := e.Update(func(s *State) bool {
		l := s.EditLifecycle()
		l.StartedAt, l.Detail = 0, detail
		return true
	})
	if !m.reg.Add(e) {
		panic("process: duplicate ID " + e.ID())
	}
	return *st
}

// newEntry makes the entry of a new process for spec, not registered yet.
func (m *Manager) newEntry(spec Spec, status Status) *entry {
	name := spec.Name
	if name == "" {
		name = spec.commandLine()
	}
	e := &entry{spec: spec}
	e.Process = NewProcess(State{
		Identity: &Identity{
			ID:       m.newID(),
			ScriptID: spec.ScriptID,
			Name:     name,
			Source:   spec.Source,
			Command:  spec.commandLine(),
			Dir:      spec.Dir,
			TTY:      spec.terminal(),
		},
		Status:    status,
		Lifecycle: &Lifecycle{StartedAt: time.Now().UnixMilli()},
		CPU:       Unavailable,
		RSS:       Unavailable,
	}, m.changes)
	return e
}

// launch starts a new run of e. e.mu must be held.
func (m *Manager) launch(e *entry) (State, error) {
	spec := e.spec
	r := &run{grace: m.grace(spec), shell: spec.viaShell(), done: make(chan struct{})}
	if spec.Command == "" && len(spec.Argv) == 0 {
		return m.failStart(e, r, errors.New("nothing to run: empty command"))
	}
	cmd := spec.command()
	var readers, writers []*os.File
	if spec.terminal() {
		// One PTY for stdin, stdout and stderr, read even without a Sink:
		// a child whose terminal nobody reads blocks once its buffer is
		// full. The master reads EOF (EIO) once every holder of the slave
		// is gone: the whole tree, as with the pipes below.
		cols, rows := e.terminalSize()
		master, slave, err := openTerminal(cols, rows)
		if err != nil {
			return m.failStart(e, r, fmt.Errorf("pseudo-terminal: %w", err))
		}
		attachTerminal(cmd, slave)
		readers, writers = []*os.File{master}, []*os.File{slave}
		r.term = master
	} else if m.opts.Sink != nil {
		// Our own pipes rather than exec's copy goroutines: exec stops
		// copying WaitDelay after the leader exits, but members of the tree
		// may print until they are gone (a server logging its shutdown after
		// its npm wrapper died). We read until EOF, which comes when the
		// whole tree is gone, bounded by drainTimeout for escapees.
		for range 2 {
			pr, pw, err := os.Pipe()
			if err != nil {
				closeAll(readers, writers)
				return m.failStart(e, r, fmt.Errorf("output pipe: %w", err))
			}
			readers, writers = append(readers, pr), append(writers, pw)
		}
		cmd.Stdout, cmd.Stderr = writers[0], writers[1]
	}
	t, err := startTree(cmd)
	closeAll(writers) // the child has its copies; ours would keep EOF away
	if err != nil {
		closeAll(readers)
		return m.failStart(e, r, err)
	}
	r.tree, r.pid = t, cmd.Process.Pid
	if m.opts.Guard != nil {
		m.opts.Guard.Track(r.pid)
	}
	e.cur.Store(r)
	if r.term != nil {
		// A Resize between reading the size above and storing the run
		// did not reach this run: apply the size it asked for.
		if cols, rows := e.terminalSize(); e.size.Load() != 0 {
			_ = resizeTerminal(r, cols, rows)
		}
	}
	st, _ := e.Update(func(s *State) bool {
		s.Status = StatusRunning
		s.EditLifecycle().PID = r.pid
		return true
	})

	var output sync.WaitGroup
	lines := make([]*lineWriter, len(readers))
	for i, pr := range readers {
		w := newLineWriter(m.opts.Sink, e.ID(), Stream(i+1), m.opts.MaxLine)
		w.squeezeCR = r.term != nil // the terminal: stdout and stderr in one
		lines[i] = w
		output.Go(func() { copyLines(w, pr, m.opts.PartialIdle) })
	}
	go m.supervise(e, r, cmd, readers, lines, &output)
	return *st, nil
}

func (m *Manager) failStart(e *entry, r *run, err error) (State, error) {
	st, _ := e.Update(func(s *State) bool {
		l := s.EditLifecycle()
		s.Status, l.Err, l.EndedAt, l.ExitCode, l.PID = StatusFailed, err.Error(), time.Now().UnixMilli(), -1, 0
		return true
	})
	r.final = st
	close(r.done)
	e.cur.Store(r)
	return *st, fmt.Errorf("%w: %s (%s): %w", ErrStart, st.ID, st.Name, err)
}

func closeAll(groups ...[]*os.File) {
	for _, g := range groups {
		for _, f := range g {
			f.Close()
		}
	}
}

func (m *Manager) grace(spec Spec) time.Duration {
	if spec.GracePeriod > 0 {
		return spec.GracePeriod
	}
	return m.opts.GracePeriod
}

// supervise waits for the run's leader, ends what is left of its tree,
// waits for its output, and publishes the final state. It is the only
// goroutine that publishes a run's final state.
func (m *Manager) supervise(e *entry, r *run, cmd *exec.Cmd, readers []*os.File, lines []*lineWriter, output *sync.WaitGroup) {
	waitErr := cmd.Wait()
	// Read now, not when publishing: a Stop that comes after the leader
	// exited on its own (while the rest of the tree is ended or the output
	// drains) does not turn that exit into a stop; the run had finished.
	stopped := r.stopRequested.Load()
	// A Stop in progress drives the same steps; whoever is first sends the
	// signals and both see the tree go.
	treeErr := endTree(context.Background(), r)

	drained := make(chan struct{})
	go func() { output.Wait(); close(drained) }()
	select {
	case <-drained:
	case <-time.After(drainTimeout):
		closeAll(readers) // unblocks the readers; their last lines are flushed
		select {
		case <-drained:
		case <-time.After(abandonTimeout):
			// A read the Close did not interrupt (a terminal's master
			// outside Linux): deliver the line it waits on and take
			// nothing after it. The reader ends when the escapee does.
			for _, w := range lines {
				w.flush()
			}
		}
	}
	closeAll(readers)

	code, reason := exitOutcome(waitErr, r.shell)
	if treeErr != nil {
		reason = errors.Join(errorOrNil(reason), treeErr).Error()
	}
	r.final, _ = e.Update(func(s *State) bool {
		l := s.EditLifecycle()
		l.EndedAt, l.ExitCode = time.Now().UnixMilli(), code
		switch {
		case stopped:
			s.Status, l.Err = StatusStopped, ""
			if treeErr != nil {
				l.Err = treeErr.Error()
			}
		case waitErr == nil && treeErr == nil:
			s.Status, l.Err = StatusSucceeded, ""
		default:
			s.Status, l.Err = StatusFailed, reason
		}
		return true
	})
	r.tree.release()
	if m.opts.Guard != nil {
		m.opts.Guard.Forget(r.pid)
	}
	close(r.done)
}

func errorOrNil(msg string) error {
	if msg == "" {
		return nil
	}
	return errors.New(msg)
}

// exitOutcome turns Wait's result into an exit code and a reason for Err.
func exitOutcome(err error, viaShell bool) (code int, reason string) {
	if err == nil {
		return 0, ""
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return -1, err.Error()
	}
	code = ee.ExitCode() // -1 when a signal ended it
	switch {
	case viaShell && (code == 127 || runtime.GOOS == "windows" && code == 9009):
		return code, fmt.Sprintf("command not found (%s)", ee)
	case viaShell && code == 126:
		return code, fmt.Sprintf("command not executable (%s)", ee)
	}
	return code, ee.Error() // "exit status 3", "signal: killed"
}

// endTree ends every member of r's tree: the graceful signal, up to the
// grace period (or until ctx is done), then the kill. It returns nil once no
// member is left, or ErrTreeAlive after killTimeout.
func endTree(ctx context.Context, r *run) error {
	t := r.tree
	if !t.alive() {
		return nil
	}
	graceful := false
	if r.termSent.CompareAndSwap(false, true) {
		graceful = t.terminate() == nil
	} else {
		// Another caller sent it and kills when its grace period ends,
		// which is no later than ours: wait alongside it.
		graceful = true
	}
	if graceful && waitGone(ctx, t, time.Now().Add(r.grace), nil) {
		return nil
	}
	// The kill goes out again on every poll while members remain: one that
	// was mid-fork at the first kill may have left a new child behind.
	if waitGone(context.Background(), t, time.Now().Add(killTimeout), func() { _ = t.kill() }) {
		return nil
	}
	return ErrTreeAlive
}

// waitGone polls until t has no live member (true), or until deadline or
// ctx (false). each, when set, runs before every check.
func waitGone(ctx context.Context, t *tree, deadline time.Time, each func()) bool {
	interval := 5 * time.Millisecond
	timer := time.NewTimer(0)
	defer timer.Stop()
	<-timer.C
	for {
		if each != nil {
			each()
		}
		if !t.alive() {
			return true
		}
		left := time.Until(deadline)
		if left <= 0 {
			return false
		}
		timer.Reset(min(interval, left))
		select {
		case <-ctx.Done():
			return false
		case <-timer.C:
		}
		interval = min(2*interval, 50*time.Millisecond)
	}
}

// Stop ends the process's tree gracefully (see Manager) and returns once
// every member is gone, with the final state: stopped, or whatever it ended
// as if it had finished before the Stop. Stopping a final process is a
// no-op that returns its state.
func (m *Manager) Stop(id string) (State, error) {
	e, ok := m.reg.Get(id)
	if !ok {
		return notFound(id)
	}
	v, err, _ := m.flight.Do("stop\x00"+id, func() (any, error) {
		e.mu.Lock()
		defer e.mu.Unlock()
		if e.removed {
			return notFound(id)
		}
		err := m.stopRun(context.Background(), e, e.cur.Load())
		settle(e)
		return *e.State(), err
	})
	return v.(State), err
}

// settle makes a process that has no live run but is not final (waiting,
// blocked or restarting: the supervisor would start it later) stopped, so
// a Stop the user asked for also cancels what the supervisor had planned.
// e.mu must be held, so no run starts meanwhile.
func settle(e *entry) {
	if r := e.cur.Load(); r != nil {
		select {
		case <-r.done:
		default:
			return // a live run: stopRun ends it as stopped
		}
	}
	e.Update(func(s *State) bool {
		if s.Status.Final() || s.Status.Active() {
			return false
		}
		l := s.EditLifecycle()
		s.Status, l.Detail, l.NextStart = StatusStopped, "", 0
		if l.EndedAt == 0 {
			l.EndedAt = time.Now().UnixMilli()
		}
		return true
	})
}

// stopRun stops run r of e and waits for its final state; it returns at
// once if r is already done. It does not need e.mu (StopAll calls it
// without), which is why the stopping update checks the PID.
func (m *Manager) stopRun(ctx context.Context, e *entry, r *run) error {
	if r == nil {
		return nil
	}
	select {
	case <-r.done:
		return nil
	default:
	}
	r.stopRequested.Store(true)
	e.Update(func(s *State) bool {
		// Not over a final state, and not over a newer run's state.
		if s.Status.Final() || s.Status == StatusStopping || s.PID != r.pid {
			return false
		}
		s.Status = StatusStopping
		return true
	})
	err := endTree(ctx, r)
	<-r.done
	return err
}

// Restart stops the process's current run if it is not final and starts
// its command again under the same ID, with Restarts+1 and a new PID.
func (m *Manager) Restart(id string) (State, error) { return m.restart(id, nil) }

// RestartWithEnv is Restart with a new complete environment for the new run
// and those after it (see Spec.Environ; nil means the one Hum was started
// with). It collapses with a concurrent Restart of the same process, whose
// environment then applies.
func (m *Manager) RestartWithEnv(id string, environ []string) (State, error) {
	environ = cloneEnv(environ)
	return m.restart(id, func(s *Spec) { s.Environ = environ })
}

// RestartWithSpec is Restart with what to run replaced for the new run and
// those after it: spec's Command, Argv, Dir, Env and Environ (a definition
// changed in the project file since the process was started), and whether
// it runs on a terminal (Pipes). The
// process's ID, ScriptID, Name, Source and grace period stay; its State's
// Command and Dir show the new ones. It collapses with a concurrent Restart
// of the same process, whose spec then applies.
func (m *Manager) RestartWithSpec(id string, spec Spec) (State, error) {
	argv, env, environ := append([]string(nil), spec.Argv...), append([]string(nil), spec.Env...), cloneEnv(spec.Environ)
	return m.restart(id, func(s *Spec) {
		s.Command, s.Argv, s.Dir, s.Env, s.Environ, s.Pipes = spec.Command, argv, spec.Dir, env, environ, spec.Pipes
	})
}

// cloneEnv copies an environment, keeping nil nil (nil and empty differ in
// Spec.Environ).
func cloneEnv(env []string) []string {
	if env == nil {
		return nil
	}
	return append(make([]string, 0, len(env)), env...)
}

// Relaunch says how Manager.Relaunch starts a process's next run.
type Relaunch struct {
	// Spec, when not nil, replaces what to run for the new run and those
	// after it, as RestartWithSpec does.
	Spec *Spec
	// If, when not nil, is checked with the process's operations held off
	// (no Start, Stop or Restart of it runs meanwhile): when it returns
	// false nothing is done and the error is ErrSkipped. The supervisor
	// uses it so that a restart planned before the user stopped the
	// process never runs after that stop.
	If func(State) bool
}

// Relaunch stops the process's current run if it is alive and starts a
// new one under the same ID: its first (Restarts stays 0) for a process
// that was only registered (Register), else another (Restarts+1), with
// how the previous run ended in Lifecycle.Last. Unlike Restart it never
// collapses with another call, because its condition is its own.
func (m *Manager) Relaunch(id string, o Relaunch) (State, error) {
	var change func(*Spec)
	if o.Spec != nil {
		spec := *o.Spec
		argv, env, environ := append([]string(nil), spec.Argv...), append([]string(nil), spec.Env...), cloneEnv(spec.Environ)
		change = func(s *Spec) {
			s.Command, s.Argv, s.Dir, s.Env, s.Environ, s.Pipes = spec.Command, argv, spec.Dir, env, environ, spec.Pipes
		}
	}
	e, ok := m.reg.Get(id)
	if !ok {
		return notFound(id)
	}
	return m.relaunch(e, id, change, o.If)
}

// restart restarts e; change, when not nil, changes its spec for the new run.
func (m *Manager) restart(id string, change func(*Spec)) (State, error) {
	e, ok := m.reg.Get(id)
	if !ok {
		return notFound(id)
	}
	v, err, _ := m.flight.Do("restart\x00"+id, func() (any, error) { return m.relaunch(e, id, change, nil) })
	return v.(State), err
}

// relaunch is restart's and Relaunch's work, for calls already collapsed.
func (m *Manager) relaunch(e *entry, id string, change func(*Spec), cond func(State) bool) (State, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.removed {
		return notFound(id)
	}
	if cond != nil && !cond(*e.State()) {
		return *e.State(), fmt.Errorf("%w: %s is %s", ErrSkipped, id, e.State().Status)
	}
	first := e.cur.Load() == nil // registered, never run
	if err := m.stopRun(context.Background(), e, e.cur.Load()); err != nil {
		return *e.State(), err
	}
	var ident *Identity
	if change != nil {
		change(&e.spec)
		if cur := e.State(); cur.Command != e.spec.commandLine() || cur.Dir != e.spec.Dir || cur.TTY != e.spec.terminal() {
			next := *cur.Identity
			next.Command, next.Dir, next.TTY = e.spec.commandLine(), e.spec.Dir, e.spec.terminal()
			ident = &next
		}
	}
	e.Update(func(s *State) bool {
		if ident != nil {
			s.Identity = ident // a new one: published identities are never written
		}
		// A new run: no PID, end, exit code, error, URLs or readiness
		// yet; those of the old run, like its CPU and RSS, described
		// the old run, which Last keeps in short.
		s.Status, s.CPU, s.RSS = StatusStarting, Unavailable, Unavailable
		next := &Lifecycle{StartedAt: time.Now().UnixMilli(), Restarts: s.Restarts, Last: s.Last}
		if !first {
			next.Restarts++
		}
		if !first && s.EndedAt > 0 {
			status := s.Status
			if !status.Final() { // restarting: the supervisor's word over an ended run
				status = StatusFailed
				if s.ExitCode == 0 && s.Err == "" {
					status = StatusSucceeded
				}
			}
			next.Last = &RunEnd{Status: status, ExitCode: s.ExitCode, EndedAt: s.EndedAt, Err: s.Err}
		}
		s.Lifecycle = next
		return true
	})
	return m.launch(e)
}

// StopAll stops every process's tree in parallel and returns when all are
// gone. When ctx is done before a tree has left within its grace period,
// that tree is killed at once. The error joins every Stop's error and, if
// ctx is done by the time all are gone, ctx.Err(), which then says only
// that the grace may have been cut short. Processes started while StopAll
// runs may survive it; stop starting new ones first (as Hum does when
// quitting).
func (m *Manager) StopAll(ctx context.Context) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex // protects errs
		errs []error
	)
	m.reg.Range(func(e *entry) bool {
		wg.Go(func() {
			if err := m.stopAllOne(ctx, e); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: %w", e.ID(), err))
				mu.Unlock()
			}
		})
		return true
	})
	wg.Wait()
	if err := ctx.Err(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (m *Manager) stopAllOne(ctx context.Context, e *entry) error {
	// First without the lock, so ctx reaches a tree even while a Stop or
	// Restart of it holds the lock through a long grace period.
	err := m.stopRun(ctx, e, e.cur.Load())
	// Then with it: a Restart that held the lock may have started a new run.
	e.mu.Lock()
	defer e.mu.Unlock()
	err = errors.Join(err, m.stopRun(ctx, e, e.cur.Load()))
	settle(e)
	return err
}

// Remove forgets a final process. It fails with ErrNotFinished while the
// process runs, and ErrNotFound if there is no such process.
func (m *Manager) Remove(id string) error {
	e, ok := m.reg.Get(id)
	if !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.removed {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if r := e.cur.Load(); r == nil {
		if !e.State().Status.Final() { // registered, never run: waiting for the supervisor
			return fmt.Errorf("%w: %s is %s", ErrNotFinished, id, e.State().Status)
		}
	} else {
		select {
		case <-r.done:
		default:
			return fmt.Errorf("%w: %s is %s", ErrNotFinished, id, e.State().Status)
		}
	}
	e.removed = true
	m.reg.Delete(id)
	m.changes.signal()
	return nil
}

// Note delivers line to the Sink as a line of the process's standard
// output, as if it had printed it: the supervisor's marker between two
// runs ("── run 3 · restarted after exit 1 ──") reaches the log store and
// `hum run`'s output the same way the process's own lines do. Called
// between runs (no run of the process is printing), the line falls
// between the runs' lines; called during a run (a word of Hum's own, such
// as a watch's failure) it lands among the run's lines, a Sink being safe
// for concurrent use. Nothing happens without a Sink.
func (m *Manager) Note(id, line string) {
	if m.opts.Sink == nil {
		return
	}
	m.opts.Sink.Line(id, Stdout, []byte(line))
	if f, ok := m.opts.Sink.(Flusher); ok {
		f.Flush()
	}
}

// Get returns the process with the given ID. Its State method is the
// lock-free read; use Manager.Update to change it.
func (m *Manager) Get(id string) (*Process, bool) {
	e, ok := m.reg.Get(id)
	if !ok {
		return nil, false
	}
	return e.Process, true
}

// Snapshot returns the state of every process, in start order. The slice
// is the caller's own.
func (m *Manager) Snapshot() []State { return m.reg.Snapshot(compareIDs) }

// Update applies fn to the process's state through the compare-and-swap
// loop of Process.Update (fn must be pure and may run more than once). It
// is how other packages enrich a state (CPU, RSS, URLs). It returns the
// state in force afterwards and whether fn's change was published; false
// with an empty state (only its ID) if there is no such process.
func (m *Manager) Update(id string, fn func(*State) bool) (State, bool) {
	e, ok := m.reg.Get(id)
	if !ok {
		st, _ := notFound(id)
		return st, false
	}
	st, changed := e.Update(fn)
	return *st, changed
}

// Wait blocks until the process's current run is final, or ctx is done,
// and returns that run's final state (not a later restart's), or the
// current state with ctx's error. A process that was only registered
// (Register) has no run to wait for: its current state is returned at
// once.
func (m *Manager) Wait(ctx context.Context, id string) (State, error) {
	e, ok := m.reg.Get(id)
	if !ok {
		return notFound(id)
	}
	r := e.cur.Load()
	if r == nil {
		// Registered but its first run is still being launched, which
		// happens under e.mu.
		e.mu.Lock()
		r = e.cur.Load()
		e.mu.Unlock()
		if r == nil {
			return *e.State(), nil
		}
	}
	select {
	case <-r.done:
		return *r.final, nil
	case <-ctx.Done():
		return *e.State(), ctx.Err()
	}
}

// notFound is the answer for an unknown ID: a state that carries just the
// ID, so even an error's State can be read field by field (its Identity is
// never nil), and ErrNotFound.
func notFound(id string) (State, error) {
	return State{Identity: &Identity{ID: id}, Lifecycle: &Lifecycle{}}, fmt.Errorf("%w: %s", ErrNotFound, id)
}
