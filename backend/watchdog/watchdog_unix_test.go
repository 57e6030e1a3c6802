//go:build unix

package watchdog

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
)

// serveEnv makes the test binary a watchdog (TestMain), as `hum
// __watchdog` is one.
const serveEnv = "HUM_WATCHDOG_TEST_SERVE"

// serveFileEnv passes the state file to that watchdog, as `hum __watchdog
// FILE` has it as its argument.
const serveFileEnv = "HUM_WATCHDOG_TEST_FILE"

func TestMain(m *testing.M) {
	if os.Getenv(serveEnv) == "1" {
		var args []string
		if f := os.Getenv(serveFileEnv); f != "" {
			args = []string{f}
		}
		os.Exit(Serve(os.Stdin, args))
	}
	os.Exit(m.Run())
}

// startWatchdog starts this test binary as a watchdog.
func startWatchdog(t *testing.T) *Guard {
	t.Helper()
	return startWatchdogFile(t, "")
}

// startWatchdogFile starts a watchdog whose Guard keeps the state file
// file ("" for none).
func startWatchdogFile(t *testing.T, file string) *Guard {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), serveEnv+"=1", serveFileEnv+"="+file)
	g, err := start(cmd, file)
	require.NoError(t, err)
	t.Cleanup(func() { _ = g.Close() })
	return g
}

// startGroup starts line in a shell leading a process group of its own, as
// the process core starts a tree, and waits until n processes are in it.
func startGroup(t *testing.T, line string, n int) int {
	t.Helper()
	cmd := exec.Command("/bin/sh", "-c", line)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, cmd.Start())
	pgid := cmd.Process.Pid
	go func() { _ = cmd.Wait() }() // reap the leader, as Hum would
	t.Cleanup(func() { _ = syscall.Kill(-pgid, syscall.SIGKILL) })
	poll.Until(t, 30*time.Second, func() bool { return len(members(pgid)) >= n }, "the group of %d never had %d members", pgid, n)
	return pgid
}

// wait waits for the watchdog to exit once its pipe is closed.
func wait(t *testing.T, g *Guard) {
	t.Helper()
	require.NoError(t, g.Close())
	select {
	case <-g.Exited():
	case <-time.After(30 * time.Second):
		t.Fatal("the watchdog did not exit after its pipe closed")
	}
}

// TestTreesEndWhenHumGoes: a tree whose shell ignores SIGTERM and has two
// background children is gone, all of it, soon after the pipe closes (Hum
// died); a tree Hum said is gone (forget) is never touched.
func TestTreesEndWhenHumGoes(t *testing.T) {
	g := startWatchdog(t)
	stubborn := startGroup(t, `trap '' TERM; sleep 8881 & sleep 8882 & wait`, 3)
	forgotten := startGroup(t, `exec sleep 8883`, 1)
	g.Track(stubborn)
	g.Track(forgotten)
	g.Forget(forgotten)

	began := time.Now()
	wait(t, g)
	poll.Until(t, 30*time.Second, func() bool { return len(members(stubborn)) == 0 },
		"the stubborn tree is still there: %v", members(stubborn))
	t.Logf("the tree was gone %v after the pipe closed", time.Since(began).Round(time.Millisecond))
	assert.Len(t, members(forgotten), 1, "a tree Hum forgot was signalled")
}

// TestAReusedGroupIsNeverSignalled: a recorded group whose number now
// belongs to a process started at another time (its PID reused) is left
// alone.
func TestAReusedGroupIsNeverSignalled(t *testing.T) {
	g := startWatchdog(t)
	other := startGroup(t, `exec sleep 8884`, 1)
	start, ok := startTime(other)
	require.True(t, ok)
	g.write(fmt.Sprintf("track %d %d\n", other, start-1)) // Hum's tree of that number started earlier
	wait(t, g)
	assert.Len(t, members(other), 1, "a group that is not Hum's any more was signalled")
}

func TestOwnedNeedsTheRecordedStart(t *testing.T) {
	pgid := startGroup(t, `exec sleep 8885`, 1)
	start, ok := startTime(pgid)
	require.True(t, ok)
	assert.True(t, owned(record{pgid: pgid, start: start}))
	assert.False(t, owned(record{pgid: pgid, start: start + 1}), "another start time: another process")
	assert.False(t, owned(record{pgid: 1 << 30, start: start}), "no such group")
}
