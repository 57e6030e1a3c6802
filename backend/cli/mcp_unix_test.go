//go:build unix

package cli

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/control"
	"hum/backend/mcp"
	"hum/backend/poll"
	"hum/backend/session"
)

// mcpProject is a folder with one script that prints and stays up.
func mcpProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Procfile"), []byte("hello: echo hello from hum && sleep 60\n"), 0o644))
	return dir
}

// connectHum spawns `hum mcp args...` and connects an MCP client to it.
func connectHum(t *testing.T, args ...string) *sdk.ClientSession {
	t.Helper()
	cmd := exec.Command(hum(t), append([]string{"mcp"}, args...)...)
	// No window's runtime folder: headless.
	cmd.Env = append(os.Environ(), control.EnvDir+"="+t.TempDir())
	cmd.Stderr = os.Stderr
	client := sdk.NewClient(&sdk.Implementation{Name: "test-agent", Version: "1"}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	cs, err := client.Connect(ctx, &sdk.CommandTransport{Command: cmd}, nil)
	require.NoError(t, err)
	t.Cleanup(func() { cs.Close() })
	return cs
}

func toolText(res *sdk.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*sdk.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

func TestBinaryMCPHeadlessRefusesActingToolsWithoutAllow(t *testing.T) {
	dir := mcpProject(t)
	cs := connectHum(t, dir)
	ctx := context.Background()
	tools, err := cs.ListTools(ctx, nil)
	require.NoError(t, err)
	var names []string
	for _, tl := range tools.Tools {
		names = append(names, tl.Name)
	}
	assert.ElementsMatch(t, []string{"list_scripts", "list_processes", "get_logs", "get_errors", "get_env",
		"wait_until_ready", "start", "stop", "restart", "run_command"}, names)

	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "start", Arguments: map[string]any{"process": "hello"}})
	require.NoError(t, err)
	assert.True(t, res.IsError)
	assert.Contains(t, toolText(res), "hum mcp --allow start")
	res, err = cs.CallTool(ctx, &sdk.CallToolParams{Name: "list_processes"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"processes":[]}`, toolText(res))
}

func TestBinaryMCPHeadlessWithAllowStartsAndStopsOnHangUp(t *testing.T) {
	dir := mcpProject(t)
	cs := connectHum(t, dir, "--allow", "start,stop")
	ctx := context.Background()
	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "start", Arguments: map[string]any{"process": "hello"}})
	require.NoError(t, err)
	require.False(t, res.IsError, toolText(res))
	var lg mcp.LogsOut
	poll.Until(t, 30*time.Second, func() bool {
		res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "get_logs", Arguments: map[string]any{"process": "hello"}})
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal([]byte(toolText(res)), &lg))
		return strings.Contains(lg.Text, "hello from hum")
	}, "no output from hello: %q", lg.Text)
	// restart is not allowed.
	res, err = cs.CallTool(ctx, &sdk.CallToolParams{Name: "restart", Arguments: map[string]any{"process": "hello"}})
	require.NoError(t, err)
	assert.True(t, res.IsError)
	var procs mcp.ProcessesOut
	res, err = cs.CallTool(ctx, &sdk.CallToolParams{Name: "list_processes"})
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal([]byte(toolText(res)), &procs))
	require.Len(t, procs.Processes, 1)
	pid := procs.Processes[0].PID
	require.NotZero(t, pid)
	// The agent hangs up: hum mcp stops what it started and exits.
	require.NoError(t, cs.Close())
	poll.Until(t, 30*time.Second, func() bool { return !alive(pid) }, "pid %d outlived hum mcp", pid)
}

// TestBinaryMCPHeadlessAllowedByHumYAML: the project's hum.yaml allows
// start and stop without --allow; run_command still needs the flag.
func TestBinaryMCPHeadlessAllowedByHumYAML(t *testing.T) {
	dir := mcpProject(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hum.yaml"), []byte("agents:\n  allow: [start, stop]\n"), 0o644))
	cs := connectHum(t, dir)
	ctx := context.Background()
	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "start", Arguments: map[string]any{"process": "hello"}})
	require.NoError(t, err)
	require.False(t, res.IsError, toolText(res))
	res, err = cs.CallTool(ctx, &sdk.CallToolParams{Name: "restart", Arguments: map[string]any{"process": "hello"}})
	require.NoError(t, err)
	assert.True(t, res.IsError, "hum.yaml does not allow restart")
	assert.Contains(t, toolText(res), "hum mcp --allow restart")
	assert.Contains(t, toolText(res), "agents: {allow: [restart]}")
	res, err = cs.CallTool(ctx, &sdk.CallToolParams{Name: "run_command", Arguments: map[string]any{"command": "touch pwned"}})
	require.NoError(t, err)
	assert.True(t, res.IsError)
	assert.NotContains(t, toolText(res), "hum.yaml", "hum.yaml cannot allow run_command, so it is not offered")
	assert.NoFileExists(t, filepath.Join(dir, "pwned"))
	res, err = cs.CallTool(ctx, &sdk.CallToolParams{Name: "stop", Arguments: map[string]any{"process": "hello"}})
	require.NoError(t, err)
	assert.False(t, res.IsError, toolText(res))
}

// TestBinaryMCPHumYAMLSavedLaterAllowsNothingMore: an agent that can write
// the project's files must not grant itself a tool by saving hum.yaml;
// the allowances are those hum mcp started with.
func TestBinaryMCPHumYAMLSavedLaterAllowsNothingMore(t *testing.T) {
	dir := mcpProject(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hum.yaml"), []byte("agents:\n  allow: [stop]\n"), 0o644))
	cs := connectHum(t, dir)
	ctx := context.Background()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hum.yaml"),
		[]byte("processes:\n  added: {command: echo added}\nagents:\n  allow: [start, stop]\n"), 0o644))
	// The session has read the new file once it lists the added process.
	poll.Until(t, 30*time.Second, func() bool {
		res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "list_scripts"})
		return err == nil && strings.Contains(toolText(res), `"added"`)
	}, "hum mcp never read the saved hum.yaml")
	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "start", Arguments: map[string]any{"process": "hello"}})
	require.NoError(t, err)
	assert.True(t, res.IsError, "a hum.yaml saved after the start allowed start: %s", toolText(res))
}

func TestBinaryMCPHelpPrintsTheSetUpSnippets(t *testing.T) {
	stdout, _, code := runHum(t, "mcp", "--help", "/work/my app")
	assert.Equal(t, 0, code)
	for _, want := range []string{
		"claude mcp add hum -- hum mcp '/work/my app'",
		`"mcpServers"`, ".cursor/mcp.json",
		"[mcp_servers.hum]", `args = ["mcp", "/work/my app"]`,
		".vscode/mcp.json", `"type": "stdio"`,
		"--allow",
	} {
		assert.Contains(t, stdout, want)
	}
}

// alive reports whether a process with the PID exists.
func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

// windowApprover stands for the window: it records who asked for what and
// allows it.
type windowApprover struct{ got chan mcp.Request }

func (w windowApprover) Approve(_ context.Context, r mcp.Request) (mcp.Decision, error) {
	w.got <- r
	return mcp.AllowOnce, nil
}

func TestBinaryMCPBridgesToTheWindowThatHasTheProjectOpen(t *testing.T) {
	dir := mcpProject(t)
	sess, err := session.Open(context.Background(), dir, session.Options{})
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		sess.Close(ctx)
	})
	// The window runs hello already, so the agent sees it.
	_, err = sess.Start("procfile:Procfile:hello")
	require.NoError(t, err)
	ap := windowApprover{got: make(chan mcp.Request, 4)}
	base, err := os.MkdirTemp("", "humctl")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(base) })
	rdir := filepath.Join(base, "run")
	srv, err := control.Listen(rdir, func(h control.Hello) (func(net.Conn), error) {
		if h.Root != sess.Root() {
			return nil, control.ErrNotOpen
		}
		return func(c net.Conn) {
			_ = mcp.New(mcp.Options{Session: sess, Approver: ap}).ServeConn(context.Background(), c)
		}, nil
	})
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })

	cmd := exec.Command(hum(t), "mcp", dir) // no --allow: the window approves
	cmd.Env = append(os.Environ(), control.EnvDir+"="+rdir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	client := sdk.NewClient(&sdk.Implementation{Name: "claude-code", Version: "1"}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cs, err := client.Connect(ctx, &sdk.CommandTransport{Command: cmd}, nil)
	require.NoError(t, err)

	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "list_processes"})
	require.NoError(t, err)
	var procs mcp.ProcessesOut
	require.NoError(t, json.Unmarshal([]byte(toolText(res)), &procs))
	require.Len(t, procs.Processes, 1, "the window's process")
	assert.Equal(t, "hello", procs.Processes[0].Name)

	res, err = cs.CallTool(ctx, &sdk.CallToolParams{Name: "restart", Arguments: map[string]any{"process": "hello"}})
	require.NoError(t, err)
	require.False(t, res.IsError, toolText(res))
	select {
	case r := <-ap.got:
		assert.Equal(t, mcp.Request{Agent: "Claude Code", Tool: "restart", Target: "hello", Root: sess.Root()}, r)
	case <-time.After(10 * time.Second):
		t.Fatal("the window was not asked")
	}
	poll.Until(t, 20*time.Second, func() bool { return sess.Processes()[0].Restarts == 1 }, "the window's process was not restarted")
	require.NoError(t, cs.Close()) // waits for hum mcp to exit, so stderr is whole
	assert.Contains(t, stderr.String(), "connected to the Hum window")
	assert.Equal(t, "running", sess.Processes()[0].Status.String(), "the agent hanging up stops nothing in the window")
}

func TestBinaryMCPServesHeadlessWhenTheWindowHasAnotherProject(t *testing.T) {
	dir := mcpProject(t)
	base, err := os.MkdirTemp("", "humctl")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(base) })
	rdir := filepath.Join(base, "run")
	srv, err := control.Listen(rdir, func(control.Hello) (func(net.Conn), error) { return nil, control.ErrNotOpen })
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	cmd := exec.Command(hum(t), "mcp", dir)
	cmd.Env = append(os.Environ(), control.EnvDir+"="+rdir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "x", Version: "1"}, nil).Connect(context.Background(), &sdk.CommandTransport{Command: cmd}, nil)
	require.NoError(t, err)
	res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: "start", Arguments: map[string]any{"process": "hello"}})
	require.NoError(t, err)
	assert.True(t, res.IsError, "headless without --allow")
	require.NoError(t, cs.Close())
	assert.Contains(t, stderr.String(), "another project open")
}
