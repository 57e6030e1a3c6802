//go:build unix

package session

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
	"hum/backend/process"
	"hum/backend/stack"
)

// trapped says when it is up, stays up until TERM, and then appends its
// name and the time to the file "stops".
const trapped = `import signal, sys, time
def stop(*_):
    with open("stops", "a") as f:
        f.write("%s %f\n" % (sys.argv[1], time.time()))
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
print("up", time.time(), flush=True)
while True:
    time.sleep(1)
`

// withPolicies gives the session's current stack these policies, as a
// hum.yaml with depends_on would.
func withPolicies(s *Session, pol map[string]stack.Policy) {
	c := s.now()
	st := c.stack
	st.Policies = pol
	s.cur.Store(newComposed(st, c.revision))
}

// stops reads the file "stops": each process's name and when it stopped.
func stops(t *testing.T, dir string) map[string]float64 {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "stops"))
	require.NoError(t, err)
	at := map[string]float64{}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(l)
		require.Len(t, f, 2, l)
		v, err := strconv.ParseFloat(f[1], 64)
		require.NoError(t, err)
		at[f[0]] = v
	}
	return at
}

// upUntil waits until the process has printed its up line n times.
func upUntil(t *testing.T, s *Session, id string, n int) {
	t.Helper()
	poll.Until(t, 60*time.Second, func() bool { return strings.Count(logText(s, id), "up ") >= n },
		"%s to be up %d times: %v", id, n, lazyState{s, id})
}

// lazyState prints the process's state when a wait fails.
type lazyState struct {
	s  *Session
	id string
}

func (l lazyState) String() string {
	st := state(l.s, l.id)
	return fmt.Sprintf("%s %q, log %q", st.Status, st.Detail, logText(l.s, l.id))
}

// upAt is when the process printed "up".
func upAt(t *testing.T, s *Session, id string) float64 {
	t.Helper()
	for _, l := range strings.Split(logText(s, id), "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "up" {
			v, err := strconv.ParseFloat(f[1], 64)
			require.NoError(t, err)
			return v
		}
	}
	t.Fatalf("%s printed no up line: %q", id, logText(s, id))
	return 0
}

func TestAGroupStartsInDependencyOrderAndStopsInReverse(t *testing.T) {
	dir := project(t, map[string]string{
		"trapped.py": trapped,
		"hum.yaml": "processes:\n" +
			"  db:\n    command: exec python3 trapped.py db\n" +
			"  api:\n    command: exec python3 trapped.py api\n" +
			"  web:\n    command: exec python3 trapped.py web\n" +
			"groups:\n  stack:\n    members: [web, api, db]\n",
	})
	s := open(t, dir, Options{GracePeriod: 10 * time.Second})
	db, api, web := stack.ID("db"), stack.ID("api"), stack.ID("web")
	withPolicies(s, map[string]stack.Policy{
		api: {DependsOn: []stack.Dependency{{Ref: "db", ID: db, Condition: stack.ConditionLogReady, Pattern: "^up "}}},
		web: {DependsOn: []stack.Dependency{{Ref: "api", ID: api, Condition: stack.ConditionReady}}},
	})

	states, err := s.StartGroup("stack")
	require.NoError(t, err)
	require.Len(t, states, 3, "every member has a row once StartGroup returns")
	assert.Equal(t, web, states[0].ScriptID)
	assert.Equal(t, process.StatusWaiting, states[0].Status)
	assert.Equal(t, "waiting for api (ready)", states[0].Detail)
	ids := map[string]string{}
	for _, st := range states {
		ids[st.ScriptID] = st.ID
	}
	for _, sc := range []string{db, api, web} {
		upUntil(t, s, ids[sc], 1)
	}
	assert.Less(t, upAt(t, s, ids[db]), upAt(t, s, ids[api]), "api starts once db printed its line")
	assert.Less(t, upAt(t, s, ids[api]), upAt(t, s, ids[web]), "web starts once api is ready")
	assert.Equal(t, "started", state(s, ids[api]).ReadyNote)

	require.NoError(t, s.StopGroup("stack"))
	at := stops(t, dir)
	require.Len(t, at, 3)
	assert.Less(t, at["web"], at["api"], "web stops before api")
	assert.Less(t, at["api"], at["db"], "api stops before db")
	require.NoError(t, os.Remove(filepath.Join(dir, "stops")))

	// Starting api alone starts db again first, under the same rows, with
	// a marker between the runs.
	again, err := s.Start(api)
	require.NoError(t, err)
	assert.Equal(t, ids[api], again.ID, "one script is one row")
	upUntil(t, s, ids[api], 2)
	assert.Contains(t, logText(s, ids[db]), "── run 2 · started again ──")
	assert.Equal(t, process.StatusStopped, state(s, ids[web]).Status, "web was not asked for")

	// Close stops in reverse order too.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	require.NoError(t, s.Close(ctx))
	at = stops(t, dir)
	require.Len(t, at, 2)
	assert.Less(t, at["api"], at["db"], "Close stops api before db")
}

func TestARestartedProcessShowsTheURLsItPrintsAgain(t *testing.T) {
	dir := project(t, map[string]string{"Procfile": "web: echo serving on http://localhost:4321/ && exec sleep 300\n"})
	s := open(t, dir, Options{})
	st, err := s.Start(scriptID(t, s, "web"))
	require.NoError(t, err)
	eventually(t, "the URL", func() bool { return len(state(s, st.ID).URLs) == 1 })
	_, err = s.Restart(st.ID)
	require.NoError(t, err)
	eventually(t, "the second run's URL", func() bool {
		cur := state(s, st.ID)
		return cur.Restarts == 1 && len(cur.URLs) == 1
	})
	assert.Equal(t, []string{"http://localhost:4321"}, state(s, st.ID).URLs)
	assert.Contains(t, logText(s, st.ID), "── run 2 · restarted ──")
}

func TestAServerIsReadyWhenTheURLItPrintedAnswers(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	dir := project(t, map[string]string{"Procfile": fmt.Sprintf(
		"web: echo serving on http://127.0.0.1:%d/ && sleep 1 && exec python3 -m http.server --bind 127.0.0.1 %d\n", port, port)})
	s := open(t, dir, Options{})
	st, err := s.Start(scriptID(t, s, "web"))
	require.NoError(t, err)
	poll.Until(t, 60*time.Second, func() bool { return state(s, st.ID).Ready }, "web to be ready: %v", lazyState{s, st.ID})
	assert.Equal(t, fmt.Sprintf("inferred from http://127.0.0.1:%d", port), state(s, st.ID).ReadyNote)
}

func TestAStackFromHumYAMLStartsInOrderAndRestartsACrash(t *testing.T) {
	dir := project(t, map[string]string{
		"trapped.py": trapped,
		"hum.yaml": "processes:\n" +
			"  db:\n    command: exec python3 trapped.py db\n    readiness:\n      log: \"^up \"\n" +
			"  api:\n    command: test -f crashed && exec python3 trapped.py api; touch crashed; exit 4\n" +
			"    depends_on:\n      db: ready\n" +
			"    restart:\n      policy: on-failure\n      backoff: 200ms\n" +
			"groups:\n  dev:\n    members: [api]\n",
	})
	s := open(t, dir, Options{})
	require.Empty(t, s.Stack().Cycles)
	states, err := s.StartGroup("dev")
	require.NoError(t, err)
	require.Len(t, states, 1)
	api := states[0].ID
	assert.Equal(t, process.StatusWaiting, states[0].Status)
	assert.Equal(t, "waiting for db (ready)", states[0].Detail)
	upUntil(t, s, api, 1)
	st := state(s, api)
	assert.Equal(t, 1, st.Restarts, "api crashed once and came back")
	require.NotNil(t, st.Last)
	assert.Equal(t, 4, st.Last.ExitCode)
	assert.Contains(t, logText(s, api), "── run 2 · restarted after exit 4 ──")
	var db process.State
	for _, p := range s.Processes() {
		if p.ScriptID == stack.ID("db") {
			db = p
		}
	}
	assert.True(t, db.Ready)
	assert.Equal(t, "log line /^up /", db.ReadyNote)
}

// TestTTYFalseInHumYAMLKeepsPipes: a hum.yaml process runs on a terminal
// unless it says tty: false, and the session types into the one on a
// terminal.
func TestTTYFalseInHumYAMLKeepsPipes(t *testing.T) {
	dir := project(t, map[string]string{
		"hum.yaml": "processes:\n" +
			"  term: {command: 'tty; read -r answer; echo \"got $answer\"'}\n" +
			"  pipes: {command: 'tty; echo oops >&2', tty: false}\n",
	})
	s := open(t, dir, Options{})
	term, err := s.Start(scriptID(t, s, "term"))
	require.NoError(t, err)
	assert.True(t, term.TTY, "got TTY false, want the default terminal")
	eventually(t, "term's tty line", func() bool { return strings.Contains(logText(s, term.ID), "/dev/") })
	require.NoError(t, s.Input(term.ID, []byte("yes\r")))
	eventually(t, "the answer", func() bool { return strings.Contains(logText(s, term.ID), "got yes") })
	require.NoError(t, s.Resize(term.ID, 100, 40))

	pipes, err := s.Start(scriptID(t, s, "pipes"))
	require.NoError(t, err)
	assert.False(t, pipes.TTY, "got TTY true, want tty: false to keep pipes")
	eventually(t, "pipes to end", func() bool { return state(s, pipes.ID).Status.Final() })
	assert.Contains(t, logText(s, pipes.ID), "not a tty")
	assert.ErrorIs(t, s.Input(pipes.ID, []byte("x")), process.ErrNoTerminal)
}

// TestAProjectsTERMWinsOnATerminal: a process on a terminal gets
// xterm-256color in place of Hum's own TERM, unless the project sets one.
func TestAProjectsTERMWinsOnATerminal(t *testing.T) {
	dir := project(t, map[string]string{
		"hum.yaml": "processes:\n" +
			"  plain: {command: 'echo \"term=$TERM\"'}\n" +
			"  chosen: {command: 'echo \"term=$TERM\"', env: {TERM: vt100}}\n",
	})
	s := open(t, dir, Options{})
	for name, want := range map[string]string{"plain": "term=xterm-256color", "chosen": "term=vt100"} {
		st, err := s.Start(scriptID(t, s, name))
		require.NoError(t, err)
		eventually(t, name+"'s line", func() bool { return strings.Contains(logText(s, st.ID), "term=") })
		assert.Contains(t, logText(s, st.ID), want, "%s", name)
	}
}

// TestAProcessWaitingAtAPromptIsFlagged: a process that prints a question
// without a newline and waits shows the prompt in its state, until it
// prints on.
func TestAProcessWaitingAtAPromptIsFlagged(t *testing.T) {
	dir := project(t, map[string]string{"Procfile": `ask: printf 'Name? '; while [ ! -e answered ]; do sleep 0.05; done; echo; echo thanks; exec sleep 300` + "\n"})
	s := open(t, dir, Options{})
	st, err := s.Start(scriptID(t, s, "ask"))
	require.NoError(t, err)
	eventually(t, "the prompt", func() bool { return state(s, st.ID).Prompt == "Name? " })
	require.NoError(t, os.WriteFile(filepath.Join(dir, "answered"), nil, 0o600))
	eventually(t, "the prompt cleared", func() bool { return state(s, st.ID).Prompt == "" })
	assert.Contains(t, logText(s, st.ID), "thanks")
}
