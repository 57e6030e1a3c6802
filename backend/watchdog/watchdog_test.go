package watchdog

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestReadKeepsWhatIsNotForgotten(t *testing.T) {
	got := read(strings.NewReader("track 100 5\ntrack 200 6\nforget 100\ngarbage\ntrack x 1\ntrack 1 9\ntrack 300 0\ntrack 400 7"))
	slices.SortFunc(got, func(a, b record) int { return a.pgid - b.pgid })
	assert.Equal(t, []record{{pgid: 200, start: 6}, {pgid: 400, start: 7}}, got,
		"bad lines, PID 1 and a zero start are skipped; a last line without a newline counts")
}

// An overlong line is skipped; it must not end the watch (which would end
// every tree while Hum still runs).
func TestAnOverlongLineDoesNotEndTheWatch(t *testing.T) {
	got := read(strings.NewReader("track 100 5\n" + strings.Repeat("x", 10*maxLine) + "\ntrack 200 6\n"))
	assert.Len(t, got, 2)
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{"track 100 5\n", "forget 100\n", "track 100 5\nforget 100\n", "\n\n", strings.Repeat("y", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, r := range read(strings.NewReader(in)) {
			if r.pgid <= 1 || r.start <= 0 {
				t.Fatalf("recorded %+v from %q", r, in)
			}
		}
	})
}
