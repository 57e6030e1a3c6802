package mcp

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"hum/backend/discover"
	"hum/backend/logs"
	"hum/backend/process"
	"hum/backend/session"
)

// The values the tools return. Their JSON names are part of the stable
// interface (docs/mcp.md): add fields, never rename them.

// ScriptView is one runnable script of the project.
type ScriptView struct {
	ID          string `json:"id" jsonschema:"stable ID: source, declaring file and name"`
	Name        string `json:"name" jsonschema:"the shortest name that selects this script alone"`
	Source      string `json:"source" jsonschema:"package.json, makefile, procfile, hum.yaml, ..."`
	Command     string `json:"command" jsonschema:"what it runs"`
	Dir         string `json:"dir" jsonschema:"its folder, relative to the project root"`
	Description string `json:"description,omitempty"`
}

// GroupView is one of hum.yaml's groups.
type GroupView struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Members     []string `json:"members" jsonschema:"script IDs, in start order"`
	Running     int      `json:"running" jsonschema:"members whose process has not ended"`
}

// ProcessView is one process's state.
type ProcessView struct {
	ID        string   `json:"id" jsonschema:"process ID, stable across restarts"`
	Script    string   `json:"script,omitempty" jsonschema:"the script ID it runs; empty for an ad-hoc command"`
	Name      string   `json:"name"`
	Command   string   `json:"command"`
	Dir       string   `json:"dir"`
	Status    string   `json:"status" jsonschema:"starting, running, stopping, stopped, succeeded, failed, waiting, blocked, restarting or crashloop"`
	Detail    string   `json:"detail,omitempty" jsonschema:"why it is in its status: what it waits for, why it is blocked, when it restarts"`
	Ready     bool     `json:"ready" jsonschema:"its readiness condition holds (a probe passed, its URL answers, or it started and has none)"`
	ReadyNote string   `json:"ready_note,omitempty"`
	PID       int      `json:"pid,omitempty"`
	Ports     []int    `json:"ports,omitempty" jsonschema:"TCP ports its process tree listens on"`
	URLs      []string `json:"urls,omitempty" jsonschema:"server URLs it printed"`
	CPU       float64  `json:"cpu_percent" jsonschema:"percent of one core over the whole tree; -1 when unknown"`
	Memory    int64    `json:"memory_bytes" jsonschema:"resident bytes over the whole tree; -1 when unknown"`
	Restarts  int      `json:"restarts"`
	Run       int      `json:"run" jsonschema:"the current run's number, 1 for the first"`
	StartedAt string   `json:"started_at,omitempty" jsonschema:"RFC 3339"`
	EndedAt   string   `json:"ended_at,omitempty" jsonschema:"RFC 3339; empty while it runs"`
	ExitCode  *int     `json:"exit_code,omitempty" jsonschema:"the exit code of the run that ended"`
	Error     string   `json:"error,omitempty" jsonschema:"why it failed"`
	LastExit  *RunEnd  `json:"last_exit,omitempty" jsonschema:"how the previous run ended"`
}

// RunEnd is how one run ended.
type RunEnd struct {
	Status   string `json:"status"`
	ExitCode int    `json:"exit_code"`
	EndedAt  string `json:"ended_at"`
	Error    string `json:"error,omitempty"`
}

// ErrorView is one error detected in a process's output, parsed.
type ErrorView struct {
	ID          uint64       `json:"id" jsonschema:"increasing across the project; pass the highest as since_id to get only newer ones"`
	Process     string       `json:"process" jsonschema:"process ID"`
	ProcessName string       `json:"process_name"`
	Script      string       `json:"script,omitempty"`
	Run         int          `json:"run,omitempty" jsonschema:"the run it happened in (1 for the first) when that is the current run or the one before; 0 when older"`
	CurrentRun  bool         `json:"current_run" jsonschema:"it happened in the process's current run"`
	Time        string       `json:"time" jsonschema:"RFC 3339"`
	Kind        string       `json:"kind" jsonschema:"node, typescript, esbuild, vite, webpack, go, go-test, go-panic, python, rust, java, javac, php, ruby"`
	Title       string       `json:"title" jsonschema:"the error's first line: type and message"`
	Message     string       `json:"message" jsonschema:"the whole error as printed, frames and notes included"`
	Frames      []logs.Frame `json:"frames" jsonschema:"stack frames or source locations, innermost first, with absolute file paths where they resolve"`
}

func rfc3339(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format(time.RFC3339Nano)
}

func processView(st process.State) ProcessView {
	v := ProcessView{
		ID: st.ID, Script: st.ScriptID, Name: st.Name, Command: st.Command, Dir: st.Dir,
		Status: st.Status.String(), Detail: st.Detail, Ready: st.Ready, ReadyNote: st.ReadyNote,
		Ports: st.Ports, URLs: st.URLs, CPU: st.CPU, Memory: st.RSS,
		Restarts: st.Restarts, Run: st.Restarts + 1,
		StartedAt: rfc3339(st.StartedAt), EndedAt: rfc3339(st.EndedAt), Error: st.Err,
	}
	if st.Status.Active() {
		v.PID = st.PID
	}
	if st.EndedAt != 0 && st.Status.Final() {
		code := st.ExitCode
		v.ExitCode = &code
	}
	if st.Last != nil {
		v.LastExit = &RunEnd{Status: st.Last.Status.String(), ExitCode: st.Last.ExitCode, EndedAt: rfc3339(st.Last.EndedAt), Error: st.Last.Err}
	}
	return v
}

// maxMessage bounds one error's text in get_errors; the frames carry what
// an agent acts on.
const maxMessage = 8 << 10

func errorView(e logs.ErrorEntry, st *process.State) ErrorView {
	v := ErrorView{ID: e.ID, Process: e.Proc, Time: rfc3339(e.Time), Kind: e.Kind, Title: e.Title,
		Message: cut(e.Text, maxMessage), Frames: e.Frames}
	if v.Frames == nil {
		v.Frames = []logs.Frame{}
	}
	if st != nil {
		v.ProcessName, v.Script = st.Name, st.ScriptID
		switch {
		case e.Time >= st.StartedAt:
			v.Run, v.CurrentRun = st.Restarts+1, true
		case st.Last != nil && st.Restarts > 0:
			// Before the current run: the one before it, if it came after
			// that run's predecessor ended, which the state does not keep.
			// Say so only when there was just one run before.
			if st.Restarts == 1 {
				v.Run = 1
			}
		}
	}
	return v
}

// cut shortens s to at most n bytes, on a rune boundary, marking the cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n - len("…")
	for i > 0 && (s[i]&0xC0) == 0x80 {
		i--
	}
	return s[:i] + "…"
}

// scripts returns the project's scripts, each with its selector.
func scriptViews(p discover.Project) []ScriptView {
	sels := discover.Selectors(p.Scripts)
	out := make([]ScriptView, len(p.Scripts))
	for i, sc := range p.Scripts {
		out[i] = ScriptView{ID: sc.ID, Name: sels[i], Source: sc.Source, Command: sc.Command, Dir: sc.Dir, Description: sc.Description}
	}
	return out
}

// findScript resolves what an agent calls a script: its ID, its name, or a
// qualified name (source:name, dir:name), as `hum run` does.
func findScript(sess *session.Session, ref string) (discover.Script, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return discover.Script{}, fmt.Errorf("name a script (list_scripts lists them)")
	}
	all := sess.Project().Scripts
	found := discover.Resolve(all, ref)
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return discover.Script{}, fmt.Errorf("no script %q in this project (list_scripts lists them)", ref)
	}
	sels := discover.Selectors(all)
	var names []string
	for _, f := range found {
		if i := slices.IndexFunc(all, func(s discover.Script) bool { return s.ID == f.ID }); i >= 0 {
			names = append(names, sels[i])
		}
	}
	return discover.Script{}, fmt.Errorf("%q names %d scripts; use one of: %s", ref, len(found), strings.Join(names, ", "))
}

// findProcess resolves what an agent calls a process: its ID, the script
// it runs (ID or name), or its name. The newest process wins when a name
// was run more than once.
func findProcess(sess *session.Session, ref string) (process.State, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return process.State{}, fmt.Errorf("name a process (list_processes lists them)")
	}
	procs := sess.Processes()
	for _, st := range procs {
		if st.ID == ref {
			return st, nil
		}
	}
	if sc, err := findScript(sess, ref); err == nil {
		if st, ok := latestOf(procs, sc.ID); ok {
			return st, nil
		}
		return process.State{}, fmt.Errorf("script %q has no process yet; start it first", ref)
	}
	for i := len(procs) - 1; i >= 0; i-- {
		if procs[i].Name == ref {
			return procs[i], nil
		}
	}
	return process.State{}, fmt.Errorf("no process %q (list_processes lists them)", ref)
}

// latestOf is the newest process running the script.
func latestOf(procs []process.State, scriptID string) (process.State, bool) {
	for i := len(procs) - 1; i >= 0; i-- {
		if procs[i].ScriptID == scriptID {
			return procs[i], true
		}
	}
	return process.State{}, false
}

// stateOf returns the current state of a process by ID.
func stateOf(sess *session.Session, id string) (process.State, bool) {
	for _, st := range sess.Processes() {
		if st.ID == id {
			return st, true
		}
	}
	return process.State{}, false
}
