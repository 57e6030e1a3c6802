//go:build unix

package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/environ"
	"hum/backend/process"
)

func TestAppEnvShowsEachVariablesLayerAndReloadTakesTheShellAgain(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile": "show: echo \"$TOOL $FROM_DOTENV\"\n",
		".env":     "FROM_DOTENV=${TOOL}-dotenv\n",
	})
	rc := filepath.Join(t.TempDir(), "rc")
	require.NoError(t, os.WriteFile(rc, []byte("export TOOL=v1\n"), 0o644))
	sh := filepath.Join(t.TempDir(), "loginsh")
	require.NoError(t, os.WriteFile(sh, []byte("#!/bin/sh\necho 'rc says hi'\n. "+rc+"\neval \"$2\"\n"), 0o755))

	t.Setenv("HUM_CONFIG_DIR", t.TempDir())
	a := NewApp("test", dir)
	a.window = &fakeWindow{}
	a.base = environ.NewBase(environ.BaseOptions{Own: process.UserEnviron(), Capture: true, Shell: sh})
	a.base.Prepare()
	a.openInitial()
	t.Cleanup(func() { a.shutdown(t.Context()) })
	<-a.ready

	v, err := a.Project()
	require.NoError(t, err)
	require.NotEmpty(t, v.Groups)
	st, err := a.Start(v.Groups[0].Scripts[0].ID)
	require.NoError(t, err)
	eventually(t, "show to end", func() bool { p := a.Processes(); return len(p) == 1 && p[0].Status.Final() })
	assert.Equal(t, environ.LayerLogin, a.BaseEnvironment().Layer, "problem: %s", a.BaseEnvironment().Problem)

	vars, err := a.Env(st.ID)
	require.NoError(t, err)
	byName := map[string]environ.Variable{}
	for _, v := range vars {
		byName[v.Name] = v
	}
	assert.Equal(t, environ.Variable{Name: "TOOL", Value: "v1", Layer: environ.LayerLogin}, byName["TOOL"])
	assert.Equal(t, environ.Variable{Name: "FROM_DOTENV", Value: "v1-dotenv", Layer: ".env"}, byName["FROM_DOTENV"])

	require.NoError(t, os.WriteFile(rc, []byte("export TOOL=v2\n"), 0o644))
	status := a.ReloadEnvironment()
	assert.Equal(t, environ.LayerLogin, status.Layer)
	_, err = a.Restart(st.ID)
	require.NoError(t, err)
	eventually(t, "the restart to end", func() bool {
		vars, _ := a.Env(st.ID)
		for _, v := range vars {
			if v.Name == "FROM_DOTENV" {
				return v.Value == "v2-dotenv"
			}
		}
		return false
	})

	_, err = a.Env("p999999")
	assert.ErrorIs(t, err, process.ErrNotFound)
}
