//go:build unix

package process

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The supervisor registers a process that waits for its dependencies,
// starts its first run later, and restarts it after a failure under a
// condition; these are the core's parts of that.

func TestARegisteredProcessRunsFirstWhenRelaunched(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	reg := m.Register(Spec{ScriptID: "api", Name: "api", Command: "echo hello; exit 3"}, StatusWaiting, "waiting for db (ready)")
	assert.Equal(t, StatusWaiting, reg.Status)
	assert.Equal(t, "waiting for db (ready)", reg.Detail)
	assert.Zero(t, reg.PID)
	assert.Zero(t, reg.StartedAt, "a process that waits has not started")
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	st, err := m.Wait(ctx, reg.ID)
	require.NoError(t, err, "a registered process has no run to wait for")
	assert.Equal(t, StatusWaiting, st.Status)
	assert.ErrorIs(t, m.Remove(reg.ID), ErrNotFinished, "a waiting process is not finished")

	first, err := m.Relaunch(reg.ID, Relaunch{})
	require.NoError(t, err)
	assert.Equal(t, reg.ID, first.ID)
	assert.Zero(t, first.Restarts, "the first run is not a restart")
	assert.Empty(t, first.Detail, "a run clears what it waited for")
	assert.Nil(t, first.Last, "no run before the first")
	ended := waitFinal(t, m, reg.ID)
	assert.Equal(t, StatusFailed, ended.Status)
	assert.Equal(t, 3, ended.ExitCode)
	assert.Equal(t, []string{"hello"}, rec.get(reg.ID, Stdout))

	second, err := m.Relaunch(reg.ID, Relaunch{})
	require.NoError(t, err)
	assert.Equal(t, 1, second.Restarts)
	require.NotNil(t, second.Last, "the new run keeps how the last one ended")
	assert.Equal(t, StatusFailed, second.Last.Status)
	assert.Equal(t, 3, second.Last.ExitCode)
	assert.Equal(t, ended.EndedAt, second.Last.EndedAt)
	assert.Equal(t, "exit status 3", second.Last.Err)
	assert.Zero(t, second.ExitCode)
}

func TestStopCancelsWhatASupervisorPlanned(t *testing.T) {
	m := NewManager(Options{})
	cleanup(t, m)
	reg := m.Register(Spec{Command: "sleep 300"}, StatusWaiting, "waiting for db (started)")
	stopped, err := m.Stop(reg.ID)
	require.NoError(t, err)
	assert.Equal(t, StatusStopped, stopped.Status, "stopping a waiting process stops it")
	assert.Empty(t, stopped.Detail)
	require.NoError(t, m.Remove(reg.ID))

	// A failed run that the supervisor has marked restarting: a Stop
	// makes it stopped, and a restart planned before the stop is skipped.
	st, err := m.Start(Spec{Command: "exit 1"})
	require.NoError(t, err)
	waitFinal(t, m, st.ID)
	planned := time.Now().Add(time.Hour).UnixMilli()
	m.Update(st.ID, func(s *State) bool {
		l := s.EditLifecycle()
		s.Status, l.NextStart, l.Detail = StatusRestarting, planned, "restarting in 1h"
		return true
	})
	stopped, err = m.Stop(st.ID)
	require.NoError(t, err)
	assert.Equal(t, StatusStopped, stopped.Status)
	assert.Zero(t, stopped.NextStart)
	stillRestarting := func(s State) bool { return s.Status == StatusRestarting && s.NextStart == planned }
	after, err := m.Relaunch(st.ID, Relaunch{If: stillRestarting})
	assert.ErrorIs(t, err, ErrSkipped)
	assert.Equal(t, StatusStopped, after.Status, "a skipped relaunch leaves the process as it was")
	assert.Zero(t, after.Restarts, "no new run was started")
}

func TestStopAllStopsWaitingProcesses(t *testing.T) {
	m := NewManager(Options{})
	waiting := m.Register(Spec{Command: "sleep 300"}, StatusBlocked, "db failed")
	running, err := m.Start(Spec{Command: "sleep 300"})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	require.NoError(t, m.StopAll(ctx))
	for _, id := range []string{waiting.ID, running.ID} {
		p, ok := m.Get(id)
		require.True(t, ok)
		assert.Equal(t, StatusStopped, p.State().Status, "%s after StopAll", id)
	}
}

func TestStatusNamesRoundTrip(t *testing.T) {
	for s := StatusUnknown; s <= StatusCrashLoop; s++ {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back Status
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, s, back)
		assert.False(t, s.Final() && s.Active(), "%v is both final and active", s)
	}
	assert.Equal(t, "crashloop", StatusCrashLoop.String())
	for _, s := range []Status{StatusWaiting, StatusBlocked, StatusRestarting} {
		assert.False(t, s.Final() || s.Active(), "%v: no run is alive, but one may start", s)
	}
}
