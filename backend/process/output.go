package process

// Stream says which pipe a line came from.
type Stream uint8

// The two streams a process writes.
const (
	Stdout Stream = 1
	Stderr Stream = 2
)

// String returns "stdout" or "stderr".
func (s Stream) String() string {
	if s == Stderr {
		return "stderr"
	}
	return "stdout"
}

// Sink receives every line a process prints, in order per stream.
//
// The contract: each call carries one line and at most Options.MaxLine
// bytes. The line contains no '\n' and does not end with the '\r' of a
// "\r\n"; a longer printed line comes in several calls (see PartSink),
// each cut between UTF-8 characters when the output is valid UTF-8. The
// bytes are otherwise as printed (colours, other escapes, '\r' progress
// redraws, invalid UTF-8), for the sink to interpret. A sink may rely on
// this and need not split or cut again: lineWriter is the one place that
// does.
//
// The slice is only valid during the call (the caller reuses its buffer),
// so a sink that keeps it must copy it. A sink must be quick and must not
// block for long: it runs on the process's pipe reader. Implementations
// must be safe for concurrent use by many processes.
type Sink interface {
	Line(procID string, stream Stream, line []byte)
}

// Flusher is implemented by a Sink that buffers lines to write them out in
// bulk (a terminal or a pipe: one write per line costs a system call each).
// Flush is called after the lines of every read from a pipe have been
// delivered, after a waiting partial line is delivered, and after the last
// line: so a sink holds lines only while it is being handed more of them,
// and a line printed alone is passed on as soon as it has been read, with
// no timer. Flush is called from the pipe reader like Line.
type Flusher interface {
	Flush()
}

// PartSink is a Sink that is told when a line was too long to deliver whole
// (see Options.MaxLine): LinePart receives each piece of it but the last,
// which comes through Line as usual. A sink that shows lines can then treat
// the pieces as one line (the UI shows a long line once, cut, instead of as
// many lines). Line and LinePart calls of one stream come in order.
type PartSink interface {
	Sink
	LinePart(procID string, stream Stream, part []byte)
}

// IdleSink is a Sink that is told when a line is delivered before its end
// because the process went quiet in the middle of it (process.partialIdle):
// a prompt waiting for an answer, the last row a full-screen program drew.
// LineIdle receives that start of a line instead of Line; what the process
// prints next on the same line comes as a line of its own. A sink that
// shows the output as a terminal would can then write the next line
// straight after it, with no line break between.
type IdleSink interface {
	Sink
	LineIdle(procID string, stream Stream, line []byte)
}

// IdleEnder is an IdleSink that is told when the line a LineIdle left open
// ends with nothing more printed on it: the newline alone, as an empty
// answer to a prompt echoes. Without it that newline is not delivered
// (there is no line left to deliver), and a sink that writes the next line
// straight after the open one would join two lines the terminal shows
// apart.
type IdleEnder interface {
	IdleSink
	LineEnd(procID string, stream Stream)
}

// SinkFunc adapts a function to Sink.
type SinkFunc func(procID string, stream Stream, line []byte)

// Line calls f.
func (f SinkFunc) Line(procID string, stream Stream, line []byte) { f(procID, stream, line) }
