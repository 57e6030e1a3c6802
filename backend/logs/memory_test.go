package logs

import (
	"bytes"
	"math/rand"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/process"
)

// heapInUse returns live heap bytes after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// memBound is what one process may hold: the byte bound, plus one line of
// slack (the newest line is always kept), plus the per-line bookkeeping.
func memBound(o Options) uint64 {
	return uint64(o.MaxBytes) + 4*process.DefaultMaxLine + uint64(o.MaxLines)*128
}

// assertBounded checks the store's own accounting and the real heap.
func assertBounded(t *testing.T, s *Store, o Options, base uint64, what string) {
	t.Helper()
	st := s.Stats("p")
	assert.LessOrEqual(t, st.Bytes, o.MaxBytes+4*process.DefaultMaxLine, "%s: stored %d bytes, want <= %d", what, st.Bytes, o.MaxBytes+4*process.DefaultMaxLine)
	assert.LessOrEqual(t, st.Lines, o.MaxLines, "%s: stored %d lines, want <= %d", what, st.Lines, o.MaxLines)
	// Generous slack for the runtime and the test itself, far below what
	// an unbounded store would hold after gigabytes.
	heap := heapInUse()
	limit := base + 2*memBound(o) + 16<<20
	assert.LessOrEqual(t, heap, limit, "%s: heap %d MiB, want <= %d MiB", what, heap>>20, limit>>20)
}

// TestMemoryBoundedOneGigabyte streams 1 GB of generated output (mixed
// lengths, colours, progress bars, URLs and stack traces) through one
// process and checks the store stays within its bounds throughout
// (256 MB under -race, see race_on_test.go).
func TestMemoryBoundedOneGigabyte(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 1 GB")
	}
	o := Options{}
	s := NewStore(o)
	defer s.Close()
	o = s.opts
	base := heapInUse()
	rng := rand.New(rand.NewSource(7))
	// A few kilobyte-scale templates keep generation cheap; long lines make
	// 1 GB a manageable number of Line calls under -race.
	templates := [][]byte{
		[]byte(strings.Repeat("GET /api/items?page=1 200 3ms ", 1000)),
		[]byte("\x1b[32m" + strings.Repeat("compiled module ", 2000) + "\x1b[0m"),
		[]byte(strings.Repeat("downloading 42%\r", 2000) + "downloading 100%"),
		[]byte("panic: " + strings.Repeat("x", 100)),
		[]byte("  File \"/app/x.py\", line 3, in <module>"),
		[]byte("listening on http://localhost:3000/" + strings.Repeat("a", 30000)),
		[]byte(strings.Repeat("é", 32<<10)),
	}
	const total = streamBytes
	var sent int
	next := total / 4
	for sent < total {
		line := templates[rng.Intn(len(templates))]
		s.Line("p", process.Stdout, line)
		sent += len(line) + 1
		if sent >= next {
			assertBounded(t, s, o, base, "while streaming")
			next += total / 4
		}
	}
	assertBounded(t, s, o, base, "at the end of the stream")
	assert.Greater(t, s.Stats("p").Evicted, uint64(0), "nothing evicted after %d MiB", total>>20)
}

// TestMemoryBoundedHugeLine sends a single 50 MB line as the core delivers
// it: 64 KiB pieces, all but the last marked as going on. (That the core
// cuts any line so, holding at most that much itself, is
// process.TestLineWriterHugeLineStaysBounded.)
func TestMemoryBoundedHugeLine(t *testing.T) {
	huge := []byte(strings.Repeat("0123456789abcdef", 50<<20/16))
	const max = process.DefaultMaxLine
	s := NewStore(Options{})
	defer s.Close()
	base := heapInUse()
	for i := 0; i < len(huge); i += max {
		if end := i + max; end < len(huge) {
			s.LinePart("p", process.Stdout, huge[i:end])
		} else {
			s.Line("p", process.Stdout, huge[i:])
		}
	}
	assertBounded(t, s, s.opts, base, "64 KiB pieces")
	last := s.Tail("p", 1).Lines
	require.Len(t, last, 1, "got %d lines, want 1", len(last))
	assert.LessOrEqual(t, len(last[0].Raw), max, "line of %d bytes, want <= %d", len(last[0].Raw), max)
	assert.True(t, strings.HasSuffix(string(huge), last[0].Text), "the newest piece is not the end of the line")
	assert.False(t, last[0].More, "the last piece is marked as going on")
	runtime.KeepAlive(huge)
}

// TestMemoryBoundedBinaryGarbage sends random bytes (invalid UTF-8,
// stray escapes, NULs) in pipe-sized pieces.
func TestMemoryBoundedBinaryGarbage(t *testing.T) {
	s := NewStore(Options{MaxBytes: 1 << 20, MaxLines: 2000})
	defer s.Close()
	base := heapInUse()
	rng := rand.New(rand.NewSource(3))
	buf := make([]byte, 64<<10)
	n := 600
	if testing.Short() {
		n = 100
	}
	for i := 0; i < n; i++ {
		rng.Read(buf)
		// One line per call, as the core delivers them (process.Sink).
		for _, l := range bytes.Split(buf[:rng.Intn(len(buf))], []byte("\n")) {
			s.Line("p", process.Stdout, l)
		}
	}
	assertBounded(t, s, s.opts, base, "binary garbage")
	for _, l := range s.Page("p", 0, 0).Lines {
		require.NotContains(t, l.Text, "\x1b", "escape left in plain text")
		require.NotContains(t, l.Text, "\x00", "NUL left in plain text")
	}
}
