//go:build unix

package supervisor

import (
	"bufio"
	"fmt"
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

// lateServer is a TCP server that listens only after a second, and says
// when it does.
const lateServer = `import socket, sys, time
time.sleep(1)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen()
print("listening", time.time(), flush=True)
while True:
    c, _ = s.accept()
    c.close()
`

// client connects once to the server, says whether it could and when,
// and then stays up.
const client = `import socket, sys, time
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5).close()
except OSError as e:
    print("refused", e, flush=True)
    sys.exit(1)
print("connected", time.time(), flush=True)
time.sleep(300)
`

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
}

// stamp is the time a process printed after word: "connected 1733.12".
func stamp(t *testing.T, lines []string, word string) float64 {
	t.Helper()
	for _, l := range lines {
		if f := strings.Fields(l); len(f) == 2 && f[0] == word {
			v, err := strconv.ParseFloat(f[1], 64)
			require.NoError(t, err)
			return v
		}
	}
	t.Fatalf("no %q line in %q", word, lines)
	return 0
}

func hasLine(h *harness, id, word string) func() bool {
	return func() bool {
		for _, l := range h.lines(id) {
			if strings.HasPrefix(l, word) {
				return true
			}
		}
		return false
	}
}

func TestAStackStartsInDependencyOrder(t *testing.T) {
	port := freePort(t)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	h := newHarness(t, map[string]string{
		"db":  fmt.Sprintf("exec python3 server.py %d", port),
		"api": fmt.Sprintf("exec python3 client.py %d", port),
		"web": `exec python3 -c 'import time; print("web", time.time(), flush=True); time.sleep(300)'`,
	}, map[string]stack.Policy{
		"db":  {Readiness: &stack.Probe{Kind: stack.ProbeTCP, Address: addr, Period: 200 * time.Millisecond}},
		"api": {DependsOn: []stack.Dependency{dep("db", stack.ConditionReady)}},
		"web": {DependsOn: []stack.Dependency{dep("api", stack.ConditionReady)}},
	})
	writeFile(t, h.dir, "server.py", lateServer)
	writeFile(t, h.dir, "client.py", client)

	states := h.start("web")
	require.Len(t, states, 1)
	assert.Equal(t, process.StatusWaiting, states[0].Status, "web waits for api")
	assert.Equal(t, "waiting for api (ready)", states[0].Detail)
	assert.Equal(t, process.StatusWaiting, h.state("api").Status, "api was started as web's dependency and waits for db")

	// While db's probe fails, api says what it waits for and why.
	api := h.until("api", "the probe's word", func(st process.State) bool {
		return strings.HasPrefix(st.Detail, "waiting for db (ready): tcp "+addr+": connection refused, ")
	})
	assert.Equal(t, process.StatusWaiting, api.Status)

	web := h.until("web", "running", func(st process.State) bool { return st.Status == process.StatusRunning })
	assert.Empty(t, web.Detail)
	db := h.state("db")
	assert.True(t, db.Ready)
	assert.Equal(t, "tcp "+addr, db.ReadyNote)
	api = h.state("api")
	assert.True(t, api.Ready)
	assert.Equal(t, "started", api.ReadyNote, "api prints no URL: ready once started")

	// The processes' own words: api could connect (so it started after db
	// listened), and web started after api.
	poll.Until(t, waitTimeout, hasLine(h, "web", "web"), "web prints when it started")
	// api is ready once it has run for InferWindow, not once it printed:
	// on a loaded machine its python may still be starting when web prints.
	poll.Until(t, waitTimeout, hasLine(h, "api", "connected"), "api prints when it connected")
	poll.Until(t, waitTimeout, hasLine(h, "db", "listening"), "db prints when it listened")
	listening := stamp(t, h.lines("db"), "listening")
	connected := stamp(t, h.lines("api"), "connected")
	started := stamp(t, h.lines("web"), "web")
	assert.GreaterOrEqual(t, connected, listening, "api connected at %v, db listened at %v", connected, listening)
	apiStart := float64(api.StartedAt) / 1000
	assert.GreaterOrEqual(t, started-apiStart, InferWindow.Seconds()*0.8,
		"web started %vs after api; api is ready only %v after its start", started-apiStart, InferWindow)
}

func TestAnHTTPProbeMakesAServerReady(t *testing.T) {
	port := freePort(t)
	url := fmt.Sprintf("http://127.0.0.1:%d/", port)
	h := newHarness(t, map[string]string{
		"site": fmt.Sprintf("sleep 1; exec python3 -m http.server --bind 127.0.0.1 %d", port),
	}, map[string]stack.Policy{
		"site": {Readiness: &stack.Probe{Kind: stack.ProbeHTTP, URL: url, Period: 200 * time.Millisecond}},
	})
	h.start("site")
	st := h.until("site", "ready", func(st process.State) bool { return st.Ready })
	assert.Equal(t, "http "+url, st.ReadyNote)
	assert.Equal(t, process.StatusRunning, st.Status)
}

func TestReadinessIsInferredFromAPrintedLocalURL(t *testing.T) {
	port := freePort(t)
	h := newHarness(t, map[string]string{
		// Prints its URL at once but answers only a second later.
		"vite": fmt.Sprintf("echo 'Local: http://localhost:%d/'; sleep 1; exec python3 -m http.server --bind 127.0.0.1 %d", port, port),
		"far":  "echo 'docs at https://example.com/'; exec sleep 300",
	}, nil)
	h.start("vite", "far")
	st := h.until("vite", "ready", func(st process.State) bool { return st.Ready })
	assert.Equal(t, fmt.Sprintf("inferred from http://localhost:%d", port), st.ReadyNote)
	far := h.until("far", "ready", func(st process.State) bool { return st.Ready })
	assert.Equal(t, "started", far.ReadyNote, "a URL that is not local is never probed")
	assert.GreaterOrEqual(t, time.Since(time.UnixMilli(far.StartedAt)), InferWindow)
}

func TestALogLineMakesAProcessReadyAndStartsItsDependent(t *testing.T) {
	h := newHarness(t, map[string]string{
		"cache":  "sleep 1; echo 'booting'; echo 'Ready to accept connections'; exec sleep 300",
		"worker": "echo working; exec sleep 300",
		"queue":  "sleep 1; echo 'queue up'; exec sleep 300",
	}, map[string]stack.Policy{
		"queue": {Readiness: &stack.Probe{Kind: stack.ProbeLog, Pattern: "up$"}},
		"worker": {DependsOn: []stack.Dependency{
			{Ref: "cache", ID: "cache", Condition: stack.ConditionLogReady, Pattern: "Ready to accept"},
		}},
	})
	h.start("worker", "queue")
	assert.Equal(t, "waiting for cache (log line /Ready to accept/)", h.state("worker").Detail)
	h.until("worker", "running", func(st process.State) bool { return st.Status == process.StatusRunning })
	lines := h.lines("cache")
	assert.Contains(t, lines, "Ready to accept connections", "worker starts only after cache printed the line")
	q := h.until("queue", "ready", func(st process.State) bool { return st.Ready })
	assert.Equal(t, "log line /up$/", q.ReadyNote)
	assert.Zero(t, h.sup.pending.Load(), "no watch is left once every line matched")
}

func TestAFailedDependencyBlocksItsDependentsUntilItIsStartedAgain(t *testing.T) {
	port := freePort(t)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	h := newHarness(t, map[string]string{
		// Fails until the file "fixed" exists.
		"db":  fmt.Sprintf("test -f fixed || { echo broken; exit 1; }; exec python3 server.py %d", port),
		"api": "exec sleep 300",
		"web": "exec sleep 300",
	}, map[string]stack.Policy{
		"db":  {Readiness: &stack.Probe{Kind: stack.ProbeTCP, Address: addr, Period: 200 * time.Millisecond}},
		"api": {DependsOn: []stack.Dependency{dep("db", stack.ConditionReady)}},
		"web": {DependsOn: []stack.Dependency{dep("api", stack.ConditionStarted)}},
	})
	writeFile(t, h.dir, "server.py", lateServer)
	h.start("web")
	api := h.until("api", "blocked", func(st process.State) bool { return st.Status == process.StatusBlocked })
	assert.Equal(t, "db failed (exit 1)", api.Detail)
	web := h.until("web", "blocked", func(st process.State) bool { return st.Status == process.StatusBlocked })
	assert.Equal(t, "api is blocked (db failed (exit 1))", web.Detail)

	writeFile(t, h.dir, "fixed", "")
	h.start("db")
	h.until("web", "running", func(st process.State) bool { return st.Status == process.StatusRunning })
	assert.True(t, h.state("db").Ready)
	assert.Equal(t, process.StatusRunning, h.state("api").Status)
}

func TestAProbeThatGivesUpBlocksTheDependents(t *testing.T) {
	port := freePort(t)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	h := newHarness(t, map[string]string{"db": "exec sleep 300", "api": "exec sleep 300"}, map[string]stack.Policy{
		"db":  {Readiness: &stack.Probe{Kind: stack.ProbeTCP, Address: addr, Period: 50 * time.Millisecond, FailureThreshold: 3}},
		"api": {DependsOn: []stack.Dependency{dep("db", stack.ConditionReady)}},
	})
	h.start("api")
	api := h.until("api", "blocked", func(st process.State) bool { return st.Status == process.StatusBlocked })
	assert.Equal(t, "db was not ready after 3 tries: tcp "+addr+": connection refused", api.Detail)
}

func TestADependencyCycleIsBlockedAndNeverStarted(t *testing.T) {
	h := newHarness(t, map[string]string{"api": "echo ran; exec sleep 300", "db": "echo ran; exec sleep 300"},
		map[string]stack.Policy{
			"api": {DependsOn: []stack.Dependency{dep("db", stack.ConditionStarted)}},
			"db":  {DependsOn: []stack.Dependency{dep("api", stack.ConditionStarted)}},
		})
	h.mu.Lock()
	h.cycles = [][]string{{"api", "db", "api"}}
	h.mu.Unlock()
	states := h.start("api")
	require.Len(t, states, 1)
	assert.Equal(t, process.StatusBlocked, states[0].Status)
	assert.Equal(t, "dependency cycle: api → db → api", states[0].Detail)
	assert.Equal(t, process.StatusBlocked, h.state("db").Status)
	assert.Zero(t, h.state("api").PID)
	assert.Zero(t, h.state("db").PID)
}

func TestACrashLoopIsPausedAfterTheCap(t *testing.T) {
	h := newHarness(t, map[string]string{"bad": "echo oops; exit 1"}, map[string]stack.Policy{
		"bad": {Restart: stack.Restart{Policy: stack.RestartOnFailure, Backoff: 50 * time.Millisecond,
			MaxBackoff: 100 * time.Millisecond, CrashLoopFailures: 3, CrashLoopWindow: time.Minute}},
	})
	h.start("bad")
	st := h.until("bad", "crashloop", func(st process.State) bool { return st.Status == process.StatusCrashLoop })
	assert.Equal(t, "failed 3 times in 60s; paused. Start it again when it is fixed", st.Detail)
	assert.Equal(t, 2, st.Restarts, "three runs: the first and two restarts")
	require.NotNil(t, st.Last)
	assert.Equal(t, 1, st.Last.ExitCode)

	// The user's start begins again from a clean count.
	h.start("bad")
	st = h.until("bad", "crashloop again", func(st process.State) bool {
		return st.Status == process.StatusCrashLoop && st.Restarts == 5
	})
	assert.Equal(t, 5, st.Restarts)
}

func TestMaxRestartsGivesUp(t *testing.T) {
	h := newHarness(t, map[string]string{"bad": "exit 2"}, map[string]stack.Policy{
		"bad": {Restart: stack.Restart{Policy: stack.RestartAlways, Backoff: 20 * time.Millisecond,
			MaxRestarts: 2, CrashLoopFailures: 100}},
	})
	h.start("bad")
	st := h.until("bad", "given up", func(st process.State) bool { return st.Detail == "gave up after 2 restarts" })
	assert.Equal(t, process.StatusFailed, st.Status)
	assert.Equal(t, 2, st.Restarts)
}

// startTimes reads the unix times a process appended to a file, one a
// line, at each start.
func startTimes(t *testing.T, path string) []float64 {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		v, err := strconv.ParseFloat(strings.TrimSpace(sc.Text()), 64)
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

const appendTime = `python3 -c 'import time; open("starts", "a").write("%f\n" % time.time())'`

func TestBackoffDoublesUpToItsMaximum(t *testing.T) {
	h := newHarness(t, map[string]string{"flaky": appendTime + "; exit 1"}, map[string]stack.Policy{
		"flaky": {Restart: stack.Restart{Policy: stack.RestartOnFailure, Backoff: 300 * time.Millisecond,
			MaxBackoff: 1200 * time.Millisecond, CrashLoopFailures: 100}},
	})
	h.start("flaky")
	path := filepath.Join(h.dir, "starts")
	poll.Until(t, waitTimeout, func() bool { return len(startTimes(t, path)) >= 5 }, "five runs")
	st := h.until("flaky", "restarting", func(st process.State) bool { return st.Status == process.StatusRestarting })
	assert.Regexp(t, `^restarting in (\d+ms|1s) \(exit 1; restart \d+\)$`, st.Detail)
	assert.Greater(t, st.NextStart, st.EndedAt)

	times := startTimes(t, path)
	planned := []time.Duration{300 * time.Millisecond, 600 * time.Millisecond, 1200 * time.Millisecond, 1200 * time.Millisecond}
	for i, want := range planned {
		got := time.Duration((times[i+1] - times[i]) * float64(time.Second))
		assert.GreaterOrEqual(t, got, want*8/10, "wait %d: got %v, want at least %v", i+1, got, want*8/10)
		assert.Less(t, got, want+20*time.Second, "wait %d: got %v, want under %v", i+1, got, want+20*time.Second)
	}
}

func TestAStopDuringBackoffCancelsTheRestart(t *testing.T) {
	h := newHarness(t, map[string]string{"flaky": appendTime + "; exit 1"}, map[string]stack.Policy{
		"flaky": {Restart: stack.Restart{Policy: stack.RestartOnFailure, Backoff: 1500 * time.Millisecond}},
	})
	h.start("flaky")
	st := h.until("flaky", "restarting", func(st process.State) bool { return st.Status == process.StatusRestarting })
	assert.Equal(t, "restarting in 2s (exit 1; restart 1)", st.Detail, "1.5s rounds to 2s in words")
	stopped, err := h.mgr.Stop(st.ID)
	require.NoError(t, err)
	assert.Equal(t, process.StatusStopped, stopped.Status)

	after := time.UnixMilli(st.NextStart).Add(2 * time.Second)
	poll.Until(t, waitTimeout, func() bool { return time.Now().After(after) }, "well past the planned restart")
	assert.Equal(t, process.StatusStopped, h.state("flaky").Status)
	assert.Len(t, startTimes(t, filepath.Join(h.dir, "starts")), 1, "it never ran again")
}

func TestARestartWritesAMarkerBetweenRuns(t *testing.T) {
	h := newHarness(t, map[string]string{"once": "test -f ran && exec sleep 300; touch ran; echo first; exit 3"},
		map[string]stack.Policy{"once": {Restart: stack.Restart{Policy: stack.RestartOnFailure, Backoff: 50 * time.Millisecond}}})
	h.start("once")
	h.until("once", "its second run", func(st process.State) bool { return st.Status == process.StatusRunning && st.Restarts == 1 })
	poll.Until(t, waitTimeout, func() bool { return len(h.lines("once")) >= 2 }, "the marker")
	assert.Equal(t, []string{"first", "── run 2 · restarted after exit 3 ──"}, h.lines("once"))
}

// trapped stays up until TERM, and then appends its name and the time to
// the file "stops".
const trapped = `import signal, sys, time
def stop(*_):
    with open("stops", "a") as f:
        f.write("%s %f\n" % (sys.argv[1], time.time()))
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
print("up", flush=True)
while True:
    time.sleep(1)
`

func TestStoppingAStackStopsDependentsFirst(t *testing.T) {
	h := newHarness(t, map[string]string{"db": "exec python3 trapped.py db", "api": "exec python3 trapped.py api",
		"web": "exec python3 trapped.py web", "cache": "exec python3 trapped.py cache"},
		map[string]stack.Policy{
			"api": {DependsOn: []stack.Dependency{dep("db", stack.ConditionStarted), dep("cache", stack.ConditionStarted)}},
			"web": {DependsOn: []stack.Dependency{dep("api", stack.ConditionStarted)}},
		})
	writeFile(t, h.dir, "trapped.py", trapped)
	h.start("web")
	for _, id := range []string{"db", "api", "web", "cache"} {
		poll.Until(t, waitTimeout, hasLine(h, id, "up"), "%s is up and handles TERM", id)
	}
	require.NoError(t, h.sup.Stop([]string{"db", "cache", "api", "web"}))
	for _, id := range []string{"db", "api", "web", "cache"} {
		assert.Equal(t, process.StatusStopped, h.state(id).Status, id)
	}
	b, err := os.ReadFile(filepath.Join(h.dir, "stops"))
	require.NoError(t, err)
	at := map[string]float64{}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(l)
		require.Len(t, f, 2, l)
		at[f[0]], _ = strconv.ParseFloat(f[1], 64)
	}
	require.Len(t, at, 4, "every process wrote its stop: %q", b)
	assert.Less(t, at["web"], at["api"], "web stops before api")
	assert.Less(t, at["api"], at["db"], "api stops before db")
	assert.Less(t, at["api"], at["cache"], "api stops before cache")
}

func TestAChangedFileRestartsTheProcessAndItsDependents(t *testing.T) {
	h := newHarness(t, map[string]string{"api": "echo api; exec sleep 300", "web": "echo web; exec sleep 300", "idle": "exec sleep 300"},
		map[string]stack.Policy{
			"api": {Watch: &stack.Watch{Paths: []string{"*.go"}, RestartDependents: true}},
			"web": {DependsOn: []stack.Dependency{dep("api", stack.ConditionReady)}},
		})
	h.start("web")
	h.until("web", "running", func(st process.State) bool { return st.Status == process.StatusRunning })
	require.NoError(t, h.sup.Changed("api"))
	api := h.until("api", "restarted", func(st process.State) bool { return st.Restarts == 1 && st.Status == process.StatusRunning })
	assert.Contains(t, h.lines("api"), "── run 2 · restarted: a watched file changed ──")
	web := h.until("web", "restarted", func(st process.State) bool { return st.Restarts == 1 && st.Status == process.StatusRunning })
	assert.GreaterOrEqual(t, web.StartedAt, api.StartedAt, "web starts again after api's new run")
	require.NoError(t, h.sup.Changed("idle"), "a process that does not run is left alone")
	assert.Zero(t, h.state("idle").PID)
}

func TestDisabledScriptsAreLeftOutOfAGroupStart(t *testing.T) {
	h := newHarness(t, map[string]string{"a": "exec sleep 300", "off": "exec sleep 300"},
		map[string]stack.Policy{"off": {Disabled: true}})
	states, err := h.sup.Start([]string{"a", "off"}, true)
	require.NoError(t, err)
	require.Len(t, states, 1)
	assert.Equal(t, process.StatusRunning, states[0].Status)
	assert.Zero(t, h.state("off").PID)
	states, err = h.sup.Start([]string{"off"}, false)
	require.NoError(t, err)
	assert.Equal(t, process.StatusRunning, states[0].Status, "asked for by name, it starts")
}

func TestALineOfAnUnwatchedProcessCostsNothing(t *testing.T) {
	h := newHarness(t, map[string]string{}, nil)
	line := []byte("GET /api 200 3ms")
	allocs := testing.AllocsPerRun(1000, func() { h.sup.Line("p000001", line) })
	assert.Zero(t, allocs, "got %v allocations a line, want 0", allocs)
}

func TestAWatchedFileEditedInPlaceOrByRenameRestartsTheProcess(t *testing.T) {
	h := newHarness(t, map[string]string{"api": "echo up; exec sleep 300"}, map[string]stack.Policy{
		"api": {Watch: &stack.Watch{Paths: []string{"src/*.go"}, Debounce: 100 * time.Millisecond}},
	})
	require.NoError(t, os.Mkdir(filepath.Join(h.dir, "src"), 0o755))
	writeFile(t, h.dir, "src/main.go", "package main\n")
	h.start("api")
	h.until("api", "running", func(st process.State) bool { return st.Status == process.StatusRunning })
	// The watch starts with the run; an edit before it is up would be
	// missed, so edit until the restart is seen.
	edit := func(n int, how func()) {
		poll.Until(t, waitTimeout, func() bool {
			if h.state("api").Restarts >= n {
				return true
			}
			how()
			// Paced, not waited on: edits a debounce apart settle as
			// one batch each; the condition is the restart.
			time.Sleep(300 * time.Millisecond)
			return h.state("api").Restarts >= n
		}, "restart %d after an edit", n)
	}
	edit(1, func() { writeFile(t, h.dir, "src/main.go", "package main // edited\n") })
	assert.Contains(t, h.lines("api"), "── run 2 · restarted: a watched file changed ──")
	h.until("api", "running again", func(st process.State) bool { return st.Status == process.StatusRunning })
	edit(2, func() {
		writeFile(t, h.dir, "src/.main.go.swp", "x")
		writeFile(t, h.dir, "src/main.go.tmp", "package main // saved by rename\n")
		require.NoError(t, os.Rename(filepath.Join(h.dir, "src/main.go.tmp"), filepath.Join(h.dir, "src/main.go")))
		require.NoError(t, os.Remove(filepath.Join(h.dir, "src/.main.go.swp")))
	})
	st := h.until("api", "running again", func(st process.State) bool { return st.Status == process.StatusRunning })
	assert.GreaterOrEqual(t, st.Restarts, 2)
	assert.Equal(t, "── run 3 · restarted: a watched file changed ──", h.lines("api")[3])
}

func TestRestartingAWaitingProcessKeepsItWaiting(t *testing.T) {
	h := newHarness(t, map[string]string{"db": "exec sleep 300", "api": "exec sleep 300"}, map[string]stack.Policy{
		"db":  {Readiness: &stack.Probe{Kind: stack.ProbeTCP, Address: fmt.Sprintf("127.0.0.1:%d", freePort(t)), Period: 100 * time.Millisecond}},
		"api": {DependsOn: []stack.Dependency{dep("db", stack.ConditionReady)}},
	})
	h.start("api")
	st, err := h.sup.Restart("api")
	require.NoError(t, err)
	assert.Equal(t, process.StatusWaiting, st.Status, "a restart does not skip what it waits for")
	assert.Zero(t, h.state("api").PID)
}

func TestAProbeThatCannotRunBlocksTheDependentsWithWhy(t *testing.T) {
	h := newHarness(t, map[string]string{"db": "exec sleep 300", "api": "exec sleep 300"}, map[string]stack.Policy{
		"db":  {Readiness: &stack.Probe{Kind: stack.ProbeHTTP}},
		"api": {DependsOn: []stack.Dependency{dep("db", stack.ConditionReady)}},
	})
	h.start("api")
	api := h.until("api", "blocked", func(st process.State) bool { return st.Status == process.StatusBlocked })
	assert.Contains(t, api.Detail, "db could not be probed: invalid probe")
}

func TestALineOfAnUnwatchedProcessCostsNothingWhileAnotherIsWatched(t *testing.T) {
	h := newHarness(t, map[string]string{"cache": "exec sleep 300", "api": "exec sleep 300"}, map[string]stack.Policy{
		"api": {DependsOn: []stack.Dependency{{Ref: "cache", ID: "cache", Condition: stack.ConditionLogReady, Pattern: "never printed"}}},
	})
	h.start("api")
	require.Positive(t, h.sup.pending.Load(), "cache's line is awaited")
	line := []byte("GET /api 200 3ms")
	allocs := testing.AllocsPerRun(1000, func() { h.sup.Line("p999999", line) })
	assert.Zero(t, allocs, "got %v allocations a line, want 0", allocs)
}
