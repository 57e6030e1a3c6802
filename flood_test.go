package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/process"
)

// countingWindow is a fake window that encodes every event as Wails does
// (JSON) and keeps only counts, so what it measures is the backend's cost.
type countingWindow struct {
	mu      sync.Mutex     // protects the fields below
	events  map[string]int // topic -> events
	bytes   map[string]int // topic -> bytes of JSON
	biggest int            // the largest event, in bytes
	seen    [][]byte       // markers still looked for in "logs" events
	found   map[string]bool
}

func newCountingWindow(markers ...string) *countingWindow {
	w := &countingWindow{events: map[string]int{}, bytes: map[string]int{}, found: map[string]bool{}}
	for _, m := range markers {
		w.seen = append(w.seen, []byte(m))
	}
	return w
}

func (w *countingWindow) Emit(name string, data any) {
	b, err := json.Marshal(data)
	if err != nil {
		panic(err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.events[name]++
	w.bytes[name] += len(b)
	w.biggest = max(w.biggest, len(b))
	if name == "logs" {
		for _, m := range w.seen {
			if bytes.Contains(b, m) {
				w.found[string(m)] = true
			}
		}
	}
}

func (w *countingWindow) PickFolder(string, string) (string, error) { return "", nil }
func (w *countingWindow) OpenURL(string)                            {}
func (w *countingWindow) Show()                                     {}
func (w *countingWindow) Hide()                                     {}
func (w *countingWindow) Quit()                                     {}

func (w *countingWindow) saw(marker string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.found[marker]
}

// heapAfterGC is the heap in use once garbage is collected: what the
// backend holds on to.
func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestAFloodOfErrorsAndLongLinesStaysBounded runs two real processes for 10
// seconds, one printing 10,000 errors a second and one printing 20 lines of
// 1 MiB a second, through the whole backend (process core, log store, error
// detection, event feeds) into a window that encodes each event as Wails
// does. The backend keeps a bounded heap, the events stay few and small,
// the newest lines reach the window, and both processes end normally.
func TestAFloodOfErrorsAndLongLinesStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("a 10-second flood")
	}
	const (
		seconds = 10
		// Bounds, generous for a loaded machine and the race detector:
		maxHeap         = 128 << 20 // heap in use after GC: the log store keeps 8 MiB of text per process
		maxBytesPerSec  = 8 << 20   // JSON to the window, every topic: the 1 MiB lines are shown cut
		maxErrorEvents  = 20        // "errors" events a second: batched, at most 10 a second
		maxEventsPerSec = 100       // events a second, every topic
		maxEventBytes   = 1 << 20   // one event
		errorsDone      = "errors.js printed"
		longLinesDone   = "long-lines.js printed"
		// The processes print for 10 s, but under -race on a loaded machine
		// the backend can take minutes to read the 200 MiB of long lines.
		floodDeadline = 5 * time.Minute
	)
	t.Setenv("HUM_CONFIG_DIR", t.TempDir())
	a := NewApp("test", t.TempDir())
	w := newCountingWindow(errorsDone, longLinesDone)
	a.window = w
	a.openInitial()
	t.Cleanup(func() { a.shutdown(t.Context()) })
	<-a.ready // bound calls do not wait for the first open
	_, err := a.Project()
	require.NoError(t, err)

	fixtures, err := filepath.Abs("tests/flood")
	require.NoError(t, err)
	heapBefore := heapAfterGC()
	start := time.Now()
	errs, err := a.StartCommand(fmt.Sprintf("node %s 10000 %d", filepath.Join(fixtures, "errors.js"), seconds), "")
	require.NoError(t, err)
	long, err := a.StartCommand(fmt.Sprintf("node %s %d 20 %d", filepath.Join(fixtures, "long-lines.js"), 1<<20, seconds), "")
	require.NoError(t, err)

	// Sample the heap once a second while the flood runs, and check that a
	// bound call still answers.
	var peak uint64
	finished := func() bool {
		for _, s := range a.Processes() {
			if (s.ID == errs.ID || s.ID == long.ID) && !s.Status.Final() {
				return false
			}
		}
		return true
	}
	deadline := time.Now().Add(floodDeadline)
	for !finished() {
		require.True(t, time.Now().Before(deadline), "the flood did not end within %v", floodDeadline)
		peak = max(peak, heapAfterGC())
		time.Sleep(time.Second) // the sampling period, not a synchronisation
	}
	elapsed := time.Since(start)
	eventually(t, "the last line of each process in a logs event", func() bool { return w.saw(errorsDone) && w.saw(longLinesDone) })
	peak = max(peak, heapAfterGC())

	for _, s := range a.Processes() {
		if s.ID == errs.ID || s.ID == long.ID {
			assert.Equal(t, process.StatusSucceeded, s.Status, "%s: got %s (%s), want succeeded", s.Command, s.Status, s.Err)
		}
	}
	stored, err := a.Errors(errs.ID)
	require.NoError(t, err)
	assert.NotEmpty(t, stored, "the errors were detected")

	w.mu.Lock()
	defer w.mu.Unlock()
	secs := elapsed.Seconds()
	totalEvents, totalBytes := 0, 0
	for topic, n := range w.events {
		totalEvents += n
		totalBytes += w.bytes[topic]
		t.Logf("%-9s %8.1f events/s %10.0f bytes/s", topic, float64(n)/secs, float64(w.bytes[topic])/secs)
	}
	t.Logf("flood of %.1fs: %.1f events/s, %.2f MiB/s to the window; largest event %.2f MiB; heap in use after GC: %.1f MiB before, %.1f MiB peak",
		secs, float64(totalEvents)/secs, float64(totalBytes)/secs/(1<<20), float64(w.biggest)/(1<<20), float64(heapBefore)/(1<<20), float64(peak)/(1<<20))

	assert.LessOrEqual(t, peak, uint64(maxHeap), "heap in use after GC: got %d MiB, want <= %d MiB", peak>>20, maxHeap>>20)
	assert.LessOrEqual(t, float64(totalBytes)/secs, float64(maxBytesPerSec), "bytes to the window: got %.1f MiB/s, want <= %d MiB/s", float64(totalBytes)/secs/(1<<20), maxBytesPerSec>>20)
	assert.LessOrEqual(t, float64(w.events["errors"])/secs, float64(maxErrorEvents), "errors events: got %.0f/s, want <= %d/s", float64(w.events["errors"])/secs, maxErrorEvents)
	assert.LessOrEqual(t, float64(totalEvents)/secs, float64(maxEventsPerSec), "events: got %.0f/s, want <= %d/s", float64(totalEvents)/secs, maxEventsPerSec)
	assert.LessOrEqual(t, w.biggest, maxEventBytes, "largest event: got %d bytes, want <= %d", w.biggest, maxEventBytes)
}
