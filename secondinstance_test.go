package main

import (
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/events"
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

func TestHandoffAddsTheFolderAndStopsNothing(t *testing.T) {
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
	assert.Equal(t, other, v.Root, "the folder is open, and shown")
	assert.Empty(t, a.Processes(), "the new project starts empty: nothing ran")
	s, ok := a.sessionFor(first)
	require.True(t, ok, "the first project is still open")
	running := 0
	for _, st := range s.Processes() {
		if !st.Status.Final() {
			running++
		}
	}
	assert.Equal(t, 2, running, "no process was stopped")
	assert.Len(t, a.Projects(), 2)
	assert.Len(t, w.named(events.TopicProject), 2)
}

func TestHandoffOfAnOpenFolderSwitchesToIt(t *testing.T) {
	first, other := t.TempDir(), t.TempDir()
	a, w := newTestApp(t, first)
	_, err := a.StartCommand("exec sleep 30", "")
	require.NoError(t, err)
	before, err := a.Project()
	require.NoError(t, err)

	a.handoff([]string{"."}, first)
	a.handoff(nil, first) // a launch without a folder only shows the window
	after, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, before.Serial, after.Serial, "the open project was not reopened")
	assert.Len(t, runningOf(a), 1)

	_, err = a.OpenProject(other)
	require.NoError(t, err)
	a.handoff([]string{first}, "/")
	v, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, first, v.Root, "switched back to")
	assert.Len(t, runningOf(a), 1, "and its process still runs")
	assert.Len(t, a.Projects(), 2, "not opened a second time")
	assert.Len(t, w.named(events.TopicProject), 3)
}

// The second launch as Wails delivers it (onSecondInstance): the window
// comes forward, then the folder is handed off.

func TestSecondLaunchShowsTheWindowOnTheNewProject(t *testing.T) {
	first, other := t.TempDir(), t.TempDir()
	w := &fakeWindow{}
	var shownFirst atomic.Bool
	w.gate = func(name string, data any) {
		if v, ok := data.(session.View); ok && name == events.TopicProject && v.Root == other {
			shownFirst.Store(slices.Contains(w.called(), "show"))
		}
	}
	a, _ := startTestApp(t, first, w)
	<-a.ready
	_, err := a.StartCommand("exec sleep 30", "")
	require.NoError(t, err)

	a.onSecondInstance([]string{filepath.Base(other)}, filepath.Dir(other))

	assert.Equal(t, []string{"show"}, w.called(), "the window comes forward once")
	assert.True(t, shownFirst.Load(), "the window was shown before the project changed")
	v, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, other, v.Root)
	s, _ := a.sessionFor(first)
	require.NotNil(t, s)
	assert.Equal(t, process.StatusRunning, s.Processes()[0].Status, "no process was stopped")
}

func TestSecondLaunchWithoutAFolderOnlyShowsTheWindow(t *testing.T) {
	first := t.TempDir()
	a, w := newTestApp(t, first)
	a.onSecondInstance(nil, t.TempDir())
	assert.Equal(t, []string{"show"}, w.called())
	assert.Len(t, w.named(events.TopicProject), 1, "no project was opened")
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
