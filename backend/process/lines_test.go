package process

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
)

// recorder is a Sink that keeps every line, per process and stream.
type recorder struct {
	mu    sync.Mutex                     // protects lines
	lines map[string]map[Stream][]string // process ID -> stream -> lines
}

func newRecorder() *recorder { return &recorder{lines: map[string]map[Stream][]string{}} }

func (r *recorder) Line(id string, s Stream, line []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.lines[id] == nil {
		r.lines[id] = map[Stream][]string{}
	}
	r.lines[id][s] = append(r.lines[id][s], string(line))
}

func (r *recorder) get(id string, s Stream) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.lines[id][s]...)
}

func TestLineWriter(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		max    int
		want   []string
	}{
		{"one line", []string{"hello\n"}, 16, []string{"hello"}},
		{"lines across writes", []string{"he", "llo\nwo", "rld\n"}, 16, []string{"hello", "world"}},
		{"last line without newline", []string{"a\nlast"}, 16, []string{"a", "last"}},
		{"empty lines kept", []string{"\n\nx\n"}, 16, []string{"", "", "x"}},
		{"crlf trimmed", []string{"a\r\nb\r", "\n"}, 16, []string{"a", "b"}},
		{"crlf at the split point", []string{"abcd\r\n"}, 4, []string{"abcd"}},
		{"cr held at max then lf", []string{"abc\r", "\n"}, 4, []string{"abc"}},
		{"crlf across writes at the split point", []string{"abcd\r", "\n"}, 4, []string{"abcd"}},
		{"blank crlf line across writes", []string{"a\n\r", "\n"}, 4, []string{"a", ""}},
		{"lone cr kept", []string{"50%\r100%\n"}, 16, []string{"50%\r100%"}},
		{"exactly max is one line", []string{"abcd\n"}, 4, []string{"abcd"}},
		{"exactly max across writes", []string{"ab", "cd", "\n"}, 4, []string{"abcd"}},
		{"long line split", []string{"abcdefghij\n"}, 4, []string{"abcd", "efgh", "ij"}},
		{"long line split across writes", []string{"abc", "defgh", "ij\nk"}, 4, []string{"abcd", "efgh", "ij", "k"}},
		{"long unterminated line split", []string{"abcdefghi"}, 4, []string{"abcd", "efgh", "i"}},
		{"nothing", nil, 4, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder()
			w := newLineWriter(rec, "p1", Stdout, tt.max)
			for _, s := range tt.writes {
				n, err := w.Write([]byte(s))
				assert.NoError(t, err)
				assert.Equal(t, len(s), n, "got %v bytes written, want %v", n, len(s))
				assert.LessOrEqual(t, len(w.buf), tt.max, "buffer grew past max")
			}
			w.flush()
			got := rec.get("p1", Stdout)
			assert.Equal(t, tt.want, got, "got %q, want %q", got, tt.want)
		})
	}
}

// partRecorder is a PartSink: it keeps lines as recorder does, each piece of
// a split line prefixed "part:".
type partRecorder struct{ *recorder }

func (r partRecorder) LinePart(id string, s Stream, part []byte) {
	r.Line(id, s, append([]byte("part:"), part...))
}

func TestLineWriterTellsAPartSinkWhichPiecesContinue(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		want   []string
	}{
		{"long line", []string{"abcdefghij\n"}, []string{"part:abcd", "part:efgh", "ij"}},
		{"across writes", []string{"abc", "defgh", "ij\nk"}, []string{"part:abcd", "part:efgh", "ij", "k"}},
		{"exactly max is whole", []string{"abcd\nefgh\n"}, []string{"abcd", "efgh"}},
		{"unterminated", []string{"abcdefghi"}, []string{"part:abcd", "part:efgh", "i"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := partRecorder{newRecorder()}
			w := newLineWriter(rec, "p1", Stdout, 4)
			for _, s := range tt.writes {
				_, _ = w.Write([]byte(s))
			}
			w.flush()
			got := rec.get("p1", Stdout)
			assert.Equal(t, tt.want, got, "got %q, want %q", got, tt.want)
		})
	}
}

// TestLineWriterCutsLongLinesBetweenCharacters checks the Sink contract
// for text: every piece of a long line is valid UTF-8 on its own (no
// character is split, so nothing downstream shows U+FFFD for it), is at
// most max bytes, and the pieces give back the line. The store used to cut
// a second time for this; it now relies on these pieces.
func TestLineWriterCutsLongLinesBetweenCharacters(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		max    int
		want   []string
	}{
		{"two-byte runes", []string{"ééééé\n"}, 5, []string{"part:éé", "part:éé", "é"}},
		{"a rune across the cut", []string{"abcé€\n"}, 5, []string{"part:abcé", "€"}},
		{"a rune across the cut and writes", []string{"abc", "é€\n"}, 5, []string{"part:abcé", "€"}},
		{"four-byte runes", []string{"a😀😀\n"}, 5, []string{"part:a😀", "😀"}},
		{"invalid bytes are cut at max", []string{"\xff\xff\xff\xff\xff\xff\n"}, 5, []string{"part:\xff\xff\xff\xff\xff", "\xff"}},
		{"a line of newlines and runes", []string{"é\néééé\n"}, 5, []string{"é", "part:éé", "éé"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := partRecorder{newRecorder()}
			w := newLineWriter(rec, "p1", Stdout, tt.max)
			for _, s := range tt.writes {
				_, _ = w.Write([]byte(s))
				assert.LessOrEqual(t, len(w.buf), tt.max, "buffer grew past max")
			}
			w.flush()
			got := rec.get("p1", Stdout)
			assert.Equal(t, tt.want, got, "got %q, want %q", got, tt.want)
		})
	}
}

// TestLineWriterHugeLineStaysBounded sends one 16 MiB line (of two-byte
// characters, offset by one byte so a cut at max would split one) as the
// pipe delivers it: the core holds at most max bytes, and every piece is
// whole characters of at most max bytes, all but the last marked as going
// on. This is the bound the store trusts (its memory tests feed it such
// pieces).
func TestLineWriterHugeLineStaysBounded(t *testing.T) {
	huge := []byte("a" + strings.Repeat("é", 8<<20))
	var pieces, parts, total int
	bad := ""
	sink := partFunc{
		line: func(b []byte) {
			pieces++
			total += len(b)
			if len(b) > DefaultMaxLine || !utf8.Valid(b) {
				bad = fmt.Sprintf("line of %d bytes, valid UTF-8 %v", len(b), utf8.Valid(b))
			}
		},
		part: func(b []byte) {
			parts++
			total += len(b)
			if len(b) > DefaultMaxLine || len(b) < DefaultMaxLine-3 || !utf8.Valid(b) {
				bad = fmt.Sprintf("piece of %d bytes, valid UTF-8 %v", len(b), utf8.Valid(b))
			}
		},
	}
	w := newLineWriter(sink, "p1", Stdout, DefaultMaxLine)
	for i := 0; i < len(huge); i += 32 << 10 {
		_, _ = w.Write(huge[i:min(i+32<<10, len(huge))])
		require.LessOrEqual(t, len(w.buf), DefaultMaxLine, "the core holds %d bytes, want <= %d", len(w.buf), DefaultMaxLine)
		require.LessOrEqual(t, cap(w.buf), 2*DefaultMaxLine, "the core's buffer is %d bytes, want <= %d", cap(w.buf), 2*DefaultMaxLine)
	}
	_, _ = w.Write([]byte("\n"))
	w.flush()
	assert.Empty(t, bad, "got a %s, want whole characters within %d bytes", bad, DefaultMaxLine)
	assert.Equal(t, len(huge), total, "got %d bytes, want %d", total, len(huge))
	assert.Equal(t, 1, pieces, "got %d last pieces, want 1", pieces)
	assert.GreaterOrEqual(t, parts, len(huge)/DefaultMaxLine, "got %d pieces marked as going on, want >= %d", parts, len(huge)/DefaultMaxLine)
}

// partFunc is a PartSink of two functions.
type partFunc struct{ line, part func([]byte) }

func (f partFunc) Line(_ string, _ Stream, b []byte)     { f.line(b) }
func (f partFunc) LinePart(_ string, _ Stream, b []byte) { f.part(b) }

// TestLineWriterIgnoresWriteBoundaries checks that the lines do not depend
// on how the pipe's reads happen to cut the stream: every way of cutting it
// in two gives the lines of one whole write.
func TestLineWriterIgnoresWriteBoundaries(t *testing.T) {
	inputs := []string{
		"abcd\r\nefgh\r\n",
		"abcdefgh\r\nij\r\n\r\nk",
		"abc\r\r\n\n\rabcde\r\n",
	}
	for _, in := range inputs {
		whole := newRecorder()
		w := newLineWriter(whole, "p1", Stdout, 4)
		_, _ = w.Write([]byte(in))
		w.flush()
		want := whole.get("p1", Stdout)
		for cut := 1; cut < len(in); cut++ {
			rec := newRecorder()
			w := newLineWriter(rec, "p1", Stdout, 4)
			_, _ = w.Write([]byte(in[:cut]))
			_, _ = w.Write([]byte(in[cut:]))
			w.flush()
			got := rec.get("p1", Stdout)
			assert.Equal(t, want, got, "%q cut at %d: got %q, want %q", in, cut, got, want)
		}
	}
}

// TestTerminalOutputSqueezesCarriageReturns feeds what a terminal makes of
// "x\r\n" (onlcr: "x\r\r\n"), cut at every point: the lines are those of
// pipe output, and a progress redraw's lone '\r' stays.
func TestTerminalOutputSqueezesCarriageReturns(t *testing.T) {
	in := "x\r\r\n50%\r\r100%\r\n\r\r\nlast\r"
	want := []string{"x", "50%\r100%", "", "last\r"}
	for cut := 0; cut <= len(in); cut++ {
		rec := newRecorder()
		w := newLineWriter(rec, "p1", Stdout, 64)
		w.squeezeCR = true
		_, _ = w.Write([]byte(in[:cut]))
		_, _ = w.Write([]byte(in[cut:]))
		w.flush()
		got := rec.get("p1", Stdout)
		assert.Equal(t, want, got, "cut at %d: got %q, want %q", cut, got, want)
	}
}

// FuzzTerminalLineWriter checks terminal output (squeezeCR) against a
// model: the lines of the input with every run of '\r' made one, split as
// pipe output is, whatever the cut into two reads.
func FuzzTerminalLineWriter(f *testing.F) {
	f.Add([]byte("x\r\r\ny\r\n"), uint(2))
	f.Add([]byte("50%\r\r\r100%\r\n\r\r"), uint(5))
	f.Add([]byte("\r\n\r\r\r\n"), uint(1))
	f.Fuzz(func(t *testing.T, in []byte, cut uint) {
		lines := func(squeeze bool, reads ...[]byte) []string {
			rec := newRecorder()
			w := newLineWriter(rec, "p1", Stdout, 64)
			w.squeezeCR = squeeze
			for _, r := range reads {
				_, _ = w.Write(r)
			}
			w.flush()
			return rec.get("p1", Stdout)
		}
		squeezed := regexp.MustCompile("\r+").ReplaceAll(in, []byte("\r"))
		c := int(cut % uint(len(in)+1))
		want, got := lines(false, squeezed), lines(true, in[:c], in[c:])
		assert.Equal(t, want, got, "%q cut at %d: got %q, want %q", in, c, got, want)
	})
}

func TestCopyLinesDeliversEverythingOneByteAtATime(t *testing.T) {
	rec := newRecorder()
	in := "first\nsecond\r\nthird"
	copyLines(newLineWriter(rec, "p1", Stderr, 4), iotest.OneByteReader(strings.NewReader(in)), 0)
	want := []string{"firs", "t", "seco", "nd", "thir", "d"}
	got := rec.get("p1", Stderr)
	assert.Equal(t, want, got, "got %q, want %q", got, want)
}

func TestEnviron(t *testing.T) {
	tests := []struct {
		name        string
		base, extra []string
		want        []string
	}{
		{"adds colour defaults", []string{"A=1"}, nil, []string{"A=1", "FORCE_COLOR=1", "CLICOLOR_FORCE=1"}},
		{"base setting wins over default", []string{"FORCE_COLOR=0"}, nil, []string{"FORCE_COLOR=0", "CLICOLOR_FORCE=1"}},
		{"extra setting wins over default", nil, []string{"CLICOLOR_FORCE=0"}, []string{"FORCE_COLOR=1", "CLICOLOR_FORCE=0"}},
		{"extra comes last so it overrides base", []string{"A=1"}, []string{"A=2"}, []string{"A=1", "FORCE_COLOR=1", "CLICOLOR_FORCE=1", "A=2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := environ(tt.base, tt.extra)
			assert.Equal(t, tt.want, got, "got %v, want %v", got, tt.want)
		})
	}
}

func TestSpecCommandLine(t *testing.T) {
	tests := []struct {
		spec Spec
		want string
	}{
		{Spec{Command: "npm run dev"}, "npm run dev"},
		{Spec{Argv: []string{"seq", "1", "3"}}, "seq 1 3"},
		{Spec{Argv: []string{"echo", "a b", ""}}, `echo "a b" ""`},
	}
	for _, tt := range tests {
		got := tt.spec.commandLine()
		assert.Equal(t, tt.want, got, "got %q, want %q", got, tt.want)
	}
}

// pipeLines copies a pipe into sink as a process's stdout is copied (lines
// of at most 64 bytes, a partial line delivered after idle), on its own
// goroutine. write sends s down the pipe; end closes it and returns once
// the copy has delivered the last line.
func pipeLines(t *testing.T, sink Sink, idle time.Duration) (write func(s string), end func()) {
	t.Helper()
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		copyLinesIdle(newLineWriter(sink, "p1", Stdout, 64), pr, idle)
	}()
	write = func(s string) {
		_, err := pw.Write([]byte(s))
		require.NoError(t, err)
	}
	end = func() {
		require.NoError(t, pw.Close())
		<-done
	}
	return write, end
}

func TestAPausedPartialLineIsDeliveredWhileTheStreamIsOpen(t *testing.T) {
	rec := newRecorder()
	write, end := pipeLines(t, rec, 20*time.Millisecond)
	write("Continue? [y/N] ")
	poll.Until(t, 10*time.Second, func() bool { return len(rec.get("p1", Stdout)) == 1 },
		"the prompt to be delivered while the pipe is open; got %q", rec.get("p1", Stdout))
	assert.Equal(t, []string{"Continue? [y/N] "}, rec.get("p1", Stdout))

	// The newline that ends the delivered prompt adds no empty line; the
	// rest of a paused line arrives as a line of its own.
	write("\nnext")
	poll.Until(t, 10*time.Second, func() bool { return len(rec.get("p1", Stdout)) == 2 }, "the second partial line")
	write(" and more\n")
	end()
	got := rec.get("p1", Stdout)
	assert.Equal(t, []string{"Continue? [y/N] ", "next", " and more"}, got, "got %q", got)
}

func TestALineWrittenInQuickPiecesStaysWhole(t *testing.T) {
	rec := newRecorder()
	// An idle limit no write gap here can reach: the pieces must join.
	write, end := pipeLines(t, rec, time.Hour)
	for _, piece := range []string{"hel", "lo ", "wor", "ld\n", "tail"} {
		write(piece)
	}
	end()
	got := rec.get("p1", Stdout)
	assert.Equal(t, []string{"hello world", "tail"}, got, "got %q", got)
}

// flushRecorder is a buffering Sink: it logs lines and flushes in order.
type flushRecorder struct {
	mu     sync.Mutex // protects events
	events []string   // "line text" or "flush"
}

func (r *flushRecorder) Line(_ string, _ Stream, line []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "line "+string(line))
}

func (r *flushRecorder) Flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "flush")
}

func (r *flushRecorder) get() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...)
}

// TestABufferingSinkIsFlushedAfterEveryRead checks the contract a sink that
// gathers lines relies on: it is flushed once the lines of each read are
// delivered (not once per line, and not after a read that completed no
// line), after a paused partial line and after the last line, so no line
// can wait in it for more output.
func TestABufferingSinkIsFlushedAfterEveryRead(t *testing.T) {
	rec := &flushRecorder{}
	write, end := pipeLines(t, rec, 20*time.Millisecond)
	write("a\nb\n")
	poll.Until(t, 10*time.Second, func() bool { return len(rec.get()) == 3 }, "two lines and a flush; got %q", rec.get())
	write("prompt: ")
	poll.Until(t, 10*time.Second, func() bool { return len(rec.get()) == 5 }, "the paused line delivered and flushed; got %q", rec.get())
	write("\nlast")
	end()
	want := []string{"line a", "line b", "flush", "line prompt: ", "flush", "line last", "flush"}
	assert.Equal(t, want, rec.get(), "got %q, want %q", rec.get(), want)
}

// partFlushRecorder is a buffering PartSink.
type partFlushRecorder struct{ flushRecorder }

func (r *partFlushRecorder) LinePart(id string, s Stream, part []byte) {
	r.Line(id, s, append([]byte("part:"), part...))
}

func TestABufferingPartSinkIsFlushedAfterAReadOfPiecesOnly(t *testing.T) {
	rec := &partFlushRecorder{}
	w := newLineWriter(rec, "p1", Stdout, 4)
	_, _ = w.Write([]byte("abcdefghi"))
	want := []string{"line part:abcd", "line part:efgh", "flush"}
	assert.Equal(t, want, rec.get(), "got %q, want %q", rec.get(), want)
}

// FuzzLineWriter checks on any input, cut anywhere into two reads, that the
// lines do not depend on the cut, that no piece exceeds max or splits a
// character of valid UTF-8, and that a
// buffering sink is flushed after every read that delivered a line.
func FuzzLineWriter(f *testing.F) {
	f.Add([]byte("abcd\r\nefgh\r\n"), uint(3))
	f.Add([]byte("abcdefgh\r\nij\r\n\r\nk"), uint(9))
	f.Add([]byte("\n\n\r\r\n"), uint(1))
	f.Add([]byte("abcé€😀\néé\n"), uint(4))
	f.Fuzz(func(t *testing.T, in []byte, cut uint) {
		const max = 4
		lines := func(reads ...[]byte) []string {
			rec := &flushRecorder{}
			w := newLineWriter(rec, "p1", Stdout, max)
			for _, r := range reads {
				_, _ = w.Write(r)
				if ev := rec.get(); len(ev) > 0 && ev[len(ev)-1] != "flush" {
					t.Fatalf("read %q: got events %q, want a flush after its lines", r, ev)
				}
			}
			w.flush()
			var out []string
			for _, e := range rec.get() {
				if text, ok := strings.CutPrefix(e, "line "); ok {
					if len(text) > max {
						t.Fatalf("got a piece of %d bytes, want at most %d", len(text), max)
					}
					if !utf8.ValidString(text) && utf8.Valid(in) && !bytes.Contains(in, []byte("\r\n")) {
						t.Fatalf("got piece %q of valid UTF-8 %q, want whole characters", text, in)
					}
					out = append(out, text)
				}
			}
			return out
		}
		c := int(cut % uint(len(in)+1))
		whole, split := lines(in), lines(in[:c], in[c:])
		assert.Equal(t, whole, split, "%q cut at %d: got %q, want %q", in, c, split, whole)
	})
}

// TestLineWriterTakesNothingAfterItsLastLine: once flushed (the run's last
// line, or supervise giving up on a reader it could not interrupt), what a
// late read brings is dropped, so no line follows the final state.
func TestLineWriterTakesNothingAfterItsLastLine(t *testing.T) {
	rec := newRecorder()
	w := newLineWriter(rec, "p1", Stdout, 64)
	_, _ = w.Write([]byte("one\ntwo"))
	w.flush()
	n, err := w.Write([]byte("late\n"))
	assert.Equal(t, 5, n)
	assert.NoError(t, err)
	w.flush()
	assert.Equal(t, []string{"one", "two"}, rec.get("p1", Stdout))
}

// idleRecorder is a recorder that is an IdleSink: a line delivered because
// the stream paused is kept with a "(idle)" mark.
type idleRecorder struct{ *recorder }

func (r idleRecorder) LineIdle(id string, s Stream, line []byte) {
	r.Line(id, s, append(append([]byte(nil), line...), " (idle)"...))
}

func TestAnIdleSinkIsToldWhichLinesWereCutByAPause(t *testing.T) {
	rec := idleRecorder{newRecorder()}
	write, end := pipeLines(t, rec, 20*time.Millisecond)
	write("Name? ")
	poll.Until(t, 10*time.Second, func() bool { return len(rec.get("p1", Stdout)) == 1 },
		"the prompt to be delivered while the pipe is open; got %q", rec.get("p1", Stdout))
	write("ada\nhello ada\n")
	end()
	got := rec.get("p1", Stdout)
	assert.Equal(t, []string{"Name?  (idle)", "ada", "hello ada"}, got, "got %q", got)
}

// enderRecorder is an idleRecorder that is an IdleEnder: the end of an
// open line is kept as "(end)".
type enderRecorder struct{ idleRecorder }

func (r enderRecorder) LineEnd(id string, s Stream) { r.Line(id, s, []byte("(end)")) }

// TestAnIdleEnderIsToldWhenAnOpenLineEndsBare: an empty answer to a
// prompt echoes its newline alone, which delivers no line; an IdleEnder is
// told, and only then (a line that continues the open one ends it itself).
func TestAnIdleEnderIsToldWhenAnOpenLineEndsBare(t *testing.T) {
	rec := enderRecorder{idleRecorder{newRecorder()}}
	write, end := pipeLines(t, rec, 20*time.Millisecond)
	write("Name? ")
	poll.Until(t, 10*time.Second, func() bool { return len(rec.get("p1", Stdout)) == 1 },
		"the prompt to be delivered while the pipe is open; got %q", rec.get("p1", Stdout))
	write("\r\nhi\nAge? ")
	poll.Until(t, 10*time.Second, func() bool { return len(rec.get("p1", Stdout)) == 4 },
		"the second prompt; got %q", rec.get("p1", Stdout))
	write("42\n\nbye\n")
	end()
	got := rec.get("p1", Stdout)
	assert.Equal(t, []string{"Name?  (idle)", "(end)", "hi", "Age?  (idle)", "42", "", "bye"}, got, "got %q", got)
}
