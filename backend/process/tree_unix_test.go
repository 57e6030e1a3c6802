//go:build unix

package process

import (
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReleasedTreeSignalsNothing checks that a tree, once released (its run
// is final, so its group is gone), never signals its PGID again: by then the
// number may belong to a new group. A Stop that checked the run just before
// its final state was published still reaches endTree afterwards. The reuse
// is simulated with a group this test starts and owns.
func TestReleasedTreeSignalsNothing(t *testing.T) {
	other := exec.Command("sleep", "300")
	other.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, other.Start())
	exited := make(chan struct{})
	go func() { _ = other.Wait(); close(exited) }()
	t.Cleanup(func() { _ = other.Process.Kill(); <-exited })

	tr := &tree{pgid: other.Process.Pid} // a finished run's tree whose PGID was reused
	tr.release()
	assert.False(t, tr.alive(), "a released tree reports live members")
	assert.NoError(t, tr.terminate())
	assert.NoError(t, tr.kill())
	r := &run{tree: tr, grace: time.Minute, done: make(chan struct{})}
	assert.NoError(t, endTree(t.Context(), r))

	select {
	case <-exited:
		t.Fatalf("got the other group signalled (%v), want it untouched", other.ProcessState)
	case <-time.After(200 * time.Millisecond):
	}
	assert.False(t, pidGone(other.Process.Pid), "got PID %d gone, want it untouched", other.Process.Pid)
}
