//go:build unix

package session

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/environ"
)

// PWD is a POSIX variable: Hum sets no "its folder" layer on Windows.

// TestTheEnvTabShowsTheFolderAsPWD checks that the environment shown for a
// process says what it got: PWD is its own folder, set by the "its folder"
// layer, for a script in a subfolder, for a command and after a restart;
// and a .env can build on it.
func TestTheEnvTabShowsTheFolderAsPWD(t *testing.T) {
	root := project(t, map[string]string{
		"hum.yaml":  "processes:\n  pwd:\n    command: printf '%s|%s\\n' \"$PWD\" \"$LOGS\"\n    dir: web\n",
		"web/.keep": "",
		".env":      "LOGS=${PWD}/logs\n",
	})
	s := open(t, root, Options{Base: baseWith("PWD=/where/hum/started")})
	web := filepath.Join(s.Root(), "web")

	st, err := s.Start(scriptID(t, s, "pwd"))
	require.NoError(t, err)
	eventually(t, "the script to end", func() bool { return state(s, st.ID).Status.Final() })
	assert.Equal(t, web+"|"+web+"/logs\n", logText(s, st.ID), "the script's PWD and what .env built on it")
	env, err := s.Env(st.ID)
	require.NoError(t, err)
	v, _ := env.Lookup("PWD")
	assert.Equal(t, environ.Variable{Name: "PWD", Value: web, Layer: environ.LayerFolder}, v)

	cmd, err := s.StartCommand(`printf '%s\n' "$PWD"`, "web")
	require.NoError(t, err)
	eventually(t, "the command to end", func() bool { return state(s, cmd.ID).Status.Final() })
	_, err = s.Restart(cmd.ID)
	require.NoError(t, err)
	eventually(t, "the restarted command to end", func() bool {
		st := state(s, cmd.ID)
		return st.Status.Final() && st.Restarts == 1
	})
	env, err = s.Env(cmd.ID)
	require.NoError(t, err)
	v, _ = env.Lookup("PWD")
	assert.Equal(t, web, v.Value, "a restarted command's PWD is still its folder")
}
