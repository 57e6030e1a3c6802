package discover

import (
	"bytes"
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

func (s *scanner) taskfile() {
	name := s.firstExisting(".", taskfileNames...)
	if name == "" {
		return
	}
	data, ok := s.readFile(name)
	if !ok {
		return
	}
	scripts, problems := parseTaskfile(name, data)
	s.addProblems(problems)
	s.add(name, scripts)
}

// parseTaskfile lists the tasks of a go-task v3 Taskfile in file order,
// hiding `internal: true` ones. A task may be a map, or the shorthand of a
// single command string or a list of commands.
func parseTaskfile(file string, data []byte) ([]Script, []Problem) {
	scripts, problems := parseTaskfileNodes(file, data)
	return scripts, clampLines(problems, data)
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

func parseTaskfileNodes(file string, data []byte) ([]Script, []Problem) {
	var doc yaml.Node
	if err := yamlUnmarshal(data, &doc); err != nil {
		return nil, []Problem{{File: file, Line: yamlErrLine(err), Message: "invalid YAML: " + yamlErrText(err)}}
	}
	top := docMapping(&doc)
	if top == nil {
		if len(doc.Content) == 0 {
			return nil, []Problem{{File: file, Line: 0, Message: "empty Taskfile"}}
		}
		return nil, []Problem{{File: file, Line: doc.Content[0].Line, Message: "expected a mapping with version and tasks"}}
	}
	var problems []Problem
	if v := mapValue(top, "version"); v != nil && v.Kind == yaml.ScalarNode {
		if major, _, _ := strings.Cut(v.Value, "."); major != "3" {
			problems = append(problems, Problem{File: file, Line: v.Line, Message: "Taskfile version " + quote(v.Value) + " is not 3; tasks are read as version 3"})
		}
	}
	tasks := mapValue(top, "tasks")
	if tasks == nil {
		return nil, problems
	}
	if tasks.Kind != yaml.MappingNode {
		return nil, append(problems, Problem{File: file, Line: tasks.Line, Message: "tasks should be a mapping of task names"})
	}
	var scripts []Script
	seen := map[string]bool{}
	for i := 0; i+1 < len(tasks.Content); i += 2 {
		key, val := tasks.Content[i], resolve(tasks.Content[i+1])
		name := key.Value
		if key.Kind != yaml.ScalarNode || name == "" {
			problems = append(problems, Problem{File: file, Line: key.Line, Message: "a task name should be a string"})
			continue
		}
		if seen[name] {
			problems = append(problems, Problem{File: file, Line: key.Line, Message: "task " + quote(name) + " is defined twice"})
			continue
		}
		seen[name] = true
		run := "task " + shellQuote(name)
		sc := Script{ID: scriptID(SourceTaskfile, file, name), Source: SourceTaskfile, Name: name, Run: run, Dir: "."}
		var cmds []string
		switch val.Kind {
		case yaml.ScalarNode: // "build: go build ./..."
			if val.Tag != "!!null" {
				cmds = []string{val.Value}
			}
		case yaml.SequenceNode: // "build: [go vet, go build]"
			cmds = taskCommands(val)
		case yaml.MappingNode:
			if b := mapValue(val, "internal"); b != nil && b.Kind == yaml.ScalarNode {
				if internal, err := strconv.ParseBool(b.Value); err == nil && internal {
					continue
				}
			}
			if d := mapValue(val, "desc"); d != nil && d.Kind == yaml.ScalarNode {
				sc.Description = strings.TrimSpace(d.Value)
			} else if d := mapValue(val, "summary"); d != nil && d.Kind == yaml.ScalarNode {
				first, _, _ := strings.Cut(strings.TrimSpace(d.Value), "\n")
				sc.Description = first
			}
			if c := mapValue(val, "cmds"); c != nil {
				if c.Kind != yaml.SequenceNode {
					problems = append(problems, Problem{File: file, Line: c.Line, Message: "cmds of task " + quote(name) + " should be a list"})
				} else {
					cmds = taskCommands(c)
				}
			} else if c := mapValue(val, "cmd"); c != nil && c.Kind == yaml.ScalarNode {
				cmds = []string{c.Value}
			}
		default:
			problems = append(problems, Problem{File: file, Line: val.Line, Message: "task " + quote(name) + " should be a mapping, a command or a list of commands"})
			continue
		}
		sc.Description = clip(sc.Description, maxDescription)
		sc.Command = strings.Join(cmds, " && ")
		if sc.Command == "" {
			sc.Command = run
		}
		scripts = append(scripts, sc)
	}
	return scripts, problems
}

// taskCommands renders a cmds list: plain strings, {cmd: ...} and
// {task: ...} entries; deferred commands are not part of what a task runs
// first, so they are left out.
func taskCommands(list *yaml.Node) []string {
	var out []string
	for _, c := range list.Content {
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
func yamlUnmarshal(data []byte, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: parser failure: %v", r)
		}
	}()
	return yaml.Unmarshal(data, v)
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
