package mcp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"hum/backend/stack"
)

// Acting tools: the ones that need the user's approval. Reading tools
// (list_scripts, list_processes, get_logs, get_errors, get_env,
// wait_until_ready) never do.
const (
	ToolStart      = "start"
	ToolStop       = "stop"
	ToolRestart    = "restart"
	ToolRunCommand = "run_command"
)

// ActingTools lists the tools that go through the Approver, in the order
// `hum mcp --allow` documents them.
var ActingTools = []string{ToolStart, ToolStop, ToolRestart, ToolRunCommand}

// Request is one acting call an agent makes, as the user is asked about
// it: who asks, for which tool, on what, and for run_command the exact
// command line.
type Request struct {
	Agent   string `json:"agent"`             // the MCP client's name (initialize's clientInfo), "an agent" when it gave none
	Tool    string `json:"tool"`              // one of ActingTools
	Target  string `json:"target"`            // the script, process or group it acts on; the folder for run_command
	Command string `json:"command,omitempty"` // run_command's command line, exactly as it will run
	Root    string `json:"root"`              // the project's folder
}

// Summary says the request in one line: "Claude Code wants to restart api".
func (r Request) Summary() string {
	verb := strings.ReplaceAll(r.Tool, "_", " ")
	if r.Tool == ToolRunCommand {
		return fmt.Sprintf("%s wants to run %s", r.Agent, r.Command)
	}
	return fmt.Sprintf("%s wants to %s %s", r.Agent, verb, r.Target)
}

// Decision is the user's answer to a Request.
type Decision uint8

const (
	Deny        Decision = iota // nothing happens; the agent is told it was refused
	AllowOnce                   // this call only
	AllowAlways                 // this call, and the same kind of call in this project from now on (the approver remembers it)
)

// String names the decision as the activity list shows it.
func (d Decision) String() string {
	switch d {
	case AllowOnce:
		return "allowed once"
	case AllowAlways:
		return "always allowed"
	}
	return "denied"
}

// An Approver decides whether an acting call may go ahead. Approve may
// block (the window asks the user) until ctx ends, which is a Deny. An
// error is a refusal that says why (no window to ask, the project closed).
type Approver interface {
	Approve(ctx context.Context, r Request) (Decision, error)
}

// ErrNotAllowed is the headless refusal: no window to ask, and the tool is
// not among those `hum mcp --allow` names.
var ErrNotAllowed = errors.New("not allowed")

// Headless is the Approver of `hum mcp` without a window: it allows the
// tools it holds and refuses every other, saying how to allow it.
type Headless map[string]bool

// ParseAllow reads `--allow start,stop,restart,run_command` ("all" for
// every acting tool) into a Headless approver.
func ParseAllow(list string) (Headless, error) {
	h := Headless{}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		switch {
		case name == "":
		case name == "all":
			for _, t := range ActingTools {
				h[t] = true
			}
		case slices.Contains(ActingTools, name):
			h[name] = true
		default:
			return nil, fmt.Errorf("--allow: unknown tool %q (the acting tools are %s, or all)", name, strings.Join(ActingTools, ", "))
		}
	}
	return h, nil
}

// String lists the allowed tools, comma separated, in ActingTools' order.
func (h Headless) String() string {
	var out []string
	for _, t := range ActingTools {
		if h[t] {
			out = append(out, t)
		}
	}
	return strings.Join(out, ",")
}

// Approve allows the tools h holds, once each call.
func (h Headless) Approve(_ context.Context, r Request) (Decision, error) {
	if h[r.Tool] {
		return AllowOnce, nil
	}
	return Deny, refusal(r.Tool)
}

// refusal says why tool is refused headless, and both ways to allow it:
// the flag, and for the tools a project file may allow, hum.yaml.
func refusal(tool string) error {
	how := fmt.Sprintf("start the server with `hum mcp --allow %s`", tool)
	if slices.Contains(stack.AgentTools, tool) {
		how += fmt.Sprintf(", or add it to the project's hum.yaml (agents: {allow: [%s]})", tool)
	}
	return fmt.Errorf("%w: %s needs the user's approval, and no Hum window has this project open to ask in; "+
		"open the project in Hum, or %s", ErrNotAllowed, tool, how)
}

// WithProject is h together with what the project's hum.yaml allows
// (agents.allow, read by project at each call, so an edit applies at
// once). The project's list may hold only stack.AgentTools; anything else
// in it is ignored here too, so run_command needs the flag.
func (h Headless) WithProject(project func() []string) Approver {
	return projectHeadless{flags: h, project: project}
}

type projectHeadless struct {
	flags   Headless
	project func() []string
}

func (p projectHeadless) Approve(ctx context.Context, r Request) (Decision, error) {
	if p.flags[r.Tool] || (slices.Contains(stack.AgentTools, r.Tool) && slices.Contains(p.project(), r.Tool)) {
		return AllowOnce, nil
	}
	return Deny, refusal(r.Tool)
}

// Activity is one acting call an agent made: who, what, when, and how it
// ended. The window's Agent activity list shows them.
type Activity struct {
	Time     int64  `json:"time"` // unix ms the call arrived
	Agent    string `json:"agent"`
	Tool     string `json:"tool"`
	Target   string `json:"target"`
	Command  string `json:"command,omitempty"`
	Root     string `json:"root"`
	Decision string `json:"decision"` // Decision.String, or "refused" when the approver gave an error
	OK       bool   `json:"ok"`       // allowed and done without error
	Result   string `json:"result"`   // "done", or why it was refused or failed
}

// MaxActivity bounds the calls an ActivityLog keeps; older ones go.
const MaxActivity = 500

// ActivityLog keeps the newest MaxActivity agent calls. A zero
// ActivityLog is ready to use; its methods are safe for concurrent use.
type ActivityLog struct {
	// OnAdd, when set before the first Add, is called with each entry
	// after it is kept, without the log's lock held.
	OnAdd func(Activity)

	mu   sync.Mutex // protects list
	list []Activity // guarded by mu; oldest first
}

// Add records a.
func (l *ActivityLog) Add(a Activity) {
	l.mu.Lock()
	l.list = append(l.list, a)
	if n := len(l.list); n > MaxActivity {
		l.list = slices.Clone(l.list[n-MaxActivity:])
	}
	l.mu.Unlock()
	if l.OnAdd != nil {
		l.OnAdd(a)
	}
}

// List returns the calls kept, newest first; the slice is the caller's.
func (l *ActivityLog) List() []Activity {
	l.mu.Lock()
	out := slices.Clone(l.list)
	l.mu.Unlock()
	slices.Reverse(out)
	if out == nil {
		out = []Activity{}
	}
	return out
}

// now is the activity's clock.
func now() int64 { return time.Now().UnixMilli() }
