package main

import (
	"bytes"
	"log"
	"os"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a log output that the logging goroutines and the test
// share; mu protects b.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// The idle benchmark (tests/e2e/idle.bench.mjs) reads the heap from these
// lines of the real app: startup must start the logger when HUM_MEMLOG asks.
func TestStartupLogsTheHeapWhenHUM_MEMLOGIsSet(t *testing.T) {
	t.Setenv("HUM_MEMLOG", "20ms")
	t.Setenv("HUM_CONFIG_DIR", t.TempDir())
	var out lockedBuffer
	log.SetOutput(&out)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })

	a := NewApp("test", t.TempDir())
	a.window = &fakeWindow{}
	a.startup(t.Context())
	t.Cleanup(func() { a.shutdown(t.Context()) })
	eventually(t, "a memstats line", func() bool { return strings.Contains(out.String(), "memstats: heap ") })
}
