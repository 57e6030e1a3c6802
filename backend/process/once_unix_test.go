//go:build unix

package process

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
)

func TestRunOnceGivesTheOutputAndTheExit(t *testing.T) {
	var out bytes.Buffer
	err := RunOnce(t.Context(), Spec{Command: "echo to-stdout; echo to-stderr >&2; exit 3"}, &out, nil)
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "got %v, want an exit error", err)
	assert.Equal(t, 3, ee.ExitCode(), "got exit code %d, want 3", ee.ExitCode())
	assert.Equal(t, "exit status 3", err.Error(), "got %q, want %q", err, "exit status 3")
	assert.Contains(t, out.String(), "to-stdout\n", "got output %q, want stdout in it", out.String())
	assert.Contains(t, out.String(), "to-stderr\n", "got output %q, want stderr in it", out.String())

	assert.NoError(t, RunOnce(t.Context(), Spec{Argv: []string{"true"}}, nil, nil), "got an error for exit 0 with output discarded")
}

func TestRunOnceRunsInTheSpecsFolderWithItsEnvironment(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	spec := Spec{
		Command: `pwd -P; echo "$HUM_ONCE"`,
		Dir:     dir,
		Environ: []string{"PATH=" + os.Getenv("PATH"), "HUM_ONCE=from-environ"},
	}
	require.NoError(t, RunOnce(t.Context(), spec, &out, nil))
	real, err := filepath.EvalSymlinks(dir)
	require.NoError(t, err)
	want := real + "\nfrom-environ\n"
	assert.Equal(t, want, out.String(), "got %q, want %q", out.String(), want)
}

func TestRunOnceSaysWhatCouldNotStart(t *testing.T) {
	err := RunOnce(t.Context(), Spec{}, nil, nil)
	assert.ErrorIs(t, err, ErrStart, "got %v for an empty spec, want ErrStart", err)
	err = RunOnce(t.Context(), Spec{Argv: []string{"hum-no-such-program"}}, nil, nil)
	assert.ErrorIs(t, err, ErrStart, "got %v for a missing program, want ErrStart", err)
	err = RunOnce(t.Context(), Spec{Command: "hum-no-such-program"}, nil, nil)
	assert.ErrorContains(t, err, "command not found (exit status 127)", "got %v through the shell", err)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err = RunOnce(ctx, Spec{Argv: []string{"true"}}, nil, nil)
	assert.ErrorIs(t, err, context.Canceled, "got %v for an ended context, want it not run", err)
}

// readPID waits for the PID a test command wrote to path.
func readPID(t *testing.T, path string) int {
	t.Helper()
	var pid int
	poll.Until(t, 60*time.Second, func() bool {
		b, err := os.ReadFile(path)
		if err != nil || !bytes.HasSuffix(b, []byte("\n")) {
			return false
		}
		pid, err = strconv.Atoi(strings.TrimSpace(string(b)))
		return err == nil
	}, "the command never wrote %s", path)
	return pid
}

// TestRunOnceEndsTheWholeTreeWhenCtxEnds: a hung probe and the child it
// started are both gone when RunOnce returns, and promptly.
func TestRunOnceEndsTheWholeTreeWhenCtxEnds(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "sleep.pid")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	var out bytes.Buffer
	go func() {
		done <- RunOnce(ctx, Spec{Command: "sleep 300 & echo $! > " + pidFile + "; wait", GracePeriod: time.Minute}, &out, nil)
	}()
	sleepPID := readPID(t, pidFile)
	cancelled := time.Now()
	cancel()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled, "got %v, want the context's error", err)
	case <-time.After(30 * time.Second):
		t.Fatal("RunOnce did not return within 30s of its context ending")
	}
	assert.True(t, pidGone(sleepPID), "got the probe's child %d alive after RunOnce returned, want it ended", sleepPID)
	assert.Less(t, time.Since(cancelled), 20*time.Second, "the grace period was waited out; want the kill at once")
}

// TestRunOnceEndsWhatTheLeaderLeftBehind: a command that exits leaving a
// child in its tree does not leak it.
func TestRunOnceEndsWhatTheLeaderLeftBehind(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "sleep.pid")
	var out bytes.Buffer
	err := RunOnce(t.Context(), Spec{Command: "sleep 300 & echo $! > " + pidFile + "; echo leader-done", GracePeriod: 100 * time.Millisecond}, &out, nil)
	require.NoError(t, err)
	sleepPID := readPID(t, pidFile)
	assert.True(t, pidGone(sleepPID), "got the leftover child %d alive after RunOnce returned, want it ended", sleepPID)
	assert.Equal(t, "leader-done\n", out.String(), "got output %q", out.String())
}

func TestOnceOutcomeKeepsTheExitError(t *testing.T) {
	err := RunOnce(t.Context(), Spec{Command: "exit 126"}, nil, nil)
	var ee *exec.ExitError
	assert.True(t, errors.As(err, &ee) && ee.ExitCode() == 126, "got %v, want an exit error with code 126", err)
	assert.ErrorContains(t, err, "command not executable", "got %v", err)
}
