//go:build unix

package cli

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stackFiles is a project whose hum.yaml declares processes that print
// their environment and folder, a discovered Procfile entry it adds env
// to, and groups of them.
var stackFiles = map[string]string{
	"Procfile": "clock: echo \"clock in $TZ\"\n",
	"hum.yaml": `# the test stack
processes:
  db:
    command: echo "db ready on $DB_PORT"
    env: {DB_PORT: 5432}
  api:
    argv: [sh, -c, 'echo "api in $(basename "$PWD") says $GREETING"']
    dir: api
    env: {GREETING: hello}
  serve:
    command: trap 'echo serve got TERM; exit 0' TERM; echo serve up; while :; do sleep 0.1; done
  tail:
    command: trap 'echo tail got TERM; exit 0' TERM; echo tail up; while :; do sleep 0.1; done
  broken:
    command: exit 3
scripts:
  clock:
    env: {TZ: UTC}
groups:
  dev:
    description: db and api
    members: [db, api, clock]
  long:
    members: [serve, tail]
  bad:
    members: [db, broken]
defaults:
  grace_period: 20s
`,
	"api/.keep": "",
}

func TestBinaryUpRunsAGroup(t *testing.T) {
	dir := writeProject(t, stackFiles)
	stdout, stderr, code := runHum(t, "up", dir, "dev")
	require.Equal(t, 0, code, "stderr %q stdout %q", stderr, stdout)
	for _, want := range []string{
		"db    | db ready on 5432",
		"api   | api in api says hello",
		"clock | clock in UTC",
		"db    | exited with code 0",
		"api   | exited with code 0",
		"clock | exited with code 0",
	} {
		assert.Contains(t, stdout, want)
	}

	// Two groups sharing db run it once; the failing member's code is hum's.
	stdout, stderr, code = runHum(t, "up", dir, "dev", "bad")
	assert.Equal(t, 3, code, "got %v, want broken's exit code 3; stderr %q", code, stderr)
	assert.Equal(t, 1, strings.Count(stdout, "db ready on 5432"), "db runs once; got %q", stdout)
	assert.Contains(t, stdout, "broken | exited with code 3")

	// hum run runs hum.yaml's processes by name too.
	stdout, stderr, code = runHum(t, "run", dir, "api")
	require.Equal(t, 0, code, "stderr %q", stderr)
	assert.Contains(t, stdout, "api | api in api says hello")
}

func TestBinaryUpErrors(t *testing.T) {
	dir := writeProject(t, stackFiles)
	_, stderr, code := runHum(t, "up", dir, "nope")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `hum: no group "nope" in `+dir+"; its groups: dev, long, bad")

	bare := writeProject(t, map[string]string{"Procfile": "web: echo web\n"})
	_, stderr, code = runHum(t, "up", bare, "dev")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "has no hum.yaml")

	// Without a group, hum up runs what the project file declares: here
	// nothing, so it says what to do instead.
	stdout, stderr, code := runHum(t, "up", bare)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "hum: up: "+bare+" declares no processes (in hum.yaml or process-compose.yaml); name the scripts to run with `hum run`")
	assert.Empty(t, stdout, "nothing runs")

	broken := writeProject(t, map[string]string{"hum.yaml": "groups:\n  dev:\n    members: [ghost]\n"})
	_, stderr, code = runHum(t, "up", broken, "dev")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `hum: group "dev" has no members to run`)
	assert.Contains(t, stderr, `hum: note: hum.yaml:3:15: groups.dev: no process or script "ghost"`)
}

// TestBinaryUpStopsOnSIGTERM checks `hum up` stops like `hum run`: one
// SIGTERM stops every member gracefully, and hum exits 0.
func TestBinaryUpStopsOnSIGTERM(t *testing.T) {
	dir := writeProject(t, stackFiles)
	h := startHum(t, "up", dir, "long")
	h.waitFor("serve | serve up", "tail  | tail up")

	require.NoError(t, h.cmd.Process.Signal(syscall.SIGTERM))
	assert.Equal(t, 0, h.wait(), "a requested stop exits 0; stderr %q", h.stderr.String())
	out := h.stdout.String()
	assert.Contains(t, out, "serve | serve got TERM")
	assert.Contains(t, out, "tail  | tail got TERM")
	assert.Contains(t, h.stderr.String(), "hum: stopping every script")
}

// humRun is the binary running in the background, as a terminal runs it.
type humRun struct {
	t              *testing.T
	cmd            *exec.Cmd
	stdout, stderr syncBuffer
	exited         chan error
}

// startHum starts the binary with args; the test's end kills it if it
// still runs.
func startHum(t *testing.T, args ...string) *humRun {
	t.Helper()
	h := &humRun{t: t, cmd: exec.Command(hum(t), args...), exited: make(chan error, 1)}
	h.cmd.Env = append(os.Environ(), "NO_COLOR=1")
	h.cmd.WaitDelay = 10 * time.Second
	h.cmd.Stdout, h.cmd.Stderr = &h.stdout, &h.stderr
	require.NoError(t, h.cmd.Start())
	go func() { h.exited <- h.cmd.Wait() }()
	t.Cleanup(func() {
		if h.cmd.ProcessState == nil {
			h.cmd.Process.Kill()
			<-h.exited
		}
	})
	return h
}

// waitFor waits until the output has every one of the lines.
func (h *humRun) waitFor(lines ...string) {
	h.t.Helper()
	eventually(h.t, 60*time.Second, func() bool {
		out := h.stdout.String()
		for _, l := range lines {
			if !slices.Contains(strings.Split(out, "\n"), l) {
				return false
			}
		}
		return true
	}, "got %q, want the lines %q", lazyText(h.stdout.String), lines)
}

// wait waits for hum to exit and returns its exit code.
func (h *humRun) wait() int {
	h.t.Helper()
	select {
	case err := <-h.exited:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		require.NoError(h.t, err)
		return 0
	case <-time.After(90 * time.Second):
		h.t.Fatalf("hum did not exit; stdout %q stderr %q", h.stdout.String(), h.stderr.String())
		return -1
	}
}

// lazyText prints as what its function returns when printed, so a failure
// message shows the last output, not the output when the wait began.
type lazyText func() string

func (l lazyText) String() string { return l() }

func TestBinaryScriptsListsGroups(t *testing.T) {
	dir := writeProject(t, stackFiles)
	stdout, stderr, code := runHum(t, "scripts", dir)
	require.Equal(t, 0, code, "stderr %q", stderr)
	assert.Contains(t, stdout, "\nhum.yaml\n  db ")
	assert.Contains(t, stdout, "\nGroups (hum up)\n  dev    db, api, clock   # db and api\n")
	assert.Less(t, strings.Index(stdout, "hum.yaml"), strings.Index(stdout, "Procfile"), "hum.yaml's processes come first")

	stdout, stderr, code = runHum(t, "scripts", "--json", dir)
	require.Equal(t, 0, code, "stderr %q", stderr)
	var doc Document
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	require.Len(t, doc.Groups, 3)
	assert.Equal(t, DocumentGroup{Name: "dev", Description: "db and api",
		Members: []string{"hum.yaml:hum.yaml:db", "hum.yaml:hum.yaml:api", "procfile:Procfile:clock"}}, doc.Groups[0])
	assert.Equal(t, "hum.yaml", doc.Scripts[0].Source)
	assert.Empty(t, doc.Problems)
}
