package main

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/browser"
	"hum/backend/events"
	"hum/backend/process"
	"hum/backend/session"
	"hum/backend/tray"
)

// The tray adapter (trayActions) against the fake window: what a click in
// the tray's menu does to the App and the window.

func TestTrayShowsAndHidesTheWindow(t *testing.T) {
	a, w := newTestApp(t, t.TempDir())
	acts := trayActions{a}

	acts.HideWindow()
	assert.True(t, a.vis.Paused(), "hidden to the tray: the process events pause")
	acts.ShowWindow()
	assert.False(t, a.vis.Paused(), "shown again: the process events resume")
	acts.HideWindow()
	assert.Equal(t, []string{"hide", "show", "hide"}, w.called())
}

func TestTrayQuitStopsEveryProcessBeforeQuitting(t *testing.T) {
	w := &fakeWindow{}
	a, _ := startTestApp(t, t.TempDir(), w)
	<-a.ready
	var runningAtQuit atomic.Int64
	runningAtQuit.Store(-1)
	w.onCall = func(name string) {
		if name == "quit" {
			runningAtQuit.Store(int64(len(runningOf(a))))
		}
	}
	for _, cmd := range []string{"exec sleep 30", "exec sleep 31"} {
		_, err := a.StartCommand(cmd, "")
		require.NoError(t, err)
	}
	require.Len(t, runningOf(a), 2)

	trayActions{a}.Quit()
	assert.Equal(t, []string{"quit"}, w.called(), "the app is asked to quit once")
	assert.Equal(t, int64(0), runningAtQuit.Load(), "processes running when the window quit: got %d, want 0", runningAtQuit.Load())
	for _, st := range a.Processes() {
		assert.Equal(t, process.StatusStopped, st.Status, "%s: got %v, want stopped", st.Command, st.Status)
	}
}

func TestTrayQuitWithNoProjectQuits(t *testing.T) {
	a, w := newTestApp(t, "")
	trayActions{a}.Quit()
	assert.Equal(t, []string{"quit"}, w.called())
	assert.NoError(t, trayActions{a}.StopAll(), "no project: nothing to stop, no error")
}

func TestTrayActsOnTheOpenProject(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "web: echo http://localhost:4555/ && exec sleep 30\nother: exec sleep 30\n"})
	a, w := newTestApp(t, dir)
	acts := trayActions{a}
	v, err := a.Project()
	require.NoError(t, err)
	require.Len(t, v.Groups, 1)
	web := v.Groups[0].Scripts[0]
	require.Equal(t, "web", web.Name)

	assert.Empty(t, acts.Favourites(), "nothing starred yet")
	_, err = a.SetFavourite(web.ID, true)
	require.NoError(t, err)
	// A star whose script is gone from the project (an edited Procfile).
	_, err = a.cfg.SetFavourite(dir, "procfile:gone", true)
	require.NoError(t, err)
	assert.Equal(t, []tray.Favourite{{ScriptID: web.ID, Name: "web"}}, acts.Favourites(), "only stars of scripts that exist")

	require.NoError(t, acts.StartScript(web.ID))
	procs := acts.Processes()
	require.Len(t, procs, 1, "got %v", procs)
	id := procs[0].ID
	eventually(t, "the process to run", func() bool {
		ps := acts.Processes()
		return len(ps) == 1 && ps[0].Status == process.StatusRunning
	})

	require.NoError(t, acts.RestartProcess(id))
	eventually(t, "the restarted process to run", func() bool {
		ps := acts.Processes()
		return len(ps) == 1 && ps[0].Status == process.StatusRunning && ps[0].Restarts == 1
	})
	require.NoError(t, acts.StopProcess(id))
	assert.Equal(t, process.StatusStopped, acts.Processes()[0].Status)
	assert.ErrorIs(t, acts.StopProcess("no-such-id"), process.ErrNotFound)
	assert.ErrorIs(t, acts.StartScript("procfile:gone"), session.ErrUnknownScript)

	require.NoError(t, acts.OpenURL("http://localhost:4555"))
	assert.ErrorIs(t, acts.OpenURL("file:///etc/passwd"), browser.ErrBadURL)
	w.mu.Lock()
	assert.Equal(t, []string{"http://localhost:4555"}, w.opened, "only the http URL reached the browser")
	w.mu.Unlock()
	assert.Empty(t, w.called(), "none of these touches the window")
}

func TestTrayRecentProjectsLeaveOutTheOpenOnes(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	a, _ := newTestApp(t, first)
	acts := trayActions{a}
	assert.Empty(t, acts.RecentProjects(), "only the open project is recent")

	_, err := a.OpenProject(second)
	require.NoError(t, err)
	assert.Empty(t, acts.RecentProjects(), "both are open")
	require.NoError(t, a.CloseProject(first, false))
	assert.Equal(t, []tray.Project{{Dir: first, Name: filepath.Base(first)}}, acts.RecentProjects())
}

func TestTrayOpenProjectShowsTheWindowOnIt(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	a, w := newTestApp(t, first)
	acts := trayActions{a}

	require.Error(t, acts.OpenProject(filepath.Join(second, "gone")))
	assert.Empty(t, w.called(), "a failed open leaves the window as it is")

	require.NoError(t, acts.OpenProject(second))
	v, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, second, v.Root)
	assert.Equal(t, []string{"show"}, w.called())
	opens := w.named(events.TopicProject)
	require.Len(t, opens, 2, "the window hears of the tray's open")
	assert.Equal(t, second, opens[1].(session.View).Root)
}

// followForTest runs followSessions on a until the test ends and returns
// the tray's wake-up channel.
func followForTest(t *testing.T, a *App) <-chan struct{} {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	wake := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() { defer close(done); followSessions(ctx, a, wake) }()
	t.Cleanup(func() { cancel(); <-done })
	return wake
}

// awaitWake waits for one wake-up, generously.
func awaitWake(t *testing.T, wake <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-wake:
	case <-time.After(20 * time.Second):
		t.Fatalf("no tray wake-up after %s", what)
	}
}

func TestTrayFollowsEveryProjectOpened(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	a, _ := newTestApp(t, first)
	wake := followForTest(t, a)
	awaitWake(t, wake, "the tray started")

	_, err := a.StartCommand("exec sleep 30", "")
	require.NoError(t, err)
	awaitWake(t, wake, "a process started in the first project")

	// Opened from the window, not the tray: the App announces it.
	_, err = a.OpenProject(second)
	require.NoError(t, err)
	awaitWake(t, wake, "another project was opened")
	// Let the wake-ups of the open and the switch go by, so the next one
	// can only come from a project's watch. (On a machine slow enough to
	// deliver one late, the test passes without proving the watch; it
	// cannot fail for it.)
	settled := func() bool {
		select {
		case <-wake:
			return false
		case <-time.After(500 * time.Millisecond):
			return true
		}
	}
	eventually(t, "the tray's wake-ups to settle", settled)
	_, err = a.StartCommand("exec sleep 30", "")
	require.NoError(t, err)
	awaitWake(t, wake, "a process started in the new project")

	// The first project, in the background, still wakes the tray: its
	// processes are in the menu too.
	eventually(t, "the tray's wake-ups to settle", settled)
	s, ok := a.sessionFor(first)
	require.True(t, ok)
	require.NoError(t, s.StopAll(t.Context()))
	awaitWake(t, wake, "a process of the background project stopped")
}
