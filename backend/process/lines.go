package process

import (
	"bytes"
	"io"
)

// DefaultMaxLine is the longest line delivered whole; longer lines are split
// into pieces of at most this many bytes.
const DefaultMaxLine = 64 << 10

// lineWriter turns a byte stream into Sink.Line calls, one per line, without
// the newline (and without the '\r' of a "\r\n" ending). A line longer than
// max is delivered in pieces of max bytes, so memory stays bounded by max
// whatever the child prints; nothing is dropped.
//
// A lineWriter belongs to one pipe: only that pipe's copy goroutine calls
// Write and then flush, so it needs no lock.
type lineWriter struct {
	sink   Sink   // written once; nil discards lines
	id     string // written once; the process ID passed to the sink
	stream Stream // written once
	max    int    // written once; > 0
	buf    []byte // owned by the copy goroutine; a partial line, len(buf) <= max
	split  bool   // owned by the copy goroutine; a piece of the current line was already delivered
}

func newLineWriter(sink Sink, id string, stream Stream, max int) *lineWriter {
	if max <= 0 {
		max = DefaultMaxLine
	}
	return &lineWriter{sink: sink, id: id, stream: stream, max: max}
}

// Write never fails: a sink cannot push back on the child.
func (w *lineWriter) Write(p []byte) (int, error) {
	n := len(p)
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
		// Emit max-sized pieces while the line so far exceeds max. A line of
		// exactly max bytes is held until we know whether it ends there.
		for len(w.buf)+len(chunk) > w.max {
			w.split = true
			if len(w.buf) == 0 {
				w.emit(chunk[:w.max])
				chunk = chunk[w.max:]
				continue
			}
			take := w.max - len(w.buf)
			w.buf = append(w.buf, chunk[:take]...)
			w.emit(w.buf)
			w.buf = w.buf[:0]
			chunk = chunk[take:]
		}
		switch {
		case i < 0:
			w.buf = append(w.buf, chunk...)
		case len(w.buf) == 0:
			// Nothing left of a line already delivered in pieces: its
			// "\r" was the only byte past the split and ended an earlier
			// write. An empty line that was never split is still a line.
			if len(chunk) > 0 || !w.split {
				w.emit(chunk) // the common case: no copy
			}
			w.split = false
		default:
			w.buf = append(w.buf, chunk...)
			w.emit(w.buf)
			w.buf = w.buf[:0]
			w.split = false
		}
	}
	return n, nil
}

// flush delivers a last line that had no newline.
func (w *lineWriter) flush() {
	if len(w.buf) > 0 {
		w.emit(w.buf)
		w.buf = w.buf[:0]
	}
	w.split = false
}

func (w *lineWriter) emit(line []byte) {
	if w.sink != nil {
		w.sink.Line(w.id, w.stream, line)
	}
}

// copyLines reads r to EOF (or until r is closed under it) into w, then
// delivers the last unterminated line. Read errors other than EOF end the
// copy too: the pipe's write side is gone or we closed the read side.
func copyLines(w *lineWriter, r io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			_, _ = w.Write(buf[:n])
		}
		if err != nil {
			break
		}
	}
	w.flush()
}
