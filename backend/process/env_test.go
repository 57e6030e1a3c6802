//go:build unix

package process

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
)

func TestEnvironRespectsNoColour(t *testing.T) {
	tests := []struct {
		name        string
		base, extra []string
		want        []string
	}{
		{"the user's NO_COLOR forces nothing", []string{"NO_COLOR=1"}, nil, []string{"NO_COLOR=1"}},
		{"a script's NO_COLOR forces nothing", []string{"A=1"}, []string{"NO_COLOR=yes"}, []string{"A=1", "NO_COLOR=yes"}},
		{"an empty NO_COLOR is unset", []string{"NO_COLOR="}, nil, []string{"NO_COLOR=", "FORCE_COLOR=1", "CLICOLOR_FORCE=1"}},
		{"a script that clears NO_COLOR gets colours", []string{"NO_COLOR=1"}, []string{"NO_COLOR="},
			[]string{"NO_COLOR=1", "FORCE_COLOR=1", "CLICOLOR_FORCE=1", "NO_COLOR="}},
		{"the last entry counts", []string{"NO_COLOR=", "NO_COLOR=1"}, nil, []string{"NO_COLOR=", "NO_COLOR=1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := environ(tt.base, tt.extra)
			assert.Equal(t, tt.want, got, "got %v, want %v", got, tt.want)
		})
	}
}

// childEnv runs a command through the manager and returns its output.
func childEnv(t *testing.T, spec Spec) []string {
	t.Helper()
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	st, err := m.Start(spec)
	require.NoError(t, err)
	st = waitFinal(t, m, st.ID)
	require.Equal(t, StatusSucceeded, st.Status, "got %v (%s)", st.Status, st.Err)
	return rec.get(st.ID, Stdout)
}

func TestChildrenGetTheUsersEnvironmentNotHums(t *testing.T) {
	// What the user started Hum with, if anything; Hum's toolkit then sets
	// its own value in Hum's environment (Wails: GDK_BACKEND=x11).
	want := "unset"
	if v, ok := lookup(launchEnv, "GDK_BACKEND"); ok {
		want = v
	}
	t.Setenv("GDK_BACKEND", "hum-toolkit-only")
	require.Equal(t, "hum-toolkit-only", os.Getenv("GDK_BACKEND"))

	got := childEnv(t, Spec{Command: `printf '%s\n' "${GDK_BACKEND-unset}"`})
	assert.Equal(t, []string{want}, got, "the child sees the user's GDK_BACKEND: got %q, want %q", got, want)
}

func TestNoColourReachesTheChildWithoutForcedColours(t *testing.T) {
	saved := launchEnv
	launchEnv = append(append([]string{}, saved...), "NO_COLOR=1")
	t.Cleanup(func() { launchEnv = saved })

	got := childEnv(t, Spec{Command: `printf '%s|%s|%s\n' "$NO_COLOR" "${FORCE_COLOR-unset}" "${CLICOLOR_FORCE-unset}"`})
	assert.Equal(t, []string{"1|unset|unset"}, got, "got %q", got)
}

func TestAGivenEnvironmentReplacesHumsAndKeepsTheColourRules(t *testing.T) {
	show := `printf '%s|%s|%s|%s\n' "${ONLY_GIVEN-unset}" "${HOME-unset}" "${FORCE_COLOR-unset}" "${EXTRA-unset}"`
	got := childEnv(t, Spec{Command: show, Environ: []string{"PATH=/usr/bin:/bin", "ONLY_GIVEN=yes"}, Env: []string{"EXTRA=x"}})
	assert.Equal(t, []string{"yes|unset|1|x"}, got, "HOME is Hum's, not in the given environment: got %q", got)

	got = childEnv(t, Spec{Command: show, Environ: []string{"PATH=/usr/bin:/bin", "NO_COLOR=1"}})
	assert.Equal(t, []string{"unset|unset|unset|unset"}, got, "NO_COLOR in the given environment: got %q", got)
}

func TestRestartWithEnvStartsTheNextRunFromTheNewEnvironment(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	st, err := m.Start(Spec{Command: `printf 'run:%s\n' "$V"`, Environ: []string{"PATH=/usr/bin:/bin", "V=one"}})
	require.NoError(t, err)
	waitFinal(t, m, st.ID)

	_, err = m.RestartWithEnv(st.ID, []string{"PATH=/usr/bin:/bin", "V=two"})
	require.NoError(t, err)
	poll.Until(t, 10*time.Second, func() bool { return len(rec.get(st.ID, Stdout)) == 2 }, "the second run's line")

	_, err = m.Restart(st.ID) // keeps the last environment
	require.NoError(t, err)
	poll.Until(t, 10*time.Second, func() bool { return len(rec.get(st.ID, Stdout)) == 3 }, "the third run's line")
	assert.Equal(t, []string{"run:one", "run:two", "run:two"}, rec.get(st.ID, Stdout))
}

// TestAChildsPWDIsItsOwnFolder checks that a process run without a shell
// (argv, as a VS Code "process" task) sees its own folder in $PWD: Go sets
// PWD only when a command's environment is left nil, and Hum always gives
// one, so a child inherited Hum's PWD and tools that read it (Node's
// process.env.PWD, make's $(PWD)) looked in the wrong folder.
func TestAChildsPWDIsItsOwnFolder(t *testing.T) {
	dir := t.TempDir()
	got := childEnv(t, Spec{Argv: []string{"printenv", "PWD"}, Dir: dir})
	assert.Equal(t, []string{dir}, got, "PWD without a shell: got %q, want %q", got, dir)

	got = childEnv(t, Spec{Argv: []string{"printenv", "PWD"}, Dir: dir, Environ: []string{"PATH=/usr/bin:/bin", "PWD=/somewhere/else"}})
	assert.Equal(t, []string{dir}, got, "a given environment's PWD is the folder it was captured in, not the child's: got %q", got)

	got = childEnv(t, Spec{Argv: []string{"printenv", "PWD"}, Dir: dir, Env: []string{"PWD=/chosen"}})
	assert.Equal(t, []string{"/chosen"}, got, "a PWD the script sets itself wins: got %q", got)
}

func TestRestartWithSpecRunsTheNewDefinitionUnderTheSameID(t *testing.T) {
	rec := newRecorder()
	m := NewManager(Options{Sink: rec})
	cleanup(t, m)
	dir := t.TempDir()
	st, err := m.Start(Spec{ScriptID: "s", Name: "show", Command: `echo "one:$V"`, Environ: []string{"PATH=/usr/bin:/bin", "V=a"}})
	require.NoError(t, err)
	waitFinal(t, m, st.ID)

	next, err := m.RestartWithSpec(st.ID, Spec{Argv: []string{"sh", "-c", `echo "two:$V:$(pwd)"`}, Dir: dir, Environ: []string{"PATH=/usr/bin:/bin", "V=b"}})
	require.NoError(t, err)
	assert.Equal(t, st.ID, next.ID)
	assert.Equal(t, "show", next.Name, "the name stays")
	assert.Equal(t, dir, next.Dir, "the state shows the new folder")
	assert.Contains(t, next.Command, "two:", "the state shows the new command: got %q", next.Command)
	assert.Equal(t, `echo "one:$V"`, st.Command, "the first state keeps its identity")
	final := waitFinal(t, m, st.ID)
	require.Equal(t, StatusSucceeded, final.Status, "got %v (%s)", final.Status, final.Err)

	_, err = m.Restart(st.ID) // keeps the new definition
	require.NoError(t, err)
	poll.Until(t, 10*time.Second, func() bool { return len(rec.get(st.ID, Stdout)) == 3 }, "the third run's line")
	real, _ := filepath.EvalSymlinks(dir)
	got := rec.get(st.ID, Stdout)
	for i, l := range got {
		got[i] = strings.Replace(l, real, dir, 1)
	}
	assert.Equal(t, []string{"one:a", "two:b:" + dir, "two:b:" + dir}, got)
}
