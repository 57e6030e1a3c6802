package cli

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/windows"

	"hum/backend/config"
)

// treePIDRE matches the helper's "helper PID" and "child PID" lines as
// `hum run` prints them.
var treePIDRE = regexp.MustCompile(`(?m)^tree \| (?:helper|child) (\d+)\r?$`)

// TestBinaryKilledLeavesNothingBehind: TerminateProcess of `hum run` (what
// Task Manager's End task and a crash amount to) while a tree runs whose
// helper has two children: the kernel closes hum's last handle to the
// tree's Job Object, and KILL_ON_JOB_CLOSE ends every process in it. There
// is no watchdog on Windows; this is what stands in for it. hum is this
// test binary running cli.Run, as main does (humFlag): no Go toolchain
// runs under Wine to build hum.exe.
func TestBinaryKilledLeavesNothingBehind(t *testing.T) {
	exe, err := os.Executable()
	require.NoError(t, err)
	dir := writeProject(t, map[string]string{
		"Procfile": "tree: " + helperLine(t, "pid", "children:2", "say:started", "sleep:300") + "\n",
	})
	cmd := exec.Command(exe, humFlag, "run", dir, "tree")
	cmd.Env = append(os.Environ(), "NO_COLOR=1", config.EnvDir+"="+t.TempDir())
	var stdout, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 10 * time.Second
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	eventually(t, 60*time.Second, func() bool { return len(treePIDRE.FindAllString(stdout.String(), -1)) == 3 },
		"the tree never reported its helper and two children; stdout %q, stderr %q", lazyString(stdout.String), lazyString(stderr.String))

	// Handles opened while the processes run, before the kill: a handle
	// names its process, not a PID Windows may give to another.
	var procs []windows.Handle
	var pids []int
	for _, m := range treePIDRE.FindAllStringSubmatch(stdout.String(), -1) {
		pid, err := strconv.Atoi(m[1])
		require.NoError(t, err)
		h, err := windows.OpenProcess(windows.SYNCHRONIZE|windows.PROCESS_QUERY_LIMITED_INFORMATION|windows.PROCESS_TERMINATE, false, uint32(pid))
		require.NoError(t, err, "opening PID %d", pid)
		t.Cleanup(func() { _ = windows.TerminateProcess(h, 1); _ = windows.CloseHandle(h) })
		require.False(t, exited(h), "PID %d ended before hum was killed", pid)
		procs, pids = append(procs, h), append(pids, pid)
	}

	require.NoError(t, cmd.Process.Kill()) // TerminateProcess: nothing of hum's runs after it
	_ = cmd.Wait()
	killed := time.Now()
	alive := func() []int {
		var out []int
		for i, h := range procs {
			if !exited(h) {
				out = append(out, pids[i])
			}
		}
		return out
	}
	eventually(t, 30*time.Second, func() bool { return len(alive()) == 0 },
		"the tree outlived hum: PIDs %v of %v still run", lazyString(func() string { return fmt.Sprint(alive()) }), pids)
	t.Logf("nothing of the tree (PIDs %v) was left %v after hum was killed", pids, time.Since(killed).Round(time.Microsecond))
}

// exited reports whether the process h is a handle to has ended.
func exited(h windows.Handle) bool {
	ev, err := windows.WaitForSingleObject(h, 0)
	return err == nil && ev == windows.WAIT_OBJECT_0
}

// lazyString prints as what its function returns when printed, so a
// failure message shows the state at the failure (up_test.go's lazyText,
// which is Unix-only).
type lazyString func() string

func (l lazyString) String() string { return l() }
