package session

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/discover"
	"hum/backend/environ"
	"hum/backend/process"
)

// showVars is a Procfile line that prints the variables the tests check,
// one NAME=value line each (showVarsLine, for the host's shell).
func showVars(t *testing.T) string { return "show: " + showVarsLine(t) + "\n" }

// envProject is a project whose .env, .env.local and api.env set
// overlapping variables with references across layers.
func envProject(t *testing.T) string {
	return project(t, map[string]string{
		"Procfile":   showVars(t),
		".env":       "A=env\nB=env\nC=env\nURL=http://${HOST}:${PORT}/\nPATH_TAIL=${FROM_BASE}/bin\n",
		".env.local": "B=local\nHOST=example.test\n# a comment\nexport PORT=\"3000\"\n",
		"api.env":    "C=api\nURL=${URL}api\n",
	})
}

// withEnvFiles gives the script what hum.yaml's env_file and env would:
// discovery has no other source of them yet.
func withEnvFiles(s *Session, id string, files []string, env map[string]string) {
	old := s.now()
	next := newComposed(old.stack, old.revision)
	sc := next.scripts[id]
	sc.EnvFiles, sc.Env = files, env
	next.scripts[id] = sc
	s.cur.Store(next)
}

func baseWith(kv ...string) *environ.Base {
	return environ.NewBase(environ.BaseOptions{Own: append(process.UserEnviron(), kv...)})
}

// printed returns the NAME=value lines a finished process printed.
func printed(t *testing.T, s *Session, id string) map[string]string {
	t.Helper()
	eventually(t, "the process to end", func() bool { return state(s, id).Status.Final() })
	require.Equal(t, process.StatusSucceeded, state(s, id).Status, "got %v (%s)", state(s, id).Status, state(s, id).Err)
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(logText(s, id)), "\n") {
		k, v, _ := strings.Cut(line, "=")
		out[k] = v
	}
	return out
}

func TestAScriptStartsWithItsLayeredEnvironment(t *testing.T) {
	s := open(t, envProject(t), Options{Base: baseWith("FROM_BASE=/base", "A=base")})
	id := scriptID(t, s, "show")
	withEnvFiles(s, id, []string{"api.env"}, map[string]string{"D": "${C}-${B}"})

	st, err := s.Start(id)
	require.NoError(t, err)
	got := printed(t, s, st.ID)
	want := map[string]string{
		"FROM_BASE": "/base",
		"A":         "env",       // .env over the base
		"B":         "local",     // .env.local over .env
		"C":         "api",       // the env file over both
		"D":         "api-local", // the script's own, expanded from below
		// Expansion only looks down: .env does not see .env.local's HOST
		// and PORT, so its URL is "http://:/"; api.env builds on that.
		"URL":       "http://:/api",
		"PATH_TAIL": "/base/bin", // .env's reference to the base
	}
	assert.Equal(t, want, got, "got %v, want %v", got, want)

	env, err := s.Env(st.ID)
	require.NoError(t, err)
	layers := map[string]string{}
	for _, v := range env {
		layers[v.Name] = v.Layer
	}
	for name, layer := range map[string]string{
		"FROM_BASE": environ.LayerHum, "A": ".env", "B": ".env.local", "HOST": ".env.local",
		"C": "api.env", "URL": "api.env", "D": "Procfile",
	} {
		assert.Equal(t, layer, layers[name], "%s's layer: got %q, want %q", name, layers[name], layer)
	}
	v, ok := env.Lookup("D")
	require.True(t, ok)
	assert.Equal(t, "api-local", v.Value)
}

func TestRestartReadsTheEnvFilesAgain(t *testing.T) {
	dir := envProject(t)
	s := open(t, dir, Options{})
	id := scriptID(t, s, "show")
	st, err := s.Start(id)
	require.NoError(t, err)
	assert.Equal(t, "env", printed(t, s, st.ID)["A"])

	require.NoError(t, os.WriteFile(filepath.Join(dir, ".env"), []byte("A=changed\n"), 0o644))
	_, err = s.Restart(st.ID)
	require.NoError(t, err)
	eventually(t, "the second run's output", func() bool { return strings.Contains(logText(s, st.ID), "A=changed") })
	env, err := s.Env(st.ID)
	require.NoError(t, err)
	v, _ := env.Lookup("A")
	assert.Equal(t, environ.Variable{Name: "A", Value: "changed", Layer: ".env"}, v)

	// Start of an ended script restarts it: the files are read again too.
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".env"), []byte("A=third\n"), 0o644))
	eventually(t, "the second run to end", func() bool { return state(s, st.ID).Status.Final() })
	_, err = s.Start(id)
	require.NoError(t, err)
	eventually(t, "the third run's output", func() bool { return strings.Contains(logText(s, st.ID), "A=third") })
}

func TestABrokenEnvFileStartsNothingAndStopsNothing(t *testing.T) {
	dir := project(t, map[string]string{
		"Procfile": "web: " + upThenSleep + "\n",
		".env":     "A=1\n",
	})
	s := open(t, dir, Options{})
	web := scriptID(t, s, "web")
	st, err := s.Start(web)
	require.NoError(t, err)
	eventually(t, "web to print", func() bool { return strings.Contains(logText(s, st.ID), "up") })

	require.NoError(t, os.WriteFile(filepath.Join(dir, ".env"), []byte("A=1\nB=\"open\n"), 0o644))
	_, err = s.Restart(st.ID)
	require.Error(t, err)
	assert.Equal(t, "web's environment: .env, line 2: a quoted value is not closed", err.Error())
	assert.True(t, errors.Is(err, environ.ErrBadLayer))
	assert.Equal(t, process.StatusRunning, state(s, st.ID).Status, "the running process is left alone")
	assert.Equal(t, 0, state(s, st.ID).Restarts)

	_, err = s.Stop(st.ID)
	require.NoError(t, err)
	_, err = s.Start(web)
	require.Error(t, err, "an ended script does not restart with half an environment")
	assert.Equal(t, process.StatusStopped, state(s, st.ID).Status)

	_, err = s.StartCommand("echo hi", "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), ".env, line 2")
	assert.Len(t, s.Processes(), 1, "nothing new was registered")
}

func TestAMissingEnvFileOfAScriptFailsItsStart(t *testing.T) {
	s := open(t, project(t, map[string]string{"Procfile": showVars(t)}), Options{})
	id := scriptID(t, s, "show")
	withEnvFiles(s, id, []string{"config/api.env"}, nil)
	_, err := s.Start(id)
	require.Error(t, err)
	assert.True(t, errors.Is(err, os.ErrNotExist), "got %v", err)
	assert.Contains(t, err.Error(), "show's environment: config/api.env: ")
	assert.Empty(t, s.Processes())
}

func TestACommandGetsTheProjectsDotenv(t *testing.T) {
	s := open(t, envProject(t), Options{Base: baseWith("FROM_BASE=/b")})
	st, err := s.StartCommand(printABBase, "")
	require.NoError(t, err)
	eventually(t, "the command to end", func() bool { return state(s, st.ID).Status.Final() })
	assert.Equal(t, "env local /b\n", logText(s, st.ID))
	env, err := s.Env(st.ID)
	require.NoError(t, err)
	v, _ := env.Lookup("C")
	assert.Equal(t, ".env", v.Layer, "no script env files for a command")

	require.NoError(t, s.Remove(st.ID))
	_, err = s.Env(st.ID)
	assert.True(t, errors.Is(err, process.ErrNotFound), "a removed process has no environment: %v", err)
}

func TestLayeredSpecIsWhatHumRunStarts(t *testing.T) {
	dir := envProject(t)
	sc := discover.Script{ID: "x", Name: "show", Run: printD, Dir: ".", Source: "hum.yaml",
		EnvFiles: []string{"api.env"}, Env: map[string]string{"D": "$C+$B"}}
	spec, env, err := LayeredSpec(dir, sc, environ.Layer{Name: environ.LayerHum, Vars: []string{"PATH=/usr/bin:/bin"}})
	require.NoError(t, err)
	assert.Empty(t, spec.Env, "the script's own variables are in Environ, expanded")
	assert.Contains(t, spec.Environ, "D=api+local")
	assert.Equal(t, env.List(), spec.Environ)
	v, _ := env.Lookup("D")
	assert.Equal(t, "hum.yaml", v.Layer)

	m := process.NewManager(process.Options{})
	st, err := m.Start(spec)
	require.NoError(t, err)
	final, err := m.Wait(context.Background(), st.ID)
	require.NoError(t, err)
	assert.Equal(t, process.StatusSucceeded, final.Status)
}

func TestAChangedEnvFileMarksTheProcessesThatUseItAndRestartsNothing(t *testing.T) {
	dir := project(t, map[string]string{
		"Procfile":       "api: " + longSleepLine + "\nweb: " + longSleepLine + "\n",
		".env":           "A=1\n",
		"config/api.env": "B=1\n",
	})
	s := open(t, dir, Options{})
	api, web := scriptID(t, s, "api"), scriptID(t, s, "web")
	withEnvFiles(s, api, []string{"config/api.env"}, nil)
	apiSt, err := s.Start(api)
	require.NoError(t, err)
	webSt, err := s.Start(web)
	require.NoError(t, err)
	cmd, err := s.StartCommand(longSleepLine, "")
	require.NoError(t, err)

	write := func(name, body string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(body), 0o644))
	}
	changed := func(id string) string { return state(s, id).EnvChanged }

	write("config/api.env", "B=2\n")
	eventually(t, "api marked", func() bool { return changed(apiSt.ID) == "config/api.env" })
	assert.Empty(t, changed(webSt.ID), "web does not read api.env")
	assert.Empty(t, changed(cmd.ID))

	write(".env", "A=2\n")
	eventually(t, "every process marked for .env", func() bool {
		return changed(apiSt.ID) == ".env, config/api.env" && changed(webSt.ID) == ".env" && changed(cmd.ID) == ".env"
	})
	for _, id := range []string{apiSt.ID, webSt.ID, cmd.ID} {
		assert.Equal(t, process.StatusRunning, state(s, id).Status)
		assert.Equal(t, 0, state(s, id).Restarts, "nothing restarts by itself")
	}

	// Changed back: web's environment is what it started with again.
	write(".env", "A=1\n")
	eventually(t, "web's mark cleared", func() bool { return changed(webSt.ID) == "" })

	_, err = s.Restart(apiSt.ID)
	require.NoError(t, err)
	eventually(t, "api restarted", func() bool { return state(s, apiSt.ID).Status == process.StatusRunning })
	assert.Empty(t, changed(apiSt.ID), "a new run has the new files")
	env, err := s.Env(apiSt.ID)
	require.NoError(t, err)
	v, _ := env.Lookup("B")
	assert.Equal(t, "2", v.Value)

	// A new .env.local (none at the start) counts as a change too.
	write(".env.local", "C=new\n")
	eventually(t, "web marked for the new .env.local", func() bool { return changed(webSt.ID) == ".env.local" })
}

func TestAVSCodeTasksDollarIsNotAReference(t *testing.T) {
	dir := project(t, map[string]string{
		".vscode/tasks.json": `{"version":"2.0.0","tasks":[{"label":"show","type":"shell","command":` + jsonString(t, printPass) + `,
			"options":{"env":{"PASS":"pa$HOME$x"}}}]}`,
	})
	s := open(t, dir, Options{})
	st, err := s.Start(scriptID(t, s, "show"))
	require.NoError(t, err)
	eventually(t, "show to end", func() bool { return state(s, st.ID).Status.Final() })
	assert.Equal(t, "pa$HOME$x\n", logText(s, st.ID))
	env, err := s.Env(st.ID)
	require.NoError(t, err)
	v, _ := env.Lookup("PASS")
	assert.Equal(t, "VS Code tasks", v.Layer)
}

// jsonString is s as a JSON string literal.
func jsonString(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	require.NoError(t, err)
	return string(b)
}
