package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/control"
	"hum/backend/poll"
)

// agentClient connects an MCP client named like Claude Code to the
// window's control socket for root, as `hum mcp` does.
func agentClient(t *testing.T, root string) *sdk.ClientSession {
	t.Helper()
	dir, err := control.Dir()
	require.NoError(t, err)
	conn, err := control.Dial(dir, root, "test")
	require.NoError(t, err)
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "claude-code", Version: "1"}, nil).
		Connect(context.Background(), &sdk.IOTransport{Reader: conn, Writer: conn}, nil)
	require.NoError(t, err)
	t.Cleanup(func() { cs.Close() })
	return cs
}

// callAsync calls a tool in the background; the answer comes on the channel.
func callAsync(cs *sdk.ClientSession, name string, args map[string]any) <-chan *sdk.CallToolResult {
	ch := make(chan *sdk.CallToolResult, 1)
	go func() {
		res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: name, Arguments: args})
		if err != nil {
			res = &sdk.CallToolResult{IsError: true, Content: []sdk.Content{&sdk.TextContent{Text: err.Error()}}}
		}
		ch <- res
	}()
	return ch
}

func resultText(res *sdk.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*sdk.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

// question waits for the window to be asked, and returns the question.
func question(t *testing.T, a *App) AgentApproval {
	t.Helper()
	var q []AgentApproval
	poll.Until(t, 20*time.Second, func() bool { q = a.PendingAgentRequests(); return len(q) == 1 }, "the window was not asked")
	return q[0]
}

func answered(t *testing.T, ch <-chan *sdk.CallToolResult) *sdk.CallToolResult {
	t.Helper()
	select {
	case res := <-ch:
		return res
	case <-time.After(30 * time.Second):
		t.Fatal("the agent's call did not end")
		return nil
	}
}

func TestAgentActionsAreAskedInTheWindowOnceAlwaysOrDenied(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "web: echo up && exec sleep 300\n"})
	a, w := newTestApp(t, dir)
	a.startAgents()
	cs := agentClient(t, dir)

	// Allow once.
	ch := callAsync(cs, "start", map[string]any{"process": "web"})
	q := question(t, a)
	assert.Equal(t, "Claude Code wants to start web", q.Summary)
	assert.Equal(t, "start", q.Tool)
	assert.Contains(t, w.called(), "show", "the window comes up to ask")
	require.NoError(t, a.DecideAgentRequest(q.ID, "once"))
	res := answered(t, ch)
	require.False(t, res.IsError, resultText(res))
	poll.Until(t, 20*time.Second, func() bool { ps := a.Processes(); return len(ps) == 1 && ps[0].Status.String() == "running" }, "web did not start")
	assert.Empty(t, a.PendingAgentRequests())
	assert.ErrorIs(t, a.DecideAgentRequest(q.ID, "once"), ErrNoAgentRequest, "answered already")

	// Deny: nothing happens, and the agent is told.
	ch = callAsync(cs, "stop", map[string]any{"process": "web"})
	q = question(t, a)
	require.NoError(t, a.DecideAgentRequest(q.ID, "deny"))
	res = answered(t, ch)
	assert.True(t, res.IsError)
	assert.Contains(t, resultText(res), "denied")
	assert.Equal(t, "running", a.Processes()[0].Status.String())

	// Always: asked once, then never again for this project.
	ch = callAsync(cs, "restart", map[string]any{"process": "web"})
	q = question(t, a)
	assert.Contains(t, q.Always, "restart any process")
	require.NoError(t, a.DecideAgentRequest(q.ID, "always"))
	require.False(t, answered(t, ch).IsError)
	res = answered(t, callAsync(cs, "restart", map[string]any{"process": "web"}))
	require.False(t, res.IsError, resultText(res))
	assert.Empty(t, a.PendingAgentRequests())
	assert.Equal(t, 2, a.Processes()[0].Restarts)
	b, err := os.ReadFile(filepath.Join(os.Getenv("HUM_CONFIG_DIR"), "config.json"))
	require.NoError(t, err)
	var cfg struct {
		Agents map[string][]string `json:"agents"`
	}
	require.NoError(t, json.Unmarshal(b, &cfg))
	assert.Equal(t, []string{"restart"}, cfg.Agents[a.sess.Root()])

	// run_command shows the exact command; "always" is for that command alone.
	ch = callAsync(cs, "run_command", map[string]any{"command": "echo hi > note.txt"})
	q = question(t, a)
	assert.Equal(t, "echo hi > note.txt", q.Command)
	require.NoError(t, a.DecideAgentRequest(q.ID, "always"))
	require.False(t, answered(t, ch).IsError)
	ch = callAsync(cs, "run_command", map[string]any{"command": "echo hi > note.txt; rm -rf ."})
	q = question(t, a)
	require.NoError(t, a.DecideAgentRequest(q.ID, "deny"))
	answered(t, ch)

	// The activity list, newest first; the window heard of each.
	var got []string
	for _, act := range a.AgentActivity() {
		assert.Equal(t, "Claude Code", act.Agent)
		got = append(got, act.Tool+" "+act.Decision)
	}
	assert.Equal(t, []string{"run_command denied", "run_command always allowed", "restart always allowed",
		"restart always allowed", "stop denied", "start allowed once"}, got)
	assert.Len(t, w.named(topicAgentActivity), 6)
}

func TestAgentsOfAProjectTheWindowHasNotOpenAreTurnedAway(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "web: sleep 300\n"})
	a, _ := newTestApp(t, dir)
	a.startAgents()
	rdir, err := control.Dir()
	require.NoError(t, err)
	_, err = control.Dial(rdir, t.TempDir(), "test")
	assert.ErrorIs(t, err, control.ErrNotOpen)
}

func TestQuittingDeniesWhatAgentsStillAsk(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "web: sleep 300\n"})
	a, _ := newTestApp(t, dir)
	a.startAgents()
	cs := agentClient(t, dir)
	ch := callAsync(cs, "start", map[string]any{"process": "web"})
	question(t, a)
	done := make(chan struct{})
	go func() { a.stopAgents(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("stopAgents waited for an unanswered question")
	}
	res := answered(t, ch)
	assert.True(t, res.IsError)
	assert.Empty(t, a.Processes())
}

// TestAgentSetupAddsHumToAnAgentsConfig: Connect an agent… lists the
// project's config files and the user's where the agent is set up, adds
// Hum to one, keeps what it had, and says why it will not touch another.
func TestAgentSetupAddsHumToAnAgentsConfig(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	t.Setenv("CODEX_HOME", "")
	require.NoError(t, os.Mkdir(filepath.Join(home, ".codex"), 0o700))
	codex := filepath.Join(home, ".codex", "config.toml")
	require.NoError(t, os.WriteFile(codex, []byte("model = \"o3\"\n"), 0o600))
	dir := writeProject(t, map[string]string{"Procfile": "web: sleep 300\n", ".vscode/mcp.json": "{\n  // mine\n  \"servers\": {}\n}\n"})
	a, _ := newTestApp(t, dir)

	setup := a.AgentSetup()
	states := map[string]string{}
	for _, f := range setup.Files {
		states[f.ID] = f.State
	}
	assert.Equal(t, map[string]string{"claude-project": "missing", "cursor-project": "missing", "vscode-project": "refused", "codex-user": "missing"},
		states, "Cursor is not set up in this home, so its own file is not offered")

	setup, err := a.AddAgentConfig("codex-user")
	require.NoError(t, err)
	raw, err := os.ReadFile(codex)
	require.NoError(t, err)
	bin, _ := os.Executable()
	root := a.AgentSetup().Root
	assert.Equal(t, "model = \"o3\"\n\n[mcp_servers.hum]\ncommand = "+jsonString(bin)+"\nargs = [\"mcp\", "+jsonString(root)+"]\n", string(raw))
	for _, f := range setup.Files {
		if f.ID == "codex-user" {
			assert.Equal(t, "added", f.State)
		}
	}

	_, err = a.AddAgentConfig("vscode-project")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "comments or trailing commas (JSONC)")
	_, err = a.AddAgentConfig("nope")
	require.Error(t, err)
}

func jsonString(s string) string { b, _ := json.Marshal(s); return string(b) }
