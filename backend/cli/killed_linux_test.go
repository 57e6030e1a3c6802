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

// startedAt is pid's start time (field 22 of /proc/PID/stat, in clock
// ticks since boot), or false once pid is gone or a zombie: with the PID,
// it names one process, never a later one that reuses the PID.
func startedAt(pid int) (string, bool) {
	st, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", false
	}
	i := bytes.LastIndexByte(st, ')')
	if i < 0 {
		return "", false
	}
	f := strings.Fields(string(st[i+1:]))
	if len(f) < 20 || f[0] == "Z" {
		return "", false
	}
	return f[19], true
}

// TestBinaryUpKilledEndsTheProbeThatRuns: kill -9 of `hum up` while a
// process's exec readiness probe runs a long sleep (a hung `pg_isready`):
// the watchdog ends the probe's tree too. Before, nothing told it of the
// probe, and the sleep lived on, orphaned, for its whole 2.5 hours.
func TestBinaryUpKilledEndsTheProbeThatRuns(t *testing.T) {
	tag := fmt.Sprintf("%d", rand.N(1000000))
	serve, probe := "8892."+tag, "8893."+tag // sleep's arguments, unique to this run
	// `; true` keeps the shell as the probe's leader, so the sleep is a
	// member of its group that no parent-death signal reaches.
	dir := writeProject(t, map[string]string{
		"hum.yaml": fmt.Sprintf(`processes:
  db:
    argv: [sleep, "%s"]
    readiness: {exec: "sleep %s; true", timeout: 1h}
`, serve, probe),
	})
	type proc struct {
		pid   int
		start string
	}
	var seen []proc
	t.Cleanup(func() {
		for _, p := range seen {
			if start, ok := startedAt(p.pid); ok && start == p.start {
				_ = syscall.Kill(p.pid, syscall.SIGKILL)
			}
		}
	})
	h := startHum(t, "up", dir)
	// find waits for the one live process with arg and notes it.
	find := func(arg string) proc {
		t.Helper()
		var p proc
		eventually(t, 60*time.Second, func() bool {
			pids := withArg(arg)
			if len(pids) != 1 {
				return false
			}
			start, ok := startedAt(pids[0])
			p = proc{pids[0], start}
			return ok
		}, "no single process runs sleep %s; hum said %q %q", arg, lazyText(h.stdout.String), lazyText(h.stderr.String))
		seen = append(seen, p)
		return p
	}
	alive := func(p proc) bool { start, ok := startedAt(p.pid); return ok && start == p.start }

	db, sleep := find(serve), find(probe)
	require.True(t, alive(db), "db ended before the kill: %q %q", lazyText(h.stdout.String), lazyText(h.stderr.String))

	require.NoError(t, h.cmd.Process.Kill())
	h.wait()
	killed := time.Now()
	// The watchdog's SIGKILL follows in half a second; 15 s is for a
	// loaded machine.
	eventually(t, 15*time.Second, func() bool { return !alive(sleep) && !alive(db) },
		"the probe's sleep (PID %d alive: %v) or db (PID %d alive: %v) outlived hum",
		sleep.pid, lazyText(func() string { return fmt.Sprint(alive(sleep)) }), db.pid, lazyText(func() string { return fmt.Sprint(alive(db)) }))
	t.Logf("the probe's sleep was gone %v after kill -9", time.Since(killed).Round(time.Millisecond))
	require.False(t, strings.Contains(h.stderr.String(), "no watchdog"), "stderr %q", h.stderr.String())
}
