//go:build unix

package probe

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
	"hum/backend/stack"
)

// pidGone reports whether pid has exited (a zombie has: it waits only for
// its parent to reap it), read independently of the code under test.
func pidGone(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err == nil {
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		return f[0] == "Z" || f[0] == "X"
	}
	if runtime.GOOS == "linux" {
		return true // no /proc entry: gone
	}
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// TestRunExecFailsThenPasses: a command that exits 1 until a flag file
// exists, run in the process's folder with its environment.
func TestRunExecFailsThenPasses(t *testing.T) {
	dir := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "HUM_PROBE_TEST=yes"}
	p := stack.Probe{
		Kind:    stack.ProbeExec,
		Command: `[ "$HUM_PROBE_TEST" = yes ] || exit 9; [ -f started ] && exit 0; touch started; echo "no response"; exit 1`,
		Period:  20 * time.Millisecond,
		Timeout: 30 * time.Second,
	}
	var r reports
	res, err := Run(t.Context(), p, Target{Dir: dir, Environ: env}, r.report)
	require.NoError(t, err)
	assert.Equal(t, Result{OK: true, Tries: 2}, res, "got %+v, want ready on the second try", res)
	tries, errs := r.snapshot()
	want := Describe(p) + ": exit status 1: no response"
	assert.Equal(t, []int{1}, tries, "got reports %v, want one", tries)
	assert.Equal(t, []string{want}, errs, "got %q, want %q", errs, want)
	assert.FileExists(t, filepath.Join(dir, "started"), "want the command run in Target.Dir")
}

func TestExecWords(t *testing.T) {
	for _, tc := range []struct {
		p    stack.Probe
		want string // after "exec …: "
	}{
		{stack.Probe{Command: "exit 2"}, "exit status 2"},
		{stack.Probe{Command: `echo first; printf '\033[31mlocalhost:5432 - no response\033[0m\r\n\n  \n'; exit 2`}, "exit status 2: localhost:5432 - no response"},
		{stack.Probe{Command: `echo "on stderr" >&2; exit 3`}, "exit status 3: on stderr"},
		{stack.Probe{Command: `printf 'a%.0s' $(seq 300); exit 4`}, "exit status 4: " + strings.Repeat("a", maxLastLine-1) + "…"},
		{stack.Probe{Command: "seq 1 5000; exit 6"}, "exit status 6: 5000"}, // more than the tail keeps
		{stack.Probe{Command: "hum-no-such-program"}, "command not found (exit status 127): "},
		{stack.Probe{Argv: []string{"hum-no-such-program"}}, "not found in PATH"},
		{stack.Probe{Argv: []string{"sh", "-c", "exit 5"}}, "exit status 5"},
		{stack.Probe{Command: "sleep 30", Timeout: 200 * time.Millisecond}, "timed out after 200ms"},
	} {
		tc.p.Kind = stack.ProbeExec
		if tc.p.Timeout == 0 {
			tc.p.Timeout = 30 * time.Second
		}
		err := Try(t.Context(), tc.p, Target{})
		want := Describe(tc.p) + ": " + tc.want
		if strings.HasSuffix(tc.want, ": ") {
			assert.ErrorContains(t, err, want, "got %v, want it to start with %q", err, want)
			continue
		}
		assert.EqualError(t, err, want, "got %v, want %q", err, want)
	}
	assert.NoError(t, Try(t.Context(), stack.Probe{Kind: stack.ProbeExec, Argv: []string{"true"}}, Target{}))
}

// TestExecHungPastItsTimeoutLeavesNothing: a hung `pg_isready` and
// whatever it started are ended with the try.
func TestExecHungPastItsTimeoutLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	p := stack.Probe{Kind: stack.ProbeExec, Command: "sleep 300 & echo $! > sleep.pid; wait", Timeout: 3 * time.Second}
	began := time.Now()
	err := Try(t.Context(), p, Target{Dir: dir})
	took := time.Since(began)
	want := Describe(p) + ": timed out after 3s"
	assert.EqualError(t, err, want, "got %v, want %q", err, want)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "got %v, want it to wrap the deadline", err)
	assert.Less(t, took, 30*time.Second, "got the try ended after %v", took)

	b, err := os.ReadFile(filepath.Join(dir, "sleep.pid"))
	require.NoError(t, err, "the probe did not start its child within its timeout")
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	require.NoError(t, err)
	assert.True(t, pidGone(pid), "got the probe's child sleep (PID %d) alive after the try, want it ended", pid)
}

// TestCancelEndsAnExecTry: Run stopped in the middle of an exec try ends
// the command at once and does not count the try.
func TestCancelEndsAnExecTry(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	p := stack.Probe{Kind: stack.ProbeExec, Command: "sleep 300 & echo $! > sleep.pid; wait", Timeout: time.Hour}
	type ran struct {
		res Result
		err error
	}
	done := make(chan ran, 1)
	go func() {
		res, err := Run(ctx, p, Target{Dir: dir}, nil)
		done <- ran{res, err}
	}()
	pidFile := filepath.Join(dir, "sleep.pid")
	var pid int
	poll.Until(t, 60*time.Second, func() bool {
		b, err := os.ReadFile(pidFile)
		if err != nil || !strings.HasSuffix(string(b), "\n") {
			return false
		}
		pid, err = strconv.Atoi(strings.TrimSpace(string(b)))
		return err == nil
	}, "the probe never started its child")
	cancel()
	select {
	case got := <-done:
		assert.ErrorIs(t, got.err, context.Canceled, "got %v", got.err)
		assert.Zero(t, got.res.Tries, "got %d tries, want the cut-short one not counted", got.res.Tries)
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not end within 30s of its context")
	}
	assert.True(t, pidGone(pid), "got the probe's child (PID %d) alive after Run ended", pid)
}
