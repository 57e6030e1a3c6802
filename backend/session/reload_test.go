//go:build unix

package session

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/process"
	"hum/backend/stack"
)

// liveProject has a Procfile entry and a hum.yaml process, both long
// running, and a group of the two.
func liveProject(t *testing.T) string {
	return project(t, map[string]string{
		"Procfile": "web: echo web up && exec sleep 300\n",
		"hum.yaml": "# the stack\nprocesses:\n  db:\n    command: echo db one && exec sleep 300\ngroups:\n  dev:\n    members: [db, web]\n",
	})
}

// rewrite replaces the project's hum.yaml as an editor saves: to a
// temporary file, renamed over it.
func rewrite(t *testing.T, dir, body string) {
	t.Helper()
	tmp := filepath.Join(dir, ".hum.yaml.swp")
	require.NoError(t, os.WriteFile(tmp, []byte(body), 0o644))
	require.NoError(t, os.Rename(tmp, filepath.Join(dir, stack.FileName)))
}

// scriptNames lists the project's scripts by name, space separated.
func scriptNames(s *Session) string {
	var out []string
	for _, sc := range s.Project().Scripts {
		out = append(out, sc.Name)
	}
	return strings.Join(out, " ")
}

// groupNames lists hum.yaml's groups, space separated.
func groupNames(s *Session) string {
	var out []string
	for _, g := range s.Groups() {
		out = append(out, g.Name)
	}
	return strings.Join(out, " ")
}

func TestAChangeToHumYAMLIsShownAndRestartsNothing(t *testing.T) {
	dir := liveProject(t)
	var calls atomic.Int32
	s := open(t, dir, Options{OnStackChange: func(*Session) { calls.Add(1) }})
	db, err := s.Start(stack.ID("db"))
	require.NoError(t, err)
	web, err := s.Start("procfile:Procfile:web")
	require.NoError(t, err)
	eventually(t, "db to print", func() bool { return strings.Contains(logText(s, db.ID), "db one") })

	// db's command changes, a process and a group are added; web's
	// definition stays.
	rewrite(t, dir, "# the stack\nprocesses:\n  db:\n    command: echo db two && exec sleep 300\n  worker:\n    command: echo working\n"+
		"groups:\n  dev:\n    members: [db, web]\n  jobs:\n    members: [worker]\n")
	eventually(t, "the new group", func() bool { return groupNames(s) == "dev jobs" })
	assert.Equal(t, "db worker web", scriptNames(s))
	assert.Equal(t, uint64(1), s.Revision())
	assert.Equal(t, uint64(1), s.View(3, nil).Revision)
	// OnStackChange runs after the new stack is visible: wait for the call,
	// then check it was the only one.
	eventually(t, "OnStackChange", func() bool { return calls.Load() > 0 })
	assert.Equal(t, int32(1), calls.Load(), "OnStackChange once for one save")

	eventually(t, "db marked", func() bool { return state(s, db.ID).EnvChanged == "hum.yaml" })
	for _, st := range []process.State{db, web} {
		now := state(s, st.ID)
		assert.Equal(t, process.StatusRunning, now.Status, "%s: got %v, want running", st.Name, now.Status)
		assert.Equal(t, st.PID, now.PID, "%s keeps its PID", st.Name)
		assert.Zero(t, now.Restarts, "%s: nothing restarts by itself", st.Name)
	}
	assert.Empty(t, state(s, web.ID).EnvChanged, "web's definition did not change")

	// The new process starts; the changed one runs its new command once
	// restarted, under the same ID, and the mark goes.
	w, err := s.Start(stack.ID("worker"))
	require.NoError(t, err)
	eventually(t, "worker to print", func() bool { return strings.Contains(logText(s, w.ID), "working") })
	_, err = s.Restart(db.ID)
	require.NoError(t, err)
	eventually(t, "db's new command", func() bool { return strings.Contains(logText(s, db.ID), "db two") })
	assert.Empty(t, state(s, db.ID).EnvChanged)
	assert.Contains(t, state(s, db.ID).Command, "db two", "the row shows the new command")

	// Saved again without a change: nothing to show.
	rewrite(t, dir, "# the stack, reworded\nprocesses:\n  db:\n    command: echo db two && exec sleep 300\n  worker:\n    command: echo working\n"+
		"groups:\n  dev:\n    members: [db, web]\n  jobs:\n    members: [worker]\n")
	// A second change after it proves the first was looked at.
	rewrite(t, dir, "processes:\n  db:\n    command: echo db two && exec sleep 300\n")
	eventually(t, "the groups gone", func() bool { return groupNames(s) == "" })
	assert.Equal(t, uint64(2), s.Revision(), "the reworded save changed nothing shown")
}

func TestADefinitionChangedBackClearsItsMark(t *testing.T) {
	dir := liveProject(t)
	s := open(t, dir, Options{})
	db, err := s.Start(stack.ID("db"))
	require.NoError(t, err)
	orig, err := os.ReadFile(filepath.Join(dir, stack.FileName))
	require.NoError(t, err)

	rewrite(t, dir, strings.Replace(string(orig), "command: echo db one", "dir: .\n    env: {X: 1}\n    command: echo db one", 1))
	eventually(t, "db marked for its env", func() bool { return state(s, db.ID).EnvChanged == "hum.yaml" })
	rewrite(t, dir, string(orig))
	eventually(t, "the mark cleared", func() bool { return state(s, db.ID).EnvChanged == "" })
	assert.Equal(t, db.PID, state(s, db.ID).PID)
}

func TestAMalformedHumYAMLShowsItsProblemAndHidesNothingElse(t *testing.T) {
	dir := liveProject(t)
	s := open(t, dir, Options{})
	db, err := s.Start(stack.ID("db"))
	require.NoError(t, err)

	// A typo in db's entry; cache beside it is fine.
	rewrite(t, dir, "processes:\n  db:\n    comand: echo db two\n  cache:\n    command: exec sleep 300\n")
	eventually(t, "the problem", func() bool { return len(s.Project().Problems) > 0 })
	p := s.Project().Problems[0]
	assert.Equal(t, stack.FileName, p.File)
	assert.Equal(t, [2]int{3, 5}, [2]int{p.Line, p.Column}, "got %d:%d, want 3:5 (%s)", p.Line, p.Column, p.Message)
	assert.Contains(t, p.Message, "comand")
	assert.Equal(t, "cache web", scriptNames(s), "the rest of hum.yaml and discovery's scripts stay")
	v := s.View(1, nil)
	require.Equal(t, stack.Source, v.Groups[0].Source, "the problem sits with hum.yaml in the sidebar")
	assert.NotEmpty(t, v.Groups[0].Problems)
	assert.Equal(t, process.StatusRunning, state(s, db.ID).Status, "db runs on")
	assert.Equal(t, db.PID, state(s, db.ID).PID)

	// Fixed: the problem goes and db is back.
	rewrite(t, dir, "processes:\n  db:\n    command: echo db one && exec sleep 300\n")
	eventually(t, "the problem gone", func() bool { return len(s.Project().Problems) == 0 })
	assert.Equal(t, "db web", scriptNames(s))
	assert.Empty(t, state(s, db.ID).EnvChanged, "db's definition is what it started with")
}

func TestADeletedHumYAMLTakesItsProcessesAwayAndLeavesThemRunning(t *testing.T) {
	dir := liveProject(t)
	s := open(t, dir, Options{})
	db, err := s.Start(stack.ID("db"))
	require.NoError(t, err)
	eventually(t, "db to print", func() bool { return strings.Contains(logText(s, db.ID), "db one") })

	require.NoError(t, os.Remove(filepath.Join(dir, stack.FileName)))
	eventually(t, "db gone from the project", func() bool { return scriptNames(s) == "web" })
	assert.Empty(t, s.Groups())
	assert.False(t, s.Stack().HasFile)
	_, err = s.Start(stack.ID("db"))
	assert.ErrorIs(t, err, ErrUnknownScript)
	now := state(s, db.ID)
	assert.Equal(t, process.StatusRunning, now.Status, "db runs on: got %v", now.Status)
	assert.Equal(t, db.PID, now.PID)
	assert.Empty(t, now.EnvChanged, "nothing to apply: a restart runs what it runs")

	// A restart runs what it ran, with its layered environment.
	_, err = s.Restart(db.ID)
	require.NoError(t, err)
	eventually(t, "db's second run", func() bool { return strings.Count(logText(s, db.ID), "db one") == 2 })

	// Created again, it is back.
	require.NoError(t, os.WriteFile(filepath.Join(dir, stack.FileName), []byte("processes:\n  cache:\n    command: exec sleep 300\n"), 0o644))
	eventually(t, "cache listed", func() bool { return scriptNames(s) == "cache web" })
}

func TestReadersNeverSeeHalfAChange(t *testing.T) {
	dir := liveProject(t)
	s := open(t, dir, Options{})
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				// A group's members are always scripts of the same version.
				v := s.now()
				for _, g := range v.stack.Groups {
					for _, id := range g.Members {
						if _, ok := v.scripts[id]; !ok {
							t.Errorf("group %s lists %s, which its project does not have", g.Name, id)
							return
						}
					}
				}
				_ = s.View(1, nil)
				_ = s.Groups()
			}
		})
	}
	for i := range 20 {
		name := []string{"db", "cache"}[i%2]
		rewrite(t, dir, "processes:\n  "+name+":\n    command: exec sleep 300\ngroups:\n  dev:\n    members: ["+name+", web]\n")
		s.reloadStack()
	}
	close(stop)
	wg.Wait()
	assert.Equal(t, "cache web", scriptNames(s))
}
