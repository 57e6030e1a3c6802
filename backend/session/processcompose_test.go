//go:build unix

package session

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
	"hum/backend/stack"
)

const pcFile = "process-compose.yaml"

func pcID(name string) string { return stack.ProcessComposeID(pcFile, name) }

// rewritePC replaces the project's process-compose.yaml as an editor
// saves: to a temporary file, renamed over it.
func rewritePC(t *testing.T, dir, body string) {
	t.Helper()
	tmp := filepath.Join(dir, ".process-compose.yaml.swp")
	require.NoError(t, os.WriteFile(tmp, []byte(body), 0o644))
	require.NoError(t, os.Rename(tmp, filepath.Join(dir, pcFile)))
}

func TestSessionOpensAProcessComposeFile(t *testing.T) {
	dir := project(t, map[string]string{
		"Procfile": "clock: exec sleep 60\n",
		pcFile: `processes:
  db:
    command: echo "db on $$DB_PORT" && exec sleep 60
    environment: [DB_PORT=5432]
    namespace: data
  _migrate:
    command: echo migrated
    depends_on:
      db: {condition: process_started}
    namespace: data
  api:
    command: exec sleep 60
    shutdown: {timeout_seconds: 7}
`,
		"hum.yaml": "groups:\n  dev:\n    members: [api, clock]\n",
	})
	var calls atomic.Int32
	s := open(t, dir, Options{OnStackChange: func(*Session) { calls.Add(1) }})
	assert.Empty(t, s.Project().Problems)

	v := s.View(1, nil)
	require.Len(t, v.Groups, 2)
	assert.Equal(t, stack.ProcessComposeSource, v.Groups[0].Source)
	assert.Equal(t, pcFile, v.Groups[0].Label, "its own heading in the sidebar")
	var names []string
	for _, sc := range v.Groups[0].Scripts {
		names = append(names, sc.Name)
	}
	assert.Equal(t, []string{"db", "_migrate", "api"}, names)

	gs := s.Groups()
	require.Len(t, gs, 3)
	assert.Equal(t, Group{Name: "dev", Members: []string{pcID("api"), "procfile:Procfile:clock"}}, gs[0], "hum.yaml's group names a process-compose process")
	assert.Equal(t, "data", gs[1].Name)
	assert.Equal(t, []string{pcID("db"), pcID("_migrate")}, gs[1].Members, "a namespace is a group")
	assert.Equal(t, "default", gs[2].Name)
	assert.Equal(t, 7*time.Second, s.Stack().Defaults.GracePeriod, "the file's shutdown timeout")
	require.Contains(t, s.Stack().Policies, pcID("_migrate"))
	assert.Equal(t, pcID("db"), s.Stack().Policies[pcID("_migrate")].DependsOn[0].ID)

	// A process of the file runs with its environment ($$ is a $ the
	// file's interpolation leaves for the shell).
	db, err := s.Start(pcID("db"))
	require.NoError(t, err)
	eventually(t, "db's output", func() bool { return strings.Contains(logText(s, db.ID), "db on 5432") })

	// Saving the file shows the change, and marks db, whose command
	// changed, as the file's to apply.
	rewritePC(t, dir, `processes:
  db:
    command: echo "db two on $$DB_PORT" && exec sleep 60
    environment: [DB_PORT=5432]
  worker:
    command: echo working
    depends_on:
      ghost: {condition: process_started}
`)
	eventually(t, "the new process", func() bool { return scriptNames(s) == "db worker clock" })
	assert.Equal(t, uint64(1), s.Revision())
	// OnStackChange runs after the new stack is in place, so a reader may
	// see the new names first: wait for the call, then count it.
	eventually(t, "OnStackChange", func() bool { return calls.Load() >= 1 })
	assert.Equal(t, int32(1), calls.Load(), "OnStackChange once for one save")
	eventually(t, "db marked", func() bool { return state(s, db.ID).EnvChanged == pcFile })
	var problems []string
	for _, p := range s.Project().Problems {
		problems = append(problems, p.String())
	}
	assert.Equal(t, []string{
		`hum.yaml:3:15: groups.dev: no process or script "api"`,
		`process-compose.yaml:8:7: processes.worker.depends_on: process-compose.yaml has no process "ghost"`,
	}, problems)
	_, ok := s.Stack().Group("data")
	assert.False(t, ok, "the namespace is gone with its processes")

	// Removing the file leaves the Procfile's script alone.
	require.NoError(t, os.Remove(filepath.Join(dir, pcFile)))
	eventually(t, "the file's processes gone", func() bool { return scriptNames(s) == "clock" })
}

// TestTheWindowAddsAProcessComposeProcessToAGroup adds a process of the
// file to a hum.yaml group by its ID, as the window does: hum.yaml names
// it by its name.
func TestTheWindowAddsAProcessComposeProcessToAGroup(t *testing.T) {
	dir := project(t, map[string]string{
		pcFile: "processes:\n  _migrate:\n    command: echo migrated\n",
	})
	s := open(t, dir, Options{})
	require.NoError(t, s.CreateGroup("mine", []string{pcID("_migrate")}))
	g, ok := s.Stack().Group("mine")
	require.True(t, ok)
	assert.Equal(t, []string{pcID("_migrate")}, g.Members)
	body, err := os.ReadFile(filepath.Join(dir, stack.FileName))
	require.NoError(t, err)
	assert.Contains(t, string(body), "members: [_migrate]")
	assert.Empty(t, s.Project().Problems)
}

// TestAProcessComposeDependencyIsWaitedFor starts a process of the file
// that depends on another's ready_log_line: the supervisor starts the
// dependency first and the dependent only once the line is printed, which
// the dependent checks from a file the dependency writes just before it.
func TestAProcessComposeDependencyIsWaitedFor(t *testing.T) {
	dir := project(t, map[string]string{
		pcFile: `processes:
  db:
    command: sleep 1; touch db-ready; echo accepting connections; exec sleep 60
    ready_log_line: accepting connections
  _migrate:
    command: test -f db-ready && echo migrated || echo too early
    depends_on:
      db: {condition: process_log_ready}
`,
	})
	s := open(t, dir, Options{})
	require.Empty(t, s.Project().Problems)
	m, err := s.Start(pcID("_migrate"))
	require.NoError(t, err)
	poll.Until(t, 60*time.Second, func() bool {
		return strings.Contains(logText(s, m.ID), "migrated") || strings.Contains(logText(s, m.ID), "too early")
	},
		"_migrate to run: %v", lazyState{s, m.ID})
	assert.Contains(t, logText(s, m.ID), "migrated", "got %q", logText(s, m.ID))
	var db bool
	for _, st := range s.Processes() {
		db = db || st.ScriptID == pcID("db")
	}
	assert.True(t, db, "db was started for _migrate")
}
