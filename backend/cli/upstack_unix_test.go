//go:build unix

package cli

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nodePy plays one part of a stack and says when it does what, by its own
// clock, so the order is checked from the processes' side:
//
//	tcp PORT          listens on PORT after a second ("listening T")
//	http PORT         serves HTTP on PORT after a second ("listening T")
//	connect PORT M    connects to PORT once ("connected T"); M stay|exit
//	once              says "done T" and exits 0
//	stay              says "up T" and stays up
//
// Each says "stopping T" on SIGTERM and exits 0.
const nodePy = `import signal, socket, sys, time
def bye(*_):
    print("stopping", time.time(), flush=True)
    sys.exit(0)
signal.signal(signal.SIGTERM, bye)
role = sys.argv[1]
if role in ("tcp", "http"):
    time.sleep(1)
    port = int(sys.argv[2])
    if role == "http":
        import http.server
        srv = http.server.HTTPServer(("127.0.0.1", port), http.server.SimpleHTTPRequestHandler)
        print("listening", time.time(), flush=True)
        srv.serve_forever()
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen()
    print("listening", time.time(), flush=True)
    while True:
        s.accept()[0].close()
elif role == "connect":
    socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=5).close()
    print("connected", time.time(), flush=True)
    if sys.argv[3] == "exit":
        sys.exit(0)
elif role == "once":
    print("done", time.time(), flush=True)
    sys.exit(0)
else:
    print("up", time.time(), flush=True)
while True:
    time.sleep(0.1)
`

// port returns a TCP port nothing listens on now.
func port(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// stampOf is the time in the line "NAME | WORD T" of out.
func stampOf(t *testing.T, out, name, word string) float64 {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		n, text, ok := strings.Cut(line, " | ")
		if !ok || strings.TrimSpace(n) != name {
			continue
		}
		if rest, ok := strings.CutPrefix(text, word+" "); ok {
			f, err := strconv.ParseFloat(rest, 64)
			require.NoError(t, err, "line %q", line)
			return f
		}
	}
	t.Fatalf("no line %q from %s in %q", word, name, out)
	return 0
}

// hasLinePrefix reports whether a line of out starts with prefix.
func hasLinePrefix(out, prefix string) bool {
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, prefix) {
			return true
		}
	}
	return false
}

// TestBinaryUpStartsAStackInOrderAndStopsItInReverse is the stack of the
// docs: a database that listens only after a second, an API that needs it
// ready (its TCP probe), a web app that needs the API ready (inferred:
// started). hum up says why each waits, starts each once what it needs
// holds, and Ctrl-C stops web first and db last.
func TestBinaryUpStartsAStackInOrderAndStopsItInReverse(t *testing.T) {
	p := port(t)
	dir := writeProject(t, map[string]string{
		"node.py": nodePy,
		"hum.yaml": fmt.Sprintf(`processes:
  db:
    argv: [python3, node.py, tcp, "%d"]
    readiness: {tcp: "127.0.0.1:%d", period: 200ms}
  api:
    argv: [python3, node.py, connect, "%d", stay]
    depends_on: {db: ready}
  web:
    argv: [python3, node.py, stay]
    depends_on: {api: ready}
groups:
  dev:
    members: [web]
`, p, p, p),
	})
	h := startHum(t, "up", dir, "dev")
	eventually(t, 60*time.Second, func() bool { return hasLinePrefix(h.stdout.String(), "web | up ") }, "web never came up: %q", lazyText(h.stdout.String))

	out := h.stdout.String()
	assert.True(t, hasLinePrefix(out, "api | waiting for db (ready)"), "got %q", out)
	for _, want := range []string{
		"web | waiting for api (ready)",
		"db  | ready (tcp 127.0.0.1:" + strconv.Itoa(p) + ")",
		"api | ready",
	} {
		assert.Contains(t, strings.Split(out, "\n"), want, "got %q", out)
	}
	listening := stampOf(t, out, "db", "listening")
	connected := stampOf(t, out, "api", "connected")
	up := stampOf(t, out, "web", "up")
	assert.GreaterOrEqual(t, connected, listening, "api started before db listened")
	assert.GreaterOrEqual(t, up, connected, "web started before api")

	require.NoError(t, h.cmd.Process.Signal(syscall.SIGINT))
	assert.Equal(t, 0, h.wait(), "a requested stop exits 0; stderr %q", h.stderr.String())
	out = h.stdout.String()
	web, api, db := stampOf(t, out, "web", "stopping"), stampOf(t, out, "api", "stopping"), stampOf(t, out, "db", "stopping")
	assert.LessOrEqual(t, web, api, "web stops before api")
	assert.LessOrEqual(t, api, db, "api stops before db")
	for _, name := range []string{"db ", "api", "web"} {
		assert.Contains(t, strings.Split(out, "\n"), name+" | stopped", "got %q", out)
	}
}

// TestBinaryUpRunsAProcessComposeStackInOrder runs three services of a
// process-compose.yaml: migrate waits for db's HTTP readiness probe
// (process_healthy), api for migrate to succeed, and api's exit_on_end
// ends the run, stopping db, with exit code 0.
func TestBinaryUpRunsAProcessComposeStackInOrder(t *testing.T) {
	p := port(t)
	dir := writeProject(t, map[string]string{
		"node.py": nodePy,
		"process-compose.yaml": fmt.Sprintf(`version: "0.5"
processes:
  db:
    command: python3 node.py http %d
    readiness_probe:
      http_get: {host: 127.0.0.1, port: %d, path: /}
      period_seconds: 1
      # process-compose's default of 3 failures blocks migrate when
      # python takes over 3 s to listen on a loaded machine.
      failure_threshold: 60
  migrate:
    command: python3 node.py once
    depends_on:
      db: {condition: process_healthy}
  api:
    command: python3 node.py connect %d exit
    depends_on:
      migrate: {condition: process_completed_successfully}
    availability:
      exit_on_end: true
`, p, p, p),
	})
	h := startHum(t, "up", dir)
	code := h.wait()
	out := h.stdout.String()
	require.Equal(t, 0, code, "stdout %q stderr %q", out, h.stderr.String())
	lines := strings.Split(out, "\n")
	// The first words may already carry the probe's first failure.
	assert.True(t, hasLinePrefix(out, "migrate | waiting for db (ready)"), "got %q", out)
	for _, want := range []string{
		"api     | waiting for migrate (completed_successfully)",
		"db      | ready (http http://127.0.0.1:" + strconv.Itoa(p) + "/)",
		"migrate | exited with code 0",
		"api     | exited with code 0",
		"db      | stopped",
	} {
		assert.Contains(t, lines, want, "got %q", out)
	}
	listening := stampOf(t, out, "db", "listening")
	done := stampOf(t, out, "migrate", "done")
	connected := stampOf(t, out, "api", "connected")
	assert.GreaterOrEqual(t, done, listening, "migrate ran before db was ready")
	assert.GreaterOrEqual(t, connected, done, "api ran before migrate ended")
	assert.Contains(t, h.stderr.String(), "hum: api ended (exit_on_end): stopping every process")
}

// TestBinaryUpExitOnFailureEndsTheRunWithItsCode: a process with
// restart: exit_on_failure that fails stops the rest, and hum exits with
// its code. check waits for the server's "up" line, printed once its TERM
// handler is in place, so the stop is seen from the server's side.
func TestBinaryUpExitOnFailureEndsTheRunWithItsCode(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"node.py": nodePy,
		"process-compose.yaml": `processes:
  server:
    command: python3 node.py stay
    ready_log_line: "up "
  check:
    command: echo bad config; exit 4
    availability: {restart: exit_on_failure}
    depends_on:
      server: {condition: process_log_ready}
`,
	})
	h := startHum(t, "up", dir)
	code := h.wait()
	out := h.stdout.String()
	assert.Equal(t, 4, code, "stdout %q stderr %q", out, h.stderr.String())
	assert.Contains(t, strings.Split(out, "\n"), "check  | exited with code 4", "got %q", out)
	assert.True(t, hasLinePrefix(out, "server | stopping "), "server got SIGTERM: %q", out)
	assert.Contains(t, strings.Split(out, "\n"), "server | stopped", "got %q", out)
	assert.Contains(t, h.stderr.String(), "hum: check failed (exit_on_failure): stopping every process")
}

// TestBinaryUpSaysWhatIsBlockedAndWhy: a failed dependency blocks its
// dependent, and a cycle blocks its members, each with the reason; hum
// up then ends by itself, with the failure's code, or 1 when only
// blocked processes are left.
func TestBinaryUpSaysWhatIsBlockedAndWhy(t *testing.T) {
	dir := writeProject(t, map[string]string{"hum.yaml": `processes:
  migrate:
    command: echo no database; exit 3
  api:
    command: echo api up
    depends_on: {migrate: completed_successfully}
  a:
    command: echo a
    depends_on: [b]
  b:
    command: echo b
    depends_on: [a]
  c:
    command: echo c
groups:
  cycle:
    members: [a, b, c]
  app:
    members: [api]
`})
	stdout, stderr, code := runHum(t, "up", dir, "app")
	assert.Equal(t, 3, code, "the failure's code; stderr %q", stderr)
	lines := strings.Split(stdout, "\n")
	assert.Contains(t, lines, "migrate | exited with code 3", "got %q", stdout)
	assert.Contains(t, lines, "api     | blocked: migrate failed (exit 3)", "got %q", stdout)
	assert.NotContains(t, stdout, "api up", "a blocked process never runs")

	stdout, stderr, code = runHum(t, "up", dir, "cycle")
	assert.Equal(t, 1, code, "only blocked processes: 1; stderr %q", stderr)
	lines = strings.Split(stdout, "\n")
	assert.Contains(t, lines, "c | exited with code 0", "got %q", stdout)
	assert.True(t, hasLinePrefix(stdout, "a | blocked: dependency cycle: "), "got %q", stdout)
	assert.True(t, hasLinePrefix(stdout, "b | blocked: dependency cycle: "), "got %q", stdout)

	// No group: every declared process, so both of the above.
	stdout, _, code = runHum(t, "up", dir)
	assert.Equal(t, 3, code)
	for _, want := range []string{"migrate | exited with code 3", "c       | exited with code 0"} {
		assert.Contains(t, strings.Split(stdout, "\n"), want, "got %q", stdout)
	}
}

// TestBinaryUpRestartsByPolicy: a worker that crashes once comes back
// after its backoff in the same row, with a marker line, and the run ends
// 0 because it recovered; a process that keeps failing is paused in a
// crash loop and its code is hum's.
func TestBinaryUpRestartsByPolicy(t *testing.T) {
	dir := writeProject(t, map[string]string{"hum.yaml": `processes:
  worker:
    command: test -f crashed || { touch crashed; echo crashing; exit 1; }; echo fine
    restart: {policy: on-failure, backoff: 1s}
  flaky:
    command: echo flaking; exit 5
    restart:
      policy: always
      backoff: 100ms
      crash_loop: {failures: 3, window: 60s}
groups:
  worker:
    members: [worker]
  flaky:
    members: [flaky]
`})
	stdout, stderr, code := runHum(t, "up", dir, "worker")
	require.Equal(t, 0, code, "it recovered; stdout %q stderr %q", stdout, stderr)
	lines := strings.Split(stdout, "\n")
	for _, want := range []string{
		"worker | crashing",
		"worker | restarting in 1s (exit 1; restart 1)", // a second: the line is said even on a loaded machine
		"worker | ── run 2 · restarted after exit 1 ──",
		"worker | fine",
		"worker | exited with code 0",
	} {
		assert.Contains(t, lines, want, "got %q", stdout)
	}

	stdout, stderr, code = runHum(t, "up", dir, "flaky")
	assert.Equal(t, 5, code, "stdout %q stderr %q", stdout, stderr)
	assert.Equal(t, 3, strings.Count(stdout, "flaky | flaking\n"), "three runs, then the pause: %q", stdout)
	assert.Contains(t, strings.Split(stdout, "\n"), "flaky | crash loop: failed 3 times in 60s; paused. Start it again when it is fixed", "got %q", stdout)
}

// TestBinaryUpLeavesOutDisabledProcessesUnlessNeeded: `hum up DIR` runs
// every declared process but the disabled ones; a disabled process that
// an enabled one depends on runs, or its dependent could never start.
func TestBinaryUpLeavesOutDisabledProcessesUnlessNeeded(t *testing.T) {
	dir := writeProject(t, map[string]string{"hum.yaml": `processes:
  seed:
    command: echo seeded
    disabled: true
  tool:
    command: echo tool ran
    disabled: true
  app:
    command: echo app ran
    depends_on: {seed: completed_successfully}
`})
	stdout, stderr, code := runHum(t, "up", dir)
	require.Equal(t, 0, code, "stderr %q", stderr)
	lines := strings.Split(stdout, "\n")
	assert.Contains(t, lines, "seed | seeded", "got %q", stdout)
	assert.Contains(t, lines, "app  | app ran", "got %q", stdout)
	assert.NotContains(t, stdout, "tool", "a disabled process nothing needs stays out")

	stdout, stderr, code = runHum(t, "run", dir, "tool")
	require.Equal(t, 0, code, "stderr %q", stderr)
	assert.Contains(t, stdout, "tool | tool ran", "hum run runs a disabled process by name")
}
