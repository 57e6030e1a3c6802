package process

import (
	"bytes"
	"io"
	"sync"
	"time"
	"unicode/utf8"
)

// DefaultMaxLine is the longest line delivered whole; longer lines are split
// into pieces of at most this many bytes.
const DefaultMaxLine = 64 << 10

// partialIdle is how long the start of a line may wait for its newline
// before it is delivered as it is. A prompt ("Password: ", "Continue? [y/N]")
// or a "waiting..." that never ends its line then shows while the process
// runs, not only once it exits. If the rest of that line comes later, it
// arrives as a line of its own: the price of a line-based log. Output that
// streams faster than this (a spinner, a progress bar) is unaffected.
const partialIdle = 300 * time.Millisecond

// lineWriter turns a byte stream into Sink.Line calls, one per line, without
// the newline (and without the '\r' of a "\r\n" ending). A line longer than
// max is delivered in pieces of at most max bytes (and at least max-3),
// cut between UTF-8 characters, so memory stays bounded by max whatever the
// child prints; nothing is dropped. This is the one place where output is
// split into lines and long lines are cut: the Sink contract.
//
// A lineWriter belongs to one pipe: its copy goroutine calls Write and
// finally flush; the idle timer of copyLines may deliver a waiting partial
// line in between, hence the lock (uncontended but for that timer).
type lineWriter struct {
	sink    Sink    // written once; nil discards lines
	flusher Flusher // written once; the sink if it buffers lines, else nil
	id      string  // written once; the process ID passed to the sink
	stream  Stream  // written once
	max     int     // written once; > 0
	// squeezeCR, for a terminal's output, makes a run of '\r' one '\r'
	// before splitting: the terminal turns every "\n" into "\r\n"
	// (onlcr), so a program that prints "\r\n" itself arrives as
	// "\r\r\n", which would keep a '\r' at the end of its line. On a
	// screen two carriage returns are one, so nothing a reader sees
	// changes, and a lone '\r' of a progress redraw stays.
	squeezeCR bool // written once

	mu       sync.Mutex // protects the fields below and orders the calls to sink
	buf      []byte     // guarded by mu; a partial line, len(buf) <= max between Writes
	split    bool       // guarded by mu; a piece of the current line was already delivered
	idled    bool       // guarded by mu; that piece went to an IdleSink's LineIdle, which left the line open
	gen      uint64     // guarded by mu; counts Writes, so an idle flush armed before one can tell
	done     bool       // guarded by mu; set by flush: nothing is delivered after the last line
	dirty    bool       // guarded by mu; lines were delivered since the sink was last flushed
	lastCR   bool       // guarded by mu; with squeezeCR: the last byte written was '\r'
	squeezed []byte     // guarded by mu; with squeezeCR: the scratch buffer of Write
}

func newLineWriter(sink Sink, id string, stream Stream, max int) *lineWriter {
	if max <= 0 {
		max = DefaultMaxLine
	}
	f, _ := sink.(Flusher)
	return &lineWriter{sink: sink, flusher: f, id: id, stream: stream, max: max}
}

// Write never fails: a sink cannot push back on the child. Once the lines
// p completes are delivered, a buffering sink is flushed: one read of the
// pipe, one write out.
func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return len(p), nil // after the last line (supervise gave up on the reader)
	}
	defer w.flushSink()
	w.gen++
	n := len(p)
	if w.squeezeCR {
		p = w.squeeze(p)
	}
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		chunk := p
		if i >= 0 {
			chunk = p[:i]
			p = p[i+1:]
			// Drop the '\r' of "\r\n" before splitting, so a CRLF that
			// straddles the split point cannot make an empty piece.
			switch c, b := len(chunk), len(w.buf); {
			case c > 0 && chunk[c-1] == '\r':
				chunk = chunk[:c-1]
			case c == 0 && b > 0 && w.buf[b-1] == '\r':
				w.buf = w.buf[:b-1] // the '\r' ended the previous write
			}
		} else {
			p = nil
		}
		// Emit pieces of at most max bytes while the line so far exceeds
		// max. A line of exactly max bytes is held until we know whether it
		// ends there.
		for len(w.buf)+len(chunk) > w.max {
			w.split = true
			if len(w.buf) == 0 {
				cut := runeCut(chunk, w.max)
				w.emitPart(chunk[:cut])
				chunk = chunk[cut:]
				continue
			}
			// Fill the buffer one byte past max, so runeCut can see
			// whether a character starts at max; what follows the cut (at
			// most utf8.UTFMax bytes) starts the next piece.
			take := w.max - len(w.buf) + 1
			w.buf = append(w.buf, chunk[:take]...)
			chunk = chunk[take:]
			cut := runeCut(w.buf, w.max)
			w.emitPart(w.buf[:cut])
			w.buf = w.buf[:copy(w.buf, w.buf[cut:])]
		}
		switch {
		case i < 0:
			w.buf = append(w.buf, chunk...)
		case len(w.buf) == 0:
			// Nothing left of a line already delivered in pieces: its
			// "\r" was the only byte past the split and ended an earlier
			// write. An empty line that was never split is still a line.
			switch {
			case len(chunk) > 0 || !w.split:
				w.emit(chunk) // the common case: no copy
			case w.idled:
				w.endIdle()
			}
			w.split, w.idled = false, false
		default:
			w.buf = append(w.buf, chunk...)
			w.emit(w.buf)
			w.buf = w.buf[:0]
			w.split = false
		}
	}
	return n, nil
}

var crcr = []byte("\r\r")

// squeeze returns p with every run of '\r' made one, runs that continue
// from the previous Write included (see squeezeCR). w.mu must be held.
func (w *lineWriter) squeeze(p []byte) []byte {
	if len(p) == 0 {
		return p
	}
	if !(w.lastCR && p[0] == '\r') && !bytes.Contains(p, crcr) {
		w.lastCR = p[len(p)-1] == '\r'
		return p // the common case: no run to squeeze, no copy
	}
	out := w.squeezed[:0]
	for _, c := range p {
		if c == '\r' && w.lastCR {
			continue
		}
		w.lastCR = c == '\r'
		out = append(out, c)
	}
	w.squeezed = out
	return out
}

// flush delivers a last line that had no newline. Nothing is delivered
// after it.
func (w *lineWriter) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 {
		w.emit(w.buf)
		w.buf = w.buf[:0]
	}
	w.flushSink()
	w.split = false
	w.done = true
}

// pending reports whether part of a line is waiting for its newline, and
// the Write count to hand to flushIdle.
func (w *lineWriter) pending() (bool, uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.buf) > 0, w.gen
}

// flushIdle delivers the waiting part of a line if nothing was written since
// gen: the child has paused mid-line. What follows on the same line later is
// delivered as a line of its own (split makes a bare newline after it add no
// empty line).
func (w *lineWriter) flushIdle(gen uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done || w.gen != gen || len(w.buf) == 0 {
		return
	}
	if is, ok := w.sink.(IdleSink); ok {
		w.dirty = true
		w.idled = true
		is.LineIdle(w.id, w.stream, w.buf)
	} else {
		w.emit(w.buf)
	}
	w.buf = w.buf[:0]
	w.split = true
	w.flushSink()
}

// flushSink tells a buffering sink that no more lines follow for now, if
// any came since it was last told. w.mu must be held.
func (w *lineWriter) flushSink() {
	if w.dirty && w.flusher != nil {
		w.flusher.Flush()
	}
	w.dirty = false
}

// endIdle tells an IdleEnder that the line left open by LineIdle ended
// with its newline alone. w.mu must be held.
func (w *lineWriter) endIdle() {
	if ie, ok := w.sink.(IdleEnder); ok {
		w.dirty = true
		ie.LineEnd(w.id, w.stream)
	}
}

func (w *lineWriter) emit(line []byte) {
	w.dirty = true
	w.idled = false
	if w.sink != nil {
		w.sink.Line(w.id, w.stream, line)
	}
}

// runeCut returns where to cut b (longer than n) so the first piece has at
// most n bytes and, if b is valid UTF-8 there, does not end inside a
// character: the last UTF-8 sequence start in b[n-3:n+1], else n. Every
// piece of a valid line is then valid text on its own.
func runeCut(b []byte, n int) int {
	for k := n; k > n-utf8.UTFMax && k > 0; k-- {
		if utf8.RuneStart(b[k]) {
			return k
		}
	}
	return n
}

// emitPart delivers a max-sized piece of a line that continues: as a part
// to a PartSink, as a line of its own to any other sink.
func (w *lineWriter) emitPart(part []byte) {
	w.idled = false
	if ps, ok := w.sink.(PartSink); ok {
		w.dirty = true
		ps.LinePart(w.id, w.stream, part)
		return
	}
	w.emit(part)
}

// copyLines reads r to EOF (or until r is closed under it) into w, then
// delivers the last unterminated line. Read errors other than EOF end the
// copy too: the pipe's write side is gone or we closed the read side. The
// start of a line left waiting for idle (0: partialIdle) is delivered
// meanwhile.
func copyLines(w *lineWriter, r io.Reader, idle time.Duration) {
	if idle <= 0 {
		idle = partialIdle
	}
	copyLinesIdle(w, r, idle)
}

func copyLinesIdle(w *lineWriter, r io.Reader, idle time.Duration) {
	var (
		timer *time.Timer
		armed uint64 // the Write count the timer will check; read by its func
		mu    sync.Mutex
	)
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			_, _ = w.Write(buf[:n])
			if waiting, gen := w.pending(); waiting {
				mu.Lock()
				armed = gen
				mu.Unlock()
				if timer == nil {
					timer = time.AfterFunc(idle, func() {
						mu.Lock()
						g := armed
						mu.Unlock()
						w.flushIdle(g)
					})
				} else {
					timer.Reset(idle)
				}
			}
		}
		if err != nil {
			break
		}
	}
	if timer != nil {
		timer.Stop()
	}
	w.flush()
}
