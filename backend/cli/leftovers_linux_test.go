package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
)

// startTicks is pid's start time in clock ticks since boot, as the
// watchdog records it.
func startTicks(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	require.NoError(t, err)
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	n, err := strconv.ParseInt(f[19], 10, 64)
	require.NoError(t, err)
	return n
}

// hum run and hum up say, in one line, what a Hum that quit unexpectedly
// left running, and stop nothing.
func TestTheCLINotesLeftoversAndStopsNothing(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command("/bin/sh", "-c", "exec sleep 8899")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, cmd.Start())
	pgid := cmd.Process.Pid
	t.Cleanup(func() { _ = syscall.Kill(-pgid, syscall.SIGKILL); _ = cmd.Wait() })
	poll.Until(t, 10*time.Second, func() bool {
		b, _ := os.ReadFile("/proc/" + strconv.Itoa(pgid) + "/cmdline")
		return strings.HasPrefix(string(b), "sleep")
	}, "sleep never started")
	state := fmt.Sprintf("hum-trees 1\nowner %d 1\ntree %d %d sleep 8899\n", os.Getpid(), pgid, startTicks(t, pgid))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "5-1.trees"), []byte(state), 0o600))

	var stderr bytes.Buffer
	noteLeftovers(&stderr, dir)
	assert.Equal(t, fmt.Sprintf("hum: 1 process from a Hum that quit unexpectedly is still running (PID %d); open the window to stop it, or run kill -- -%d\n", pgid, pgid), stderr.String())
	assert.NoError(t, syscall.Kill(pgid, 0), "the CLI stopped a leftover")

	stderr.Reset()
	noteLeftovers(&stderr, t.TempDir())
	assert.Empty(t, stderr.String(), "nothing left: nothing said")
}
