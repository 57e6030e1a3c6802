package main

import (
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/errcode"
	"hum/backend/events"
	"hum/backend/handoff"
	"hum/backend/process"
	"hum/backend/session"
)

// runningOf returns the open project's processes that have not ended.
func runningOf(a *App) []process.State {
	var out []process.State
	for _, st := range a.Processes() {
		if !st.Status.Final() {
			out = append(out, st)
		}
	}
	return out
}

func TestHandoffNeverStopsProcessesWithoutConsent(t *testing.T) {
	first := t.TempDir()
	other := t.TempDir()
	a, w := newTestApp(t, first)
	_, err := a.StartCommand("exec sleep 30", "")
	require.NoError(t, err)
	_, err = a.StartCommand("exec sleep 31", "")
	require.NoError(t, err)

	// Any local process can send this: `hum OTHER` launched a second time.
	a.handoff([]string{filepath.Base(other)}, filepath.Dir(other))

	v, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, first, v.Root, "the project stays open until the user agrees")
	assert.Len(t, runningOf(a), 2, "no process was stopped")
	reqs := w.named(topicOpenRequest)
	require.Len(t, reqs, 1, "the window is asked")
	req := reqs[0].(handoff.Request)
	assert.Equal(t, handoff.Request{ID: req.ID, Dir: other, Current: first, Running: 2}, req)
	assert.Len(t, req.ID, 32)
	assert.Equal(t, req, a.PendingOpenRequest(), "a window that was not listening can still ask")

	// Cancel: nothing changes, and the request cannot be accepted later.
	require.NoError(t, a.DeclineOpenRequest(req.ID))
	assert.Equal(t, "", a.PendingOpenRequest().ID)
	_, err = a.AcceptOpenRequest(req.ID)
	require.ErrorIs(t, err, handoff.ErrNoRequest)
	assert.Equal(t, "no_open_request", errcode.Code(err))
	assert.Len(t, runningOf(a), 2)

	// A guessed or stale ID opens nothing either.
	a.handoff([]string{other}, "/")
	req2 := a.PendingOpenRequest()
	require.NotEmpty(t, req2.ID)
	assert.NotEqual(t, req.ID, req2.ID)
	_, err = a.AcceptOpenRequest(req.ID)
	require.ErrorIs(t, err, handoff.ErrNoRequest)
	_, err = a.AcceptOpenRequest("")
	require.ErrorIs(t, err, handoff.ErrNoRequest)
	assert.Len(t, runningOf(a), 2)

	// Open: the user's click opens the folder, and only then do the old
	// project's processes stop.
	v, err = a.AcceptOpenRequest(req2.ID)
	require.NoError(t, err)
	assert.Equal(t, other, v.Root)
	assert.Empty(t, a.Processes(), "the new project starts empty")
	assert.Equal(t, "", a.PendingOpenRequest().ID)
	_, err = a.AcceptOpenRequest(req2.ID)
	require.ErrorIs(t, err, handoff.ErrNoRequest, "a request is answered once")
}

func TestHandoffOpensAtOnceWhenNothingRuns(t *testing.T) {
	first := t.TempDir()
	other := t.TempDir()
	a, w := newTestApp(t, first)
	st, err := a.StartCommand("exit 0", "")
	require.NoError(t, err)
	eventually(t, "the command to end", func() bool {
		for _, p := range a.Processes() {
			if p.ID == st.ID {
				return p.Status.Final()
			}
		}
		return false
	})

	a.handoff([]string{other}, "/")
	v, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, other, v.Root, "nothing runs, so nothing is stopped: the folder opens")
	assert.Empty(t, w.named(topicOpenRequest))
}

func TestHandoffOfTheOpenFolderChangesNothing(t *testing.T) {
	first := t.TempDir()
	a, w := newTestApp(t, first)
	_, err := a.StartCommand("exec sleep 30", "")
	require.NoError(t, err)
	before, err := a.Project()
	require.NoError(t, err)

	a.handoff([]string{"."}, first)
	a.handoff(nil, first) // a launch without a folder only shows the window

	after, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, before.Serial, after.Serial, "the project was not reopened")
	assert.Len(t, runningOf(a), 1)
	assert.Empty(t, w.named(topicOpenRequest))
	assert.Len(t, w.named(events.TopicProject), 1)
}

// The second launch as Wails delivers it (onSecondInstance): the window
// comes forward, then the folder is handed off.

func TestSecondLaunchShowsTheWindowBeforeAsking(t *testing.T) {
	first, other := t.TempDir(), t.TempDir()
	w := &fakeWindow{}
	var shownFirst atomic.Bool
	w.gate = func(name string, _ any) {
		if name == topicOpenRequest {
			shownFirst.Store(slices.Contains(w.called(), "show"))
		}
	}
	a, _ := startTestApp(t, first, w)
	<-a.ready
	_, err := a.StartCommand("exec sleep 30", "")
	require.NoError(t, err)

	a.onSecondInstance([]string{filepath.Base(other)}, filepath.Dir(other))

	assert.Equal(t, []string{"show"}, w.called(), "the window comes forward once")
	reqs := w.named(topicOpenRequest)
	require.Len(t, reqs, 1, "the window is asked")
	assert.Equal(t, other, reqs[0].(handoff.Request).Dir)
	assert.True(t, shownFirst.Load(), "the window was shown before the question was asked")
	v, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, first, v.Root, "nothing opens without consent")
	assert.Len(t, runningOf(a), 1, "no process was stopped")
}

func TestSecondLaunchWithoutAFolderOnlyShowsTheWindow(t *testing.T) {
	first := t.TempDir()
	a, w := newTestApp(t, first)
	a.onSecondInstance(nil, t.TempDir())
	assert.Equal(t, []string{"show"}, w.called())
	assert.Len(t, w.named(events.TopicProject), 1, "no project was opened")
	assert.Empty(t, w.named(topicOpenRequest))
}

func TestSecondLaunchDuringTheFirstScanOpensItsFolderAfter(t *testing.T) {
	first := writeProject(t, map[string]string{"Procfile": "web: sleep 30\n"})
	other := t.TempDir()
	gate, blocked, release := scanGate(first)
	a, w := startTestApp(t, first, &fakeWindow{gate: gate})
	<-blocked // the first launch's folder is being scanned, and held

	done := make(chan struct{})
	go func() { defer close(done); a.onSecondInstance([]string{other}, "/") }()
	close(release)
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the second launch never ended")
	}

	var roots []string
	for _, d := range w.named(events.TopicProject) {
		roots = append(roots, d.(session.View).Root)
	}
	assert.Equal(t, []string{first, other}, roots, "the first launch's folder opens first, then the second's")
	v, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, other, v.Root)
	assert.Equal(t, []string{"show"}, w.called())
}
