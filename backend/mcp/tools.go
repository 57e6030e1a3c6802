package mcp

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"hum/backend/environ"
	"hum/backend/logs"
	"hum/backend/process"
)

// The tools' parameters and answers. Field names are part of the stable
// interface (docs/mcp.md).

type noInput struct{}

// ScriptsOut is list_scripts' answer.
type ScriptsOut struct {
	Root    string       `json:"root" jsonschema:"the project's folder"`
	Scripts []ScriptView `json:"scripts"`
	Groups  []GroupView  `json:"groups" jsonschema:"hum.yaml's groups; start, stop and restart take one as group"`
}

// ProcessesOut is list_processes' answer.
type ProcessesOut struct {
	Processes []ProcessView `json:"processes" jsonschema:"in start order"`
}

// ProcessIn names one process.
type ProcessIn struct {
	Process string `json:"process" jsonschema:"process ID, script or process name"`
}

// ErrorsIn are get_errors' parameters.
type ErrorsIn struct {
	Process string `json:"process,omitempty" jsonschema:"process ID, script or process name; empty for every process"`
	SinceID uint64 `json:"since_id,omitempty" jsonschema:"only errors with a higher id"`
	Limit   int    `json:"limit,omitempty" jsonschema:"how many of the newest errors at most (default 20, at most 100)"`
}

// ErrorsOut is get_errors' answer.
type ErrorsOut struct {
	Errors []ErrorView `json:"errors" jsonschema:"oldest first"`
	More   bool        `json:"more" jsonschema:"older errors matched but were left out by limit"`
}

// EnvOut is get_env's answer.
type EnvOut struct {
	Process   string        `json:"process"`
	Variables []EnvVariable `json:"variables" jsonschema:"sorted by name"`
}

// EnvVariable is one variable of a process's environment.
type EnvVariable struct {
	Name   string `json:"name"`
	Value  string `json:"value" jsonschema:"masked for names that look like credentials (TOKEN, SECRET, PASSWORD, KEY)"`
	Layer  string `json:"layer" jsonschema:"what set it: login shell, hum, .env, .env.local, an env file, hum.yaml"`
	Masked bool   `json:"masked,omitempty"`
}

// TargetIn names what start, stop and restart act on: a script or process,
// or a group.
type TargetIn struct {
	Process string `json:"process,omitempty" jsonschema:"script name or ID (start), or process ID, script or process name (stop, restart)"`
	Group   string `json:"group,omitempty" jsonschema:"a hum.yaml group, instead of process"`
}

// ActOut is what start, stop, restart and run_command answer: the states
// of the processes they acted on, afterwards.
type ActOut struct {
	Processes []ProcessView `json:"processes"`
}

// WaitIn are wait_until_ready's parameters.
type WaitIn struct {
	Process        string  `json:"process,omitempty" jsonschema:"process ID, script or process name"`
	Group          string  `json:"group,omitempty" jsonschema:"a hum.yaml group: ready when every member is"`
	TimeoutSeconds float64 `json:"timeout_seconds,omitempty" jsonschema:"how long to wait at most (default 30, at most 600)"`
}

// WaitOut is wait_until_ready's answer.
type WaitOut struct {
	Ready     bool          `json:"ready"`
	Why       string        `json:"why,omitempty" jsonschema:"why not, when not ready: still starting, waiting for a dependency, blocked, failed with its error, timed out"`
	Processes []ProcessView `json:"processes"`
}

// CommandIn are run_command's parameters.
type CommandIn struct {
	Command string `json:"command" jsonschema:"a shell command line"`
	Dir     string `json:"dir,omitempty" jsonschema:"its folder, relative to the project root (default: the root)"`
}

// Wait bounds.
const (
	DefaultWait = 30 * time.Second
	MaxWait     = 10 * time.Minute
)

func readOnly() *sdk.ToolAnnotations { return &sdk.ToolAnnotations{ReadOnlyHint: true} }

func (s *Server) addTools() {
	sdk.AddTool(s.srv, &sdk.Tool{Name: "list_scripts", Description: "Lists the project's runnable scripts (package.json, Makefile, Procfile, hum.yaml, ...) and hum.yaml's groups.", Annotations: readOnly()},
		func(ctx context.Context, _ *sdk.CallToolRequest, _ noInput) (*sdk.CallToolResult, ScriptsOut, error) {
			out := ScriptsOut{Root: s.sess.Root(), Scripts: scriptViews(s.sess.Project()), Groups: []GroupView{}}
			for _, g := range s.sess.Groups() {
				out.Groups = append(out.Groups, GroupView{Name: g.Name, Description: g.Description, Members: g.Members, Running: g.Running})
			}
			return nil, out, nil
		})
	sdk.AddTool(s.srv, &sdk.Tool{Name: "list_processes", Description: "Lists the processes Hum runs or ran for the project: status and why (waiting, blocked), readiness, PID, ports, server URLs, CPU, memory, restarts, last exit.", Annotations: readOnly()},
		func(ctx context.Context, _ *sdk.CallToolRequest, _ noInput) (*sdk.CallToolResult, ProcessesOut, error) {
			return nil, ProcessesOut{Processes: views(s.sess.Processes())}, nil
		})
	sdk.AddTool(s.srv, &sdk.Tool{Name: "get_logs", Description: "Returns a process's output as plain text: the newest lines, the lines after a sequence number, or those of the current run; optionally only lines matching a regular expression. At most 64 KiB.", Annotations: readOnly()},
		func(ctx context.Context, _ *sdk.CallToolRequest, in LogsIn) (*sdk.CallToolResult, LogsOut, error) {
			out, err := readLogs(s.sess, in)
			return nil, out, err
		})
	sdk.AddTool(s.srv, &sdk.Tool{Name: "get_errors", Description: "Returns the errors Hum detected in the processes' output, parsed: title, kind, message, and stack frames with file, line and column.", Annotations: readOnly()},
		func(ctx context.Context, _ *sdk.CallToolRequest, in ErrorsIn) (*sdk.CallToolResult, ErrorsOut, error) {
			out, err := s.errorsOf(in)
			return nil, out, err
		})
	sdk.AddTool(s.srv, &sdk.Tool{Name: "get_env", Description: "Returns the environment a process was last started with, each variable with the layer that set it; values of credential-like names are masked.", Annotations: readOnly()},
		func(ctx context.Context, _ *sdk.CallToolRequest, in ProcessIn) (*sdk.CallToolResult, EnvOut, error) {
			st, err := findProcess(s.sess, in.Process)
			if err != nil {
				return nil, EnvOut{}, err
			}
			env, err := s.sess.Env(st.ID)
			if err != nil {
				return nil, EnvOut{}, err
			}
			out := EnvOut{Process: st.ID, Variables: make([]EnvVariable, 0, len(env))}
			for _, v := range env {
				ev := EnvVariable{Name: v.Name, Value: v.Value, Layer: v.Layer}
				if environ.LooksSecret(v.Name) {
					ev.Value, ev.Masked = environ.Mask, true
				}
				out.Variables = append(out.Variables, ev)
			}
			return nil, out, nil
		})
	sdk.AddTool(s.srv, &sdk.Tool{Name: "wait_until_ready", Description: "Waits until a process (or every member of a group) is ready, has failed, or the timeout passes, and says why when it is not ready.", Annotations: readOnly()},
		func(ctx context.Context, _ *sdk.CallToolRequest, in WaitIn) (*sdk.CallToolResult, WaitOut, error) {
			out, err := s.wait(ctx, in)
			return nil, out, err
		})

	sdk.AddTool(s.srv, &sdk.Tool{Name: ToolStart, Description: "Starts a script (and what it depends on) or a hum.yaml group. The user may be asked to approve.", Annotations: &sdk.ToolAnnotations{DestructiveHint: ptr(false)}},
		func(ctx context.Context, req *sdk.CallToolRequest, in TargetIn) (*sdk.CallToolResult, ActOut, error) {
			return s.act(ctx, req, ToolStart, in, func() ([]process.State, error) {
				if in.Group != "" {
					return s.sess.StartGroup(in.Group)
				}
				sc, err := findScript(s.sess, in.Process)
				if err != nil {
					return nil, err
				}
				st, err := s.sess.Start(sc.ID)
				return nonEmpty(st), err
			})
		})
	sdk.AddTool(s.srv, &sdk.Tool{Name: ToolStop, Description: "Stops a process's whole tree, or every member of a hum.yaml group. The user may be asked to approve.", Annotations: &sdk.ToolAnnotations{DestructiveHint: ptr(true)}},
		func(ctx context.Context, req *sdk.CallToolRequest, in TargetIn) (*sdk.CallToolResult, ActOut, error) {
			return s.act(ctx, req, ToolStop, in, func() ([]process.State, error) {
				if in.Group != "" {
					err := s.sess.StopGroup(in.Group)
					return s.membersOf(in.Group), err
				}
				st, err := findProcess(s.sess, in.Process)
				if err != nil {
					return nil, err
				}
				st, err = s.sess.Stop(st.ID)
				return nonEmpty(st), err
			})
		})
	sdk.AddTool(s.srv, &sdk.Tool{Name: ToolRestart, Description: "Restarts a process (stops its tree if it runs, starts it again with its environment read again), or every member of a hum.yaml group. The user may be asked to approve.", Annotations: &sdk.ToolAnnotations{DestructiveHint: ptr(true)}},
		func(ctx context.Context, req *sdk.CallToolRequest, in TargetIn) (*sdk.CallToolResult, ActOut, error) {
			return s.act(ctx, req, ToolRestart, in, func() ([]process.State, error) {
				if in.Group != "" {
					if err := s.sess.StopGroup(in.Group); err != nil {
						return nil, err
					}
					return s.sess.StartGroup(in.Group)
				}
				st, err := findProcess(s.sess, in.Process)
				if err != nil {
					return nil, err
				}
				st, err = s.sess.Restart(st.ID)
				return nonEmpty(st), err
			})
		})
	sdk.AddTool(s.srv, &sdk.Tool{Name: ToolRunCommand, Description: "Runs a shell command line in the project folder (or a folder under it) as a process Hum supervises; read its output with get_logs. The user is shown the exact command and may be asked to approve.", Annotations: &sdk.ToolAnnotations{DestructiveHint: ptr(true), OpenWorldHint: ptr(true)}},
		func(ctx context.Context, req *sdk.CallToolRequest, in CommandIn) (*sdk.CallToolResult, ActOut, error) {
			command := strings.TrimSpace(in.Command)
			if command == "" {
				return nil, ActOut{}, errors.New("command is empty")
			}
			if d := filepath.Clean(filepath.FromSlash(in.Dir)); in.Dir != "" && (filepath.IsAbs(d) || d == ".." || strings.HasPrefix(d, ".."+string(filepath.Separator))) {
				return nil, ActOut{}, fmt.Errorf("dir %q is not in the project: give a folder relative to the project root", in.Dir)
			}
			r := Request{Agent: agentName(req.Session), Tool: ToolRunCommand, Target: dirLabel(in.Dir), Command: command, Root: s.sess.Root()}
			return s.decide(ctx, r, func() ([]process.State, error) {
				st, err := s.sess.StartCommand(command, in.Dir)
				return nonEmpty(st), err
			})
		})
}

func ptr[T any](v T) *T { return &v }

func dirLabel(dir string) string {
	if strings.TrimSpace(dir) == "" {
		return "."
	}
	return dir
}

func nonEmpty(st process.State) []process.State {
	if st.Identity == nil || st.ID == "" {
		return nil
	}
	return []process.State{st}
}

func views(states []process.State) []ProcessView {
	out := make([]ProcessView, 0, len(states))
	for _, st := range states {
		out = append(out, processView(st))
	}
	return out
}

// membersOf is the newest process of each of a group's members.
func (s *Server) membersOf(group string) []process.State {
	g, ok := s.sess.Stack().Group(group)
	if !ok {
		return nil
	}
	procs := s.sess.Processes()
	var out []process.State
	for _, id := range g.Members {
		if st, ok := latestOf(procs, id); ok {
			out = append(out, st)
		}
	}
	return out
}

// act checks the target, asks the approver about it, and does it.
func (s *Server) act(ctx context.Context, req *sdk.CallToolRequest, tool string, in TargetIn, do func() ([]process.State, error)) (*sdk.CallToolResult, ActOut, error) {
	r := Request{Agent: agentName(req.Session), Tool: tool, Root: s.sess.Root()}
	switch {
	case in.Group != "" && in.Process != "":
		return nil, ActOut{}, errors.New("give process or group, not both")
	case in.Group != "":
		if _, ok := s.sess.Stack().Group(in.Group); !ok {
			return nil, ActOut{}, fmt.Errorf("no group %q in this project's hum.yaml (list_scripts lists them)", in.Group)
		}
		r.Target = "group " + in.Group
	case tool == ToolStart:
		sc, err := findScript(s.sess, in.Process)
		if err != nil {
			return nil, ActOut{}, err
		}
		r.Target = sc.Name
	default:
		st, err := findProcess(s.sess, in.Process)
		if err != nil {
			return nil, ActOut{}, err
		}
		r.Target = st.Name
	}
	return s.decide(ctx, r, do)
}

// decide asks the approver about r, does it when allowed, and records the
// call and its result in the activity log.
func (s *Server) decide(ctx context.Context, r Request, do func() ([]process.State, error)) (*sdk.CallToolResult, ActOut, error) {
	a := Activity{Time: now(), Agent: r.Agent, Tool: r.Tool, Target: r.Target, Command: r.Command, Root: r.Root}
	d, err := s.approver.Approve(ctx, r)
	switch {
	case err != nil:
		a.Decision, a.Result = "refused", err.Error()
		s.activity.Add(a)
		return nil, ActOut{}, err
	case d == Deny:
		a.Decision, a.Result = d.String(), "the user denied it"
		s.activity.Add(a)
		return nil, ActOut{}, fmt.Errorf("the user denied this: %s", r.Summary())
	}
	a.Decision = d.String()
	states, err := do()
	if err != nil {
		a.Result = err.Error()
	} else {
		a.OK, a.Result = true, "done"
	}
	s.activity.Add(a)
	out := ActOut{Processes: views(states)}
	if err != nil {
		return nil, out, err
	}
	return nil, out, nil
}

// errorsOf answers get_errors.
func (s *Server) errorsOf(in ErrorsIn) (ErrorsOut, error) {
	limit := in.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 100)
	procID := ""
	if in.Process != "" {
		st, err := findProcess(s.sess, in.Process)
		if err != nil {
			return ErrorsOut{}, err
		}
		procID = st.ID
	}
	states := map[string]*process.State{}
	for _, st := range s.sess.Processes() {
		states[st.ID] = &st
	}
	all := s.sess.Logs().Errors(procID)
	all = slices.DeleteFunc(all, func(e logs.ErrorEntry) bool { return e.ID <= in.SinceID })
	out := ErrorsOut{Errors: []ErrorView{}}
	if len(all) > limit {
		out.More = true
		all = all[len(all)-limit:]
	}
	for _, e := range all {
		out.Errors = append(out.Errors, errorView(e, states[e.Proc]))
	}
	return out, nil
}

// wait answers wait_until_ready.
func (s *Server) wait(ctx context.Context, in WaitIn) (WaitOut, error) {
	timeout := DefaultWait
	if in.TimeoutSeconds > 0 {
		timeout = min(time.Duration(in.TimeoutSeconds*float64(time.Second)), MaxWait)
	}
	var ids func() ([]process.State, error)
	switch {
	case in.Group != "" && in.Process != "":
		return WaitOut{}, errors.New("give process or group, not both")
	case in.Group != "":
		g, ok := s.sess.Stack().Group(in.Group)
		if !ok {
			return WaitOut{}, fmt.Errorf("no group %q in this project's hum.yaml", in.Group)
		}
		ids = func() ([]process.State, error) {
			procs := s.sess.Processes()
			var out []process.State
			for _, id := range g.Members {
				st, ok := latestOf(procs, id)
				if !ok {
					return nil, fmt.Errorf("%s of group %s has not been started; start the group first", id, in.Group)
				}
				out = append(out, st)
			}
			return out, nil
		}
	default:
		first, err := findProcess(s.sess, in.Process)
		if err != nil {
			return WaitOut{}, err
		}
		ids = func() ([]process.State, error) {
			st, _ := stateOf(s.sess, first.ID)
			return []process.State{st}, nil
		}
	}
	wake, stop := s.sess.Watch()
	defer stop()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		states, err := ids()
		if err != nil {
			return WaitOut{}, err
		}
		ready, why, final := readiness(states)
		out := WaitOut{Ready: ready, Why: why, Processes: views(states)}
		if ready || final {
			return out, nil
		}
		select {
		case <-wake:
		case <-timer.C:
			out.Why = fmt.Sprintf("not ready after %s: %s", timeout, why)
			return out, nil
		case <-ctx.Done():
			return out, ctx.Err()
		}
	}
}

// readiness says whether every state is ready, and if not, why, and
// whether waiting longer can change that (final: it cannot).
func readiness(states []process.State) (ready bool, why string, final bool) {
	var whys []string
	final = false
	for _, st := range states {
		if st.Ready || st.Status == process.StatusSucceeded {
			continue
		}
		w := st.Name + " is " + st.Status.String()
		switch {
		case st.Detail != "":
			w += ": " + st.Detail
		case st.Err != "":
			w += ": " + st.Err
		}
		switch st.Status {
		case process.StatusFailed, process.StatusStopped, process.StatusBlocked, process.StatusCrashLoop:
			final = true
		}
		whys = append(whys, w)
	}
	return len(whys) == 0, strings.Join(whys, "; "), final
}
