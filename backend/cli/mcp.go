package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"hum/backend/control"
	"hum/backend/mcp"
	"hum/backend/process"
	"hum/backend/session"
	"hum/backend/watchdog"
)

const mcpUsage = `Usage: hum mcp [DIR] [--allow TOOLS] [--headless]

Serves the project in DIR (default: the current folder) to a coding agent
over the Model Context Protocol, on stdin and stdout.

When a Hum window has DIR open, hum mcp connects to it: the agent acts on
the window's processes, the user sees what it does there and approves each
start, stop, restart and command in the window. Otherwise hum mcp runs the
project itself, headless, and refuses those tools unless --allow names them
(or, for start, stop and restart, the project's hum.yaml: agents: {allow:
[start, stop, restart]}; hum.yaml can never allow run_command).

  --allow TOOLS   acting tools allowed without a window, comma separated:
                  start, stop, restart, run_command, or all
  --headless      never connect to a window

Reading tools (list_scripts, list_processes, get_logs, get_errors, get_env,
wait_until_ready) are always allowed. docs/mcp.md is the tool reference.

Set-up:
`

// mcpHelp is the usage with the set-up snippets for dir.
func mcpHelp(dir string) string {
	var b strings.Builder
	b.WriteString(mcpUsage)
	for _, s := range mcp.Snippets("hum", dir) {
		fmt.Fprintf(&b, "\n%s (%s):\n", s.Agent, s.Where)
		for _, line := range strings.Split(s.Text, "\n") {
			b.WriteString("    " + line + "\n")
		}
	}
	return b.String()
}

// mcpCmd runs `hum mcp`: bridged to the window when it has the project
// open, headless otherwise.
func mcpCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var dir, allow string
	headless, help := false, false
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-h" || a == "-help" || a == "--help":
			help = true
		case a == "--headless" || a == "-headless":
			headless = true
		case a == "--allow" || a == "-allow":
			if i+1 == len(args) {
				return usageError(stderr, "mcp: --allow needs a list of tools")
			}
			i++
			allow = args[i]
		case strings.HasPrefix(a, "--allow="):
			allow = strings.TrimPrefix(a, "--allow=")
		case strings.HasPrefix(a, "-") && a != "-":
			return usageError(stderr, "mcp: unknown flag %s", a)
		case dir == "":
			dir = a
		default:
			return usageError(stderr, "mcp: one folder at most, got %q and %q", dir, a)
		}
	}
	if dir == "" {
		dir = "."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		fmt.Fprintf(stderr, "hum: mcp: %v\n", err)
		return 1
	}
	if help {
		fmt.Fprint(stdout, mcpHelp(abs))
		return 0
	}
	approver, err := mcp.ParseAllow(allow)
	if err != nil {
		fmt.Fprintf(stderr, "hum: mcp: %v\n", err)
		return 2
	}
	if info, err := os.Stat(abs); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "hum: mcp: %s is not a folder\n", abs)
		return 2
	}
	if !headless {
		if rdir, err := control.Dir(); err == nil {
			conn, err := control.Dial(rdir, abs, "hum mcp")
			switch {
			case err == nil:
				fmt.Fprintf(stderr, "hum: mcp: connected to the Hum window for %s; approvals are asked there\n", abs)
				return bridge(ctx, conn, stdin, stdout, stderr)
			case errors.Is(err, control.ErrNoWindow):
			case errors.Is(err, control.ErrNotOpen):
				fmt.Fprintf(stderr, "hum: mcp: the Hum window has another project open; serving %s headless\n", abs)
			default:
				fmt.Fprintf(stderr, "hum: mcp: the Hum window refused: %v; serving %s headless\n", err, abs)
			}
		}
	}
	return mcpHeadless(ctx, abs, approver, stdin, stdout, stderr)
}

// mcpHeadless serves a session of its own until the client hangs up, then
// stops everything it started.
func mcpHeadless(ctx context.Context, dir string, approver mcp.Headless, stdin io.Reader, stdout, stderr io.Writer) int {
	running := watchdog.Dir(configDir())
	var guard process.Guard
	if g, err := watchdog.Start(running); err != nil {
		fmt.Fprintf(stderr, "hum: mcp: no watchdog, so if hum is killed what it started may outlive it: %v\n", err)
	} else if g != nil {
		guard = g
		defer g.Close()
	}
	sess, err := session.Open(ctx, dir, session.Options{Guard: guard})
	if err != nil {
		fmt.Fprintf(stderr, "hum: mcp: %v\n", err)
		return 1
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), process.DefaultGracePeriod+5*time.Second)
		defer cancel()
		if err := sess.Close(stopCtx); err != nil {
			fmt.Fprintf(stderr, "hum: mcp: stopping: %v\n", err)
		}
	}()
	fromFile := sess.AgentsAllowed()
	switch {
	case len(approver) == 0 && len(fromFile) == 0:
		fmt.Fprintf(stderr, "hum: mcp: serving %s headless; start, stop, restart and run_command are refused "+
			"(allow them with --allow, or start, stop and restart in hum.yaml's agents.allow)\n", dir)
	case len(fromFile) == 0:
		fmt.Fprintf(stderr, "hum: mcp: serving %s headless; allowed: %s\n", dir, approver)
	default:
		fmt.Fprintf(stderr, "hum: mcp: serving %s headless; allowed: %s (--allow), %s (hum.yaml)\n", dir, approver, strings.Join(fromFile, ","))
	}
	activity := &mcp.ActivityLog{OnAdd: func(a mcp.Activity) {
		what := a.Tool + " " + a.Target
		if a.Command != "" {
			what = a.Tool + " `" + a.Command + "`"
		}
		fmt.Fprintf(stderr, "hum: mcp: %s %s %s: %s: %s\n", time.UnixMilli(a.Time).Format("15:04:05"), a.Agent, what, a.Decision, a.Result)
	}}
	// hum.yaml's allowances are the ones it had when the user started
	// hum mcp (the startup line above says them), not re-read at each call:
	// an agent that can edit the project's files must not be able to grant
	// itself start, stop or restart by saving hum.yaml.
	allowed := func() []string { return fromFile }
	srv := mcp.New(mcp.Options{Session: sess, Approver: approver.WithProject(allowed), Activity: activity, Version: Version})
	t := &sdk.IOTransport{Reader: io.NopCloser(stdin), Writer: nopWriteCloser{stdout}}
	if err := srv.Serve(ctx, t); err != nil && !errors.Is(err, io.EOF) && ctx.Err() == nil {
		fmt.Fprintf(stderr, "hum: mcp: %v\n", err)
		return 1
	}
	return 0
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// bridge copies stdin to the window's connection and the connection to
// stdout until either side ends.
func bridge(ctx context.Context, conn net.Conn, stdin io.Reader, stdout, stderr io.Writer) int {
	var once sync.Once
	done := make(chan struct{})
	finish := func() { once.Do(func() { close(done) }) }
	go func() {
		_, _ = io.Copy(conn, stdin)
		// The agent hung up: let the window finish what it writes.
		if uc, ok := conn.(*net.UnixConn); ok {
			_ = uc.CloseWrite()
		}
	}()
	go func() {
		_, _ = io.Copy(stdout, conn)
		finish()
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}
	conn.Close()
	return 0
}
