// Package mcp serves one open project to coding agents over the Model
// Context Protocol (github.com/modelcontextprotocol/go-sdk): tools that
// read its scripts, processes, logs, structured errors and environment,
// and tools that start, stop and restart them or run a command, each of
// those through an Approver first and recorded in an ActivityLog. A
// resource per process's errors, with resources/updated notifications,
// lets an agent follow errors without polling.
//
// The same Server serves `hum mcp` headless (its own session, the
// Headless approver) and the window (the window's session, approvals
// asked in the window), over stdio or the control socket (backend/control).
// docs/mcp.md is the tool reference; the tools' names and parameters are
// stable.
package mcp

import (
	"context"
	"io"
	"log/slog"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"hum/backend/session"
)

// Options configure a Server.
type Options struct {
	Session  *session.Session // the project the tools act on; required
	Approver Approver         // asked before every acting call; nil refuses them all
	Activity *ActivityLog     // where acting calls are recorded; nil keeps a log of the Server's own
	Version  string           // Hum's version, told to the client
}

// Server is the MCP server of one project. It may serve any number of
// connections, one after the other or at once.
type Server struct {
	sess     *session.Session // written once in New
	approver Approver         // written once in New; never nil
	activity *ActivityLog     // written once in New; never nil
	srv      *sdk.Server      // written once in New
	errs     *errorFeed       // written once in New
}

// New returns the server; nothing runs until Serve.
func New(opts Options) *Server {
	s := &Server{sess: opts.Session, approver: opts.Approver, activity: opts.Activity}
	if s.approver == nil {
		s.approver = Headless{}
	}
	if s.activity == nil {
		s.activity = &ActivityLog{}
	}
	version := opts.Version
	if version == "" {
		version = "dev"
	}
	s.errs = &errorFeed{sess: opts.Session}
	s.srv = sdk.NewServer(&sdk.Implementation{Name: "hum", Title: "Hum", Version: version}, &sdk.ServerOptions{
		Instructions: instructions,
		Logger:       slog.New(slog.DiscardHandler),
		// Every resource URI the client may subscribe to is one of
		// errorsURI's; the feed notifies them.
		SubscribeHandler:   func(context.Context, *sdk.SubscribeRequest) error { return nil },
		UnsubscribeHandler: func(context.Context, *sdk.UnsubscribeRequest) error { return nil },
	})
	s.errs.srv = s.srv
	s.addTools()
	s.addResources()
	return s
}

const instructions = `Hum runs this project's dev processes (package.json scripts, Makefile targets, Procfile entries, hum.yaml processes). ` +
	`Use list_scripts and list_processes to see what there is, start / restart / stop to act (the user may be asked to approve), ` +
	`wait_until_ready after a start, get_errors for parsed errors with stack frames (file, line, column), get_logs for raw output. ` +
	`Subscribe to hum://errors to be told when a new error is detected.`

// Serve serves one client over t until it disconnects or ctx ends.
func (s *Server) Serve(ctx context.Context, t sdk.Transport) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go s.errs.run(ctx)
	ss, err := s.srv.Connect(ctx, t, nil)
	if err != nil {
		return err
	}
	go func() {
		<-ctx.Done()
		_ = ss.Close()
	}()
	err = ss.Wait()
	if ctx.Err() != nil || err == io.EOF {
		return nil
	}
	return err
}

// ServeConn serves one client over a stream of newline-delimited JSON-RPC
// (the stdio framing), such as a control socket connection, and closes it.
func (s *Server) ServeConn(ctx context.Context, rwc io.ReadWriteCloser) error {
	return s.Serve(ctx, &sdk.IOTransport{Reader: rwc, Writer: rwc})
}

// Activity is the server's log of acting calls.
func (s *Server) Activity() *ActivityLog { return s.activity }

// agentNames are the display names of well-known clients, by the name
// they give in initialize.
var agentNames = map[string]string{
	"claude-code": "Claude Code", "claude-ai": "Claude", "cursor": "Cursor", "cursor-vscode": "Cursor",
	"codex": "Codex", "codex-mcp-client": "Codex", "visual studio code": "VS Code", "github-copilot": "Copilot",
}

// agentName is who makes the request: the title or name the MCP client
// gave in initialize.
func agentName(ss *sdk.ServerSession) string {
	if ss == nil {
		return "an agent"
	}
	p := ss.InitializeParams()
	if p == nil || p.ClientInfo == nil {
		return "an agent"
	}
	ci := p.ClientInfo
	if n, ok := agentNames[strings.ToLower(ci.Name)]; ok {
		return n
	}
	name := strings.TrimSpace(ci.Title)
	if name == "" {
		name = strings.TrimSpace(ci.Name)
	}
	if name == "" {
		return "an agent"
	}
	return cut(strings.Join(strings.Fields(name), " "), 64) // shown in a dialog: a name on one line, not an essay
}
