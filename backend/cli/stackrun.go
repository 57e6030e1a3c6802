package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"hum/backend/config"
	"hum/backend/discover"
	"hum/backend/environ"
	"hum/backend/logs"
	"hum/backend/process"
	"hum/backend/session"
	"hum/backend/stack"
	"hum/backend/supervisor"
	"hum/backend/watch"
	"hum/backend/watchdog"
)

// wordsEvery is how often a waiting process's probe words are printed
// again when only their count of tries changed: a probe that fails every
// second would otherwise print a line a second.
const wordsEvery = 5 * time.Second

// runScripts runs the scripts under a supervisor, as the window does:
// what they depend on starts first, each once its dependencies' conditions
// hold, restart policies and file watches apply, and every change of
// state is printed on its own prefixed line ("api | waiting for db
// (ready)"). It returns once nothing more can happen by itself (every
// process ended, is blocked, or gave up), or after a stop: ctx.stop, or a
// process with exit_on_end or exit_on_failure ending. A stop ends
// dependents before their dependencies. The exit code is the first
// failure's (by the time it ended; 1 for a failure without a code, a
// script that could not start, or a process left blocked), or 0.
// With skipDisabled (`hum up`), disabled processes among scripts are left
// out; a dependency is started whatever its disabled.
func runScripts(ctx stopContexts, st stack.Stack, scripts []discover.Script, skipDisabled bool, stdout, stderr io.Writer, colour bool) int {
	p := st.Project
	sels := Selectors(p.Scripts)
	label := map[string]string{} // script ID to the name shown
	byID := map[string]discover.Script{}
	for i, s := range p.Scripts {
		label[s.ID], byID[s.ID] = sels[i], s
	}
	var asked []string
	for _, s := range scripts {
		if !(skipDisabled && st.Policies[s.ID].Disabled) {
			asked = append(asked, s.ID)
		}
	}
	members := supervisor.Closure(asked, st.Policies)

	out := &prefixer{w: stdout, colour: colour, tint: map[string]string{}, onFail: ctx.requestStop}
	for i, id := range members {
		name := label[id]
		out.width = max(out.width, len([]rune(name)))
		out.tint[name] = palette[i%len(palette)]
	}
	tap := &lineTap{prefixer: out}
	// The watchdog ends the trees if hum is killed before it can.
	running := watchdog.Dir(configDir())
	noteLeftovers(stderr, running)
	var guard process.Guard
	if g, err := watchdog.Start(running); err != nil {
		fmt.Fprintf(stderr, "hum: no watchdog, so if hum is killed what it started may outlive it: %v\n", err)
	} else if g != nil {
		guard = g
		defer g.Close()
	}
	// One process and the user's terminal: its keys go to it as typed
	// (startKeys), if it runs on a terminal too. Several: lines, to the one
	// running (forwardInput).
	single := ctx.keys != nil && len(members) == 1
	opts := process.Options{Sink: tap, GracePeriod: st.Defaults.GracePeriod, Guard: guard}
	if single {
		opts.PartialIdle = keysIdle
	}
	mgr := process.NewManager(opts)
	tap.mgr = mgr
	out.names = func(procID string) (string, bool) {
		if pr, ok := mgr.Get(procID); ok {
			return pr.State().Name, true
		}
		return procID, false
	}

	// The terminal's (or the calling script's) environment, never a login
	// shell's: whoever runs `hum run` chose it.
	base := environ.Layer{Name: environ.LayerHum, Vars: process.UserEnviron()}
	supWake := make(chan struct{}, 1)
	wake := make(chan struct{}, 1)
	poke := func(ch chan struct{}) {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	sup := supervisor.New(supervisor.Options{
		Manager: mgr,
		Wake:    supWake,
		// The stack as scanned: `hum up` reads hum.yaml once.
		Policies: func() (map[string]stack.Policy, [][]string) { return st.Policies, st.Cycles },
		Spec: func(id string) (process.Spec, func(process.State), error) {
			spec, env, err := session.LayeredSpec(p.Root, byID[id], base)
			if err != nil {
				return spec, nil, err
			}
			spec.Name = label[id] // as the output's prefix shows it
			if single && !spec.Pipes {
				// The user's terminal is the process's, less the prefix.
				if cols, rows, ok := terminalSize(ctx.keys); ok {
					spec.Cols, spec.Rows = fitCols(cols, prefixCols(out.width)), rows
				}
			}
			if v, ok := env.Lookup("FORCE_COLOR"); !colour && (!ok || v.Layer == base.Name) {
				// The core forces colours on for the pipe; here they would
				// only be stripped, and node warns when NO_COLOR meets
				// FORCE_COLOR. A project's own FORCE_COLOR (.env and the
				// rest) still wins.
				spec.Env = append(spec.Env, "FORCE_COLOR=0")
			}
			return spec, nil, nil
		},
		Name:   func(id string) string { return label[id] },
		Probes: supervisor.ProbePackage(guard),
		Watch: func(ctx context.Context, dir string, w stack.Watch, changed func(), failed func(error)) error {
			return watch.Watch(ctx, dir, w, func([]string) { changed() }, failed)
		},
		Decided: func() { poke(wake) },
	})
	tap.sup = sup
	// One reader of the Manager's changes, for two listeners.
	fanDone := make(chan struct{})
	go func() {
		for {
			select {
			case <-mgr.Changes().C():
				poke(supWake)
				poke(wake)
			case <-fanDone:
				return
			}
		}
	}()
	defer close(fanDone)

	failedStart := false
	started, err := sup.Start(asked, false)
	keyed := false
	if single && len(started) == 1 && started[0].TTY {
		end, err := startKeys(ctx, mgr, started[0].ID, started[0].Name, prefixCols(out.width), stderr)
		if err != nil {
			fmt.Fprintf(stderr, "hum: what you type goes to %s a line at a time: %v\n", started[0].Name, err)
		} else {
			keyed = true
			defer end()
		}
	}
	if !keyed && ctx.input != nil {
		go forwardInput(ctx.input, mgr, stderr)
	}
	for _, e := range joined(err) {
		var se *supervisor.StartError
		if errors.As(e, &se) {
			if _, ok := sup.Row(se.Script); !ok {
				out.say(label[se.Script], "failed to start: "+se.Err.Error())
				failedStart = true
			}
			continue
		}
		fmt.Fprintf(stderr, "hum: %v\n", e)
		failedStart = true
	}

	lines := newStateLines(out, members, st.Policies)
	stopping, stopErr := "", error(nil)
	stopped := make(chan error, 1)
	stop := func(why string) {
		if stopping != "" {
			return
		}
		stopping = why
		if why != "" && why != "signal" {
			fmt.Fprintf(stderr, "hum: %s: stopping every process\n", why)
		}
		go func() { stopped <- sup.Close(ctx.force) }()
	}
	sig := ctx.stop.Done()
	for {
		snap := mgr.Snapshot()
		lines.print(snap)
		if stopping == "" {
			if why := exitOn(snap, st.Policies); why != "" {
				stop(why)
			} else if sup.Settled() {
				// What settled it may have changed since snap.
				lines.print(mgr.Snapshot())
				break
			}
		}
		select {
		case <-wake:
		case <-sig:
			sig = nil
			stop("signal")
		case stopErr = <-stopped:
			// Close stopped what it started; what it could not wait for
			// (the second Ctrl-C) is killed now.
			if err := mgr.StopAll(ctx.force); err != nil && stopErr == nil {
				stopErr = err
			}
			lines.print(mgr.Snapshot())
			return exitCode(mgr.Snapshot(), st.Policies, failedStart, stopErr, stderr)
		}
	}
	code := exitCode(mgr.Snapshot(), st.Policies, failedStart, nil, stderr)
	// Every process has ended or is blocked: this only ends the
	// supervisor (a blocked row becomes stopped, unprinted).
	if err := sup.Close(ctx.force); err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "hum: stopping: %v\n", err)
	}
	return code
}

// prefixCols is how many columns the prefix of each output line takes
// ("name |" padded to width, and a space).
func prefixCols(width int) int { return width + 3 }

// joined lists the errors errors.Join joined, or err alone.
func joined(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// exitOn says why the run is to end now: a process with exit_on_end has
// ended, or one with exit_on_failure has failed; "" otherwise.
func exitOn(snap []process.State, pol map[string]stack.Policy) string {
	for _, s := range snap {
		pl := pol[s.ScriptID]
		switch {
		case pl.ExitOnEnd && s.Status.Final() && s.StartedAt > 0:
			return s.Name + " ended (exit_on_end)"
		case pl.ExitOnFailure && failed(&s, pl):
			return s.Name + " failed (exit_on_failure)"
		}
	}
	return ""
}

// failed reports whether a process ended in failure for good: failed
// with a code that is not a success code, or paused in a crash loop.
func failed(s *process.State, pl stack.Policy) bool {
	switch s.Status {
	case process.StatusCrashLoop:
		return true
	case process.StatusFailed:
		return !supervisor.Succeeded(s, pl.Restart.SuccessCodes)
	}
	return false
}

// exitCode is the code of the process that failed first (by when it
// ended), at least 1; else 1 if a script could not start, one was left
// blocked or the stop went wrong; else 0.
func exitCode(snap []process.State, pol map[string]stack.Policy, failedStart bool, stopErr error, stderr io.Writer) int {
	var first *process.State
	blocked := false
	for i := range snap {
		s := &snap[i]
		if failed(s, pol[s.ScriptID]) && (first == nil || s.EndedAt < first.EndedAt) {
			first = s
		}
		blocked = blocked || s.Status == process.StatusBlocked
	}
	if stopErr != nil && !errors.Is(stopErr, context.Canceled) {
		fmt.Fprintf(stderr, "hum: stopping: %v\n", stopErr)
		failedStart = true
	}
	switch {
	case first != nil:
		return max(first.ExitCode, 1)
	case failedStart || blocked:
		return 1
	}
	return 0
}

// lineTap is the core's sink in the terminal: every line is printed, its
// URLs go into the process's state (the supervisor infers readiness from
// them, as in the window) and the supervisor sees it for log conditions.
type lineTap struct {
	*prefixer                        // written once before any process starts
	mgr       *process.Manager       // written once before any process starts
	sup       *supervisor.Supervisor // written once before any process starts
}

// Line implements process.Sink.
func (t *lineTap) Line(procID string, stream process.Stream, line []byte) {
	t.prefixer.Line(procID, stream, line)
	t.look(procID, line)
}

// LineIdle implements process.IdleSink: the line is printed open
// (prefixer.LineIdle), and looked at as a whole line is.
func (t *lineTap) LineIdle(procID string, stream process.Stream, line []byte) {
	t.prefixer.LineIdle(procID, stream, line)
	t.look(procID, line)
}

// look records the URLs in a line and shows it to the supervisor.
func (t *lineTap) look(procID string, line []byte) {
	if bytes.Contains(line, []byte("://")) {
		for _, url := range logs.LineURLs(string(line)) {
			t.mgr.Update(procID, func(st *process.State) bool { return logs.RecordURL(st, url) })
		}
	}
	t.sup.Line(procID, line)
}

// stateLines prints each process's changes of state as Hum's own lines:
// "api | waiting for db (ready)", "db | ready", "worker | restarting in 2s
// (exit 1; restart 1)", "web | exited with code 0". Only the run's
// goroutine calls print.
type stateLines struct {
	out     *prefixer
	matters map[string]bool // script IDs whose readiness someone waits for, or that have a probe
	last    map[string]said // process ID to what was said of it last
	now     func() time.Time
}

type said struct {
	text, gist string
	at         time.Time
}

func newStateLines(out *prefixer, members []string, pol map[string]stack.Policy) *stateLines {
	matters := map[string]bool{}
	for _, id := range members {
		if pol[id].Readiness != nil {
			matters[id] = true
		}
		for _, d := range pol[id].DependsOn {
			matters[d.ID] = true
		}
	}
	return &stateLines{out: out, matters: matters, last: map[string]said{}, now: time.Now}
}

// tries is the count of a probe's tries at the end of its words.
var tries = regexp.MustCompile(`, \d+ tr(y|ies)\)?$`)

func (l *stateLines) print(snap []process.State) {
	now := l.now()
	for i := range snap {
		s := &snap[i]
		text := l.words(s)
		if text == "" {
			continue
		}
		// A run's words are said once per run; a probe's count of tries
		// only every wordsEvery.
		gist := fmt.Sprintf("%d·%d·%s", s.Restarts, s.StartedAt, tries.ReplaceAllString(text, ""))
		prev, ok := l.last[s.ID]
		switch {
		case ok && prev.text == text:
			continue
		case ok && prev.gist == gist && now.Sub(prev.at) < wordsEvery:
			continue
		}
		l.last[s.ID] = said{text: text, gist: gist, at: now}
		l.out.say(s.Name, text)
	}
}

// words says what a state is, or "" for nothing worth a line (a run that
// started and is not ready yet: its own output says more).
func (l *stateLines) words(s *process.State) string {
	switch s.Status {
	case process.StatusWaiting:
		return s.Detail
	case process.StatusBlocked:
		return "blocked: " + s.Detail
	case process.StatusRestarting:
		return s.Detail
	case process.StatusCrashLoop:
		return "crash loop: " + s.Detail
	case process.StatusStarting, process.StatusRunning:
		if !s.Ready || !l.matters[s.ScriptID] {
			return ""
		}
		if s.ReadyNote == "" || s.ReadyNote == "started" {
			return "ready"
		}
		return "ready (" + s.ReadyNote + ")"
	case process.StatusStopping:
		return ""
	}
	text := ""
	switch {
	case s.StartedAt == 0 && s.Err == "":
		text = "stopped before it started" // a waiting row a stop settled
	case s.Status == process.StatusFailed && s.PID == 0 && s.Err != "":
		text = "failed to start: " + s.Err
	case s.Status == process.StatusSucceeded:
		text = "exited with code 0"
	case s.Status == process.StatusStopped:
		text = "stopped"
	default:
		text = fmt.Sprintf("exited with code %d", s.ExitCode)
		if s.Err != "" && s.Err != fmt.Sprintf("exit status %d", s.ExitCode) {
			text = "failed: " + s.Err // a signal, command not found, …
		}
	}
	if s.Detail != "" {
		text += "; " + s.Detail // "gave up after 3 restarts"
	}
	return text
}

// configDir is the window's config folder (config.Dir), "" for none.
func configDir() string {
	dir, err := config.Dir()
	if err != nil {
		return ""
	}
	return dir
}

// noteLeftovers says, in one line, which trees a Hum that quit
// unexpectedly (with its watchdog) left running. It never stops them: only
// the user knows whether they are wanted.
func noteLeftovers(stderr io.Writer, dir string) {
	left, err := watchdog.Leftovers(dir)
	if err != nil {
		fmt.Fprintf(stderr, "hum: %v\n", err)
	}
	if len(left) == 0 {
		return
	}
	pids := make([]string, len(left))
	groups := make([]string, len(left))
	for i, l := range left {
		pids[i] = strconv.Itoa(l.PGID)
		groups[i] = "-" + pids[i]
	}
	what, are, pid, them := "1 process", "is", "PID", "it"
	if len(left) > 1 {
		what, are, pid, them = strconv.Itoa(len(left))+" processes", "are", "PIDs", "them"
	}
	fmt.Fprintf(stderr, "hum: %s from a Hum that quit unexpectedly %s still running (%s %s); open the window to stop %s, or run kill -- %s\n",
		what, are, pid, strings.Join(pids, ", "), them, strings.Join(groups, " "))
}
