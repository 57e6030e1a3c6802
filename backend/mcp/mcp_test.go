package mcp_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/mcp"
	"hum/backend/poll"
	"hum/backend/session"
)

// The project the tests serve: a node server that says where it listens
// (Hum infers its readiness from the URL), a script that throws, and a
// Procfile that lists them.
const (
	serverJS = `const http = require('http');
const s = http.createServer((req, res) => res.end('ok'));
s.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + s.address().port + '/'));
`
	failJS = `console.log('loading the config');
function load() { throw new TypeError('config.port is undefined'); }
load();
`
	procfile = "web: node server.js\nfail: node fail.js\n"
)

func project(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("needs node")
	}
	dir := t.TempDir()
	for name, text := range map[string]string{"server.js": serverJS, "fail.js": failJS, "Procfile": procfile} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return dir
}

// serve opens a session on dir, serves it with approver, and returns a
// connected client (named like Claude Code) and the server.
func serve(t *testing.T, dir string, approver mcp.Approver, copts *sdk.ClientOptions) (*sdk.ClientSession, *mcp.Server, *session.Session) {
	t.Helper()
	sess, err := session.Open(context.Background(), dir, session.Options{})
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		assert.NoError(t, sess.Close(ctx))
	})
	srv := mcp.New(mcp.Options{Session: sess, Approver: approver, Version: "test"})
	st, ct := sdk.NewInMemoryTransports()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(ctx, st) }()
	client := sdk.NewClient(&sdk.Implementation{Name: "claude-code", Version: "1.0"}, copts)
	cs, err := client.Connect(ctx, ct, nil)
	require.NoError(t, err)
	t.Cleanup(func() { cs.Close(); cancel(); <-done })
	return cs, srv, sess
}

// call calls a tool and decodes its structured answer into out; it
// returns the error text when the tool failed.
func call(t *testing.T, cs *sdk.ClientSession, name string, args map[string]any, out any) string {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: name, Arguments: args})
	require.NoError(t, err, "calling %s", name)
	if res.IsError {
		var b strings.Builder
		for _, c := range res.Content {
			if tc, ok := c.(*sdk.TextContent); ok {
				b.WriteString(tc.Text)
			}
		}
		return b.String()
	}
	if out != nil {
		b, err := json.Marshal(res.StructuredContent)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, out), "decoding %s's answer %s", name, b)
	}
	return ""
}

func TestAgentStartsWaitsReadsStructuredErrorsRestartsAndStops(t *testing.T) {
	dir := project(t)
	all, err := mcp.ParseAllow("all")
	require.NoError(t, err)
	cs, srv, _ := serve(t, dir, all, nil)

	var scripts mcp.ScriptsOut
	require.Empty(t, call(t, cs, "list_scripts", nil, &scripts))
	var names []string
	for _, s := range scripts.Scripts {
		names = append(names, s.Name)
	}
	assert.ElementsMatch(t, []string{"web", "fail"}, names)

	var started mcp.ActOut
	require.Empty(t, call(t, cs, "start", map[string]any{"process": "web"}, &started))
	require.Len(t, started.Processes, 1)

	var waited mcp.WaitOut
	require.Empty(t, call(t, cs, "wait_until_ready", map[string]any{"process": "web", "timeout_seconds": 60}, &waited))
	require.True(t, waited.Ready, "got not ready (%s), want ready", waited.Why)
	require.Len(t, waited.Processes, 1)
	web := waited.Processes[0]
	assert.Equal(t, "running", web.Status)
	assert.NotZero(t, web.PID)
	require.NotEmpty(t, web.URLs)
	assert.Contains(t, web.URLs[0], "127.0.0.1")

	// The failing script: wait says why it is not ready, get_errors has
	// the parsed error with its frame in fail.js.
	require.Empty(t, call(t, cs, "start", map[string]any{"process": "fail"}, nil))
	require.Empty(t, call(t, cs, "wait_until_ready", map[string]any{"process": "fail", "timeout_seconds": 60}, &waited))
	assert.False(t, waited.Ready)
	assert.Contains(t, waited.Why, "fail is failed")

	var errs mcp.ErrorsOut
	poll.Until(t, 20*time.Second, func() bool {
		require.Empty(t, call(t, cs, "get_errors", map[string]any{"process": "fail"}, &errs))
		return len(errs.Errors) > 0
	}, "no error detected in fail's output")
	e := errs.Errors[0]
	assert.Equal(t, "node", e.Kind)
	assert.Contains(t, e.Title, "TypeError: config.port is undefined")
	assert.Equal(t, "fail", e.ProcessName)
	assert.True(t, e.CurrentRun)
	assert.Equal(t, 1, e.Run)
	require.NotEmpty(t, e.Frames)
	assert.Equal(t, filepath.Join(dir, "fail.js"), e.Frames[0].File)
	assert.Equal(t, 2, e.Frames[0].Line)
	assert.Positive(t, e.Frames[0].Column)

	var lg mcp.LogsOut
	require.Empty(t, call(t, cs, "get_logs", map[string]any{"process": "fail"}, &lg))
	assert.Contains(t, lg.Text, "loading the config\n")
	assert.Contains(t, lg.Text, "TypeError: config.port is undefined")
	require.Empty(t, call(t, cs, "get_logs", map[string]any{"process": "fail", "pattern": "^loading"}, &lg))
	assert.Equal(t, "loading the config\n", lg.Text)
	// Merged, each line says whose it is.
	require.Empty(t, call(t, cs, "get_logs", map[string]any{"pattern": "listening on"}, &lg))
	assert.True(t, strings.HasPrefix(lg.Text, "web | listening on http://127.0.0.1:"), "got %q", lg.Text)

	// Restart: a second run, whose logs since_restart has alone.
	var restarted mcp.ActOut
	require.Empty(t, call(t, cs, "restart", map[string]any{"process": "web"}, &restarted))
	require.Len(t, restarted.Processes, 1)
	require.Empty(t, call(t, cs, "wait_until_ready", map[string]any{"process": "web", "timeout_seconds": 60}, &waited))
	require.True(t, waited.Ready, waited.Why)
	assert.Equal(t, 2, waited.Processes[0].Run)
	assert.Equal(t, 1, waited.Processes[0].Restarts)
	require.Empty(t, call(t, cs, "get_logs", map[string]any{"process": "web", "since_restart": true}, &lg))
	assert.Equal(t, 1, strings.Count(lg.Text, "listening on"), "got %q, want the second run's banner alone", lg.Text)

	var stopped mcp.ActOut
	require.Empty(t, call(t, cs, "stop", map[string]any{"process": "web"}, &stopped))
	require.Len(t, stopped.Processes, 1)
	assert.Equal(t, "stopped", stopped.Processes[0].Status)

	var procs mcp.ProcessesOut
	require.Empty(t, call(t, cs, "list_processes", nil, &procs))
	status := map[string]string{}
	for _, p := range procs.Processes {
		status[p.Name] = p.Status
	}
	assert.Equal(t, map[string]string{"web": "stopped", "fail": "failed"}, status)

	// Every acting call is in the activity log, newest first, by name.
	var got []string
	for _, a := range srv.Activity().List() {
		assert.Equal(t, "Claude Code", a.Agent)
		assert.True(t, a.OK, "%s %s: %s", a.Tool, a.Target, a.Result)
		got = append(got, a.Tool+" "+a.Target)
	}
	assert.Equal(t, []string{"stop web", "restart web", "start fail", "start web"}, got)
}

func TestHeadlessRefusesActingToolsWithoutAllow(t *testing.T) {
	dir := project(t)
	cs, srv, sess := serve(t, dir, mcp.Headless{}, nil)
	msg := call(t, cs, "start", map[string]any{"process": "web"}, nil)
	assert.Contains(t, msg, "--allow start")
	msg = call(t, cs, "run_command", map[string]any{"command": "touch pwned"}, nil)
	assert.Contains(t, msg, "--allow run_command")
	assert.Empty(t, sess.Processes(), "a refused call started something")
	assert.NoFileExists(t, filepath.Join(dir, "pwned"))
	// Reading still works.
	require.Empty(t, call(t, cs, "list_scripts", nil, nil))
	acts := srv.Activity().List()
	require.Len(t, acts, 2)
	assert.Equal(t, "refused", acts[0].Decision)
	assert.Equal(t, "touch pwned", acts[0].Command)
	assert.False(t, acts[0].OK)
}

// TestHeadlessWithProjectAllowsWhatHumYAMLAllows: hum.yaml's agents.allow
// lets a headless server start without --allow; run_command in it is a
// problem and stays refused.
func TestHeadlessWithProjectAllowsWhatHumYAMLAllows(t *testing.T) {
	dir := project(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hum.yaml"), []byte("agents:\n  allow: [start, run_command]\n"), 0o644))
	sess, err := session.Open(context.Background(), dir, session.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = sess.Close(context.Background()) })
	var problems []string
	for _, p := range sess.Project().Problems {
		problems = append(problems, p.String())
	}
	assert.Contains(t, strings.Join(problems, "\n"), "hum.yaml:2:18: agents.allow: run_command cannot be allowed in hum.yaml")
	ap := mcp.Headless{}.WithProject(sess.AgentsAllowed)
	d, err := ap.Approve(context.Background(), mcp.Request{Tool: mcp.ToolStart, Target: "web"})
	require.NoError(t, err)
	assert.Equal(t, mcp.AllowOnce, d)
	_, err = ap.Approve(context.Background(), mcp.Request{Tool: mcp.ToolRunCommand, Command: "touch pwned"})
	require.ErrorIs(t, err, mcp.ErrNotAllowed)
	assert.Contains(t, err.Error(), "--allow run_command")
	_, err = ap.Approve(context.Background(), mcp.Request{Tool: mcp.ToolStop, Target: "web"})
	require.ErrorIs(t, err, mcp.ErrNotAllowed)
	assert.Contains(t, err.Error(), "--allow stop")
	assert.Contains(t, err.Error(), "hum.yaml (agents: {allow: [stop]})")
	// The flag adds to the file.
	d, err = mcp.Headless{mcp.ToolStop: true}.WithProject(sess.AgentsAllowed).Approve(context.Background(), mcp.Request{Tool: mcp.ToolStop})
	require.NoError(t, err)
	assert.Equal(t, mcp.AllowOnce, d)
}

// asked is an Approver that records what it was asked and answers d.
type asked struct {
	mu  sync.Mutex
	got []mcp.Request
	d   mcp.Decision
}

func (a *asked) Approve(_ context.Context, r mcp.Request) (mcp.Decision, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.got = append(a.got, r)
	return a.d, nil
}

func TestApproverIsAskedWithTheExactCommandAndDenialStopsIt(t *testing.T) {
	dir := project(t)
	ap := &asked{d: mcp.Deny}
	cs, srv, sess := serve(t, dir, ap, nil)
	msg := call(t, cs, "run_command", map[string]any{"command": "  touch denied  "}, nil)
	assert.Contains(t, msg, "denied")
	require.Len(t, ap.got, 1)
	assert.Equal(t, mcp.Request{Agent: "Claude Code", Tool: "run_command", Target: ".", Command: "touch denied", Root: sess.Root()}, ap.got[0])
	assert.NoFileExists(t, filepath.Join(dir, "denied"))
	assert.Equal(t, "denied", srv.Activity().List()[0].Decision)

	for _, dir := range []string{"..", "/tmp", "../x", "a/../../b"} {
		msg = call(t, cs, "run_command", map[string]any{"command": "true", "dir": dir}, nil)
		assert.Contains(t, msg, "not in the project", "dir %q", dir)
	}
	assert.Len(t, ap.got, 1, "a folder outside the project is refused before anyone is asked")

	ap.d = mcp.AllowOnce
	var out mcp.ActOut
	require.Empty(t, call(t, cs, "run_command", map[string]any{"command": "touch allowed"}, &out))
	poll.Until(t, 20*time.Second, func() bool {
		_, err := os.Stat(filepath.Join(dir, "allowed"))
		return err == nil
	}, "the allowed command did not run")
}

func TestGetLogsStaysWithinItsBoundUnderAFlood(t *testing.T) {
	dir := project(t)
	all, _ := mcp.ParseAllow("all")
	cs, _, _ := serve(t, dir, all, nil)
	// 1500 lines of 3 KiB and 8000 short ones: far more than one answer
	// holds, and less than Hum's log store keeps, so none is evicted.
	flood := `node -e "const l='x'.repeat(3000); for (let i=0;i<1500;i++) console.log(i+' '+l); for (let i=0;i<8000;i++) console.log('short '+i)"`
	var out mcp.ActOut
	require.Empty(t, call(t, cs, "run_command", map[string]any{"command": flood}, &out))
	id := out.Processes[0].ID
	var w mcp.WaitOut
	poll.Until(t, 60*time.Second, func() bool {
		require.Empty(t, call(t, cs, "wait_until_ready", map[string]any{"process": id, "timeout_seconds": 30}, &w))
		return w.Processes[0].Status == "succeeded"
	}, "the flood did not finish: %+v", w)

	for _, args := range []map[string]any{
		{"process": id, "lines": 5000},
		{"process": id, "lines": 100000, "max_bytes": 10 << 20},
		{"lines": 5000},
		{"process": id, "pattern": "x{100}", "lines": 5000},
		{"process": id, "since_seq": 1, "lines": 5000},
	} {
		var lg mcp.LogsOut
		require.Empty(t, call(t, cs, "get_logs", args, &lg))
		assert.LessOrEqual(t, len(lg.Text), mcp.MaxLogBytes, "args %v", args)
		assert.Greater(t, len(lg.Text), mcp.MaxLogBytes/2, "args %v: the bound should be used, not starved", args)
		assert.True(t, lg.Truncated, "args %v", args)
	}
	var lg mcp.LogsOut
	require.Empty(t, call(t, cs, "get_logs", map[string]any{"process": id, "max_bytes": 100, "pattern": "x{100}"}, &lg))
	assert.Len(t, lg.Text, 100, "a line longer than max_bytes is cut to fit, got %q", lg.Text)
	assert.True(t, strings.HasPrefix(lg.Text, "1499 xxx"), "got %q", lg.Text)
	require.Empty(t, call(t, cs, "get_logs", map[string]any{"process": id, "max_bytes": 1000}, &lg))
	assert.LessOrEqual(t, len(lg.Text), 1000)
	assert.True(t, strings.HasSuffix(lg.Text, "short 7999\n"), "got %q, want the newest lines", lg.Text)

	// Following from next_seq gives what comes after, never twice.
	var first, next mcp.LogsOut
	require.Empty(t, call(t, cs, "get_logs", map[string]any{"process": id, "pattern": "^short", "since_seq": 1, "lines": 10}, &first))
	assert.Equal(t, 10, first.Lines)
	assert.True(t, strings.HasPrefix(first.Text, "short 0\n"), "got %q", first.Text)
	require.Empty(t, call(t, cs, "get_logs", map[string]any{"process": id, "pattern": "^short", "since_seq": first.NextSeq, "lines": 10}, &next))
	assert.True(t, strings.HasPrefix(next.Text, "short 10\n"), "got %q", next.Text)
}

func TestNewErrorsAreNotifiedToSubscribers(t *testing.T) {
	dir := project(t)
	all, _ := mcp.ParseAllow("all")
	updated := make(chan string, 16)
	cs, _, _ := serve(t, dir, all, &sdk.ClientOptions{ResourceUpdatedHandler: func(_ context.Context, r *sdk.ResourceUpdatedNotificationRequest) {
		updated <- r.Params.URI
	}})
	require.NoError(t, cs.Subscribe(context.Background(), &sdk.SubscribeParams{URI: "hum://errors"}))
	var out mcp.ActOut
	require.Empty(t, call(t, cs, "start", map[string]any{"process": "fail"}, &out))
	select {
	case uri := <-updated:
		assert.Equal(t, "hum://errors", uri)
	case <-time.After(30 * time.Second):
		t.Fatal("no resources/updated after the script threw")
	}
	res, err := cs.ReadResource(context.Background(), &sdk.ReadResourceParams{URI: "hum://errors/" + out.Processes[0].ID})
	require.NoError(t, err)
	var errs mcp.ErrorsOut
	require.NoError(t, json.Unmarshal([]byte(res.Contents[0].Text), &errs))
	require.Len(t, errs.Errors, 1)
	assert.Contains(t, errs.Errors[0].Title, "config.port is undefined")
}

func TestGetEnvMasksWhatTheEnvTabMasks(t *testing.T) {
	dir := project(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".env"), []byte("API_KEY=sk-live-123\nGREETING=hello\n"), 0o644))
	all, _ := mcp.ParseAllow("all")
	cs, _, _ := serve(t, dir, all, nil)
	require.Empty(t, call(t, cs, "start", map[string]any{"process": "web"}, nil))
	var env mcp.EnvOut
	require.Empty(t, call(t, cs, "get_env", map[string]any{"process": "web"}, &env))
	vars := map[string]mcp.EnvVariable{}
	for _, v := range env.Variables {
		vars[v.Name] = v
	}
	assert.Equal(t, mcp.EnvVariable{Name: "GREETING", Value: "hello", Layer: ".env"}, vars["GREETING"])
	assert.Equal(t, mcp.EnvVariable{Name: "API_KEY", Value: "••••••••", Layer: ".env", Masked: true}, vars["API_KEY"])
	res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: "get_env", Arguments: map[string]any{"process": "web"}})
	require.NoError(t, err)
	b, _ := json.Marshal(res)
	assert.NotContains(t, string(b), "sk-live-123", "the secret went out")
}

func TestGroupsStartWaitRestartAndStopTogether(t *testing.T) {
	dir := project(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hum.yaml"), []byte(`processes:
  worker:
    command: echo "worker up" && exec sleep 300
groups:
  dev:
    members: [web, worker]
`), 0o644))
	all, _ := mcp.ParseAllow("all")
	cs, srv, _ := serve(t, dir, all, nil)
	var scripts mcp.ScriptsOut
	require.Empty(t, call(t, cs, "list_scripts", nil, &scripts))
	require.Len(t, scripts.Groups, 1)
	assert.Equal(t, "dev", scripts.Groups[0].Name)

	var out mcp.ActOut
	require.Empty(t, call(t, cs, "start", map[string]any{"group": "dev"}, &out))
	assert.Len(t, out.Processes, 2)
	var w mcp.WaitOut
	require.Empty(t, call(t, cs, "wait_until_ready", map[string]any{"group": "dev", "timeout_seconds": 60}, &w))
	require.True(t, w.Ready, w.Why)
	require.Len(t, w.Processes, 2)

	require.Empty(t, call(t, cs, "restart", map[string]any{"group": "dev"}, &out))
	require.Empty(t, call(t, cs, "wait_until_ready", map[string]any{"group": "dev", "timeout_seconds": 60}, &w))
	require.True(t, w.Ready, w.Why)
	for _, p := range w.Processes {
		assert.Equal(t, 2, p.Run, "%s: got run %d, want 2 after the group's restart", p.Name, p.Run)
	}

	require.Empty(t, call(t, cs, "stop", map[string]any{"group": "dev"}, &out))
	require.Len(t, out.Processes, 2)
	for _, p := range out.Processes {
		assert.Equal(t, "stopped", p.Status, p.Name)
	}
	assert.Contains(t, call(t, cs, "start", map[string]any{"group": "prod"}, nil), `no group "prod"`)
	assert.Equal(t, "group dev", srv.Activity().List()[0].Target)

	// Not ready, and why: a group whose member failed.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hum.yaml"), []byte(`groups:
  broken:
    members: [fail]
`), 0o644))
	poll.Until(t, 20*time.Second, func() bool {
		require.Empty(t, call(t, cs, "list_scripts", nil, &scripts))
		return len(scripts.Groups) == 1 && scripts.Groups[0].Name == "broken"
	}, "hum.yaml's change was not read")
	require.Empty(t, call(t, cs, "start", map[string]any{"group": "broken"}, nil))
	require.Empty(t, call(t, cs, "wait_until_ready", map[string]any{"group": "broken", "timeout_seconds": 60}, &w))
	assert.False(t, w.Ready)
	assert.Contains(t, w.Why, "fail is failed")
}
