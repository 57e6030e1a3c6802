package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"sync"
	"syscall"

	"hum/backend/discover"
	"hum/backend/logs"
	"hum/backend/process"
	"hum/backend/stack"
)

// stopContexts are the two contexts `hum run` watches: stop is done on the
// first Ctrl-C, SIGTERM or SIGHUP (stop every tree gracefully), force on
// the second (kill what is left at once, without waiting out the grace
// period).
type stopContexts struct {
	stop, force context.Context
	// requestStop does what a first Ctrl-C does; the output calls it when
	// nobody reads it any more (`hum run … | head`).
	requestStop func()
	// requestForce does what a second Ctrl-C does; the forwarded keys call
	// it (keys), as Ctrl-C reaches them and not hum. nil: requestStop.
	requestForce func()
	// input is what the user types, forwarded a line at a time to the one
	// running process (forwardInput); nil forwards nothing.
	input io.Reader
	// keys, when not nil, is input too, and the user's terminal: when the
	// run has one process and it runs on a terminal, the keys are
	// forwarded as typed instead of lines (startKeys).
	keys *os.File
}

// signalContexts wires SIGINT, SIGTERM and SIGHUP (the terminal closed)
// to stopContexts. release stops
// listening, restoring the default behaviour.
func signalContexts(stderr io.Writer) (stopContexts, func()) {
	stop, stopNow := context.WithCancel(context.Background())
	force, forceNow := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	// Without this a write to a closed stdout pipe kills hum with SIGPIPE
	// at once, and the trees' grandchildren outlive it; when SIGPIPE is
	// notified the write fails with EPIPE instead, and the output stops
	// everything gracefully. Notify, not Ignore: an ignored signal stays
	// ignored in the children across exec, a handled one does not.
	pipes := make(chan os.Signal, 1)
	signal.Notify(pipes, syscall.SIGPIPE)
	done := make(chan struct{})
	go func() {
		for n := 0; ; n++ {
			select {
			case <-sigs:
			case <-done:
				return
			}
			if n == 0 {
				fmt.Fprintln(stderr, "hum: stopping every script (again to kill them now)")
				stopNow()
				continue
			}
			forceNow()
			return
		}
	}()
	return stopContexts{stop: stop, force: force, requestStop: stopNow, requestForce: forceNow}, func() {
		signal.Stop(sigs)
		signal.Stop(pipes)
		close(done)
		stopNow()
		forceNow()
	}
}

// colourOutput reports whether w is a terminal that should get colours:
// not when NO_COLOR is set (https://no-color.org) or TERM is dumb.
func colourOutput(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// palette colours process names, as foreman and docker compose do.
var palette = []string{"36", "33", "32", "35", "34", "91", "96", "93", "92", "95", "94"}

// prefixer writes process output as "NAME | text" lines.
// Safe for concurrent use: every process's pipe readers call Line and Flush.
//
// Lines are gathered in buf and written out by Flush, which the process core
// calls once it has delivered all the lines of one read from a pipe: a flood
// costs one write per pipe read instead of one per line, and a line printed
// alone is still written as soon as it has been read. buf is also written
// out whenever it reaches flushAt, so memory stays bounded whatever a read
// held.
type prefixer struct {
	mu       sync.Mutex        // guards w, buf, prefixes and broken, so lines of different processes never interleave
	w        io.Writer         // guarded by mu
	buf      []byte            // guarded by mu; whole lines not yet written to w
	prefixes map[string][]byte // guarded by mu; process ID to its "NAME |" prefix, once its name is known
	broken   bool              // guarded by mu; a write failed (the reader went away): write nothing more
	// open is guarded by mu: the process whose line was written without its
	// line break because it paused there (LineIdle: a prompt, an echoed
	// key), "" for none. Its next line continues that one; anything else
	// written first ends it.
	open   string
	onFail func()            // written once before any process starts; called once when a write fails
	width  int               // written once before any process starts
	colour bool              // written once before any process starts
	tint   map[string]string // written once before any process starts: name to SGR colour
	// names is written once before any process starts: process ID to name,
	// and false while the ID is not known (yet).
	names func(string) (string, bool)
}

// flushAt is how much output prefixer gathers before writing it out even
// though more lines are on their way: large enough that a write costs little
// per line, small enough to stay in cache.
const flushAt = 64 << 10

func (p *prefixer) prefix(name string) string {
	pad := fmt.Sprintf("%-*s |", p.width, name)
	if !p.colour {
		return pad
	}
	return "\x1b[" + p.tint[name] + "m" + pad + "\x1b[0m"
}

// prefixFor returns the prefix of a process's lines. p.mu must be held.
func (p *prefixer) prefixFor(procID string) []byte {
	if pre, ok := p.prefixes[procID]; ok {
		return pre
	}
	name, ok := p.names(procID)
	if !ok {
		return []byte(p.prefix(procID))
	}
	if p.prefixes == nil {
		p.prefixes = map[string][]byte{}
	}
	pre := []byte(p.prefix(name))
	p.prefixes[procID] = pre
	return pre
}

// Line implements process.Sink.
func (p *prefixer) Line(procID string, _ process.Stream, line []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.broken {
		return
	}
	if p.open == procID {
		p.open = ""
		p.appendText(line)
		p.buf = append(p.buf, '\n')
	} else {
		p.endOpen()
		p.appendLine(p.prefixFor(procID), line)
	}
	if len(p.buf) >= flushAt {
		p.flushLocked()
	}
}

// LineIdle implements process.IdleSink: the start of a line the process
// paused in ("Name? ") is written without a line break, so what it prints
// next on that line (the echo of the answer typed) shows after it, as on a
// terminal, and not as a prefixed line of its own.
func (p *prefixer) LineIdle(procID string, _ process.Stream, line []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.broken {
		return
	}
	if p.open != procID {
		p.endOpen()
		p.buf = append(p.buf, p.prefixFor(procID)...)
		p.buf = append(p.buf, ' ')
		p.open = procID
	}
	p.appendText(line)
}

// LineEnd implements process.IdleEnder: the line left open ended with its
// newline alone (Enter on an empty answer).
func (p *prefixer) LineEnd(procID string, _ process.Stream) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.open == procID {
		p.endOpen()
	}
}

// endOpen ends the line left open by LineIdle, if any. p.mu must be held.
func (p *prefixer) endOpen() {
	if p.open != "" {
		p.buf = append(p.buf, '\n')
		p.open = ""
	}
}

// Flush implements process.Flusher: it writes out the lines gathered so far.
func (p *prefixer) Flush() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.flushLocked()
}

// appendLine adds one "PREFIX text" line to buf. p.mu must be held.
func (p *prefixer) appendLine(prefix, line []byte) {
	p.buf = append(p.buf, prefix...)
	if len(line) > 0 {
		p.buf = append(p.buf, ' ')
		p.appendText(line)
	}
	p.buf = append(p.buf, '\n')
}

// appendText adds a line's text to buf, without its colours when the
// output gets none. p.mu must be held.
func (p *prefixer) appendText(line []byte) {
	if p.colour || plain(line) {
		p.buf = append(p.buf, line...)
	} else {
		p.buf = append(p.buf, logs.StripANSI(string(line))...)
	}
}

// plain reports whether line is printable ASCII and tabs only, which
// logs.StripANSI would leave as it is: most lines, spared a conversion.
func plain(line []byte) bool {
	for _, c := range line {
		if c < 0x20 && c != '\t' || c > 0x7e {
			return false
		}
	}
	return true
}

// flushLocked writes buf out. Once a write has failed (stdout closed:
// `hum run … | head` after head has exited) it writes nothing more and asks
// for every script to stop. p.mu must be held.
func (p *prefixer) flushLocked() {
	if len(p.buf) == 0 || p.broken {
		p.buf = p.buf[:0]
		return
	}
	_, err := p.w.Write(p.buf)
	if cap(p.buf) > 2*flushAt {
		p.buf = nil // one huge line grew it: give the memory back
	} else {
		p.buf = p.buf[:0]
	}
	if err != nil {
		p.broken = true
		if p.onFail != nil {
			p.onFail()
		}
	}
}

// say writes one line of Hum's own for the named process, at once.
func (p *prefixer) say(name, text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.broken {
		return
	}
	p.endOpen()
	p.appendLine([]byte(p.prefix(name)), []byte(text))
	p.flushLocked()
}

func runCmd(ctx stopContexts, args []string, stdout, stderr io.Writer, colour bool) int {
	return runNamed(ctx, args, stdout, stderr, colour, named{
		verb: "run", noun: "scripts", none: "name at least one script",
		has: func(st stack.Stack, name string) bool { return len(Resolve(st.Project.Scripts, name)) > 0 },
		pick: func(st stack.Stack, names []string, stderr io.Writer) ([]discover.Script, int) {
			return pick(st.Project, names, stderr)
		},
	})
}

// named is what `hum run` and `hum up` differ in: what their NAMEs name
// and how those become the scripts to run.
type named struct {
	verb, noun string // "run", "scripts": for the messages
	none       string // the usage error when no NAME is given and all is nil
	// has reports whether the project in st has something called name.
	has func(st stack.Stack, name string) bool
	// pick resolves the NAMEs to scripts, or explains why it cannot (a
	// non-zero exit code).
	pick func(st stack.Stack, names []string, stderr io.Writer) ([]discover.Script, int)
	// all, when not nil, is what runs when no NAME is given, or why
	// nothing can.
	all func(st stack.Stack, stderr io.Writer) ([]discover.Script, int)
	// skipDisabled leaves out the disabled processes among those picked
	// (`hum up`); what they depend on starts whatever its disabled.
	skipDisabled bool
}

// runNamed parses `hum VERB [DIR] NAME...`, scans DIR and runs what the
// NAMEs pick with runScripts, so `hum run` and `hum up` share their
// arguments, output, Ctrl-C and exit code. A first argument that is a
// folder is DIR when names follow it; to run something named like a folder
// next to others, give DIR first (hum run . build dev); a lone folder
// argument is DIR unless the current folder has something so named
// (hum run . build).
func runNamed(ctx stopContexts, args []string, stdout, stderr io.Writer, colour bool, n named) int {
	pos, bad, help := splitArgs(args, map[string]*bool{})
	switch {
	case help:
		fmt.Fprint(stdout, usage)
		return 0
	case bad != "":
		return usageError(stderr, "%s: unknown flag %s", n.verb, bad)
	case len(pos) == 0 && n.all == nil:
		return usageError(stderr, "%s: %s", n.verb, n.none)
	}
	dir := "."
	if len(pos) > 0 {
		if info, err := os.Stat(pos[0]); err == nil && info.IsDir() {
			if len(pos) == 1 {
				st, err := stack.Scan(ctx.stop, ".", discover.ScanOptions{})
				switch has := err == nil && n.has(st, pos[0]); {
				case has:
				case n.all != nil:
					dir, pos = pos[0], nil
				default:
					return usageError(stderr, "%s: name the %s to run in %s (`hum scripts %s` lists them)", n.verb, n.noun, pos[0], pos[0])
				}
			} else {
				dir, pos = pos[0], pos[1:]
			}
		}
	}
	st, err := stack.Scan(ctx.stop, dir, discover.ScanOptions{})
	if err != nil {
		fmt.Fprintf(stderr, "hum: %v\n", err)
		return 1
	}
	var (
		scripts []discover.Script
		code    int
	)
	if len(pos) == 0 {
		scripts, code = n.all(st, stderr)
	} else {
		scripts, code = n.pick(st, pos, stderr)
	}
	if code != 0 {
		return code
	}
	return runScripts(ctx, st, scripts, n.skipDisabled, stdout, stderr, colour)
}

// pick resolves each NAME to one script, or explains why it cannot.
func pick(p discover.Project, names []string, stderr io.Writer) ([]discover.Script, int) {
	var picked []discover.Script
	for _, n := range names {
		m := Resolve(p.Scripts, n)
		switch {
		case len(m) == 1:
			if !slices.ContainsFunc(picked, func(s discover.Script) bool { return s.ID == m[0].ID }) {
				picked = append(picked, m[0])
			}
			continue
		case len(m) > 1:
			fmt.Fprintf(stderr, "hum: %q is ambiguous in %s; say which one:%s\n", n, p.Root, candidates(p.Scripts, m))
		default:
			fmt.Fprintf(stderr, "hum: no script %q in %s", n, p.Root)
			if sim := similar(p.Scripts, n); len(sim) > 0 {
				fmt.Fprintf(stderr, "; did you mean:%s\n", candidates(p.Scripts, sim))
			} else {
				fmt.Fprintln(stderr, "; `hum scripts` lists them")
			}
			for _, pr := range p.Problems {
				fmt.Fprintf(stderr, "hum: note: %s\n", pr)
			}
		}
		return nil, 2
	}
	return picked, 0
}
