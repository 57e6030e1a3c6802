package cli

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestKeysCountCtrlC: a Ctrl-C goes to the process; a second one within
// interruptAgain stops hum instead, a third kills; one that comes later
// than that goes to the process again, and so does every other key, in
// order, around it.
func TestKeysCountCtrlC(t *testing.T) {
	var (
		got           []string
		stops, forces int
		clock         = time.Unix(1000, 0)
		running       = true
		stderr        syncBuffer
	)
	k := &keys{
		input:   func(data []byte) error { got = append(got, string(data)); return nil },
		running: func() bool { return running },
		name:    "dev", intr: 0x03, stderr: &stderr,
		stop:  func() { stops++ },
		force: func() { forces++ },
		now:   func() time.Time { return clock },
	}
	k.typed([]byte("ab\x03c"))
	assert.Equal(t, []string{"ab", "\x03", "c"}, got, "the keys, Ctrl-C among them")
	assert.Contains(t, stderr.String(), "hum: Ctrl-C went to dev; press Ctrl-C again within 3s to stop it\n")

	clock = clock.Add(interruptAgain + time.Second)
	k.typed([]byte("\x03"))
	assert.Equal(t, []string{"ab", "\x03", "c", "\x03"}, got, "a Ctrl-C long after the first is a first again")
	assert.Zero(t, stops)

	clock = clock.Add(interruptAgain - time.Second)
	k.typed([]byte("\x03d"))
	assert.Equal(t, []string{"ab", "\x03", "c", "\x03", "d"}, got, "the second Ctrl-C is hum's")
	assert.Equal(t, 1, stops)
	assert.Contains(t, stderr.String(), "hum: stopping dev (Ctrl-C again to kill it now)\n")

	k.typed([]byte("\x03\x03"))
	assert.Equal(t, 1, stops)
	assert.Equal(t, 1, forces, "the third kills, once")
	assert.Contains(t, stderr.String(), "hum: killing dev now\n")
}

// TestKeysCtrlCStopsWhenNothingRuns: while the process does not run (it
// ended and waits for its restart) nothing can take a Ctrl-C, so the first
// one stops hum.
func TestKeysCtrlCStopsWhenNothingRuns(t *testing.T) {
	stops := 0
	var stderr syncBuffer
	k := &keys{
		input:   func([]byte) error { t.Error("nothing runs to type into"); return nil },
		running: func() bool { return false },
		name:    "dev", intr: 0x03, stderr: &stderr,
		stop: func() { stops++ }, force: func() {}, now: time.Now,
	}
	k.typed([]byte("\x03"))
	assert.Equal(t, 1, stops)
}

func TestFitCols(t *testing.T) {
	assert.Equal(t, uint16(74), fitCols(80, 6))
	assert.Equal(t, uint16(1), fitCols(5, 6), "never 0, which a terminal cannot have")
}
