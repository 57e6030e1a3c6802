package cli

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"hum/backend/process"
)

// writes records each Write it gets, and can fail them.
type writes struct {
	got  []string
	fail bool
}

func (w *writes) Write(p []byte) (int, error) {
	if w.fail {
		return 0, errors.New("broken pipe")
	}
	w.got = append(w.got, string(p))
	return len(p), nil
}

func testPrefixer(w *writes) *prefixer {
	return &prefixer{w: w, width: 4, tint: map[string]string{}, names: func(id string) (string, bool) {
		name, ok := map[string]string{"p1": "web", "p2": "api"}[id]
		return name, ok
	}}
}

func TestPrefixerGathersLinesUntilFlush(t *testing.T) {
	w := &writes{}
	p := testPrefixer(w)
	p.Line("p1", process.Stdout, []byte("hello"))
	p.Line("p2", process.Stderr, []byte("\x1b[31mred\x1b[0m"))
	p.Line("p1", process.Stdout, nil)
	p.Line("p9", process.Stdout, []byte("who"))
	assert.Empty(t, w.got, "got writes %q before Flush, want none", w.got)
	p.Flush()
	want := "web  | hello\napi  | red\nweb  |\np9   | who\n"
	assert.Equal(t, []string{want}, w.got, "got %q, want one write of %q", w.got, want)

	p.Flush()
	assert.Len(t, w.got, 1, "an empty flush wrote: %q", w.got)
	p.say("web", "exited with code 0")
	assert.Equal(t, "web  | exited with code 0\n", w.got[len(w.got)-1], "say writes at once")
}

func TestPrefixerWritesOutBeforeItsBufferGrowsPastFlushAt(t *testing.T) {
	w := &writes{}
	p := testPrefixer(w)
	line := []byte(strings.Repeat("x", 1000))
	for range 3 * flushAt / len(line) {
		p.Line("p1", process.Stdout, line)
	}
	assert.GreaterOrEqual(t, len(w.got), 2, "got %d writes without a Flush, want the buffer written out as it fills", len(w.got))
	for _, s := range w.got {
		assert.LessOrEqual(t, len(s), flushAt+len(line)+16, "a write of %d bytes, want about flushAt at most", len(s))
	}
}

func TestPrefixerStopsWritingOnceAWriteFailed(t *testing.T) {
	w := &writes{fail: true}
	p := testPrefixer(w)
	fails := 0
	p.onFail = func() { fails++ }
	p.Line("p1", process.Stdout, []byte("a"))
	p.Flush()
	w.fail = false
	p.Line("p1", process.Stdout, []byte("b"))
	p.Flush()
	p.say("web", "stopped")
	assert.Equal(t, 1, fails, "got %d onFail calls, want 1", fails)
	assert.Empty(t, w.got, "got %q written after a failed write, want nothing", w.got)
}
