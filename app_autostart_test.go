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
	"hum/backend/process"
	"hum/backend/session"
)

// autostartYAML is a hum.yaml whose dev group starts by default.
const autostartYAML = `processes:
  db:
    command: echo db up && exec sleep 60
  api:
    command: echo api up && exec sleep 60
  worker:
    command: echo worker up && exec sleep 60
groups:
  dev:
    members: [db, api]
  jobs:
    members: [worker]
defaults:
  autostart: dev
`

// lastPrompt is the newest autostart prompt sent to the window.
func lastPrompt(t *testing.T, w *fakeWindow) AutostartPrompt {
	t.Helper()
	ps := w.named(topicAutostart)
	require.NotEmpty(t, ps, "no autostart prompt was sent")
	return ps[len(ps)-1].(AutostartPrompt)
}

// reopen closes the project on dir, stopping its processes, and opens it
// again: a new open of the folder (opening an open folder only switches to
// it).
func reopen(t *testing.T, a *App, dir string) (session.View, error) {
	t.Helper()
	require.NoError(t, a.CloseProject(dir, true))
	return a.OpenProject(dir)
}

// current is the active project's view.
func current(t *testing.T, a *App) session.View {
	t.Helper()
	v, err := a.Project()
	require.NoError(t, err)
	return v
}

// runningNames are the names of the open project's live processes.
func runningNames(a *App) []string {
	var out []string
	for _, st := range a.Processes() {
		if st.Status == process.StatusRunning {
			out = append(out, st.Name)
		}
	}
	return out
}

func TestUnapprovedAutostartAsksAndStartsNothing(t *testing.T) {
	dir := writeProject(t, map[string]string{"hum.yaml": autostartYAML})
	a, w := newTestApp(t, dir)

	p := lastPrompt(t, w)
	require.Equal(t, uint64(1), p.Serial)
	assert.Equal(t, a.PendingAutostart(), p, "a window that listens late gets the same prompt")
	assert.Equal(t, "dev", p.Plan.Group)
	require.Len(t, p.Plan.Members, 2)
	assert.Equal(t, "db", p.Plan.Members[0].Name)
	assert.Equal(t, "echo db up && exec sleep 60", p.Plan.Members[0].Command)
	assert.Empty(t, a.Processes(), "an unapproved project starts nothing on open")
	assert.Equal(t, AutostartStatus{Group: "dev", FileDefault: "dev"}, a.Autostart())

	// "Not now": nothing starts, the prompt goes, the next open asks again.
	a.DeclineAutostart(p.Serial)
	assert.Zero(t, a.PendingAutostart().Serial)
	assert.Empty(t, a.Processes())
	_, err := reopen(t, a, dir)
	require.NoError(t, err)
	assert.Equal(t, current(t, a).Serial, lastPrompt(t, w).Serial, "asked again on the next open")
	assert.Empty(t, a.Processes())
}

func TestApprovedAutostartStartsOnEveryOpenUntilItsCommandsChange(t *testing.T) {
	dir := writeProject(t, map[string]string{"hum.yaml": autostartYAML})
	a, w := newTestApp(t, dir)
	p := lastPrompt(t, w)

	// An answer for another command set than the one shown is refused.
	_, err := a.ApproveAutostart(p.Serial, "sha256:0000")
	assert.Equal(t, "autostart_changed", FormatError(err).(errcode.Failure).Code)
	_, err = a.ApproveAutostart(p.Serial+1, p.Plan.Digest)
	assert.ErrorIs(t, err, session.ErrAutostartChanged)
	assert.Empty(t, a.Processes())

	states, err := a.ApproveAutostart(p.Serial, p.Plan.Digest)
	require.NoError(t, err)
	assert.Len(t, states, 2)
	eventually(t, "db and api running", func() bool { return len(runningNames(a)) == 2 })
	assert.ElementsMatch(t, []string{"db", "api"}, runningNames(a))
	assert.Zero(t, lastPrompt(t, w).Serial, "the prompt is withdrawn")
	assert.True(t, a.Autostart().Approved)

	// Reopened: started without asking.
	_, err = reopen(t, a, dir)
	require.NoError(t, err)
	assert.Zero(t, lastPrompt(t, w).Serial, "an approved set is not asked about")
	eventually(t, "the group started on reopen", func() bool { return len(runningNames(a)) == 2 })

	// The file changes one member's command: asked again, nothing starts.
	changed := strings.Replace(autostartYAML, "echo api up", "echo api v2 up", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hum.yaml"), []byte(changed), 0o644))
	_, err = reopen(t, a, dir)
	require.NoError(t, err)
	p = lastPrompt(t, w)
	assert.Equal(t, current(t, a).Serial, p.Serial, "a changed command is asked about again")
	assert.Equal(t, "echo api v2 up && exec sleep 60", p.Plan.Members[1].Command)
	assert.Empty(t, a.Processes(), "a changed set starts nothing until approved")

	// Approvals live in the user's config, never in the shared hum.yaml.
	b, err := os.ReadFile(filepath.Join(dir, "hum.yaml"))
	require.NoError(t, err)
	assert.Equal(t, changed, string(b))
	b, err = os.ReadFile(a.cfg.Path())
	require.NoError(t, err)
	assert.Contains(t, string(b), strings.TrimPrefix(firstPromptDigest(t, w), "sha256:"))
}

// firstPromptDigest is the digest of the first prompt sent, the one
// the user approved in the test above.
func firstPromptDigest(t *testing.T, w *fakeWindow) string {
	t.Helper()
	return w.named(topicAutostart)[0].(AutostartPrompt).Plan.Digest
}

func TestTheUsersOwnAutostartChoice(t *testing.T) {
	dir := writeProject(t, map[string]string{"hum.yaml": autostartYAML})
	a, w := newTestApp(t, dir)
	first := lastPrompt(t, w)

	// Choosing jobs asks about jobs' commands at once, in place of dev's.
	st, err := a.SetAutostartGroup("jobs")
	require.NoError(t, err)
	assert.Equal(t, AutostartStatus{Group: "jobs", Chosen: true, FileDefault: "dev"}, st)
	p := lastPrompt(t, w)
	assert.Equal(t, "jobs", p.Plan.Group)
	assert.Equal(t, "worker", p.Plan.Members[0].Name)
	_, err = a.ApproveAutostart(first.Serial, first.Plan.Digest)
	assert.ErrorIs(t, err, session.ErrAutostartChanged, "dev's prompt no longer stands")
	_, err = a.ApproveAutostart(p.Serial, p.Plan.Digest)
	require.NoError(t, err)
	eventually(t, "the worker running", func() bool { return len(runningNames(a)) == 1 })

	_, err = reopen(t, a, dir)
	require.NoError(t, err)
	eventually(t, "jobs started on reopen", func() bool { return len(runningNames(a)) == 1 })
	assert.Equal(t, []string{"worker"}, runningNames(a))
	assert.Zero(t, lastPrompt(t, w).Serial)

	// None: nothing starts and nothing asks, though hum.yaml names dev.
	st, err = a.SetAutostartGroup("")
	require.NoError(t, err)
	assert.Equal(t, AutostartStatus{Group: "", Chosen: true, FileDefault: "dev"}, st)
	_, err = reopen(t, a, dir)
	require.NoError(t, err)
	assert.Zero(t, lastPrompt(t, w).Serial)
	assert.Empty(t, a.Processes())

	// Choosing hum.yaml's own default follows the file again.
	st, err = a.SetAutostartGroup("dev")
	require.NoError(t, err)
	assert.Equal(t, AutostartStatus{Group: "dev", Chosen: false, FileDefault: "dev"}, st)
	assert.Equal(t, "dev", lastPrompt(t, w).Plan.Group)

	_, err = a.SetAutostartGroup("nope")
	assert.ErrorIs(t, err, session.ErrUnknownGroup)
}

func TestNoAutostartWithoutAGroup(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "web: exec sleep 60\n"})
	a, w := newTestApp(t, dir)
	assert.Zero(t, lastPrompt(t, w).Serial)
	assert.Equal(t, AutostartStatus{}, a.Autostart())
	_, err := a.SetAutostartGroup("dev")
	assert.ErrorIs(t, err, session.ErrUnknownGroup)
	_, err = a.ApproveAutostart(1, "sha256:x")
	assert.ErrorIs(t, err, session.ErrAutostartChanged)
	assert.Empty(t, a.Processes())
}

func TestAChangedEnvFileAsksAgain(t *testing.T) {
	dir := writeProject(t, map[string]string{"hum.yaml": autostartYAML, ".env": "PORT=1\n"})
	a, w := newTestApp(t, dir)
	p := lastPrompt(t, w)
	assert.Equal(t, []string{".env"}, p.Plan.Members[0].EnvFiles, "the prompt says where the environment comes from")
	_, err := a.ApproveAutostart(p.Serial, p.Plan.Digest)
	require.NoError(t, err)
	eventually(t, "the group running", func() bool { return len(runningNames(a)) == 2 })

	// A variable can run code (NODE_OPTIONS, LD_PRELOAD): a changed .env is
	// a changed command set.
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".env"), []byte("PORT=1\nNODE_OPTIONS=--require ./x.js\n"), 0o644))
	_, err = reopen(t, a, dir)
	require.NoError(t, err)
	assert.NotZero(t, lastPrompt(t, w).Serial, "asked again after .env changed")
	assert.Empty(t, a.Processes())
}
