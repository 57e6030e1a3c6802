package stack

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"hum/backend/discover"
)

// The keys hum.yaml accepts at each level. The parser rejects any other,
// and a test checks that docs/hum.schema.json lists exactly these, so the
// two cannot drift apart.
var (
	topKeys      = []string{"processes", "scripts", "groups", "defaults", "agents"}
	processKeys  = append([]string{"command", "argv", "dir", "env", "env_file", "description", "tty"}, policyKeys...)
	settingsKeys = append([]string{"env", "env_file", "description", "tty"}, policyKeys...)
	groupKeys    = []string{"description", "members"}
	defaultsKeys = []string{"grace_period", "autostart"}
	agentsKeys   = []string{"allow"}
)

// validName is what a process or group may be called: what docker compose
// allows for a service, without ':' so a name is never mistaken for a
// selector, and short enough to prefix a line of output.
var validName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Load reads root's hum.yaml. A missing file is a File with Found false;
// one that cannot be read (too big, not a regular file, unreadable) is a
// File with a Problem saying why.
func Load(root string) File {
	full := filepath.Join(root, FileName)
	info, err := os.Stat(full)
	if errors.Is(err, fs.ErrNotExist) {
		return File{}
	}
	fail := func(format string, args ...any) File {
		return File{Found: true, Problems: []discover.Problem{{File: FileName, Message: fmt.Sprintf(format, args...)}}}
	}
	switch {
	case err != nil:
		return fail("cannot read: %s", errText(err))
	case !info.Mode().IsRegular():
		return fail("not a regular file; skipped")
	case info.Size() > discover.MaxFileSize:
		return fail("file is %d bytes, larger than the %d byte limit; skipped", info.Size(), discover.MaxFileSize)
	}
	f, err := os.Open(full)
	if err != nil {
		return fail("cannot read: %s", errText(err))
	}
	defer f.Close()
	// One byte past the limit catches a file that grew since Stat.
	data, err := io.ReadAll(io.LimitReader(f, discover.MaxFileSize+1))
	if err != nil {
		return fail("cannot read: %s", errText(err))
	}
	file := Parse(data)
	file.Found = true
	checkLinks(root, &file)
	return file
}

// Parse reads hum.yaml's bytes. It never fails: each mistake is a Problem
// with the line and column it is at, and everything the mistake does not
// touch is kept.
func Parse(data []byte) (file File) {
	p := &parser{}
	defer func() {
		// yaml.v3 turns its own failures into errors; anything else it
		// panics with must not take the window down with it.
		if r := recover(); r != nil {
			file = File{Problems: []discover.Problem{{File: FileName, Message: fmt.Sprintf("cannot parse: %v", r)}}}
		}
	}()
	if len(data) > discover.MaxFileSize {
		p.problem(Pos{}, "file is %d bytes, larger than the %d byte limit; skipped", len(data), discover.MaxFileSize)
		return p.result()
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) {
			p.syntax(err)
		}
		return p.result() // an empty file declares nothing
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		p.problem(pos(&extra), "hum.yaml holds one YAML document; this second one is ignored")
	case !errors.Is(err, io.EOF):
		p.syntax(err)
	}
	if len(doc.Content) == 0 {
		return p.result()
	}
	p.top(doc.Content[0])
	return p.result()
}

// parser gathers one Parse's results. One goroutine uses it.
type parser struct {
	file         File
	nProblem     int
	autostartPos Pos // where defaults.autostart's value is
}

func (p *parser) problem(at Pos, format string, args ...any) {
	p.nProblem++
	if len(p.file.Problems) < discover.MaxProblemsPerFile {
		p.file.Problems = append(p.file.Problems, discover.Problem{
			File: FileName, Line: at.Line, Column: at.Column, Message: fmt.Sprintf(format, args...),
		})
	}
}

func (p *parser) result() File {
	if p.nProblem > discover.MaxProblemsPerFile {
		p.file.Problems = append(p.file.Problems, discover.Problem{File: FileName, Message: fmt.Sprintf(
			"%d problems; showing the first %d", p.nProblem, discover.MaxProblemsPerFile)})
	}
	return p.file
}

// yamlLine finds the line in yaml.v3's syntax errors ("yaml: line 3: …"):
// it gives no column for them.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (p *parser) syntax(err error) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		p.problem(Pos{Line: line}, "not valid YAML: %s", m[2])
		return
	}
	p.problem(Pos{}, "not valid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

func pos(n *yaml.Node) Pos { return Pos{Line: n.Line, Column: n.Column} }

// deref follows an alias (*name) to its anchor, so anchors can share an
// env map or a member list. Only one level exists in YAML; the parser never
// walks deeper than the file's fixed shape, so aliases cannot make it
// expand a "billion laughs".
func deref(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	n = deref(n)
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// kindName names a node's type for "want X, got Y" messages.
func kindName(n *yaml.Node) string {
	n = deref(n)
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "nothing"
		case "!!str":
			return "a string"
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		}
		return "a scalar"
	}
	return "something else"
}

// each walks a mapping's entries in order, calling fn for each key that is
// a plain string and given once; it reports non-mappings, merge keys,
// non-string keys and duplicates. where names the mapping in messages.
// A null value (an empty section) has no entries.
func (p *parser) each(n *yaml.Node, where string, fn func(key string, k, v *yaml.Node)) {
	if isNull(n) {
		return
	}
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		p.problem(pos(n), "%s must be a mapping, not %s", where, kindName(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		// A key written as a number or a boolean (a process named 8080)
		// is its text, as docker compose takes it; null and merge keys are
		// refused.
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" || k.Tag == "!!null" {
			if k.Tag == "!!merge" {
				p.problem(pos(k), "%s: merge keys (<<) are not supported; write the entries out, or use an alias as a whole value", where)
			} else {
				p.problem(pos(k), "%s: keys must be strings, not %s", where, kindName(k))
			}
			continue
		}
		if line, dup := seen[k.Value]; dup {
			p.problem(pos(k), "%s: %q is given twice (first at line %d)", where, k.Value, line)
			continue
		}
		seen[k.Value] = k.Line
		fn(k.Value, k, v)
	}
}

// otherNames are keys of docker compose and process-compose files that
// hum.yaml spells another way, so their users are told which.
var otherNames = map[string]string{
	"services": "processes", "environment": "env", "working_dir": "dir", "cwd": "dir",
	"cmd": "command", "args": "argv", "env_files": "env_file", "shutdown_timeout": "grace_period",
	"readiness_probe": "readiness", "healthcheck": "readiness", "availability": "restart",
	"dependencies": "depends_on", "is_disabled": "disabled",
}

// unknown reports a key a level does not accept, naming those it does.
func (p *parser) unknown(k *yaml.Node, where, key string, accepted []string) {
	if alt, ok := otherNames[key]; ok && slices.Contains(accepted, alt) {
		p.problem(pos(k), "%s: unknown key %q; hum.yaml calls it %q", where, key, alt)
		return
	}
	p.problem(pos(k), "%s: unknown key %q (accepted: %s)", where, key, strings.Join(accepted, ", "))
}

// str reads a string scalar; ok is false (and a problem said) otherwise.
func (p *parser) str(n *yaml.Node, where string) (string, bool) {
	n = deref(n)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		p.problem(pos(n), "%s must be a string, not %s", where, kindName(n))
		return "", false
	}
	if strings.ContainsRune(n.Value, 0) {
		p.problem(pos(n), "%s contains a NUL character", where)
		return "", false
	}
	return n.Value, true
}

func (p *parser) top(root *yaml.Node) {
	if isNull(root) {
		return // comments only
	}
	if deref(root).Kind != yaml.MappingNode {
		p.problem(pos(root), "hum.yaml must be a mapping of %s, not %s", strings.Join(topKeys, ", "), kindName(root))
		return
	}
	p.each(root, "hum.yaml", func(key string, k, v *yaml.Node) {
		switch key {
		case "processes":
			p.processes(v)
		case "scripts":
			p.settings(v)
		case "groups":
			p.groups(v)
		case "defaults":
			p.defaults(v)
		case "agents":
			p.agents(v)
		default:
			p.unknown(k, "hum.yaml", key, topKeys)
		}
	})
	// The autostart group must be one of the file's; checked once all are read.
	if a := p.file.Defaults.Autostart; a != "" {
		found := false
		for _, g := range p.file.Groups {
			found = found || g.Name == a
		}
		if !found {
			p.problem(p.autostartPos, "defaults.autostart: no group %q in hum.yaml", a)
			p.file.Defaults.Autostart = ""
		}
	}
}

// name checks a process or group name.
func (p *parser) name(k *yaml.Node, what string) bool {
	switch {
	case k.Value == "":
		p.problem(pos(k), "a %s needs a name", what)
	case len(k.Value) > MaxNameLength:
		p.problem(pos(k), "%s name %.20q… is longer than %d characters", what, k.Value, MaxNameLength)
	case !validName.MatchString(k.Value):
		p.problem(pos(k), "%s name %q may hold only letters, digits, '.', '_' and '-', and starts with a letter or digit", what, k.Value)
	default:
		return true
	}
	return false
}

func (p *parser) processes(n *yaml.Node) {
	count := 0
	p.each(n, "processes", func(name string, k, v *yaml.Node) {
		if !p.name(k, "process") {
			return
		}
		if count++; count > MaxProcesses {
			if count == MaxProcesses+1 {
				p.problem(pos(k), "more than %d processes; the rest are ignored", MaxProcesses)
			}
			return
		}
		where := "processes." + name
		pr := Process{Name: name, Dir: ".", Pos: pos(k)}
		ok := true
		var cmdNode, argvNode *yaml.Node
		p.each(v, where, func(key string, kk, vv *yaml.Node) {
			switch key {
			case "command":
				cmdNode = kk
				if s, good := p.str(vv, where+".command"); good {
					if strings.TrimSpace(s) == "" {
						p.problem(pos(vv), "%s.command is empty", where)
						ok = false
					}
					pr.Command = s
				} else {
					ok = false
				}
			case "argv":
				argvNode = kk
				argv, good := p.strings(vv, where+".argv", MaxEnv)
				if good && (len(argv) == 0 || argv[0] == "") {
					p.problem(pos(vv), "%s.argv needs at least the program to run", where)
					good = false
				}
				ok = ok && good
				pr.Argv = argv
			case "dir":
				if s, good := p.str(vv, where+".dir"); good {
					if d, good := p.localPath(vv, where+".dir", s); good {
						pr.Dir = d
					} else {
						ok = false
					}
				} else {
					ok = false
				}
			case "env":
				env, good := p.env(vv, where+".env")
				ok = ok && good
				pr.Env = env
			case "env_file":
				files, good := p.envFiles(vv, where+".env_file")
				ok = ok && good
				pr.EnvFiles = files
			case "description":
				s, good := p.str(vv, where+".description")
				ok = ok && good
				pr.Description = s
			case "tty":
				tty, good := p.boolean(vv, where+".tty")
				ok = ok && good
				pr.Pipes = !tty
			default:
				if handled, good := p.policyKey(key, vv, where, &pr.Policy); handled {
					ok = ok && good
					return
				}
				p.unknown(kk, where, key, processKeys)
				ok = false
			}
		})
		if deref(v).Kind != yaml.MappingNode {
			ok = false // each said why
		}
		switch {
		case cmdNode != nil && argvNode != nil:
			p.problem(pos(argvNode), "%s has both command and argv; give one: command is a shell line, argv a program and its arguments", where)
			ok = false
		case cmdNode == nil && argvNode == nil && deref(v).Kind == yaml.MappingNode:
			p.problem(pos(k), "%s needs a command (a shell line) or argv (a program and its arguments)", where)
			ok = false
		}
		if !ok {
			if p.file.broken == nil {
				p.file.broken = map[string]bool{}
			}
			p.file.broken[name] = true
			return
		}
		p.file.Processes = append(p.file.Processes, pr)
	})
}

func (p *parser) settings(n *yaml.Node) {
	count := 0
	p.each(n, "scripts", func(ref string, k, v *yaml.Node) {
		if ref == "" {
			p.problem(pos(k), "scripts: a script is named by its ID or its name, not \"\"")
			return
		}
		if count++; count > MaxSettings {
			if count == MaxSettings+1 {
				p.problem(pos(k), "settings for more than %d scripts; the rest are ignored", MaxSettings)
			}
			return
		}
		where := fmt.Sprintf("scripts.%s", ref)
		st := Settings{Ref: ref, Pos: pos(k)}
		ok := deref(v).Kind == yaml.MappingNode || isNull(v)
		p.each(v, where, func(key string, kk, vv *yaml.Node) {
			switch key {
			case "env":
				env, good := p.env(vv, where+".env")
				ok = ok && good
				st.Env = env
			case "env_file":
				files, good := p.envFiles(vv, where+".env_file")
				ok = ok && good
				st.EnvFiles = files
			case "description":
				s, good := p.str(vv, where+".description")
				ok = ok && good
				st.Description = s
			case "tty":
				tty, good := p.boolean(vv, where+".tty")
				ok = ok && good
				st.Pipes = !tty
			default:
				if handled, good := p.policyKey(key, vv, where, &st.Policy); handled {
					ok = ok && good
					return
				}
				p.unknown(kk, where, key, settingsKeys)
				ok = false
			}
		})
		if ok {
			p.file.Scripts = append(p.file.Scripts, st)
		}
	})
}

func (p *parser) groups(n *yaml.Node) {
	count := 0
	p.each(n, "groups", func(name string, k, v *yaml.Node) {
		if !p.name(k, "group") {
			return
		}
		if count++; count > MaxGroups {
			if count == MaxGroups+1 {
				p.problem(pos(k), "more than %d groups; the rest are ignored", MaxGroups)
			}
			return
		}
		where := "groups." + name
		g := FileGroup{Name: name, Members: []Member{}, Pos: pos(k)}
		if !isNull(v) && deref(v).Kind != yaml.MappingNode {
			p.problem(pos(v), "%s must be a mapping with description and members, not %s", where, kindName(v))
			return
		}
		p.each(v, where, func(key string, kk, vv *yaml.Node) {
			switch key {
			case "description":
				g.Description, _ = p.str(vv, where+".description")
			case "members":
				g.Members = p.members(vv, where+".members")
			default:
				p.unknown(kk, where, key, groupKeys)
			}
		})
		// A group keeps what it could read: a bad member or key is said,
		// and the group still starts the members that are fine.
		p.file.Groups = append(p.file.Groups, g)
	})
}

func (p *parser) members(n *yaml.Node, where string) []Member {
	out := []Member{}
	if isNull(n) {
		return out
	}
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		p.problem(pos(n), "%s must be a list of process or script names, not %s", where, kindName(n))
		return out
	}
	seen := map[string]int{}
	for i, item := range n.Content {
		if i == MaxMembers {
			p.problem(pos(item), "%s: more than %d members; the rest are ignored", where, MaxMembers)
			break
		}
		s, ok := p.str(item, fmt.Sprintf("%s[%d]", where, i))
		if !ok {
			continue
		}
		if s == "" {
			p.problem(pos(item), "%s[%d] is empty", where, i)
			continue
		}
		if line, dup := seen[s]; dup {
			p.problem(pos(item), "%s: %q is listed twice (first at line %d)", where, s, line)
			continue
		}
		seen[s] = item.Line
		out = append(out, Member{Ref: s, Pos: pos(deref(item))})
	}
	return out
}

func (p *parser) defaults(n *yaml.Node) {
	p.each(n, "defaults", func(key string, k, v *yaml.Node) {
		switch key {
		case "grace_period":
			s, ok := p.str(v, "defaults.grace_period")
			if !ok {
				return
			}
			d, err := time.ParseDuration(s)
			switch {
			case err != nil:
				p.problem(pos(v), "defaults.grace_period %q is not a duration such as 5s or 1m30s", s)
			case d <= 0:
				p.problem(pos(v), "defaults.grace_period must be more than 0")
			case d > MaxGracePeriod:
				p.problem(pos(v), "defaults.grace_period %s is longer than %s", d, MaxGracePeriod)
			default:
				p.file.Defaults.GracePeriod = d
			}
		case "autostart":
			if isNull(v) {
				return // no autostart group, written out
			}
			if s, ok := p.str(v, "defaults.autostart"); ok {
				p.file.Defaults.Autostart = s
				p.autostartPos = pos(deref(v))
			}
		default:
			p.unknown(k, "defaults", key, defaultsKeys)
		}
	})
}

// agents reads which acting tools a headless `hum mcp` may use without
// asking. A hum.yaml comes with a cloned repository, so it may allow only
// the tools that run what the project declares (AgentTools), never
// run_command, which runs whatever the agent asks.
func (p *parser) agents(n *yaml.Node) {
	p.each(n, "agents", func(key string, k, v *yaml.Node) {
		if key != "allow" {
			p.unknown(k, "agents", key, agentsKeys)
			return
		}
		if isNull(v) {
			return
		}
		list, ok := p.strings(v, "agents.allow", 16)
		if !ok {
			return
		}
		items := deref(v).Content
		var allow []string
		for i, name := range list {
			at := pos(deref(items[i]))
			switch {
			case name == "run_command":
				p.problem(at, "agents.allow: run_command cannot be allowed in hum.yaml: it runs any command an agent asks for, "+
					"and a hum.yaml comes with the repository; whoever runs hum mcp can pass --allow run_command")
			case !slices.Contains(AgentTools, name):
				p.problem(at, "agents.allow: unknown tool %q (hum.yaml may allow %s)", name, strings.Join(AgentTools, ", "))
			case slices.Contains(allow, name):
				p.problem(at, "agents.allow: %q is listed twice", name)
			default:
				allow = append(allow, name)
			}
		}
		p.file.Agents.Allow = allow
	})
}

// strings reads a list of strings, at most limit of them.
func (p *parser) strings(n *yaml.Node, where string, limit int) ([]string, bool) {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		p.problem(pos(n), "%s must be a list of strings, not %s", where, kindName(n))
		return nil, false
	}
	if len(n.Content) > limit {
		p.problem(pos(n), "%s has %d entries, more than %d", where, len(n.Content), limit)
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		s, ok := p.str(item, fmt.Sprintf("%s[%d]", where, i))
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// env reads an environment map. Values may be numbers or booleans, as in
// docker compose, and are passed as written; a null value is "".
func (p *parser) env(n *yaml.Node, where string) (map[string]string, bool) {
	env := map[string]string{}
	ok := true
	if !isNull(n) && deref(n).Kind != yaml.MappingNode {
		p.problem(pos(n), "%s must be a mapping of NAME: value, not %s", where, kindName(n))
		return nil, false
	}
	p.each(n, where, func(key string, k, v *yaml.Node) {
		if len(env) == MaxEnv {
			if ok {
				p.problem(pos(k), "%s has more than %d variables", where, MaxEnv)
			}
			ok = false
			return
		}
		if key == "" || strings.ContainsAny(key, "=\x00") {
			p.problem(pos(k), "%s: %q is not a variable name", where, key)
			ok = false
			return
		}
		v = deref(v)
		if v.Kind != yaml.ScalarNode {
			p.problem(pos(v), "%s.%s must be a string, number or boolean, not %s", where, key, kindName(v))
			ok = false
			return
		}
		val := v.Value
		switch v.Tag {
		case "!!null":
			val = ""
		case "!!str", "!!int", "!!float", "!!bool":
		default:
			p.problem(pos(v), "%s.%s must be a string, number or boolean, not %s", where, key, kindName(v))
			ok = false
			return
		}
		if strings.ContainsRune(val, 0) {
			p.problem(pos(v), "%s.%s contains a NUL character", where, key)
			ok = false
			return
		}
		env[key] = val
	})
	if len(env) == 0 {
		env = nil
	}
	return env, ok
}

// envFiles reads env_file: one path or a list of them.
func (p *parser) envFiles(n *yaml.Node, where string) ([]string, bool) {
	d := deref(n)
	var raw []string
	var nodes []*yaml.Node
	switch {
	case d.Kind == yaml.ScalarNode && d.Tag == "!!str":
		raw, nodes = []string{d.Value}, []*yaml.Node{d}
	case d.Kind == yaml.SequenceNode:
		list, ok := p.strings(d, where, MaxEnvFiles)
		if !ok {
			return nil, false
		}
		raw, nodes = list, d.Content
	default:
		p.problem(pos(d), "%s must be a path or a list of paths, not %s", where, kindName(d))
		return nil, false
	}
	out := make([]string, 0, len(raw))
	for i, s := range raw {
		clean, ok := p.localPath(deref(nodes[i]), where, s)
		if !ok {
			return nil, false
		}
		out = append(out, clean)
	}
	return out, true
}

// localPath checks that a path written in hum.yaml stays inside the
// project: relative, slash separated, no "..". It returns it cleaned.
func (p *parser) localPath(n *yaml.Node, where, s string) (string, bool) {
	clean, err := LocalPath(s)
	if err != nil {
		p.problem(pos(n), "%s %q %v", where, s, err)
		return "", false
	}
	return clean, true
}

// LocalPath cleans a path written in hum.yaml, relative to the project
// root, refusing one that would leave the project or means different
// things on different systems (a backslash, a drive letter).
func LocalPath(s string) (string, error) {
	switch {
	case s == "":
		return "", errors.New("is empty")
	case strings.Contains(s, `\`):
		return "", errors.New(`uses '\'; write paths with '/', which works everywhere`)
	case path.IsAbs(s) || len(s) >= 2 && s[1] == ':':
		return "", errors.New("is absolute; write it relative to the project root")
	}
	clean := path.Clean(s)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", errors.New("leads out of the project")
	}
	// "a/../b" stays inside, but a shared file reads better without it,
	// and the schema can then say simply: no "..".
	if slices.Contains(strings.Split(s, "/"), "..") {
		return "", errors.New("uses '..'; write the path from the project root")
	}
	return clean, nil
}

// checkLinks refuses a dir or env_file that a symlink inside the project
// leads out of it: hum.yaml is shared, so it must not point a process at
// a folder outside the clone. Paths that do not exist yet are left for the
// start to report.
func checkLinks(root string, f *File) {
	rootReal, err := filepath.EvalSymlinks(root)
	if err != nil {
		return
	}
	outside := func(rel string) bool {
		real, err := filepath.EvalSymlinks(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return false
		}
		r, err := filepath.Rel(rootReal, real)
		return err != nil || !filepath.IsLocal(r) && r != "."
	}
	kept := f.Processes[:0]
	for _, pr := range f.Processes {
		bad := ""
		if outside(pr.Dir) {
			bad = "dir " + strconv.Quote(pr.Dir)
		}
		for _, ef := range pr.EnvFiles {
			if bad == "" && outside(ef) {
				bad = "env_file " + strconv.Quote(ef)
			}
		}
		if bad != "" {
			f.Problems = append(f.Problems, discover.Problem{File: FileName, Line: pr.Pos.Line, Column: pr.Pos.Column,
				Message: fmt.Sprintf("processes.%s: %s leads out of the project through a symlink", pr.Name, bad)})
			if f.broken == nil {
				f.broken = map[string]bool{}
			}
			f.broken[pr.Name] = true
			continue
		}
		kept = append(kept, pr)
	}
	f.Processes = kept
}

// errText strips the absolute path an *fs.PathError carries.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
