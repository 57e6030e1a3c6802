//go:build unix

package session

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/process"
	"hum/backend/stack"
)

// stackProject is a project whose hum.yaml adds two processes that print
// their environment, sets a Procfile entry's env and groups all three.
func stackProject(t *testing.T) string {
	return project(t, map[string]string{
		"Procfile": "clock: echo clock TZ=$TZ && exec sleep 60\n",
		"hum.yaml": `# a stack for the tests
processes:
  db:
    command: echo "db ready on $DB_PORT" && exec sleep 60
    env: {DB_PORT: 5432}
  api:
    argv: [sh, -c, 'echo "api in $(basename "$PWD") says $GREETING"; exec sleep 60']
    dir: api
    env:
      GREETING: hello
  once:
    command: echo once done
scripts:
  clock:
    env: {TZ: UTC}
    description: ticks
groups:
  dev:
    description: db and api
    members: [db, api]
  all:
    members: [db, api, clock, once]
defaults:
  grace_period: 3s
  autostart: dev
`,
		"api/.keep": "",
	})
}

func TestSessionListsHumYAMLProcessesFirst(t *testing.T) {
	s := open(t, stackProject(t), Options{})
	v := s.View(1, nil)
	require.NotEmpty(t, v.Groups)
	assert.Equal(t, "hum.yaml", v.Groups[0].Label)
	var names []string
	for _, sc := range v.Groups[0].Scripts {
		names = append(names, sc.Name)
	}
	assert.Equal(t, []string{"db", "api", "once"}, names)
	clock, ok := s.Script("procfile:Procfile:clock")
	require.True(t, ok)
	assert.Equal(t, "ticks", clock.Description, "hum.yaml's settings apply to the discovered script")
	assert.Empty(t, s.Project().Problems)

	gs := s.Groups()
	require.Len(t, gs, 2)
	assert.Equal(t, Group{Name: "dev", Description: "db and api", Members: []string{stack.ID("db"), stack.ID("api")}, Autostart: true}, gs[0])
	assert.Equal(t, 3*time.Second, s.Stack().Defaults.GracePeriod)
}

// TestStartGroupRunsMembersWithTheirEnv starts a group, checks from the
// processes' own output that each got its folder and environment, that a
// second start leaves the running members alone, and that stopping the
// group ends both trees.
func TestStartGroupRunsMembersWithTheirEnv(t *testing.T) {
	s := open(t, stackProject(t), Options{})
	states, err := s.StartGroup("dev")
	require.NoError(t, err)
	require.Len(t, states, 2)
	assert.Equal(t, stack.ID("db"), states[0].ScriptID, "members start in the listed order")
	assert.Equal(t, stack.ID("api"), states[1].ScriptID)
	db, api := states[0].ID, states[1].ID
	eventually(t, "both members' output", func() bool {
		return strings.Contains(logText(s, db), "db ready on 5432") && strings.Contains(logText(s, api), "api in api says hello")
	})
	eventually(t, "two members running", func() bool { return s.Groups()[0].Running == 2 })

	again, err := s.StartGroup("dev")
	require.NoError(t, err)
	assert.Equal(t, db, again[0].ID, "a running member is left alone")
	assert.Equal(t, states[0].PID, state(s, db).PID, "and not restarted")
	assert.Len(t, s.Processes(), 2)

	require.NoError(t, s.StopGroup("dev"))
	for _, id := range []string{db, api} {
		assert.Equal(t, process.StatusStopped, state(s, id).Status, "got %v, want stopped", state(s, id).Status)
	}
	assert.Zero(t, s.Groups()[0].Running)
}

func TestStartGroupOverlapsOtherGroups(t *testing.T) {
	s := open(t, stackProject(t), Options{})
	_, err := s.StartGroup("dev")
	require.NoError(t, err)
	states, err := s.StartGroup("all")
	require.NoError(t, err)
	require.Len(t, states, 4)
	clock := states[2].ID
	eventually(t, "the clock's output", func() bool { return strings.Contains(logText(s, clock), "clock TZ=UTC") })
	eventually(t, "once to end", func() bool { return state(s, states[3].ID).Status == process.StatusSucceeded })
	assert.Len(t, s.Processes(), 4, "db and api are shared by both groups, one process each")

	require.NoError(t, s.StopGroup("dev"))
	assert.Equal(t, process.StatusRunning, state(s, clock).Status, "stopping dev leaves the clock, which only all has")
}

func TestGroupErrors(t *testing.T) {
	s := open(t, stackProject(t), Options{})
	_, err := s.StartGroup("nope")
	assert.ErrorIs(t, err, ErrUnknownGroup)
	assert.ErrorIs(t, s.StopGroup("nope"), ErrUnknownGroup)
	assert.NoError(t, s.StopGroup("dev"), "stopping a group with nothing running is fine")
}

func TestStartGroupGoesOnPastAMemberThatCannotStart(t *testing.T) {
	dir := project(t, map[string]string{
		"hum.yaml": "processes:\n  missing:\n    argv: [/no/such/program]\n  fine:\n    command: echo fine && exec sleep 60\ngroups:\n  g:\n    members: [missing, fine]\n",
	})
	s := open(t, dir, Options{})
	states, err := s.StartGroup("g")
	require.Error(t, err)
	assert.Contains(t, err.Error(), stack.ID("missing"))
	require.Len(t, states, 1)
	assert.Equal(t, stack.ID("fine"), states[0].ScriptID)
	eventually(t, "fine's output", func() bool { return strings.Contains(logText(s, states[0].ID), "fine") })
}

func TestMalformedHumYAMLHidesNothing(t *testing.T) {
	dir := project(t, map[string]string{
		"Procfile": "web: echo web\n",
		"hum.yaml": "processes:\n  db:\n    command: echo db\n  api:\n    comand: oops\n",
	})
	s := open(t, dir, Options{})
	ids := map[string]bool{}
	for _, sc := range s.Project().Scripts {
		ids[sc.ID] = true
	}
	assert.True(t, ids["procfile:Procfile:web"])
	assert.True(t, ids[stack.ID("db")])
	var problems []string
	for _, p := range s.Project().Problems {
		problems = append(problems, p.String())
	}
	assert.Contains(t, problems, `hum.yaml:5:5: processes.api: unknown key "comand" (accepted: command, argv, dir, env, env_file, description, tty, depends_on, readiness, restart, watch, disabled)`)
}

func TestHumYAMLGracePeriodApplies(t *testing.T) {
	dir := project(t, map[string]string{
		// The process ignores SIGTERM, so only the kill after the grace
		// period ends it.
		"hum.yaml": "processes:\n  stubborn:\n    command: trap '' TERM; echo up; while :; do sleep 0.1; done\ndefaults:\n  grace_period: 300ms\n",
	})
	s, err := Open(t.Context(), dir, Options{})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close(t.Context()) })
	st, err := s.Start(stack.ID("stubborn"))
	require.NoError(t, err)
	eventually(t, "stubborn's output", func() bool { return strings.Contains(logText(s, st.ID), "up") })
	start := time.Now()
	final, err := s.Stop(st.ID)
	require.NoError(t, err)
	assert.True(t, final.Status.Final())
	assert.Less(t, time.Since(start), process.DefaultGracePeriod, "hum.yaml's 300ms, not the default %s", process.DefaultGracePeriod)
}

func TestHumYAMLUnreadable(t *testing.T) {
	dir := project(t, map[string]string{"Procfile": "web: echo web\n"})
	require.NoError(t, os.Mkdir(filepath.Join(dir, "hum.yaml"), 0o755))
	s := open(t, dir, Options{})
	require.Len(t, s.Project().Problems, 1)
	assert.Equal(t, "hum.yaml: not a regular file; skipped", s.Project().Problems[0].String())
	assert.Len(t, s.Project().Scripts, 1)
	assert.Empty(t, s.Groups())
}
