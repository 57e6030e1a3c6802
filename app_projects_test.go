//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/errcode"
	"hum/backend/events"
	"hum/backend/process"
	"hum/backend/session"
	"hum/backend/workspace"
)

// awaitProjects waits for a "projects" event that ok accepts and returns it.
func awaitProjects(t *testing.T, w *fakeWindow, what string, ok func([]workspace.Summary) bool) []workspace.Summary {
	t.Helper()
	var last []workspace.Summary
	eventually(t, what, func() bool {
		evs := w.named(events.TopicProjects)
		if len(evs) == 0 {
			return false
		}
		last = evs[len(evs)-1].([]workspace.Summary)
		return ok(last)
	})
	return last
}

func TestSwitchingProjectsStopsNothing(t *testing.T) {
	api := writeProject(t, map[string]string{"Procfile": "web: echo api up && exec sleep 30\n"})
	front := writeProject(t, map[string]string{"Procfile": "dev: exec sleep 30\n"})
	a, w := newTestApp(t, api)
	web, err := a.Start("procfile:Procfile:web")
	require.NoError(t, err)
	eventually(t, "web runs", func() bool { return stateOf(a, web.ID).Status == process.StatusRunning })

	v, err := a.OpenProject(front)
	require.NoError(t, err)
	assert.Equal(t, front, v.Root)
	awaitProjects(t, w, "api counted as 1 running in the background", func(ps []workspace.Summary) bool {
		return len(ps) == 2 && ps[0].Running == 1 && !ps[0].Active && ps[1].Active
	})
	// Bound methods act on the active project.
	assert.Empty(t, a.Processes())
	_, err = a.Start("procfile:Procfile:web")
	assert.ErrorIs(t, err, session.ErrUnknownScript, "front has no web")

	// The background project's output does not reach the window.
	logsBefore := len(w.named(events.TopicLogs))
	s, ok := a.sessionFor(api)
	require.True(t, ok)
	_, err = s.StartCommand("echo from the background", "")
	require.NoError(t, err)
	eventually(t, "the line in api's store", func() bool {
		return strings.Contains(linesOf(s), "from the background")
	})
	for _, ev := range w.named(events.TopicLogs)[logsBefore:] {
		for _, l := range ev.(events.LogBatch).Lines {
			assert.NotContains(t, l.Raw, "from the background", "a background project's line reached the window")
		}
	}

	back, err := a.SwitchProject(api)
	require.NoError(t, err)
	assert.Equal(t, api, back.Root)
	assert.Greater(t, back.Serial, v.Serial, "a switch is a new view for the window")
	assert.Equal(t, process.StatusRunning, stateOf(a, web.ID).Status, "web ran on meanwhile")
	assert.Equal(t, 0, web.Restarts)
	_, err = a.SwitchProject(filepath.Join(api, "nope"))
	assert.Equal(t, "not_open", errcode.Code(err))
}

// linesOf is every line of s's logs, joined.
func linesOf(s *session.Session) string {
	var b strings.Builder
	for _, l := range s.Logs().Tail("", 0).Lines {
		b.WriteString(l.Text + "\n")
	}
	return b.String()
}

func TestClosingAProjectWithRunningProcessesAsksFirst(t *testing.T) {
	api, front := t.TempDir(), t.TempDir()
	a, w := newTestApp(t, api)
	_, err := a.StartCommand("exec sleep 30", "")
	require.NoError(t, err)
	_, err = a.OpenProject(front)
	require.NoError(t, err)

	err = a.CloseProject(api, false)
	require.Error(t, err)
	f := FormatError(err).(errcode.Failure)
	assert.Equal(t, "project_running", f.Code, "the window turns this code into its confirm dialog")
	assert.Contains(t, f.Message, filepath.Base(api)+" has 1")
	assert.Len(t, a.Projects(), 2, "nothing closed")

	// Stop them and close.
	s, _ := a.sessionFor(api)
	require.NoError(t, a.CloseProject(api, true))
	assert.True(t, s.Processes()[0].Status.Final(), "its process was stopped")
	_, ok := a.sessionFor(api)
	assert.False(t, ok)
	v, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, front, v.Root, "the active project stays")

	// Closing the active, last one: the window goes back to the welcome screen.
	require.NoError(t, a.CloseProject(front, false), "nothing runs in front: no question")
	v, err = a.Project()
	require.NoError(t, err)
	assert.Equal(t, "", v.Root)
	evs := w.named(events.TopicProject)
	assert.Equal(t, "", evs[len(evs)-1].(session.View).Root, "the window is told none is open")
	assert.Greater(t, evs[len(evs)-1].(session.View).Serial, evs[len(evs)-2].(session.View).Serial)
	assert.Empty(t, a.Projects())
	assert.ErrorIs(t, a.CloseProject(front, true), workspace.ErrNotOpen)
}

func TestClosingTheActiveProjectShowsAnother(t *testing.T) {
	api, front := t.TempDir(), t.TempDir()
	a, w := newTestApp(t, api)
	_, err := a.OpenProject(front)
	require.NoError(t, err)
	require.NoError(t, a.CloseProject(front, false))
	v, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, api, v.Root)
	evs := w.named(events.TopicProject)
	assert.Equal(t, api, evs[len(evs)-1].(session.View).Root, "the window is told which one it shows now")
	awaitProjects(t, w, "the list without front", func(ps []workspace.Summary) bool {
		return len(ps) == 1 && ps[0].Root == api && ps[0].Active
	})
}

func TestTrayListsEveryProjectAndItsWorstState(t *testing.T) {
	api := writeProject(t, map[string]string{"Procfile": "web: exec sleep 30\nboom: exit 3\n"})
	front := writeProject(t, map[string]string{"Procfile": "dev: exec sleep 30\n"})
	a, _ := newTestApp(t, api)
	acts := trayActions{a}
	boom, err := a.Start("procfile:Procfile:boom")
	require.NoError(t, err)
	eventually(t, "boom fails", func() bool { return stateOf(a, boom.ID).Status == process.StatusFailed })
	_, err = a.OpenProject(front)
	require.NoError(t, err)
	dev, err := a.Start("procfile:Procfile:dev")
	require.NoError(t, err)
	assert.Equal(t, boom.ID, dev.ID, "two projects, the same process ID")

	procs := acts.Processes()
	require.Len(t, procs, 2)
	assert.Equal(t, filepath.Base(api)+": boom", procs[0].Name)
	assert.Equal(t, filepath.Base(front)+": dev", procs[1].Name)
	assert.NotEqual(t, procs[0].ID, procs[1].ID, "the tray tells them apart")
	assert.Equal(t, process.StatusFailed, procs[0].Status, "the background project's failure is in the tray")

	// Restart from the tray reaches the background project's boom, not front's dev.
	require.NoError(t, acts.RestartProcess(procs[0].ID))
	s, _ := a.sessionFor(api)
	eventually(t, "boom restarted", func() bool { return s.Processes()[0].Restarts == 1 })
	assert.Equal(t, process.StatusRunning, stateOf(a, dev.ID).Status)
	require.NoError(t, acts.StopProcess(procs[1].ID))
	assert.Equal(t, process.StatusStopped, stateOf(a, dev.ID).Status)
	assert.ErrorIs(t, acts.StopProcess(qualified("/nowhere", "p000001")), process.ErrNotFound)

	// Quit's Stop all stops every project's processes.
	_, err = s.StartCommand("exec sleep 30", "")
	require.NoError(t, err)
	require.NoError(t, acts.StopAll())
	for _, st := range acts.Processes() {
		assert.True(t, st.Status.Final(), "%s: %v", st.Name, st.Status)
	}
}
