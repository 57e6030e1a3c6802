//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/errcode"
	"hum/backend/events"
	"hum/backend/process"
	"hum/backend/session"
	"hum/backend/stack"
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

// TestEditsFromTheWindowKeepHumYAMLsComments makes a sequence of edits
// through the bound methods on a commented hum.yaml and compares the whole
// file after each: only the lines asked for change.
func TestEditsFromTheWindowKeepHumYAMLsComments(t *testing.T) {
	fixture, err := os.ReadFile(filepath.Join("backend", "stack", "testdata", "full.yaml"))
	require.NoError(t, err)
	dir := writeProject(t, map[string]string{
		"hum.yaml":         string(fixture),
		"Procfile":         "clock: exec sleep 60\n",
		"package.json":     `{"workspaces": ["web"]}`,
		"web/package.json": `{"scripts": {"dev": "vite"}}`,
	})
	a, w := newTestApp(t, dir)
	want := string(fixture)
	check := func(v session.View, err error, old, new string) {
		t.Helper()
		require.NoError(t, err)
		require.Equal(t, 1, strings.Count(want, old), "%q once in the file", old)
		want = strings.Replace(want, old, new, 1)
		got, err := os.ReadFile(filepath.Join(dir, "hum.yaml"))
		require.NoError(t, err)
		assert.Equal(t, want, string(got))
		assert.Equal(t, dir, v.Root, "the view of the project after the edit")
	}

	v, err := a.CreateGroup("ci", []string{"procfile:Procfile:clock", stack.ID("api")})
	check(v, err, "    members: [db, worker]\n", "    members: [db, worker]\n  ci:\n    members: [clock, api]\n")
	assert.Equal(t, uint64(1), v.Revision, "the view shows the edit")
	v, err = a.AddToGroup("dev", "procfile:Procfile:clock")
	check(v, err, "      - web:dev   # the package.json script in web/\n", "      - web:dev   # the package.json script in web/\n      - clock\n")
	v, err = a.AddProcess("mail", "mailpit --smtp :1025", "tools")
	check(v, err, "      - .env.worker\n", "      - .env.worker\n  mail:\n    command: mailpit --smtp :1025\n    dir: tools\n")
	v, err = a.AddToGroup("jobs", stack.ID("mail"))
	check(v, err, "members: [db, worker]", "members: [db, worker, mail]")
	v, err = a.RemoveFromGroup("dev", "package.json:web/package.json:dev")
	check(v, err, "      - web:dev   # the package.json script in web/\n", "")
	v, err = a.DeleteGroup("ci")
	check(v, err, "  ci:\n    members: [clock, api]\n", "")
	assert.Equal(t, uint64(6), v.Revision)

	gs := a.Groups()
	require.Len(t, gs, 2)
	assert.Equal(t, []string{stack.ID("db"), stack.ID("api"), "procfile:Procfile:clock"}, gs[0].Members)
	assert.Equal(t, []string{stack.ID("db"), stack.ID("worker"), stack.ID("mail")}, gs[1].Members)
	eventually(t, "the project event of the last edit", func() bool {
		evs := w.named(events.TopicProject)
		return len(evs) > 0 && evs[len(evs)-1].(session.View).Revision == 6
	})

	// Refused edits change nothing and say why, with a code the window acts on.
	for _, tc := range []struct {
		err  error
		code string
	}{
		{second(a.CreateGroup("dev", nil)), "name_taken"},
		{second(a.AddToGroup("dev", "procfile:Procfile:clock")), "name_taken"},
		{second(a.DeleteGroup("gone")), "no_such_entry"},
		{second(a.AddToGroup("dev", "procfile:Procfile:gone")), "unknown_script"},
		{second(a.RemoveFromGroup("gone", stack.ID("db"))), "unknown_group"},
		{second(a.AddProcess("db", "postgres", "")), "name_taken"},
		{second(a.AddProcess("x", "  ", "")), "empty_command"},
		{second(a.AddProcess("x", "ls", "../up")), "error"},
		{second(a.CreateGroup("bad name", nil)), "error"},
	} {
		require.Error(t, tc.err)
		assert.Equal(t, tc.code, FormatError(tc.err).(errcode.Failure).Code, "%v", tc.err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "hum.yaml"))
	require.NoError(t, err)
	assert.Equal(t, want, string(got), "refused edits write nothing")
}

func TestAnEditCreatesHumYAML(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "web: exec sleep 60\n"})
	a, _ := newTestApp(t, dir)
	v, err := a.CreateGroup("dev", []string{"procfile:Procfile:web"})
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(dir, "hum.yaml"))
	require.NoError(t, err)
	assert.Equal(t, stack.Header+"\ngroups:\n  dev:\n    members: [web]\n", string(got))
	assert.Equal(t, uint64(1), v.Revision)
	require.Len(t, a.Groups(), 1)
	assert.Equal(t, []string{"procfile:Procfile:web"}, a.Groups()[0].Members)
}

// TestHumYAMLChangedOnDiskReachesTheWindow edits hum.yaml as an editor
// would while a process runs: the window gets a project event with the new
// group and process, the bound calls list them, and the running process
// keeps its PID and is marked; a typo shows as a problem with its line and
// column, and a deleted file takes its processes out of the sidebar while
// the running one runs on.
func TestHumYAMLChangedOnDiskReachesTheWindow(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"hum.yaml": "processes:\n  db:\n    command: exec sleep 60\n",
		"Procfile": "web: exec sleep 60\n",
	})
	a, w := newTestApp(t, dir)
	db, err := a.Start(stack.ID("db"))
	require.NoError(t, err)

	save := func(body string) {
		t.Helper()
		tmp := filepath.Join(dir, ".hum.yaml.tmp")
		require.NoError(t, os.WriteFile(tmp, []byte(body), 0o644))
		require.NoError(t, os.Rename(tmp, filepath.Join(dir, "hum.yaml")))
	}
	save("processes:\n  db:\n    command: exec sleep 61\n  cache:\n    command: exec sleep 60\ngroups:\n  dev:\n    members: [db, cache, web]\n")
	eventually(t, "a project event with the new process", func() bool {
		for _, e := range w.named(events.TopicProject) {
			v := e.(session.View)
			if v.Revision == 1 && len(v.Groups) > 0 && len(v.Groups[0].Scripts) == 2 {
				return true
			}
		}
		return false
	})
	v, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, uint64(1), v.Revision)
	assert.Equal(t, uint64(1), v.Serial, "the same open: the window keeps its processes")
	assert.Len(t, v.Groups[0].Scripts, 2, "db and cache")
	require.Len(t, a.Groups(), 1)
	assert.Equal(t, "dev", a.Groups()[0].Name)
	eventually(t, "db marked", func() bool {
		for _, st := range a.Processes() {
			if st.ID == db.ID {
				return st.EnvChanged == "hum.yaml"
			}
		}
		return false
	})
	running := func() {
		t.Helper()
		for _, st := range a.Processes() {
			if st.ID == db.ID {
				assert.Equal(t, db.PID, st.PID, "db keeps running as it was")
				assert.Equal(t, process.StatusRunning, st.Status)
			}
		}
	}
	running()

	// A typo: its problem, with line and column, beside what still reads.
	save("processes:\n  db:\n    command: exec sleep 61\n  cache:\n    comand: exec sleep 60\n")
	eventually(t, "the problem in the view", func() bool {
		v, err := a.Project()
		return err == nil && v.Revision == 2
	})
	v, err = a.Project()
	require.NoError(t, err)
	require.Equal(t, "hum.yaml", v.Groups[0].Source)
	require.NotEmpty(t, v.Groups[0].Problems)
	p := v.Groups[0].Problems[0]
	assert.Equal(t, [2]int{5, 5}, [2]int{p.Line, p.Column}, "got %d:%d (%s)", p.Line, p.Column, p.Message)
	require.Len(t, v.Groups[0].Scripts, 1, "db still reads")
	assert.Equal(t, "db", v.Groups[0].Scripts[0].Name)
	assert.Equal(t, "procfile", v.Groups[1].Source, "discovery's scripts stay")
	assert.Empty(t, a.Groups())
	running()

	// Deleted: hum.yaml's processes leave the sidebar, db runs on.
	require.NoError(t, os.Remove(filepath.Join(dir, "hum.yaml")))
	eventually(t, "hum.yaml gone from the view", func() bool {
		v, err := a.Project()
		return err == nil && v.Revision == 3
	})
	v, err = a.Project()
	require.NoError(t, err)
	require.Len(t, v.Groups, 1)
	assert.Equal(t, "procfile", v.Groups[0].Source)
	running()
}

func second[T any](_ T, err error) error { return err }

// TestDependenciesAreEditedFromTheWindow adds dependencies to discovered
// scripts and a hum.yaml process through the bound methods, checks the
// text on disk after each, and takes them out again.
func TestDependenciesAreEditedFromTheWindow(t *testing.T) {
	const src = "# the stack\nprocesses:\n  db:\n    command: exec sleep 60 # the database\n  api:\n    command: exec sleep 60\n"
	dir := writeProject(t, map[string]string{
		"hum.yaml": src,
		"Procfile": "web: exec sleep 60\nworker: exec sleep 60\n",
	})
	a, _ := newTestApp(t, dir)
	read := func() string {
		b, err := os.ReadFile(filepath.Join(dir, "hum.yaml"))
		require.NoError(t, err)
		return string(b)
	}
	const web, worker, api, db = "procfile:Procfile:web", "procfile:Procfile:worker", "hum.yaml:hum.yaml:api", "hum.yaml:hum.yaml:db"
	_, err := a.SetDependency(web, api, "started")
	require.NoError(t, err)
	assert.Equal(t, src+"\nscripts:\n  procfile:Procfile:web:\n    depends_on:\n      api: started\n", read())
	_, err = a.SetDependency(web, worker, "completed_successfully")
	require.NoError(t, err)
	assert.Equal(t, src+"\nscripts:\n  procfile:Procfile:web:\n    depends_on:\n      api: started\n      worker: completed_successfully\n", read())

	assert.Equal(t, []session.Dependency{
		{ID: api, Ref: "api", Name: "api", Condition: "started"},
		{ID: worker, Ref: "worker", Name: "worker", Condition: "completed_successfully"},
	}, a.Dependencies(web), "what the window lists")
	assert.Equal(t, []session.Dependency{}, a.Dependencies(worker))

	_, err = a.SetDependency(web, "nope", "ready")
	assert.Equal(t, "unknown_script", FormatError(err).(errcode.Failure).Code)
	_, err = a.SetDependency("nope", api, "ready")
	assert.Equal(t, "unknown_script", FormatError(err).(errcode.Failure).Code)
	_, err = a.SetDependency(web, api, "healthy")
	assert.ErrorContains(t, err, "not a condition")
	_, err = a.SetDependency(web, web, "ready")
	assert.ErrorContains(t, err, "itself")
	_, err = a.RemoveDependency(worker, api)
	assert.Equal(t, "no_such_entry", FormatError(err).(errcode.Failure).Code)

	_, err = a.RemoveDependency(web, api)
	require.NoError(t, err)
	_, err = a.RemoveDependency(web, worker)
	require.NoError(t, err)
	assert.Equal(t, src, read(), "got the text above, want the file as it was")

	_, err = a.SetDependency(api, db, "ready")
	require.NoError(t, err)
	assert.Equal(t, strings.Replace(src, "  api:\n    command: exec sleep 60\n", "  api:\n    command: exec sleep 60\n    depends_on:\n      db: ready\n", 1), read())
	assert.Equal(t, []session.Dependency{{ID: db, Ref: "db", Name: "db", Condition: "ready"}}, a.Dependencies(api))
	_, err = a.RemoveDependency(api, db)
	require.NoError(t, err)
	assert.Equal(t, src, read())
}
