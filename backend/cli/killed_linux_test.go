package cli

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"hum/backend/config"
)

// withArg lists the live processes (not zombies) whose command line has
// arg as an argument.
func withArg(arg string) []int {
	d, err := os.Open("/proc")
	if err != nil {
		return nil
	}
	defer d.Close()
	names, _ := d.Readdirnames(-1)
	var out []int
	for _, n := range names {
		pid, err := strconv.Atoi(n)
		if err != nil {
			continue
		}
		cmdline, err := os.ReadFile("/proc/" + n + "/cmdline")
		if err != nil || !bytes.Contains(append([]byte{0}, cmdline...), []byte("\x00"+arg+"\x00")) {
			continue
		}
		if st, err := os.ReadFile("/proc/" + n + "/stat"); err == nil {
			if i := bytes.LastIndexByte(st, ')'); i > 0 && i+2 < len(st) && st[i+2] == 'Z' {
				continue
			}
		}
		out = append(out, pid)
	}
	return out
}

// TestBinaryKilledLeavesNothingBehind: kill -9 of `hum run` while a tree
// runs whose shell and children ignore SIGTERM: the watchdog ends all of
// it. Before it, the kernel's parent-death signal reached only the shell,
// and both sleeps lived on, orphaned.
func TestBinaryKilledLeavesNothingBehind(t *testing.T) {
	tag := fmt.Sprintf("%d.%d", 8000+rand.N(1000), rand.N(1000))
	a, b := "1"+tag, "2"+tag // sleep's arguments, unique to this run
	dir := writeProject(t, map[string]string{
		"Procfile": fmt.Sprintf("tree: trap '' TERM; sleep %s & sleep %s & echo started; wait\n", a, b),
	})
	t.Cleanup(func() {
		for _, pid := range append(withArg(a), withArg(b)...) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	h := startHum(t, "run", dir, "tree")
	h.waitFor("tree | started")
	eventually(t, 30*time.Second, func() bool { return len(withArg(a)) == 1 && len(withArg(b)) == 1 }, "the sleeps never ran")

	require.NoError(t, h.cmd.Process.Kill())
	h.wait()
	killed := time.Now()
	eventually(t, 30*time.Second, func() bool { return len(withArg(a))+len(withArg(b)) == 0 },
		"the tree outlived hum: %v %v still run", lazyText(func() string { return fmt.Sprint(withArg(a)) }), lazyText(func() string { return fmt.Sprint(withArg(b)) }))
	t.Logf("nothing of the tree was left %v after kill -9", time.Since(killed).Round(time.Millisecond))
	require.False(t, strings.Contains(h.stderr.String(), "no watchdog"), "stderr %q", h.stderr.String())
}

// TestBinaryAndWatchdogKilledLeaveAReport: `pkill -9 hum` ends the
// watchdog with hum, and nothing ends the tree; the state file survives
// both, and the next `hum run` says, on stderr, what is still running,
// and stops nothing.
func TestBinaryAndWatchdogKilledLeaveAReport(t *testing.T) {
	t.Setenv(config.EnvDir, t.TempDir())
	tag := fmt.Sprintf("%d.%d", 8000+rand.N(1000), rand.N(1000))
	a, b := "1"+tag, "2"+tag
	dir := writeProject(t, map[string]string{
		"Procfile": fmt.Sprintf("tree: sleep %s & sleep %s & echo started; wait\nhello: echo hello\n", a, b),
	})
	t.Cleanup(func() {
		for _, pid := range append(withArg(a), withArg(b)...) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	h := startHum(t, "run", dir, "tree")
	h.waitFor("tree | started")
	eventually(t, 30*time.Second, func() bool { return len(withArg(a)) == 1 && len(withArg(b)) == 1 }, "the sleeps never ran")
	var dogs []int
	for _, pid := range withArg("__watchdog") {
		if st, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
			f := strings.Fields(string(st[bytes.LastIndexByte(st, ')')+1:]))
			if f[1] == strconv.Itoa(h.cmd.Process.Pid) {
				dogs = append(dogs, pid)
			}
		}
	}
	require.Len(t, dogs, 1, "hum run's watchdog")
	require.NoError(t, syscall.Kill(dogs[0], syscall.SIGKILL))
	require.NoError(t, h.cmd.Process.Kill())
	h.wait()

	stdout, stderr, code := runHum(t, "run", dir, "hello")
	require.Equal(t, 0, code, "stderr %q", stderr)
	require.Contains(t, stdout, "hello")
	require.Contains(t, stderr, "hum: 1 process from a Hum that quit unexpectedly is still running (PID ")
	require.Len(t, withArg(a), 1, "hum run stopped a leftover")
	require.Len(t, withArg(b), 1, "hum run stopped a leftover")
}
