//go:build unix

package cli

import (
	"context"
	"encoding/json"
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
