// Package session is one open project: what discovery found in its folder,
// the processes started from it, their logs and their metrics, wired
// together. The desktop window and the tray both drive a Session; it knows
// nothing of either, nor of Wails.
package session

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"hum/backend/discover"
	"hum/backend/environ"
	"hum/backend/logs"
	"hum/backend/metrics"
	"hum/backend/ports"
	"hum/backend/process"
	"hum/backend/stack"
	"hum/backend/supervisor"
	"hum/backend/termnotify"
)

// Errors a caller can tell apart with errors.Is.
var (
	ErrUnknownScript = errors.New("no such script in this project")
	ErrClosed        = errors.New("the project is closed")
	ErrEmptyCommand  = errors.New("the command is empty")
)

// SourceCommand is the Source of processes started with StartCommand.
const SourceCommand = "command"

// Options configure a Session; zero values take sensible defaults.
type Options struct {
	MaxLines        int           // log lines kept per process; logs' default when 0
	MaxBytes        int           // log bytes kept per process; logs' default when 0
	GracePeriod     time.Duration // between the graceful signal and the kill; the process default when 0
	MetricsInterval time.Duration // between two CPU/memory samples; metrics' default when 0

	// OnError receives every error detected in process output. It runs on
	// the log store's goroutine and must be quick.
	OnError func(logs.ErrorEntry)

	// Base is the lowest layer of every process's environment (the login
	// shell's or Hum's); Hum's own environment when nil.
	Base *environ.Base

	// OnScan, when set, receives the number of files and folders the scan
	// has examined so far, a few times a second while it runs and once at
	// its end (discover.ScanOptions.Progress). It runs on the scanning
	// goroutine and must be quick.
	OnScan func(examined int)

	// OnStackChange, when set, is called after the project's hum.yaml
	// changed (on disk, or by EditStack) and the session's Project, Stack
	// and Groups show the change. It runs on the session's watching
	// goroutine or EditStack's caller, without the session's locks held;
	// it must not block for long.
	OnStackChange func(*Session)

	// Guard, when not nil, is told of every process tree as it starts and
	// ends (process.Options.Guard), the trees of exec readiness probes
	// included: the window's watchdog.
	Guard process.Guard
}

// Session is one open project. Create it with Open and end it with Close,
// which stops every process it started. Its methods are safe for
// concurrent use.
type Session struct {
	root  string           // written once in Open; the project's absolute folder
	found discover.Project // written once in Open: discovery's result alone, which hum.yaml is composed over again when it changes
	// cur is the project as composed with hum.yaml now: replaced whole
	// when hum.yaml changes (reloadStack), never modified. Every reader
	// loads it once and reads that snapshot, so it never mixes two
	// versions of the file.
	cur      atomic.Pointer[composed]
	reloadMu sync.Mutex // serialises reloadStack, so revisions follow the order the file was read in

	mgr      *process.Manager       // written once in Open
	sup      *supervisor.Supervisor // written once in Open, before any process starts; starts, restarts and stops scripts by their policies
	stopWake func()                 // written once in Open; ends the supervisor's watch
	logs     *logs.Store            // written once in Open
	sampler  *metrics.Sampler       // written once in Open
	base     *environ.Base          // written once in Open; may be nil
	envs     envs                   // guards itself; each process's environment
	watchEnv *envWatch              // written once in Open; marks processes whose env files changed, reloads hum.yaml and the process-compose file
	onStack  func(*Session)         // written once in Open; Options.OnStackChange, may be nil

	signals chan termnotify.Printed // written once in Open; see Signals

	cancel context.CancelFunc // written once in Open; ends the goroutines below
	wg     sync.WaitGroup     // the sampler and the change fan-out

	mu     sync.Mutex                 // protects subs and closed
	subs   map[chan struct{}]struct{} // guarded by mu; one coalescing wake-up channel per watcher
	closed bool                       // guarded by mu

	closeOnce sync.Once // Close runs once
	closeErr  error     // written once inside closeOnce
}

// composed is one version of the project with its hum.yaml. It is
// immutable once stored in Session.cur.
type composed struct {
	stack    stack.Stack                // its Project is discovery's and hum.yaml's scripts together (stack.Compose)
	scripts  map[string]discover.Script // by ID
	revision uint64                     // 0 for the one Open read; one more for each change of hum.yaml since
}

func newComposed(st stack.Stack, revision uint64) *composed {
	c := &composed{stack: st, scripts: make(map[string]discover.Script, len(st.Project.Scripts)), revision: revision}
	for _, sc := range st.Project.Scripts {
		c.scripts[sc.ID] = sc
	}
	return c
}

// now returns the project as composed now: one snapshot, to be read
// whole.
func (s *Session) now() *composed { return s.cur.Load() }

// Open scans dir, with its hum.yaml (backend/stack), and returns a session
// on it with nothing running. hum.yaml's grace period (as Open reads it)
// applies unless opts sets one. hum.yaml is then watched: a change is
// composed again with this scan's result and shown (reloadStack). It fails
// when dir itself cannot be used, or with ctx's error when ctx ends before
// the scan does; files discovery could not understand, and a scan cut by
// its own time budget, are in Project().Problems.
func Open(ctx context.Context, dir string, opts Options) (*Session, error) {
	found, err := discover.ScanWith(ctx, dir, discover.ScanOptions{Progress: opts.OnScan})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err // a partial list the caller no longer wants
	}
	st := stack.Read(found)
	if opts.GracePeriod == 0 {
		opts.GracePeriod = st.Defaults.GracePeriod // the project's own, from hum.yaml
	}
	s := &Session{
		root:    found.Root,
		found:   found,
		subs:    map[chan struct{}]struct{}{},
		base:    opts.Base,
		onStack: opts.OnStackChange,
		signals: make(chan termnotify.Printed, signalBuffer),
	}
	s.cur.Store(newComposed(st, 0))
	s.logs = logs.NewStore(logs.Options{
		MaxLines: opts.MaxLines,
		MaxBytes: opts.MaxBytes,
		OnURL:    s.addURL,
		OnError:  opts.OnError,
		OnSignal: s.printed,
		OnPrompt: s.setPrompt,
	})
	sink := &lineTap{Store: s.logs, conflict: s.portConflict}
	s.mgr = process.NewManager(process.Options{Sink: sink, GracePeriod: opts.GracePeriod, Guard: opts.Guard})
	s.sampler = metrics.NewSampler(metrics.Options{
		Interval: opts.MetricsInterval,
		Targets:  s.targets,
		Apply:    s.applySample,
		Ports:    ports.Listening,
	})

	s.watchEnv = newEnvWatch()
	s.watchEnv.addStack(s.root, st)

	runCtx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.wg.Add(3)
	go func() { defer s.wg.Done(); s.sampler.Run(runCtx) }()
	go func() { defer s.wg.Done(); s.fanOut(runCtx) }()
	go func() { defer s.wg.Done(); s.watchEnvFiles(runCtx) }()

	wake, stopWake := s.Watch()
	s.stopWake = stopWake
	s.sup = s.newSupervisor(wake, opts.Guard)
	sink.sup = s.sup
	return s, nil
}

// Root returns the project's absolute folder.
func (s *Session) Root() string { return s.root }

// Project returns what discovery found with hum.yaml's processes, as hum.yaml
// reads now. Its slices are shared and must not be modified.
func (s *Session) Project() discover.Project { return s.now().stack.Project }

// AgentsAllowed lists the acting tools hum.yaml's agents.allow lets a
// headless `hum mcp` use, as hum.yaml reads now (backend/stack keeps
// run_command out of it); the slice is shared and must not be modified.
func (s *Session) AgentsAllowed() []string { return s.now().stack.Agents.Allow }

// Revision counts the changes of hum.yaml this session has shown: 0 as
// opened, one more for each change since.
func (s *Session) Revision() uint64 { return s.now().revision }

// Script returns the script with the given ID.
func (s *Session) Script(id string) (discover.Script, bool) {
	sc, ok := s.now().scripts[id]
	return sc, ok
}

// Logs and Metrics give read access to the parts, for callers that need
// more than the shortcuts below.
func (s *Session) Logs() *logs.Store         { return s.logs }
func (s *Session) Metrics() *metrics.Sampler { return s.sampler }

// Processes returns every process's state, in start order.
func (s *Session) Processes() []process.State { return s.mgr.Snapshot() }

// Start runs the script with the given ID, through the supervisor: what it
// depends on is started first, and it waits (a row in status waiting) until
// their conditions hold. If the script already has a process, that one is
// reused: returned as it is while it runs or waits, started again once it
// has ended, so one script is one row with one log history.
func (s *Session) Start(scriptID string) (process.State, error) {
	if err := s.open(); err != nil {
		return process.State{}, err
	}
	if _, ok := s.Script(scriptID); !ok {
		return process.State{}, fmt.Errorf("%w: %s", ErrUnknownScript, scriptID)
	}
	states, err := s.sup.Start([]string{scriptID}, false)
	if errors.Is(err, supervisor.ErrClosed) {
		return process.State{}, ErrClosed
	}
	if len(states) == 0 {
		// It could not start: its row, when it has one, says why.
		if id, ok := s.sup.Row(scriptID); ok {
			if p, ok := s.mgr.Get(id); ok {
				return *p.State(), err
			}
		}
		return process.State{}, err
	}
	return states[0], err
}

// ScriptSpec is what the process core runs for a discovered script of the
// project in root: its run line (or argv) in its folder, with the
// environment its source declares as sorted KEY=VALUE pairs over Hum's
// own. LayeredSpec adds the layered environment (.env and the rest), and
// is what Start and `hum run` use, so a script runs the same in the window
// and in the terminal.
func ScriptSpec(root string, sc discover.Script) process.Spec {
	return process.Spec{
		ScriptID: sc.ID,
		Name:     sc.Name,
		Source:   sc.Source,
		Command:  sc.Run,
		Argv:     sc.Argv,
		Dir:      resolve(root, sc.Dir),
		Env:      envList(sc.Env),
		Pipes:    sc.Pipes,
	}
}

// StartCommand runs a shell command line in dir, which is relative to the
// project root ("" is the root) or absolute.
func (s *Session) StartCommand(command, dir string) (process.State, error) {
	if err := s.open(); err != nil {
		return process.State{}, err
	}
	command = strings.TrimSpace(command)
	if command == "" {
		return process.State{}, ErrEmptyCommand
	}
	abs := resolve(s.root, dir)
	env, err := s.commandEnv(abs)
	if err != nil {
		return process.State{}, err
	}
	st, err := s.mgr.Start(process.Spec{Name: CommandName(command), Source: SourceCommand, Command: command, Dir: abs, Environ: env.List()})
	if st.ID != "" {
		s.record(st.ID, env, nil, abs)
		s.logs.SetDir(st.ID, abs)
	}
	return st, err
}

// Stop ends a process's tree and returns its final state.
func (s *Session) Stop(id string) (process.State, error) { return s.mgr.Stop(id) }

// Input types data into a process's terminal (see process.Manager.Input:
// "\x03" is Ctrl-C, "\r" Enter). It fails for a process on pipes
// (process.ErrNoTerminal) or one that is not running (process.ErrNotRunning).
func (s *Session) Input(id string, data []byte) error { return s.mgr.Input(id, data) }

// Resize sets the size of a process's terminal, which its runs after this
// one keep (see process.Manager.Resize).
func (s *Session) Resize(id string, cols, rows uint16) error { return s.mgr.Resize(id, cols, rows) }

// Restart stops a process if it runs and starts it again under the same ID,
// with its environment built again (a changed .env applies). When that
// environment cannot be built, the process is left as it is and the error
// says why.
func (s *Session) Restart(id string) (process.State, error) {
	if err := s.open(); err != nil {
		return process.State{}, err
	}
	return s.restart(id)
}

// StopAll stops every process and returns when all are gone: the
// scripts dependents first (as Close), then whatever is left (ad-hoc
// commands; everything, killed, when ctx ended first).
func (s *Session) StopAll(ctx context.Context) error {
	supErr := s.sup.StopAll(ctx)
	err := s.mgr.StopAll(ctx)
	if ctx.Err() == nil {
		err = errors.Join(supErr, err)
	}
	return err
}

// Remove forgets an ended process, its logs, errors and history.
func (s *Session) Remove(id string) error {
	if err := s.mgr.Remove(id); err != nil {
		return err
	}
	s.logs.Remove(id)
	s.sampler.Forget(id)
	s.envs.forget(id)
	return nil
}

// Watch returns a channel that receives (coalesced) after process changes,
// and a function that ends the watch. The channel is closed when the watch
// or the session ends. Any number of watchers may exist.
func (s *Session) Watch() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		close(ch)
		return ch, func() {}
	}
	s.subs[ch] = struct{}{}
	return ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.subs[ch]; ok {
			delete(s.subs, ch)
			close(ch)
		}
	}
}

// Close stops every process (waiting at most until ctx is done, then
// killing what is left), ends the session's goroutines and closes every
// watch. It is safe to call more than once; later calls return the first
// result.
func (s *Session) Close(ctx context.Context) error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true // no new starts from here on
		s.mu.Unlock()
		// The scripts in reverse dependency order, then whatever is left
		// (ad-hoc commands; everything, killed, when ctx ended first).
		supErr := s.sup.Close(ctx)
		s.stopWake()
		s.closeErr = s.mgr.StopAll(ctx)
		if ctx.Err() == nil {
			s.closeErr = errors.Join(supErr, s.closeErr)
		}
		s.cancel()
		s.wg.Wait()
		s.watchEnv.close()
		s.logs.Close() // after StopAll, so the last lines and errors are delivered
		s.mu.Lock()
		for ch := range s.subs {
			close(ch)
		}
		clear(s.subs)
		s.mu.Unlock()
	})
	return s.closeErr
}

// open fails once Close has begun, so Close's StopAll is the last word.
func (s *Session) open() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	return nil
}

// resolve turns a slash-separated path relative to root into an absolute
// one; absolute paths are kept.
func resolve(root, dir string) string {
	if dir == "" || dir == "." {
		return root
	}
	d := filepath.FromSlash(dir)
	if filepath.IsAbs(d) {
		return filepath.Clean(d)
	}
	return filepath.Join(root, d)
}

// addURL records a URL a process printed in its state, once: a server
// URL in URLs, a link in Links (logs.RecordURL).
func (s *Session) addURL(procID string, url logs.URL) {
	s.mgr.Update(procID, func(st *process.State) bool { return logs.RecordURL(st, url) })
}

// setPrompt records the prompt a running process waits at ("" when it no
// longer does), for the window's "waiting for input" badge.
func (s *Session) setPrompt(procID, prompt string) {
	s.mgr.Update(procID, func(st *process.State) bool {
		if st.Prompt == prompt || (prompt != "" && st.Status.Final()) {
			return false
		}
		st.EditLifecycle().Prompt = prompt
		return true
	})
}

// targets lists the running trees for the sampler.
func (s *Session) targets() []metrics.Target {
	var out []metrics.Target
	for _, st := range s.mgr.Snapshot() {
		if st.PID > 0 && !st.Status.Final() {
			out = append(out, metrics.Target{ID: st.ID, PID: st.PID})
		}
	}
	return out
}

// applySample publishes a sample into the process's state when it
// differs: CPU and memory in the State itself, the listening ports (which
// change a few times per run) in its Lifecycle.
func (s *Session) applySample(id string, m metrics.Sample) {
	s.mgr.Update(id, func(st *process.State) bool {
		samePorts := slices.Equal(st.Ports, m.Ports)
		if st.Status.Final() || (st.CPU == m.CPU && st.RSS == m.RSS && samePorts) {
			return false
		}
		st.CPU, st.RSS = m.CPU, m.RSS
		if !samePorts {
			// m.Ports is the sampler's own new slice, never written again.
			st.EditLifecycle().Ports = m.Ports
		}
		return true
	})
}

// fanOut is the one consumer of the manager's Changes; it passes each
// wake-up on to every watcher without ever blocking on one.
func (s *Session) fanOut(ctx context.Context) {
	c := s.mgr.Changes().C()
	for {
		select {
		case <-ctx.Done():
			return
		case <-c:
		}
		s.mu.Lock()
		for ch := range s.subs {
			select {
			case ch <- struct{}{}:
			default:
			}
		}
		s.mu.Unlock()
	}
}

// envList turns a script's environment map into sorted KEY=VALUE pairs.
func envList(env map[string]string) []string {
	if len(env) == 0 {
		return nil
	}
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	slices.Sort(out)
	return out
}

// CommandName is the short name an ad-hoc command is listed under: the
// program and its first plain arguments ("node flood.js", "npm run dev"),
// without "exec", "env" or leading VAR=value assignments, flags, quoted
// scripts or paths before the program's base name.
func CommandName(command string) string {
	fields := strings.Fields(command)
	i := 0
	for i < len(fields) && (fields[i] == "exec" || fields[i] == "env" || isAssignment(fields[i])) {
		i++
	}
	if i == len(fields) {
		return strings.TrimSpace(command)
	}
	parts := []string{path.Base(filepath.ToSlash(fields[i]))}
	for _, f := range fields[i+1:] {
		if len(parts) == 3 || strings.ContainsAny(f[:1], "-'\"$|&;<>(") {
			break
		}
		parts = append(parts, f)
	}
	name := []rune(strings.Join(parts, " "))
	if len(name) > 40 {
		name = append(name[:39], '…')
	}
	return string(name)
}

// isAssignment reports whether a shell word is NAME=value.
func isAssignment(word string) bool {
	eq := strings.IndexByte(word, '=')
	if eq <= 0 {
		return false
	}
	for i, r := range word[:eq] {
		if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
