package poll

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// recorder stands in for a test so that a failure can be observed.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
}

func TestUntilReturnsOnceTheConditionHolds(t *testing.T) {
	var calls atomic.Int32
	start := time.Now()
	r := &recorder{TB: t}
	Until(r, time.Minute, func() bool { return calls.Add(1) == 3 }, "never")
	assert.Empty(t, r.failed, "got failure %q, want none", r.failed)
	assert.Equal(t, int32(3), calls.Load(), "got %d checks, want 3", calls.Load())
	assert.Less(t, time.Since(start), 10*time.Second, "waited far longer than the condition needed")
}

func TestUntilFailsAtTheDeadlineWithTheMessage(t *testing.T) {
	r := &recorder{TB: t}
	Until(r, 30*time.Millisecond, func() bool { return false }, "waiting for %s", "godot")
	assert.Contains(t, r.failed, "waiting for godot", "got %q", r.failed)
	assert.Contains(t, r.failed, "30ms", "got %q, want the timeout in it", r.failed)
}
