//go:build unix

package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/errcode"
	"hum/backend/process"
	"hum/backend/session"
	"hum/backend/tray"
)

func TestTrayStartsAndStopsGroups(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile": "web: exec sleep 60\n",
		"hum.yaml": "processes:\n  db:\n    command: exec sleep 60\ngroups:\n  dev:\n    members: [db, web]\n  solo:\n    members: [db]\n",
	})
	a, _ := newTestApp(t, dir)
	acts := trayActions{a}
	assert.Equal(t, []tray.Group{{Name: "dev", Total: 2}, {Name: "solo", Total: 1}}, acts.Groups())

	require.NoError(t, acts.StartGroup("solo"))
	eventually(t, "db running", func() bool {
		ps := acts.Processes()
		return len(ps) == 1 && ps[0].Status == process.StatusRunning
	})
	assert.Equal(t, []tray.Group{{Name: "dev", Running: 1, Total: 2}, {Name: "solo", Running: 1, Total: 1}}, acts.Groups())

	require.NoError(t, acts.StartGroup("dev"))
	eventually(t, "both running", func() bool { return len(runningNames(a)) == 2 })
	assert.Equal(t, 2, acts.Groups()[0].Running)

	require.NoError(t, acts.StopGroup("dev"))
	assert.Equal(t, []tray.Group{{Name: "dev", Total: 2}, {Name: "solo", Total: 1}}, acts.Groups())
	assert.ErrorIs(t, acts.StartGroup("nope"), session.ErrUnknownGroup)
}

func TestTrayGroupsWithoutAProject(t *testing.T) {
	a, _ := newTestApp(t, "")
	acts := trayActions{a}
	assert.Empty(t, acts.Groups())
	assert.ErrorIs(t, acts.StartGroup("dev"), errcode.ErrNoProject)
}
