package process

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// Errors of the terminal API; test them with errors.Is.
var (
	// ErrNoTerminal: the process runs on pipes (Spec.Pipes, or Windows),
	// so it has no terminal to type into or resize.
	ErrNoTerminal = errors.New("process is not on a terminal")
	// ErrNotRunning: the process has no live run to take the input.
	ErrNotRunning = errors.New("process is not running")
)

// The terminal size a process starts with when neither its Spec nor a
// Resize says otherwise.
const (
	DefaultCols uint16 = 120
	DefaultRows uint16 = 30
)

// terminalType is the TERM a process on a terminal gets unless its Env
// sets one: what Hum's log view (xterm.js) and the terminals `hum run`
// prints to understand. Hum's own TERM says nothing about where the
// output is shown (none at all when started from a desktop menu).
const terminalType = "TERM=xterm-256color"

// inputTimeout bounds one Input: a process that does not read its
// terminal fills the line discipline's buffer and would block the write.
const inputTimeout = 5 * time.Second

// Input writes data to the process's terminal as if typed: the line
// discipline echoes it, and the interrupt character becomes a signal to
// the tree, so "\x03" is Ctrl-C (SIGINT, unless the program put the
// terminal in raw mode, where it reads the byte), "\r" is Enter, "\x1b[A"
// the up arrow. It fails with ErrNotFound for an unknown
// process, ErrNoTerminal for one on pipes, and ErrNotRunning when no run
// of it is alive.
func (m *Manager) Input(id string, data []byte) error {
	e, ok := m.reg.Get(id)
	if !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if !e.State().TTY {
		return fmt.Errorf("%w: %s runs on pipes", ErrNoTerminal, id)
	}
	r := e.cur.Load()
	if r == nil || r.term == nil || r.finished() {
		return fmt.Errorf("%w: %s is %s", ErrNotRunning, id, e.State().Status)
	}
	if len(data) == 0 {
		return nil
	}
	_ = r.term.SetWriteDeadline(time.Now().Add(inputTimeout)) // not every master is pollable: then no bound
	err := typeInto(r, data)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, os.ErrClosed) || r.finished():
		return fmt.Errorf("%w: %s has ended", ErrNotRunning, id)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("input to %s: the process has not read its input for %v", id, inputTimeout)
	}
	return fmt.Errorf("input to %s: %w", id, err)
}

// Resize sets the size of the process's terminal, which tells its
// foreground programs (SIGWINCH), and keeps it for the runs after this
// one: a restart starts at the last size asked for. A process that is
// not running keeps the size for its next run. It fails with ErrNotFound
// for an unknown process and ErrNoTerminal for one on pipes; a size of 0
// in either dimension is an error.
func (m *Manager) Resize(id string, cols, rows uint16) error {
	e, ok := m.reg.Get(id)
	if !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if !e.State().TTY {
		return fmt.Errorf("%w: %s runs on pipes", ErrNoTerminal, id)
	}
	if cols == 0 || rows == 0 {
		return fmt.Errorf("resize %s: invalid size %dx%d", id, cols, rows)
	}
	e.size.Store(uint32(cols)<<16 | uint32(rows))
	r := e.cur.Load()
	if r == nil || r.term == nil || r.finished() {
		return nil
	}
	if err := resizeTerminal(r, cols, rows); err != nil {
		// The master is closed once the run's output is drained, a moment
		// before its final state is published: a run that ended meanwhile
		// keeps the size for the next, as a stopped one does.
		select {
		case <-r.done:
			return nil
		case <-time.After(endingGrace):
		}
		return fmt.Errorf("resize %s: %w", id, err)
	}
	return nil
}

// endingGrace is how long Resize waits, after the terminal refused, for
// the run's final state, which follows the master's close.
const endingGrace = time.Second

// terminalSize is the size e's next run starts with: the last Resize's,
// else its Spec's, else the default.
func (e *entry) terminalSize() (cols, rows uint16) {
	if sz := e.size.Load(); sz != 0 {
		return uint16(sz >> 16), uint16(sz)
	}
	cols, rows = e.spec.Cols, e.spec.Rows
	if cols == 0 {
		cols = DefaultCols
	}
	if rows == 0 {
		rows = DefaultRows
	}
	return cols, rows
}

// finished reports whether the run's final state is published.
func (r *run) finished() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}
