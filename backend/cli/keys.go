package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"time"

	"hum/backend/process"
)

// keysIdle is how long the start of a line waits for its newline before it
// is printed while keys are forwarded (process.Options.PartialIdle): short,
// so the echo of a key typed at a prompt or a REPL shows as it is typed.
const keysIdle = 20 * time.Millisecond

// interruptAgain is how soon a second Ctrl-C must follow the first for hum
// to stop the process instead of passing it on.
const interruptAgain = 3 * time.Second

// keys passes what the user types to the one process of a run, byte by
// byte as it comes, with the user's terminal in raw mode (startKeys): the
// process's terminal gets every key as it would from the user's own
// (letters without Enter, arrows, Tab, Ctrl-D), and Ctrl-C becomes its
// SIGINT there (process.Manager.Input). Because Ctrl-C no longer stops hum,
// a second one within interruptAgain while the process still runs stops
// it, and a third kills it: the way out is always there, and stderr says
// so after the first.
type keys struct {
	// input types data into the process (process.Manager.Input).
	input func(data []byte) error
	// running reports whether the process runs now.
	running func() bool
	name    string // the process's name, for the messages
	intr    byte   // the user's interrupt character
	stderr  io.Writer
	// stop and force do what the first and second SIGINT do to hum: stop
	// every tree gracefully, then kill what is left.
	stop, force func()
	now         func() time.Time

	// Only the reading goroutine uses the fields below.
	last     time.Time // when the last Ctrl-C was passed on
	stopping bool      // a Ctrl-C asked hum to stop
	killing  bool      // a Ctrl-C asked hum to kill
	warned   bool      // an input error was reported
}

// forward reads in until it ends or fails, passing on what comes.
func (k *keys) forward(in io.Reader) {
	buf := make([]byte, 4096)
	for {
		n, err := in.Read(buf)
		if n > 0 {
			k.typed(buf[:n])
		}
		if err != nil {
			return
		}
	}
}

// typed passes data on, counting the interrupt characters in it.
func (k *keys) typed(data []byte) {
	for len(data) > 0 {
		i := bytes.IndexByte(data, k.intr)
		if i < 0 {
			k.send(data)
			return
		}
		k.send(data[:i])
		k.interrupt()
		data = data[i+1:]
	}
}

// interrupt handles one Ctrl-C: passed on to a running process, unless
// one was passed on less than interruptAgain ago; then hum stops, and at
// the next one kills.
func (k *keys) interrupt() {
	now := k.now()
	switch {
	case k.killing:
	case k.stopping:
		k.killing = true
		fmt.Fprintf(k.stderr, "hum: killing %s now\n", k.name)
		k.force()
	case k.running() && (k.last.IsZero() || now.Sub(k.last) >= interruptAgain):
		k.last = now
		k.send([]byte{k.intr})
		fmt.Fprintf(k.stderr, "hum: Ctrl-C went to %s; press Ctrl-C again within %v to stop it\n", k.name, interruptAgain)
	default:
		// Pressed again, or nothing runs to take it (the process ended
		// and waits for its restart): the user wants out.
		k.stopping = true
		fmt.Fprintf(k.stderr, "hum: stopping %s (Ctrl-C again to kill it now)\n", k.name)
		k.stop()
	}
}

// send gives data to the process; what comes while it does not run (it
// ended, or waits for its restart) is dropped, as a terminal with nothing
// reading it would.
func (k *keys) send(data []byte) {
	if len(data) == 0 {
		return
	}
	err := k.input(data)
	if err == nil || errors.Is(err, process.ErrNotRunning) || k.warned {
		return
	}
	k.warned = true
	fmt.Fprintf(k.stderr, "hum: input: %v\n", err)
}

// startKeys puts the user's terminal in raw mode and forwards its keys to
// the process id (keys), and its size, less the width of the output's
// prefix (prefix columns), whenever it changes (SIGWINCH). end stops
// following the size and restores the terminal's modes; call it on every
// way out. A panic on the goroutines it starts restores them too.
func startKeys(ctx stopContexts, mgr *process.Manager, id, name string, prefix int, stderr io.Writer) (end func(), err error) {
	rt, err := makeRaw(ctx.keys)
	if err != nil {
		return nil, err
	}
	guard := func() {
		if r := recover(); r != nil {
			rt.restore()
			panic(r)
		}
	}
	force := ctx.requestForce
	if force == nil {
		force = ctx.requestStop
	}
	k := &keys{
		input: func(data []byte) error { return mgr.Input(id, data) },
		running: func() bool {
			p, ok := mgr.Get(id)
			return ok && p.State().Status == process.StatusRunning
		},
		name: name, intr: rt.interrupt(), stderr: stderr,
		stop: ctx.requestStop, force: force, now: time.Now,
	}
	go func() {
		defer guard()
		// It outlives the run when the terminal never ends, as `hum run`
		// exits right after.
		k.forward(ctx.keys)
	}()

	winch := make(chan os.Signal, 1)
	notifyResize(winch)
	done := make(chan struct{})
	var following sync.WaitGroup
	resize := func() {
		if cols, rows, ok := terminalSize(ctx.keys); ok {
			_ = mgr.Resize(id, fitCols(cols, prefix), rows)
		}
	}
	following.Go(func() {
		defer guard()
		resize() // a change before winch was notified was missed
		for {
			select {
			case <-winch:
				resize()
			case <-done:
				return
			}
		}
	})
	return func() {
		signal.Stop(winch)
		close(done)
		following.Wait()
		rt.restore()
	}, nil
}

// fitCols is how many columns a process gets on a terminal cols wide when
// each of its lines is shown after a prefix that many columns wide, so a
// line it fills to its width takes one row.
func fitCols(cols uint16, prefix int) uint16 {
	return uint16(max(int(cols)-prefix, 1))
}
