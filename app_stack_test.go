//go:build unix

package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/errcode"
	"hum/backend/events"
	"hum/backend/process"
	"hum/backend/session"
)

func TestGroupsAreBoundAndStartTogether(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile": "web: echo web up && exec sleep 60\n",
		"hum.yaml": "processes:\n  db:\n    command: echo db up && exec sleep 60\ngroups:\n  dev:\n    description: db and web\n    members: [db, web]\n",
	})
	a, w := newTestApp(t, dir)
	v, err := a.Project()
	require.NoError(t, err)
	require.Equal(t, "hum.yaml", v.Groups[0].Source, "hum.yaml's processes head the sidebar")

	gs := a.Groups()
	require.Len(t, gs, 1)
	assert.Equal(t, session.Group{Name: "dev", Description: "db and web", Members: []string{"hum.yaml:hum.yaml:db", "procfile:Procfile:web"}}, gs[0])

	states, err := a.StartGroup("dev")
	require.NoError(t, err)
	require.Len(t, states, 2)
	eventually(t, "both members running in a processes event", func() bool {
		running := map[string]bool{}
		for _, d := range w.named(events.TopicProcesses) {
			for _, s := range d.(events.Processes).States {
				running[s.ScriptID] = s.Status == process.StatusRunning
			}
		}
		return running["hum.yaml:hum.yaml:db"] && running["procfile:Procfile:web"]
	})
	assert.Equal(t, 2, a.Groups()[0].Running)

	require.NoError(t, a.StopGroup("dev"))
	assert.Zero(t, a.Groups()[0].Running)
	for _, st := range a.Processes() {
		assert.Equal(t, process.StatusStopped, st.Status, "%s: got %v, want stopped", st.Name, st.Status)
	}

	_, err = a.StartGroup("nope")
	assert.Equal(t, "unknown_group", FormatError(err).(errcode.Failure).Code)
}

func TestGroupsWithoutAProject(t *testing.T) {
	a, _ := newTestApp(t, "")
	assert.Equal(t, []session.Group{}, a.Groups())
	_, err := a.StartGroup("dev")
	assert.ErrorIs(t, err, errcode.ErrNoProject)
	assert.ErrorIs(t, a.StopGroup("dev"), errcode.ErrNoProject)
}
