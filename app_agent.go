package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"hum/backend/agentconfig"
	"hum/backend/control"
	"hum/backend/mcp"
)

// Coding agents in the window: `hum mcp` connects to the control socket
// (backend/control) and the window serves it the open project's MCP tools
// (backend/mcp) on the window's own session, so the user sees what the
// agent starts and stops. Every acting call is asked about here first
// (topicAgentApprovals, DecideAgentRequest) unless the user chose "Always
// for this project" for it before (kept in backend/config), and every one
// is listed in the Agent activity (topicAgentActivity, AgentActivity).

// The window's agent topics.
const (
	topicAgentApprovals = "agent-approvals" // []AgentApproval: the questions waiting, oldest first
	topicAgentActivity  = "agent-activity"  // mcp.Activity: one agent call, as it ends
)

// agentAnswerTimeout is how long a question waits for the user before it
// is a Deny: an agent's call must end some time.
const agentAnswerTimeout = 10 * time.Minute

// AgentApproval is one question to the user: an agent wants to act.
type AgentApproval struct {
	ID      uint64 `json:"id"`
	Agent   string `json:"agent"`
	Tool    string `json:"tool"`
	Target  string `json:"target"`
	Command string `json:"command,omitempty"` // run_command's exact command line
	Root    string `json:"root"`
	Summary string `json:"summary"` // "Claude Code wants to restart api"
	Always  string `json:"always"`  // what "Always for this project" allows from now on, in words
}

// AgentSetup is what "Connect an agent…" shows.
type AgentSetup struct {
	Root     string            `json:"root"`
	Command  string            `json:"command"` // the hum binary the snippets run
	Snippets []mcp.Snippet     `json:"snippets"`
	Files    []AgentConfigFile `json:"files"` // the agents' config files Hum knows, for "Add Hum"
}

// AgentConfigFile is one agent's config file and whether Hum is in it.
type AgentConfigFile struct {
	ID      string `json:"id"`    // what AddAgentConfig takes: "claude-project", "cursor-user", …
	Agent   string `json:"agent"` // as the snippets name it
	Path    string `json:"path"`
	Project bool   `json:"project"` // in the project (created when absent), or the user's own
	Exists  bool   `json:"exists"`
	// State is "added" (Hum is in it, for this project), "missing" (Add
	// Hum can add it) or "refused" (Message says why it cannot).
	State   string `json:"state"`
	Message string `json:"message,omitempty"`
}

// agentHub holds the control socket, the questions waiting and the log.
type agentHub struct {
	activity mcp.ActivityLog // its OnAdd is written once in startAgents

	mu      sync.Mutex       // protects ctl, next and pending
	ctl     *control.Server  // guarded by mu; nil when not listening
	next    uint64           // guarded by mu; the last question's ID
	pending []*agentQuestion // guarded by mu; oldest first
}

type agentQuestion struct {
	AgentApproval
	answer chan mcp.Decision // capacity 1; written once
}

// startAgents listens for `hum mcp` on the control socket. Without it the
// window works on; agents then run headless.
func (a *App) startAgents() {
	a.agents.activity.OnAdd = func(act mcp.Activity) { a.window.Emit(topicAgentActivity, act) }
	dir, err := control.Dir()
	if err != nil {
		log.Printf("hum: no control socket for agents: %v", err)
		return
	}
	ctl, err := control.Listen(dir, a.serveAgent)
	if err != nil {
		log.Printf("hum: no control socket for agents: %v", err)
		return
	}
	a.agents.mu.Lock()
	a.agents.ctl = ctl
	a.agents.mu.Unlock()
}

// stopAgents hangs up on every agent and denies what they still ask.
func (a *App) stopAgents() {
	a.agents.mu.Lock()
	ctl := a.agents.ctl
	a.agents.ctl = nil
	waiting := slices.Clone(a.agents.pending)
	a.agents.mu.Unlock()
	for _, q := range waiting {
		select {
		case q.answer <- mcp.Deny:
		default:
		}
	}
	if ctl != nil {
		_ = ctl.Close()
	}
}

func samePath(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	ra, errA := filepath.EvalSymlinks(a)
	rb, errB := filepath.EvalSymlinks(b)
	return errA == nil && errB == nil && ra == rb
}

// serveAgent is the control socket's handler: the open project's MCP
// server, with the window as its approver.
func (a *App) serveAgent(h control.Hello) (func(net.Conn), error) {
	s, ok := a.sessionFor(h.Root)
	if !ok {
		return nil, fmt.Errorf("%w: %s", control.ErrNotOpen, h.Root)
	}
	srv := mcp.New(mcp.Options{Session: s, Approver: windowApprover{a}, Activity: &a.agents.activity, Version: a.version})
	return func(c net.Conn) {
		if err := srv.ServeConn(context.Background(), c); err != nil {
			log.Printf("hum: agent connection: %v", err)
		}
	}, nil
}

// alwaysRule is what "Always for this project" remembers for r: the tool
// (restart any process), and for run_command only that exact command.
func alwaysRule(r mcp.Request) (rule, words string) {
	if r.Tool == mcp.ToolRunCommand {
		return r.Tool + ":" + r.Command, "agents may run `" + r.Command + "` in this project without asking"
	}
	return r.Tool, "agents may " + r.Tool + " any process or group in this project without asking"
}

// windowApprover asks the user in the window.
type windowApprover struct{ a *App }

// Approve allows what the user allowed for good, and asks about the rest,
// waiting for the answer (Deny when ctx ends, the window quits, or nobody
// answers in agentAnswerTimeout).
func (w windowApprover) Approve(ctx context.Context, r mcp.Request) (mcp.Decision, error) {
	a := w.a
	rule, words := alwaysRule(r)
	if a.cfg.AgentAllowed(r.Root, rule) {
		return mcp.AllowAlways, nil
	}
	q := &agentQuestion{answer: make(chan mcp.Decision, 1), AgentApproval: AgentApproval{
		Agent: r.Agent, Tool: r.Tool, Target: r.Target, Command: r.Command, Root: r.Root, Summary: r.Summary(), Always: words,
	}}
	a.agents.mu.Lock()
	if a.agents.ctl == nil {
		a.agents.mu.Unlock()
		return mcp.Deny, errors.New("the Hum window is quitting")
	}
	a.agents.next++
	q.ID = a.agents.next
	a.agents.pending = append(a.agents.pending, q)
	a.agents.mu.Unlock()
	a.emitAgentApprovals()
	a.window.Show() // the question is in the window: bring it up
	a.setWindowShown(true)

	timer := time.NewTimer(agentAnswerTimeout)
	defer timer.Stop()
	var d mcp.Decision
	select {
	case d = <-q.answer:
	case <-ctx.Done():
	case <-timer.C:
	}
	a.agents.mu.Lock()
	a.agents.pending = slices.DeleteFunc(a.agents.pending, func(p *agentQuestion) bool { return p == q })
	a.agents.mu.Unlock()
	a.emitAgentApprovals()
	return d, nil
}

func (a *App) emitAgentApprovals() { a.window.Emit(topicAgentApprovals, a.PendingAgentRequests()) }

// PendingAgentRequests returns the agents' questions waiting for the user, oldest first.
func (a *App) PendingAgentRequests() []AgentApproval {
	a.agents.mu.Lock()
	defer a.agents.mu.Unlock()
	out := make([]AgentApproval, 0, len(a.agents.pending))
	for _, q := range a.agents.pending {
		out = append(out, q.AgentApproval)
	}
	return out
}

// ErrNoAgentRequest is returned for an answer to a question no longer waiting.
var ErrNoAgentRequest = errors.New("that agent request is no longer waiting")

// DecideAgentRequest answers question id: decision is "once", "always" (remembered for this project) or "deny".
func (a *App) DecideAgentRequest(id uint64, decision string) error {
	var d mcp.Decision
	switch decision {
	case "once":
		d = mcp.AllowOnce
	case "always":
		d = mcp.AllowAlways
	case "deny":
		d = mcp.Deny
	default:
		return fmt.Errorf("unknown decision %q", decision)
	}
	a.agents.mu.Lock()
	i := slices.IndexFunc(a.agents.pending, func(q *agentQuestion) bool { return q.ID == id })
	var q *agentQuestion
	if i >= 0 {
		q = a.agents.pending[i]
	}
	a.agents.mu.Unlock()
	if q == nil {
		return ErrNoAgentRequest
	}
	var err error
	if d == mcp.AllowAlways {
		rule, _ := alwaysRule(mcp.Request{Tool: q.Tool, Command: q.Command})
		err = a.cfg.AllowAgent(q.Root, rule) // allowed now even when it could not be saved
	}
	select {
	case q.answer <- d:
	default: // answered twice: the first answer stands
	}
	return err
}

// AgentActivity returns what agents did in the window, newest first.
func (a *App) AgentActivity() []mcp.Activity { return a.agents.activity.List() }

// AgentSetup returns the set-up snippets for the common agents, for the
// open project, and the agents' config files Hum can add itself to.
func (a *App) AgentSetup() AgentSetup {
	root := ""
	if s, err := a.session(); err == nil {
		root = s.Root()
	}
	bin, err := os.Executable()
	if err != nil {
		bin = "hum"
	}
	setup := AgentSetup{Root: root, Command: bin, Snippets: mcp.Snippets(bin, root), Files: []AgentConfigFile{}}
	if root == "" {
		return setup
	}
	server := agentconfig.Server{Command: bin, Args: []string{"mcp", root}}
	for _, f := range agentFiles(root) {
		st := agentconfig.Check(f, server)
		if st.State == agentconfig.StateAbsent {
			continue // that agent is not set up on this machine
		}
		setup.Files = append(setup.Files, AgentConfigFile{
			ID: f.ID, Agent: f.Agent, Path: f.Path, Project: f.Project, Exists: st.Exists, State: string(st.State), Message: st.Message,
		})
	}
	return setup
}

// agentFiles are the agents' config files for the project in root.
func agentFiles(root string) []agentconfig.File {
	home, _ := os.UserHomeDir()
	return agentconfig.Files(root, home, os.Getenv("CODEX_HOME"))
}

// AddAgentConfig adds Hum, running this binary on the open project, to
// the agent config file id names (one of AgentSetup's Files), and returns
// the set-up as it is then. A file Hum cannot edit safely is left alone,
// and the error says why.
func (a *App) AddAgentConfig(id string) (AgentSetup, error) {
	s, err := a.session()
	if err != nil {
		return a.AgentSetup(), errors.New("no project is open")
	}
	bin, err := os.Executable()
	if err != nil {
		return a.AgentSetup(), fmt.Errorf("cannot tell where hum is: %w", err)
	}
	for _, f := range agentFiles(s.Root()) {
		if f.ID == id {
			err := agentconfig.Add(f, agentconfig.Server{Command: bin, Args: []string{"mcp", s.Root()}})
			if err != nil {
				err = fmt.Errorf("%s: %w", f.Path, err)
			}
			return a.AgentSetup(), err
		}
	}
	return a.AgentSetup(), fmt.Errorf("unknown agent config %q", id)
}
