package discover

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// taskfileNames are the names go-task v3 looks for, in its order.
var taskfileNames = []string{
	"Taskfile.yml", "taskfile.yml", "Taskfile.yaml", "taskfile.yaml",
	"Taskfile.dist.yml", "taskfile.dist.yml", "Taskfile.dist.yaml", "taskfile.dist.yaml",
}

// taskfile lists what the taskfile in folder rel declares.
func (s *scanner) taskfile(rel string) {
	s.listFile(rel, parseTaskfile, taskfileNames...)
}

// parseTaskfile lists the tasks of a go-task v3 Taskfile in file order,
// hiding `internal: true` ones. A task may be a map, or the shorthand of a
// single command string or a list of commands. It stops when ctx is done
// and keeps within the per-file caps.
func parseTaskfile(ctx context.Context, file string, data []byte) ([]Script, []Problem) {
	fp := newFileParse(ctx, file, data, "tasks")
	scripts := parseTaskfileNodes(fp)
	return scripts, clampLines(fp.result(), data)
}

// clampLines keeps Problem lines within the file's '\n' lines: YAML also
// breaks lines at a lone '\r', which editors do not.
func clampLines(problems []Problem, data []byte) []Problem {
	last := bytes.Count(data, []byte("\n")) + 1
	for i := range problems {
		problems[i].Line = min(problems[i].Line, last)
	}
	return problems
}

func parseTaskfileNodes(fp *fileParse) []Script {
	tasks := taskfileTasks(fp)
	if tasks == nil {
		return nil
	}
	var scripts []Script
	seen := map[string]bool{}
	for i := 0; i+1 < len(tasks.Content); i += 2 {
		if fp.stop(i/2, tasks.Content[i].Line) {
			break
		}
		if sc, ok := taskScript(fp, seen, tasks.Content[i], resolve(tasks.Content[i+1])); ok {
			scripts = append(scripts, sc)
		}
	}
	return scripts
}

// taskfileTasks parses the Taskfile and returns its tasks mapping, or nil
// (with a Problem when that is a mistake) when there are none to read.
func taskfileTasks(fp *fileParse) *yaml.Node {
	doc, ok := fp.yamlDoc()
	if !ok {
		return nil
	}
	top := docMapping(doc)
	if top == nil {
		if len(doc.Content) == 0 {
			fp.problem(0, "empty Taskfile")
			return nil
		}
		fp.problem(doc.Content[0].Line, "expected a mapping with version and tasks")
		return nil
	}
	if v := mapValue(top, "version"); v != nil && v.Kind == yaml.ScalarNode {
		if major, _, _ := strings.Cut(v.Value, "."); major != "3" {
			fp.problem(v.Line, "Taskfile version "+quote(v.Value)+" is not 3; tasks are read as version 3")
		}
	}
	tasks := mapValue(top, "tasks")
	if tasks == nil {
		return nil
	}
	if tasks.Kind != yaml.MappingNode {
		fp.problem(tasks.Line, "tasks should be a mapping of task names")
		return nil
	}
	return tasks
}

// taskScript turns the task named by key, with the definition val, into a
// Script. It reports false for a task that is not listed: a mistake (with
// a Problem), an internal task, or one past the file's cap. seen holds the
// names read so far.
func taskScript(fp *fileParse, seen map[string]bool, key, val *yaml.Node) (Script, bool) {
	name := key.Value
	if key.Kind != yaml.ScalarNode || name == "" {
		fp.problem(key.Line, "a task name should be a string")
		return Script{}, false
	}
	if seen[name] {
		fp.problem(key.Line, "task "+quote(name)+" is defined twice")
		return Script{}, false
	}
	seen[name] = true
	run := "task " + shellQuote(name)
	sc := Script{ID: scriptID(SourceTaskfile, fp.file, name), Source: SourceTaskfile, Name: name, Run: run, Dir: "."}
	var cmds []string
	switch val.Kind {
	case yaml.ScalarNode: // "build: go build ./..."
		if val.Tag != "!!null" {
			cmds = []string{val.Value}
		}
	case yaml.SequenceNode: // "build: [go vet, go build]"
		cmds = taskCommands(val)
	case yaml.MappingNode:
		var internal bool
		sc.Description, cmds, internal = taskMapping(fp, name, val)
		if internal {
			return Script{}, false
		}
	default:
		fp.problem(val.Line, "task "+quote(name)+" should be a mapping, a command or a list of commands")
		return Script{}, false
	}
	if !fp.keep() {
		return Script{}, false
	}
	sc.Description = clip(sc.Description, maxDescription)
	sc.Command = joinCommands(cmds)
	if sc.Command == "" {
		sc.Command = run
	}
	return sc, true
}

// taskMapping reads a task written as a mapping: its description (desc,
// else the first line of summary) and commands (cmds, else cmd), or only
// that it is internal: hidden, as `task --list` hides it.
func taskMapping(fp *fileParse, name string, val *yaml.Node) (desc string, cmds []string, internal bool) {
	if b := mapValue(val, "internal"); b != nil && b.Kind == yaml.ScalarNode {
		if v, err := strconv.ParseBool(b.Value); err == nil && v {
			return "", nil, true
		}
	}
	if d := mapValue(val, "desc"); d != nil && d.Kind == yaml.ScalarNode {
		desc = strings.TrimSpace(d.Value)
	} else if d := mapValue(val, "summary"); d != nil && d.Kind == yaml.ScalarNode {
		desc, _, _ = strings.Cut(strings.TrimSpace(d.Value), "\n")
	}
	if c := mapValue(val, "cmds"); c != nil {
		if c.Kind != yaml.SequenceNode {
			fp.problem(c.Line, "cmds of task "+quote(name)+" should be a list")
		} else {
			cmds = taskCommands(c)
		}
	} else if c := mapValue(val, "cmd"); c != nil && c.Kind == yaml.ScalarNode {
		cmds = []string{c.Value}
	}
	return desc, cmds, false
}

// taskCommands renders a cmds list: plain strings, {cmd: ...} and
// {task: ...} entries; deferred commands are not part of what a task runs
// first, so they are left out. It stops at about maxCommand bytes: tasks
// may all alias one huge list, and only that much of it is shown.
func taskCommands(list *yaml.Node) []string {
	var out []string
	size := 0
	for _, c := range list.Content {
		if size > maxCommand {
			break
		}
		size += len(c.Value) + 4
		c = resolve(c)
		switch c.Kind {
		case yaml.ScalarNode:
			if c.Value != "" {
				out = append(out, strings.TrimSpace(c.Value))
			}
		case yaml.MappingNode:
			if v := mapValue(c, "cmd"); v != nil && v.Kind == yaml.ScalarNode {
				out = append(out, strings.TrimSpace(v.Value))
			} else if v := mapValue(c, "task"); v != nil && v.Kind == yaml.ScalarNode {
				out = append(out, "task "+shellQuote(v.Value))
			}
		}
	}
	return out
}

// yamlUnmarshal is yaml.Unmarshal that turns a panic inside the YAML
// library into an error: discovery promises never to crash on a bad file,
// and that promise cannot depend on a third-party parser being bug free.
//
// The library cannot be interrupted, so it runs on its own goroutine and
// yamlUnmarshal returns ctx's error as soon as ctx is done; the abandoned
// parse ends by itself (its input is at most MaxFileSize) and its result
// is dropped. v is only written when the parse finished in time.
func yamlUnmarshal(ctx context.Context, data []byte, v *yaml.Node) error {
	type result struct {
		node yaml.Node
		err  error
	}
	done := make(chan result, 1) // buffered: an abandoned parse never blocks
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				r.err = fmt.Errorf("yaml: parser failure: %v", p)
			}
			done <- r
		}()
		r.err = yaml.Unmarshal(data, &r.node)
	}()
	select {
	case r := <-done:
		if r.err == nil {
			*v = r.node
		}
		return r.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// yamlDoc parses the file as YAML (yamlUnmarshal, so within ctx and the
// caps). Invalid YAML is recorded as the file's Problem, and a ctx that
// ended marks the parse stopped; either way ok is false.
func (fp *fileParse) yamlDoc() (doc *yaml.Node, ok bool) {
	doc = new(yaml.Node)
	if err := yamlUnmarshal(fp.ctx, fp.data, doc); err != nil {
		if fp.ctx.Err() != nil {
			fp.stopped = true
			return nil, false
		}
		fp.problem(yamlErrLine(err), "invalid YAML: "+yamlErrText(err))
		return nil, false
	}
	return doc, true
}

// docMapping returns the top-level mapping of a YAML document, or nil.
func docMapping(doc *yaml.Node) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	if n := resolve(doc.Content[0]); n.Kind == yaml.MappingNode {
		return n
	}
	return nil
}

// mapValue returns the value of key in a mapping, following aliases and
// merge keys ("<<: *defaults"), or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	return mapValueDepth(m, key, 0)
}

func mapValueDepth(m *yaml.Node, key string, depth int) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode || depth > 8 {
		return nil
	}
	var merged *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		if k.Value == key {
			return resolve(m.Content[i+1])
		}
		if k.Tag == "!!merge" && merged == nil {
			merged = mapValueDepth(resolve(m.Content[i+1]), key, depth+1)
		}
	}
	return merged
}

// resolve follows alias nodes to what they name.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 16; i++ {
		n = n.Alias
	}
	if n == nil {
		return &yaml.Node{}
	}
	return n
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// yamlErrLine pulls the line number out of a yaml.v3 error message, 0 if
// it has none.
func yamlErrLine(err error) int {
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// yamlErrText is the error message without the "yaml: line N:" prefix the
// Problem already carries.
func yamlErrText(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if loc := yamlLineRE.FindStringIndex(msg); loc != nil && loc[0] == 0 {
		msg = strings.TrimPrefix(strings.TrimSpace(msg[loc[1]:]), ":")
	}
	return strings.TrimSpace(msg)
}
