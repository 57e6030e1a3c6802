// Package poll is for tests that wait for something asynchronous (a process
// to start, an event to arrive): it checks a condition until it holds or a
// deadline passes, so a test waits as long as it must and no longer, and no
// test relies on a fixed sleep.
package poll

import (
	"fmt"
	"testing"
	"time"
)

// Interval is how often Until checks its condition.
const Interval = 10 * time.Millisecond

// Until calls cond every Interval until it returns true. If timeout passes
// first it fails t with the message and the time it waited. Like t.Fatalf,
// it must be called from the test's goroutine.
func Until(t testing.TB, timeout time.Duration, cond func() bool, format string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v: %s", timeout, fmt.Sprintf(format, args...))
			return
		}
		time.Sleep(Interval)
	}
}
