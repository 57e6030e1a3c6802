package stack

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"
	"gopkg.in/yaml.v3"

	"hum/backend/discover"
)

// process-compose.yaml (github.com/F1bonacc1/process-compose) is read into
// the same model as hum.yaml: a File whose processes carry a Policy. The
// aim is that a process-compose user's file behaves in Hum as it does in
// process-compose: the same processes, started in the same order, restarted
// as often, ending the run the same way. Whatever it says that Hum does not
// do is a Problem at its line, never dropped in silence.
//
// The semantics followed here were read from process-compose's loader and
// runner; /work/wt/notes/pcompose-semantics.md (docs/ once landed) cites
// them.

// ProcessComposeSource is the discover.Script Source the lead gives the
// processes of a process-compose file.
const ProcessComposeSource = "process-compose"

// ProcessComposeFileNames are the names process-compose looks for in a
// folder, in its order of preference; it reads the first that exists.
// compose.yml and compose.yaml are docker compose's names too: Hum takes one
// only when it holds processes and no services.
var ProcessComposeFileNames = []string{"compose.yml", "compose.yaml", "process-compose.yml", "process-compose.yaml"}

// ProcessComposeOverrideNames are the override files process-compose merges
// over the file it found, in its order of preference; it reads the first
// that exists.
var ProcessComposeOverrideNames = []string{
	"compose.override.yml", "compose.override.yaml",
	"process-compose.override.yml", "process-compose.override.yaml",
}

// Limits of what a process-compose file may make Hum do, besides the caps
// hum.yaml has.
const (
	maxExtendsDepth = 16 // files extending files
	maxMergeDepth   = 12 // nested mappings an override merges into; a process's are 4 deep
	maxReplicas     = MaxProcesses
)

// The keys process-compose reads, split into those Hum maps and those it
// does not. pcIgnored says why each is ignored; a key in neither is not
// process-compose's and is reported as unknown, as process-compose refuses
// it (keys starting with "x-" are extensions both ignore).
var (
	pcTopKeys = []string{
		"version", "name", "processes", "environment", "extends", "disable_env_expansion", "ordered_shutdown",
		"log_location", "log_level", "log_length", "log_configuration", "log_format", "shell", "is_strict",
		"vars", "is_tui_disabled", "env_cmds", "file_names", "env_file_names", "dot_env_vars", "mcp_server",
	}
	pcProcessKeys = []string{
		"command", "entrypoint", "working_dir", "environment", "env_file", "is_dotenv_disabled", "description",
		"depends_on", "readiness_probe", "ready_log_line", "availability", "success_exit_codes", "shutdown",
		"disabled", "is_disabled", "namespace", "replicas", "extends", "is_template_disabled",
		"liveness_probe", "is_daemon", "log_location", "log_configuration", "disable_ansi_colors", "vars",
		"is_foreground", "is_tty", "is_elevated", "is_interactive", "launch_timeout_seconds", "schedule",
		"watch", "mcp", "truncate_log", "monitor_for", "monitor_silence_threshold",
		"name", "original_config", "replica_num", "replica_name", "executable", "args",
	}
	pcProbeKeys        = []string{"http_get", "exec", "initial_delay_seconds", "period_seconds", "timeout_seconds", "success_threshold", "failure_threshold"}
	pcHTTPKeys         = []string{"host", "scheme", "path", "port", "num_port", "headers", "status_code"}
	pcExecKeys         = []string{"command", "working_dir"}
	pcAvailabilityKeys = []string{"restart", "backoff_seconds", "max_restarts", "exit_on_end", "exit_on_skipped"}
	pcShutdownKeys     = []string{"signal", "timeout_seconds", "command", "parent_only", "send_keys"}

	pcIgnored = map[string]string{
		// top level
		"log_location":      "Hum keeps every process's output itself",
		"log_level":         "Hum keeps every process's output itself",
		"log_length":        "Hum keeps every process's output itself",
		"log_configuration": "Hum keeps every process's output itself",
		"log_format":        "Hum keeps every process's output itself",
		"shell":             "Hum runs a command line with the platform's shell (sh -c, or cmd /C on Windows)",
		"is_strict":         "Hum reports every mistake as a problem and runs what it can",
		"vars":              "templates are not rendered, but for {{.PC_REPLICA_NUM}}",
		"is_tui_disabled":   "Hum has no terminal UI to disable",
		"env_cmds":          "Hum does not run commands to fill the environment",
		"file_names":        "process-compose fills it in itself",
		"env_file_names":    "process-compose fills it in itself",
		"dot_env_vars":      "process-compose fills it in itself",
		"mcp_server":        "Hum is no MCP server",
		// processes
		"liveness_probe":            "Hum has no liveness probes; use availability to restart a process that ends",
		"is_daemon":                 "Hum follows the process it starts, not one it forks",
		"disable_ansi_colors":       "Hum shows colours as the process prints them",
		"is_foreground":             "Hum has no foreground processes; start one from the window",
		"is_elevated":               "Hum does not run processes as root or administrator",
		"is_interactive":            "Hum passes typed keys to any process on a terminal (is_tty: true)",
		"launch_timeout_seconds":    "only daemons use it, and Hum has none",
		"schedule":                  "Hum does not run processes on a schedule",
		"watch":                     "Hum does not read process-compose's watch yet",
		"is_dotenv_disabled":        "Hum gives every process the project's .env and .env.local",
		"mcp":                       "Hum is no MCP server",
		"truncate_log":              "Hum keeps every process's output itself",
		"monitor_for":               "Hum does not notify on output or silence",
		"monitor_silence_threshold": "Hum does not notify on output or silence",
		"name":                      "process-compose fills it in itself; the key under processes names the process",
		"original_config":           "process-compose fills it in itself",
		"replica_num":               "process-compose fills it in itself",
		"replica_name":              "process-compose fills it in itself",
		"executable":                "process-compose fills it in from command or entrypoint",
		"args":                      "process-compose fills it in from command or entrypoint",
		// probes, availability, shutdown
		"headers":           "Hum's HTTP probe sends no extra headers",
		"num_port":          "process-compose fills it in from port",
		"success_threshold": "one success makes a process ready in Hum",
		"exit_on_skipped":   "Hum ends `hum up` on a process's end or failure only",
		"parent_only":       "Hum stops the whole process tree",
		"send_keys":         "Hum does not pass keys to a process",
		"command":           "Hum stops a process by signal, then kills it after the grace period",
	}
)

// ParseProcessCompose reads one process-compose file's bytes; name is its
// path relative to the project root, for Problems and for the folder its
// paths are relative to. Like Parse it never fails. ${VAR} is interpolated
// from Hum's environment only (LoadProcessCompose adds the project's .env),
// and an extends naming another file is a Problem: only
// LoadProcessCompose reads other files.
func ParseProcessCompose(data []byte, name string) (file File) {
	p := newPCParser(name, os.LookupEnv)
	defer func() {
		if r := recover(); r != nil {
			file = File{Found: true, Name: name, Problems: []discover.Problem{{File: name, Message: fmt.Sprintf("cannot parse: %v", r)}}}
		}
	}()
	if top := p.decode(data, name); top != nil {
		if ext := pcGet(top, "extends"); ext != nil && !isNull(ext) {
			p.problem(ext, "extends names another file, which is read only with the project")
		}
		p.interpret(top)
	}
	file = p.result()
	file.Found, file.Name = true, name
	return file
}

// LoadProcessCompose reads root's process-compose file as process-compose
// would: the first of ProcessComposeFileNames, with the file it extends
// (and the one that extends, and so on) merged under it, and the first of
// ProcessComposeOverrideNames merged over it. ${VAR} in them is taken from
// root's .env, then Hum's environment, and every process reads .env too
// (as every process does in Hum). A project with none is a File with Found
// false; a file that cannot be read is a Problem naming it.
func LoadProcessCompose(root string) (file File) {
	main := findProcessCompose(root)
	if main == "" {
		return File{}
	}
	dotenv := pcReadDotEnv(root)
	lookup := func(k string) (string, bool) {
		if v, ok := dotenv[k]; ok {
			return v, true
		}
		return os.LookupEnv(k)
	}
	p := newPCParser(main, lookup)
	if abs, err := filepath.Abs(root); err == nil {
		p.root = abs
	}
	defer func() {
		if r := recover(); r != nil {
			file = File{Found: true, Name: main, Problems: []discover.Problem{{File: main, Message: fmt.Sprintf("cannot parse: %v", r)}}}
		}
	}()
	rootReal, _ := filepath.EvalSymlinks(root)
	loaded := map[string]bool{}
	docs := p.chain(root, rootReal, main, loaded, 0)
	for _, name := range ProcessComposeOverrideNames {
		if pcIsRegular(filepath.Join(root, name)) {
			docs = append(docs, p.chain(root, rootReal, name, loaded, 0)...)
			break
		}
	}
	if len(docs) > 0 {
		top := docs[0]
		for _, d := range docs[1:] {
			top = p.mergeMaps(top, d, 0)
		}
		p.interpret(top)
	}
	file = p.result()
	file.Found, file.Name = true, main
	pcCheckLinks(root, &file)
	return file
}

// findProcessCompose returns the name of root's process-compose file, or "".
func findProcessCompose(root string) string {
	for _, name := range ProcessComposeFileNames {
		full := filepath.Join(root, name)
		if !pcIsRegular(full) {
			continue
		}
		if strings.HasPrefix(name, "compose.") && !isProcessCompose(full) {
			continue // docker compose's file
		}
		return name
	}
	return ""
}

// isProcessCompose tells a process-compose file named compose.yaml from
// docker compose's: it declares processes, and no services.
func isProcessCompose(full string) bool {
	data, err := pcReadCapped(full)
	if err != nil {
		return false
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return false
	}
	top := deref(doc.Content[0])
	return pcGet(top, "processes") != nil && pcGet(top, "services") == nil
}

func pcIsRegular(full string) bool {
	info, err := os.Stat(full)
	return err == nil && info.Mode().IsRegular()
}

// readCapped reads a file of at most discover.MaxFileSize bytes.
func pcReadCapped(full string) ([]byte, error) {
	info, err := os.Stat(full)
	switch {
	case err != nil:
		return nil, fmt.Errorf("cannot read: %s", errText(err))
	case !info.Mode().IsRegular():
		return nil, errors.New("not a regular file; skipped")
	case info.Size() > discover.MaxFileSize:
		return nil, fmt.Errorf("file is %d bytes, larger than the %d byte limit; skipped", info.Size(), discover.MaxFileSize)
	}
	f, err := os.Open(full)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %s", errText(err))
	}
	defer f.Close()
	// One byte past the limit catches a file that grew since Stat.
	data, err := io.ReadAll(io.LimitReader(f, discover.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %s", errText(err))
	}
	if len(data) > discover.MaxFileSize {
		return nil, fmt.Errorf("file is larger than the %d byte limit; skipped", discover.MaxFileSize)
	}
	return data, nil
}

// pcReadDotEnv reads root's .env with godotenv, as process-compose does
// from the folder it runs in; nil when there is none or it cannot be read
// or parsed (process-compose goes without it then too).
func pcReadDotEnv(root string) map[string]string {
	data, err := pcReadCapped(filepath.Join(root, ".env"))
	if err != nil {
		return nil
	}
	vars, err := godotenv.Parse(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	return vars
}

// pcParser gathers one process-compose read's results. One goroutine uses
// it.
type pcParser struct {
	file     File
	nProblem int
	main     string                // the file found, for problems about no node
	origin   map[*yaml.Node]string // the file each node was read from
	lookup   func(string) (string, bool)
	// root is the project's absolute path, to take an absolute working_dir
	// inside it; "" for ParseProcessCompose, which refuses every one.
	root    string
	graces  map[string]time.Duration // shutdown.timeout_seconds by process
	graceAt map[string]*yaml.Node    // where each of graces is written
}

func newPCParser(main string, lookup func(string) (string, bool)) *pcParser {
	return &pcParser{main: main, origin: map[*yaml.Node]string{}, lookup: lookup}
}

// problem records a problem at a node, naming the file the node is from.
func (p *pcParser) problem(n *yaml.Node, format string, args ...any) {
	file, at := p.main, Pos{}
	if n != nil {
		if f, ok := p.origin[n]; ok {
			file = f
		}
		at = pos(n)
	}
	p.problemIn(file, at, format, args...)
}

func (p *pcParser) problemIn(file string, at Pos, format string, args ...any) {
	p.nProblem++
	if len(p.file.Problems) < discover.MaxProblemsPerFile {
		p.file.Problems = append(p.file.Problems, discover.Problem{
			File: file, Line: at.Line, Column: at.Column, Message: fmt.Sprintf(format, args...),
		})
	}
}

func (p *pcParser) result() File {
	if p.nProblem > discover.MaxProblemsPerFile {
		p.file.Problems = append(p.file.Problems, discover.Problem{File: p.main, Message: fmt.Sprintf(
			"%d problems; showing the first %d", p.nProblem, discover.MaxProblemsPerFile)})
	}
	return p.file
}

// chain reads the file name (relative to root) and, before it, the files
// it extends, in the order process-compose merges them: the extended
// file first.
func (p *pcParser) chain(root, rootReal, name string, loaded map[string]bool, depth int) []*yaml.Node {
	if loaded[name] {
		return nil
	}
	loaded[name] = true
	data, err := pcReadCapped(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		p.problemIn(name, Pos{}, "%v", err)
		return nil
	}
	top := p.decode(data, name)
	if top == nil {
		return nil
	}
	var base []*yaml.Node
	if ext := pcGet(top, "extends"); ext != nil && !isNull(ext) {
		base = p.extends(root, rootReal, name, ext, loaded, depth)
	}
	return append(base, top)
}

// extends reads the file that name's top-level extends names: relative to
// name's folder, inside the project. Its processes run in its folder unless
// they say otherwise, as process-compose runs them.
func (p *pcParser) extends(root, rootReal, name string, ext *yaml.Node, loaded map[string]bool, depth int) []*yaml.Node {
	s, ok := p.str(ext, "extends")
	if !ok {
		return nil
	}
	if depth >= maxExtendsDepth {
		p.problem(ext, "extends: more than %d files extend one another; %q is not read", maxExtendsDepth, s)
		return nil
	}
	if path.IsAbs(s) || filepath.IsAbs(s) {
		p.problem(ext, "extends %q is absolute; Hum reads only files inside the project, written relative to this one", s)
		return nil
	}
	rel, err := LocalPath(path.Join(path.Dir(name), s))
	if err != nil {
		p.problem(ext, "extends %q %v", s, err)
		return nil
	}
	if loaded[rel] {
		p.problem(ext, "extends %q, which is read already (files extend one another in a circle)", rel)
		return nil
	}
	if pcOutsideRoot(root, rootReal, rel) {
		p.problem(ext, "extends %q leads out of the project through a symlink", rel)
		return nil
	}
	if !pcIsRegular(filepath.Join(root, filepath.FromSlash(rel))) {
		p.problem(ext, "extends %q, which is not there", rel)
		return nil
	}
	docs := p.chain(root, rootReal, rel, loaded, depth+1)
	if dir := path.Dir(rel); dir != "." {
		for _, d := range docs {
			p.anchorDirs(d, dir)
		}
	}
	return docs
}

// anchorDirs makes the working_dir of every process in an extended file's
// top mapping relative to that file's folder, dir.
func (p *pcParser) anchorDirs(top *yaml.Node, dir string) {
	procs := pcGet(top, "processes")
	if procs == nil || deref(procs).Kind != yaml.MappingNode {
		return
	}
	procs = deref(procs)
	for i := 0; i+1 < len(procs.Content); i += 2 {
		pr := deref(procs.Content[i+1])
		if pr.Kind != yaml.MappingNode {
			continue
		}
		at := -1
		for j := 0; j+1 < len(pr.Content); j += 2 {
			if pr.Content[j].Value == "working_dir" {
				at = j + 1
			}
		}
		if at < 0 {
			k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "working_dir", Line: pr.Line, Column: pr.Column}
			v := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: dir, Line: pr.Line, Column: pr.Column}
			p.origin[k], p.origin[v] = p.origin[pr], p.origin[pr]
			pr.Content = append(pr.Content, k, v)
			continue
		}
		old := deref(pr.Content[at])
		if old.Kind != yaml.ScalarNode || old.Tag != "!!str" || path.IsAbs(old.Value) || filepath.IsAbs(old.Value) {
			continue // the interpreter says what is wrong with it, or takes it as is
		}
		v := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: path.Join(dir, old.Value), Line: old.Line, Column: old.Column}
		p.origin[v] = p.origin[old]
		pr.Content[at] = v
	}
}

// decode parses one file's bytes to its top mapping, with ${VAR}
// interpolated as process-compose does before it parses, and records
// which file each node came from. nil when there is nothing to read.
func (p *pcParser) decode(data []byte, name string) *yaml.Node {
	if len(data) > discover.MaxFileSize {
		p.problemIn(name, Pos{}, "file is %d bytes, larger than the %d byte limit; skipped", len(data), discover.MaxFileSize)
		return nil
	}
	top := p.decodeRaw(data, name, true)
	if top == nil {
		return nil
	}
	if v := pcGet(top, "disable_env_expansion"); v != nil && deref(v).Tag == "!!bool" && deref(v).Value == "true" {
		return top
	}
	if !bytes.ContainsRune(data, '$') {
		return top
	}
	text, bad := pcInterpolate(string(data), p.lookup)
	for _, b := range bad {
		p.problemIn(name, b.at, "%s is not interpolated (Hum knows ${VAR}, $VAR, ${VAR:-default} and ${VAR-default}); left as written", b.text)
	}
	if t := p.decodeRaw([]byte(text), name, false); t != nil {
		return t
	}
	p.problemIn(name, Pos{}, "the file is not valid YAML once ${VAR} is interpolated; read without interpolation")
	return top
}

// decodeRaw parses YAML; report says whether its mistakes are problems.
func (p *pcParser) decodeRaw(data []byte, name string, report bool) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if report && !errors.Is(err, io.EOF) {
			p.syntax(name, err)
		}
		return nil
	}
	if report {
		var extra yaml.Node
		switch err := dec.Decode(&extra); {
		case err == nil:
			p.problemIn(name, pos(&extra), "process-compose reads one YAML document; this second one is ignored")
		case !errors.Is(err, io.EOF):
			p.syntax(name, err)
		}
	}
	if len(doc.Content) == 0 {
		return nil
	}
	p.mark(&doc, name)
	top := doc.Content[0]
	if isNull(top) {
		return nil
	}
	if deref(top).Kind != yaml.MappingNode {
		if report {
			p.problemIn(name, pos(top), "a process-compose file must be a mapping with processes, not %s", kindName(top))
		}
		return nil
	}
	return deref(top)
}

func (p *pcParser) syntax(name string, err error) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		p.problemIn(name, Pos{Line: line}, "not valid YAML: %s", m[2])
		return
	}
	p.problemIn(name, Pos{}, "not valid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

// mark records name as the origin of n and everything under it. An alias
// is not followed: its anchor is marked where it stands.
func (p *pcParser) mark(n *yaml.Node, name string) {
	stack := []*yaml.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if _, seen := p.origin[n]; seen {
			continue
		}
		p.origin[n] = name
		stack = append(stack, n.Content...)
	}
}

// pcBadVar is a ${...} form interpolate does not know.
type pcBadVar struct {
	text string
	at   Pos
}

var pcVarName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*`)

// interpolate replaces $VAR, ${VAR}, ${VAR:-default} and ${VAR-default}
// (and := and =) with values from lookup, "" for one unset, and $$ with $,
// as process-compose does to the whole file before it parses it.
func pcInterpolate(s string, lookup func(string) (string, bool)) (string, []pcBadVar) {
	var b strings.Builder
	var bad []pcBadVar
	line, col := 1, 1
	for i := 0; i < len(s); {
		c := s[i]
		if c != '$' || i+1 >= len(s) {
			b.WriteByte(c)
			if c == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			i++
			continue
		}
		at := Pos{Line: line, Column: col}
		next := s[i+1]
		switch {
		case next == '$':
			b.WriteByte('$')
			i += 2
			col += 2
		case next == '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 || strings.ContainsRune(s[i:i+end], '\n') {
				b.WriteByte(c)
				i++
				col++
				continue
			}
			body := s[i+2 : i+end]
			if v, ok := pcExpandVar(body, lookup); ok {
				b.WriteString(v)
			} else {
				if len(bad) < discover.MaxProblemsPerFile {
					bad = append(bad, pcBadVar{text: s[i : i+end+1], at: at})
				}
				b.WriteString(s[i : i+end+1])
			}
			col += end + 1
			i += end + 1
		default:
			name := pcVarName.FindString(s[i+1:])
			if name == "" {
				b.WriteByte(c)
				i++
				col++
				continue
			}
			v, _ := lookup(name)
			b.WriteString(v)
			i += 1 + len(name)
			col += 1 + len(name)
		}
	}
	return b.String(), bad
}

func pcExpandVar(body string, lookup func(string) (string, bool)) (string, bool) {
	name := pcVarName.FindString(body)
	if name == "" {
		return "", false
	}
	v, set := lookup(name)
	rest := body[len(name):]
	switch {
	case rest == "":
		return v, true
	case strings.HasPrefix(rest, ":-"), strings.HasPrefix(rest, ":="):
		if v == "" {
			return rest[2:], true
		}
		return v, true
	case strings.HasPrefix(rest, "-"), strings.HasPrefix(rest, "="):
		if !set {
			return rest[1:], true
		}
		return v, true
	}
	return "", false
}

// mapGet returns the value of key in mapping n, or nil.
func pcGet(n *yaml.Node, key string) *yaml.Node {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// isZero is a value process-compose's merge does not let override: false,
// 0, "", nothing, or an empty list or mapping. (This is why
// process-compose has is_disabled: "false" can undo a disabled: true.)
func pcIsZero(n *yaml.Node) bool {
	n = deref(n)
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return true
		case "!!bool":
			return n.Value == "false"
		case "!!int":
			v, err := strconv.ParseInt(n.Value, 0, 64)
			return err == nil && v == 0
		case "!!str":
			return n.Value == ""
		}
	case yaml.SequenceNode, yaml.MappingNode:
		return len(n.Content) == 0
	}
	return false
}

// mergeMaps lays over on base as process-compose merges an override file
// or a process that extends another: a key of over's replaces base's
// unless its value is zero; mappings merge key by key; lists are appended,
// but environment merges by variable name and namespace is replaced. The
// result is new nodes where both sides had a mapping; the rest is shared.
func (p *pcParser) mergeMaps(base, over *yaml.Node, depth int) *yaml.Node {
	base, over = deref(base), deref(over)
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: base.Line, Column: base.Column}
	p.origin[out] = p.origin[base]
	out.Content = slices.Clone(base.Content)
	for i := 0; i+1 < len(over.Content); i += 2 {
		k, v := over.Content[i], over.Content[i+1]
		at := -1
		for j := 0; j+1 < len(out.Content); j += 2 {
			if out.Content[j].Kind == yaml.ScalarNode && out.Content[j].Value == k.Value {
				at = j
				break
			}
		}
		if at < 0 {
			out.Content = append(out.Content, k, v)
			continue
		}
		out.Content[at+1] = p.mergeValue(out.Content[at+1], v, k.Value, depth)
	}
	return out
}

func (p *pcParser) mergeValue(base, over *yaml.Node, key string, depth int) *yaml.Node {
	if pcIsZero(over) {
		return base
	}
	b, o := deref(base), deref(over)
	switch {
	case key == "namespace" || key == "paths":
		return over
	case key == "environment" && b.Kind == yaml.SequenceNode && o.Kind == yaml.SequenceNode:
		return p.mergeEnv(b, o)
	case b.Kind == yaml.MappingNode && o.Kind == yaml.MappingNode && depth < maxMergeDepth:
		return p.mergeMaps(b, o, depth+1)
	case b.Kind == yaml.SequenceNode && o.Kind == yaml.SequenceNode:
		out := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: b.Line, Column: b.Column}
		p.origin[out] = p.origin[b]
		out.Content = append(slices.Clone(b.Content), o.Content...)
		return out
	}
	return over
}

// mergeEnv merges two environment lists by variable name, over winning.
func (p *pcParser) mergeEnv(base, over *yaml.Node) *yaml.Node {
	out := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: base.Line, Column: base.Column}
	p.origin[out] = p.origin[base]
	at := map[string]int{}
	for _, list := range []*yaml.Node{base, over} {
		for _, item := range list.Content {
			name, _, _ := strings.Cut(deref(item).Value, "=")
			if i, ok := at[name]; ok && deref(item).Kind == yaml.ScalarNode {
				out.Content[i] = item
				continue
			}
			at[name] = len(out.Content)
			out.Content = append(out.Content, item)
		}
	}
	return out
}

// each walks a mapping's entries in order, as parser.each does for
// hum.yaml, skipping x- extension keys, which process-compose ignores too.
func (p *pcParser) each(n *yaml.Node, where string, fn func(key string, k, v *yaml.Node)) {
	if isNull(n) {
		return
	}
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		p.problem(n, "%s must be a mapping, not %s", where, kindName(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" || k.Tag == "!!null" {
			if k.Tag == "!!merge" {
				p.problem(k, "%s: merge keys (<<) are not supported; write the entries out", where)
			} else {
				p.problem(k, "%s: keys must be strings, not %s", where, kindName(k))
			}
			continue
		}
		if line, dup := seen[k.Value]; dup {
			p.problem(k, "%s: %q is given twice (first at line %d)", where, k.Value, line)
			continue
		}
		seen[k.Value] = k.Line
		if strings.HasPrefix(k.Value, "x-") {
			continue
		}
		fn(k.Value, k, v)
	}
}

func (p *pcParser) unknown(k *yaml.Node, where, key string, accepted []string) {
	p.problem(k, "%s: unknown key %q, which process-compose refuses too (it knows: %s)", where, key, strings.Join(accepted, ", "))
}

func (p *pcParser) ignored(k *yaml.Node, where, key string) {
	p.problem(k, "%s: %s is ignored: %s", where, key, pcIgnored[key])
}

func (p *pcParser) str(n *yaml.Node, where string) (string, bool) {
	n = deref(n)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		p.problem(n, "%s must be a string, not %s", where, kindName(n))
		return "", false
	}
	if strings.ContainsRune(n.Value, 0) {
		p.problem(n, "%s contains a NUL character", where)
		return "", false
	}
	return n.Value, true
}

// scalar reads a string, number or boolean as its text, as process-compose
// reads a port or an exit code written either way.
func (p *pcParser) scalar(n *yaml.Node, where string) (string, bool) {
	n = deref(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || strings.ContainsRune(n.Value, 0) {
		p.problem(n, "%s must be a string or a number, not %s", where, kindName(n))
		return "", false
	}
	return n.Value, true
}

// int reads a whole number in [lo, hi].
func (p *pcParser) int(n *yaml.Node, where string, lo, hi int) (int, bool) {
	d := deref(n)
	if d.Kind != yaml.ScalarNode || d.Tag != "!!int" {
		p.problem(d, "%s must be a whole number, not %s", where, kindName(d))
		return 0, false
	}
	v, err := strconv.ParseInt(d.Value, 0, 64)
	if err != nil || v < int64(lo) || v > int64(hi) {
		p.problem(d, "%s is %s; it must be from %d to %d", where, d.Value, lo, hi)
		return 0, false
	}
	return int(v), true
}

func (p *pcParser) bool(n *yaml.Node, where string) (bool, bool) {
	d := deref(n)
	if d.Kind != yaml.ScalarNode || d.Tag != "!!bool" {
		p.problem(d, "%s must be true or false, not %s", where, kindName(d))
		return false, false
	}
	return d.Value == "true", true
}

// pcProc is one process as read, before its replicas are made.
type pcProc struct {
	pr           Process
	key          *yaml.Node
	namespaces   []string
	nsNode       *yaml.Node
	replicas     int
	readyLogLine string
	hasProbe     bool // readiness_probe or liveness_probe, which process_healthy needs
	envFile      string
	envFileNode  *yaml.Node
	noTemplate   bool // is_template_disabled
	deps         []pcDep
}

type pcDep struct {
	name string
	cond Condition
	node *yaml.Node
}

// interpret turns the merged top mapping into the File.
func (p *pcParser) interpret(top *yaml.Node) {
	var global map[string]string
	var procsNode *yaml.Node
	p.each(top, p.main, func(key string, k, v *yaml.Node) {
		switch key {
		case "version", "name", "extends", "disable_env_expansion":
			// version and name say nothing Hum uses; the others are read
			// already.
		case "ordered_shutdown":
			// Hum always stops dependents first, as ordered_shutdown asks.
		case "processes":
			procsNode = v
		case "environment":
			global, _ = p.env(v, "environment")
		default:
			if _, ok := pcIgnored[key]; ok && slices.Contains(pcTopKeys, key) {
				p.ignored(k, p.main, key)
			} else {
				p.unknown(k, "the file", key, pcTopKeys)
			}
		}
	})
	if procsNode == nil {
		p.problem(top, "declares no processes")
		return
	}
	raw := p.resolveExtends(procsNode)
	var procs []*pcProc
	for _, r := range raw {
		if pc, ok := p.process(r.name, r.key, r.node, global); ok {
			procs = append(procs, pc)
		}
	}
	p.expand(procs)
}

type pcRawProc struct {
	name string
	key  *yaml.Node
	node *yaml.Node
}

// resolveExtends returns the processes in the order written, each with
// the process it extends merged under it (transitively), as
// process-compose resolves extends after merging the files. A process
// that extends one unknown, itself or in a circle is a Problem and left
// out.
func (p *pcParser) resolveExtends(procs *yaml.Node) []pcRawProc {
	var list []pcRawProc
	by := map[string]int{}
	p.each(procs, "processes", func(name string, k, v *yaml.Node) {
		by[name] = len(list)
		list = append(list, pcRawProc{name: name, key: k, node: v})
	})
	const (
		unvisited = iota
		inProgress
		resolved
		failed
	)
	state := make([]int, len(list))
	var resolve func(i int) bool
	resolve = func(i int) bool {
		switch state[i] {
		case resolved:
			return true
		case failed:
			return false
		case inProgress:
			p.problem(list[i].key, "processes.%s extends a process that extends it back; left out", list[i].name)
			state[i] = failed
			return false
		}
		ext := pcGet(list[i].node, "extends")
		if ext == nil || isNull(ext) {
			state[i] = resolved
			return true
		}
		where := "processes." + list[i].name + ".extends"
		parent, ok := p.str(ext, where)
		if !ok {
			state[i] = failed
			return false
		}
		j, known := by[parent]
		switch {
		case parent == list[i].name:
			p.problem(ext, "%s: a process cannot extend itself; left out", where)
			state[i] = failed
			return false
		case !known:
			p.problem(ext, "%s: no process %q; left out", where, parent)
			state[i] = failed
			return false
		}
		state[i] = inProgress
		if !resolve(j) {
			if state[i] != failed {
				p.problem(ext, "%s: %q is left out, so this process is too", where, parent)
			}
			state[i] = failed
			return false
		}
		if deref(list[j].node).Kind == yaml.MappingNode && deref(list[i].node).Kind == yaml.MappingNode {
			list[i].node = p.mergeMaps(pcWithoutKey(list[j].node, "extends"), list[i].node, 0)
		}
		state[i] = resolved
		return true
	}
	var out []pcRawProc
	for i := range list {
		if resolve(i) {
			out = append(out, list[i])
		}
	}
	return out
}

// withoutKey is mapping n without key, as a new node sharing the rest.
func pcWithoutKey(n *yaml.Node, key string) *yaml.Node {
	n = deref(n)
	out := *n
	out.Content = nil
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value != key {
			out.Content = append(out.Content, n.Content[i], n.Content[i+1])
		}
	}
	return &out
}

// process reads one process. ok is false, and a problem says why, when it
// cannot run as written.
func (p *pcParser) process(name string, k, v *yaml.Node, global map[string]string) (*pcProc, bool) {
	where := "processes." + name
	if !p.pcName(k, "process") {
		return nil, false
	}
	if deref(v).Kind != yaml.MappingNode {
		p.problem(v, "%s must be a mapping, not %s", where, kindName(v))
		return nil, false
	}
	// Pipes unless is_tty: process-compose runs a process on a terminal
	// only when asked.
	pc := &pcProc{pr: Process{Name: name, Dir: ".", Pos: pos(k), Pipes: true}, key: k, replicas: 1}
	if f := p.origin[k]; f != "" && f != p.main {
		pc.pr.File = f // an override or an extended file declares it
	}
	ok := true
	var cmdNode, entryNode, isDisabledNode *yaml.Node
	var env map[string]string
	p.each(v, where, func(key string, kk, vv *yaml.Node) {
		w := where + "." + key
		switch key {
		case "command":
			cmdNode = kk
			s, good := p.str(vv, w)
			ok = ok && good
			pc.pr.Command = s
		case "entrypoint":
			entryNode = kk
			list, good := p.strList(vv, w, MaxEnv)
			ok = ok && good
			pc.pr.Argv = list
		case "working_dir":
			if s, good := p.str(vv, w); !good {
				ok = false
			} else if d, good := p.dir(vv, w, s); good {
				pc.pr.Dir = d
			} else {
				ok = false
			}
		case "environment":
			e, good := p.env(vv, w)
			ok = ok && good
			env = e
		case "env_file":
			if s, good := p.str(vv, w); good {
				pc.envFile, pc.envFileNode = s, vv
			} else {
				ok = false
			}
		case "is_dotenv_disabled":
			if b, good := p.bool(vv, w); good && b {
				p.ignored(kk, where, key)
			}
		case "description":
			s, _ := p.str(vv, w)
			pc.pr.Description = s
		case "depends_on":
			pc.deps = p.dependsOn(vv, w)
		case "readiness_probe":
			if isNull(vv) {
				return
			}
			pc.hasProbe = true
			pc.pr.Policy.Readiness = p.probe(vv, w)
		case "ready_log_line":
			if s, good := p.str(vv, w); good && s != "" {
				pc.readyLogLine = s
			}
		case "availability":
			p.availability(vv, w, &pc.pr.Policy)
		case "success_exit_codes":
			p.successCodes(vv, w, &pc.pr.Policy.Restart)
		case "shutdown":
			p.shutdown(vv, w, name)
		case "disabled":
			if b, good := p.bool(vv, w); good {
				pc.pr.Policy.Disabled = b
			}
		case "is_disabled":
			isDisabledNode = vv
		case "is_tty":
			if b, good := p.bool(vv, w); good {
				pc.pr.Pipes = !b
			}
		case "namespace":
			pc.namespaces, pc.nsNode = p.namespaces(vv, w), vv
		case "replicas":
			if n, good := p.int(vv, w, 0, maxReplicas); good && n > 1 {
				pc.replicas = n
			}
		case "is_template_disabled":
			pc.noTemplate, _ = p.bool(vv, w)
		case "extends":
			// merged in by resolveExtends
		case "liveness_probe":
			pc.hasProbe = true
			p.ignored(kk, where, key)
		default:
			if _, known := pcIgnored[key]; known && slices.Contains(pcProcessKeys, key) {
				p.ignored(kk, where, key)
			} else {
				p.unknown(kk, where, key, pcProcessKeys)
			}
		}
	})
	// is_disabled, a string, wins over disabled: it is how an override
	// file turns a disabled process back on.
	if isDisabledNode != nil {
		switch s, _ := p.scalar(isDisabledNode, where+".is_disabled"); s {
		case "true":
			pc.pr.Policy.Disabled = true
		case "false":
			pc.pr.Policy.Disabled = false
		case "":
		default:
			p.problem(isDisabledNode, "%s.is_disabled must be \"true\" or \"false\", not %q", where, s)
		}
	}
	switch {
	case cmdNode != nil && entryNode != nil && pc.pr.Command != "":
		// process-compose runs command and warns; so does Hum.
		p.problem(entryNode, "%s has both command and entrypoint; process-compose runs command, and so does Hum", where)
		pc.pr.Argv = nil
	case pc.pr.Command == "" && len(pc.pr.Argv) == 0 && ok:
		p.problem(k, "%s has no command (a shell line) or entrypoint (a program and its arguments); left out", where)
		ok = false
	case len(pc.pr.Argv) > 0 && pc.pr.Argv[0] == "":
		p.problem(entryNode, "%s.entrypoint needs the program to run first", where)
		ok = false
	}
	if pc.readyLogLine != "" {
		if pc.pr.Policy.Readiness != nil {
			p.problem(k, "%s has both ready_log_line and readiness_probe, which process-compose refuses; Hum uses the probe", where)
		} else {
			pc.pr.Policy.Readiness = &Probe{Kind: ProbeLog, Pattern: regexp.QuoteMeta(pc.readyLogLine), Pos: pos(k)}
		}
	}
	if pc.envFile != "" {
		// process-compose reads env_file relative to working_dir when it
		// has one; Hum's EnvFiles are relative to the root.
		full := pc.envFile
		if !path.IsAbs(full) && !filepath.IsAbs(full) {
			full = path.Join(pc.pr.Dir, full)
		}
		f, good := p.dir(pc.envFileNode, where+".env_file", full)
		switch {
		case !good:
			ok = false
		case p.root != "" && !pcIsRegular(filepath.Join(p.root, filepath.FromSlash(f))):
			// process-compose says so and runs the process without it;
			// Hum would refuse to start it.
			p.problem(pc.envFileNode, "%s.env_file %q is not there; process-compose runs the process without it, and so does Hum", where, f)
		default:
			pc.pr.EnvFiles = []string{f}
		}
	}
	// process-compose gives every process these two, then .env, the
	// global environment, env_file and its own environment, in rising
	// precedence. Hum reads the project's .env for every process itself,
	// and EnvFiles under Env.
	merged := map[string]string{"PC_PROC_NAME": name, "PC_REPLICA_NUM": "0"}
	for k, v := range global {
		merged[k] = v
	}
	for k, v := range env {
		merged[k] = v
	}
	pc.pr.Env = merged
	return pc, ok
}

// pcName checks a process or namespace name: Hum's names cannot hold ':'
// or spaces, which process-compose's can.
func (p *pcParser) pcName(k *yaml.Node, what string) bool {
	switch {
	case k.Value == "":
		p.problem(k, "a %s needs a name", what)
	case len(k.Value) > MaxNameLength:
		p.problem(k, "%s name %.20q… is longer than %d characters; left out", what, k.Value, MaxNameLength)
	case !pcValidName.MatchString(k.Value):
		p.problem(k, "%s name %q may hold only letters, digits, '.', '_' and '-' in Hum; left out", what, k.Value)
	default:
		return true
	}
	return false
}

// dir checks a working_dir or env_file: relative to the project root, or
// absolute inside it; an absolute path outside the project is refused, as
// hum.yaml refuses one, since the file is shared.
func (p *pcParser) dir(n *yaml.Node, where, s string) (string, bool) {
	if strings.Contains(s, "{{") {
		p.problem(n, "%s %q holds a template, which Hum does not render", where, s)
		return "", false
	}
	if filepath.IsAbs(s) && p.root != "" {
		rel, err := filepath.Rel(p.root, filepath.Clean(s))
		if err != nil || !filepath.IsLocal(rel) && rel != "." {
			p.problem(n, "%s %q is outside the project; write it relative to %s", where, s, p.origin[n])
			return "", false
		}
		s = filepath.ToSlash(rel)
	}
	clean, err := LocalPath(s)
	if err != nil {
		p.problem(n, "%s %q %v", where, s, err)
		return "", false
	}
	return clean, true
}

func (p *pcParser) strList(n *yaml.Node, where string, limit int) ([]string, bool) {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		p.problem(n, "%s must be a list of strings, not %s", where, kindName(n))
		return nil, false
	}
	if len(n.Content) > limit {
		p.problem(n, "%s has %d entries, more than %d", where, len(n.Content), limit)
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		s, ok := p.scalar(item, fmt.Sprintf("%s[%d]", where, i))
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// env reads process-compose's environment: a list of KEY=VALUE.
func (p *pcParser) env(n *yaml.Node, where string) (map[string]string, bool) {
	if isNull(n) {
		return nil, true
	}
	d := deref(n)
	if d.Kind != yaml.SequenceNode {
		p.problem(d, "%s must be a list of KEY=VALUE, not %s", where, kindName(d))
		return nil, false
	}
	env := map[string]string{}
	ok := true
	for i, item := range d.Content {
		if len(env) == MaxEnv {
			p.problem(item, "%s has more than %d variables", where, MaxEnv)
			return env, false
		}
		s, good := p.scalar(item, fmt.Sprintf("%s[%d]", where, i))
		if !good {
			ok = false
			continue
		}
		k, v, has := strings.Cut(s, "=")
		if !has || k == "" {
			p.problem(item, "%s[%d] %q is not KEY=VALUE; ignored", where, i, s)
			continue
		}
		env[k] = v
	}
	return env, ok
}

// dependsOn reads depends_on: a mapping of process name to its condition.
// A dependency without a condition waits for process_completed, as
// process-compose's does (its zero condition).
func (p *pcParser) dependsOn(n *yaml.Node, where string) []pcDep {
	var out []pcDep
	if isNull(n) {
		return nil
	}
	if deref(n).Kind == yaml.SequenceNode {
		p.problem(n, "%s must be a mapping of process name to {condition: ...}, not a list; ignored", where)
		return nil
	}
	p.each(n, where, func(name string, k, v *yaml.Node) {
		dep := pcDep{name: name, cond: ConditionCompleted, node: k}
		good := true
		p.each(v, where+"."+name, func(key string, kk, vv *yaml.Node) {
			if key != "condition" {
				p.unknown(kk, where+"."+name, key, []string{"condition"})
				return
			}
			s, ok := p.str(vv, where+"."+name+".condition")
			if !ok {
				good = false
				return
			}
			switch s {
			case "process_started":
				dep.cond = ConditionStarted
			case "process_healthy":
				dep.cond = ConditionReady
			case "process_completed":
				dep.cond = ConditionCompleted
			case "process_completed_successfully":
				dep.cond = ConditionCompletedSuccessfully
			case "process_log_ready":
				dep.cond = ConditionLogReady
			default:
				p.problem(vv, "%s.%s.condition %q is not one of process_started, process_healthy, process_completed, process_completed_successfully, process_log_ready; Hum waits for %s to start", where, name, s, name)
				dep.cond = ConditionStarted
			}
		})
		if good {
			out = append(out, dep)
		}
	})
	return out
}

// probe reads a readiness_probe. process-compose's defaults are set
// explicitly: a period of 10 s, a timeout of 1 s, 3 failures; an HTTP
// probe to http://127.0.0.1/ expecting status 200.
func (p *pcParser) probe(n *yaml.Node, where string) *Probe {
	pr := &Probe{Period: 10 * time.Second, Timeout: time.Second, FailureThreshold: 3, Pos: pos(deref(n))}
	var httpNode, execNode *yaml.Node
	p.each(n, where, func(key string, k, v *yaml.Node) {
		w := where + "." + key
		switch key {
		case "http_get":
			httpNode = v
		case "exec":
			execNode = v
		case "initial_delay_seconds":
			if s, ok := p.int(v, w, 0, 86400); ok {
				pr.InitialDelay = time.Duration(s) * time.Second
			}
		case "period_seconds":
			if s, ok := p.int(v, w, 0, 86400); ok && s >= 1 {
				pr.Period = time.Duration(s) * time.Second
			}
		case "timeout_seconds":
			if s, ok := p.int(v, w, 0, 86400); ok && s >= 1 {
				pr.Timeout = time.Duration(s) * time.Second
			}
		case "failure_threshold":
			if s, ok := p.int(v, w, 0, 1_000_000); ok && s >= 1 {
				pr.FailureThreshold = s
			}
		case "success_threshold":
			if s, ok := p.int(v, w, 0, 1_000_000); ok && s > 1 {
				p.ignored(k, where, key)
			}
		default:
			p.unknown(k, where, key, pcProbeKeys)
		}
	})
	switch {
	case execNode != nil:
		// process-compose checks exec first when both are given.
		if httpNode != nil {
			p.problem(httpNode, "%s has both exec and http_get; process-compose uses exec, and so does Hum", where)
		}
		pr.Kind = ProbeExec
		p.each(execNode, where+".exec", func(key string, k, v *yaml.Node) {
			switch key {
			case "command":
				pr.Command, _ = p.str(v, where+".exec.command")
			case "working_dir":
				p.problem(k, "%s.exec.working_dir is ignored: Hum runs an exec probe in the process's working_dir", where)
			default:
				p.unknown(k, where+".exec", key, pcExecKeys)
			}
		})
		if strings.TrimSpace(pr.Command) == "" {
			p.problem(execNode, "%s.exec has no command; the process has no probe", where)
			return nil
		}
	case httpNode != nil:
		pr.Kind = ProbeHTTP
		scheme, host, urlPath, port := "http", "127.0.0.1", "/", ""
		status := 200
		p.each(httpNode, where+".http_get", func(key string, k, v *yaml.Node) {
			w := where + ".http_get." + key
			switch key {
			case "scheme":
				if s, ok := p.str(v, w); ok && strings.TrimSpace(s) != "" {
					scheme = s
				}
			case "host":
				if s, ok := p.str(v, w); ok && strings.TrimSpace(s) != "" {
					host = s
				}
			case "path":
				if s, ok := p.str(v, w); ok && strings.TrimSpace(s) != "" {
					urlPath = s
				}
			case "port":
				if s, ok := p.scalar(v, w); ok {
					if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 65535 {
						port = s
					} else {
						p.problem(v, "%s %q is not a port from 1 to 65535; process-compose leaves it out of the URL, and so does Hum", w, s)
					}
				}
			case "status_code":
				if c, ok := p.int(v, w, 0, 999); ok && c >= 1 && c < 400 {
					status = c
				}
			case "headers", "num_port":
				p.ignored(k, where+".http_get", key)
			default:
				p.unknown(k, where+".http_get", key, pcHTTPKeys)
			}
		})
		if port != "" {
			host += ":" + port
		}
		pr.URL = scheme + "://" + host + urlPath
		pr.Statuses = []int{status}
	default:
		p.problem(n, "%s has neither http_get nor exec; the process has no probe", where)
		return nil
	}
	return pr
}

// availability reads the restart policy. process-compose waits
// backoff_seconds (at least 1) between restarts, the same every time.
func (p *pcParser) availability(n *yaml.Node, where string, pol *Policy) {
	backoff := 1
	p.each(n, where, func(key string, k, v *yaml.Node) {
		w := where + "." + key
		switch key {
		case "restart":
			s, ok := p.str(v, w)
			if !ok {
				return
			}
			switch s {
			case "no":
				pol.Restart.Policy = RestartNo
			case "on_failure":
				pol.Restart.Policy = RestartOnFailure
			case "always":
				pol.Restart.Policy = RestartAlways
			case "exit_on_failure":
				pol.Restart.Policy = RestartNo
				pol.ExitOnFailure = true
			default:
				p.problem(v, "%s %q is not one of no, on_failure, always, exit_on_failure; the process is not restarted", w, s)
			}
		case "backoff_seconds":
			if b, ok := p.int(v, w, 0, 86400); ok && b > 1 {
				backoff = b
			}
		case "max_restarts":
			if m, ok := p.int(v, w, 0, 1_000_000); ok {
				pol.Restart.MaxRestarts = m
			}
		case "exit_on_end":
			pol.ExitOnEnd, _ = p.bool(v, w)
		case "exit_on_skipped":
			if b, ok := p.bool(v, w); ok && b {
				p.ignored(k, where, key)
			}
		default:
			p.unknown(k, where, key, pcAvailabilityKeys)
		}
	})
	if pol.Restart.Policy == RestartOnFailure || pol.Restart.Policy == RestartAlways {
		pol.Restart.Backoff = time.Duration(backoff) * time.Second
		pol.Restart.MaxBackoff = pol.Restart.Backoff
	}
}

// successCodes reads success_exit_codes: codes that count as success besides
// 0, which always does in process-compose.
func (p *pcParser) successCodes(n *yaml.Node, where string, r *Restart) {
	d := deref(n)
	if isNull(d) {
		return
	}
	if d.Kind != yaml.SequenceNode {
		p.problem(d, "%s must be a list of exit codes, not %s", where, kindName(d))
		return
	}
	codes := []int{0}
	for i, item := range d.Content {
		if i == 256 {
			break
		}
		if c, ok := p.int(item, fmt.Sprintf("%s[%d]", where, i), 0, 255); ok && !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	if len(codes) > 1 {
		r.SuccessCodes = codes
	}
}

// shutdown reads shutdown. Only the signal process-compose sends by
// default (SIGTERM) and timeout_seconds map onto Hum; timeout_seconds
// becomes the project's grace period (see expand).
func (p *pcParser) shutdown(n *yaml.Node, where, name string) {
	p.each(n, where, func(key string, k, v *yaml.Node) {
		w := where + "." + key
		switch key {
		case "timeout_seconds":
			if s, ok := p.int(v, w, 0, int(MaxGracePeriod/time.Second)); ok && s > 0 {
				if p.graces == nil {
					p.graces, p.graceAt = map[string]time.Duration{}, map[string]*yaml.Node{}
				}
				p.graces[name], p.graceAt[name] = time.Duration(s)*time.Second, v
			}
		case "signal":
			if s, ok := p.int(v, w, 0, 64); ok && s != 0 && s != 15 {
				p.problem(k, "%s is ignored: Hum stops a process with SIGTERM (and Ctrl-Break on Windows), not signal %d", w, s)
			}
		case "command", "parent_only", "send_keys":
			if !pcIsZero(v) {
				p.problem(k, "%s is ignored: %s", w, pcIgnored[key])
			}
		default:
			p.unknown(k, where, key, pcShutdownKeys)
		}
	})
}

// namespaces reads namespace: one name or a list.
func (p *pcParser) namespaces(n *yaml.Node, where string) []string {
	d := deref(n)
	var nodes []*yaml.Node
	switch {
	case isNull(d):
		return nil
	case d.Kind == yaml.ScalarNode:
		nodes = []*yaml.Node{d}
	case d.Kind == yaml.SequenceNode:
		nodes = d.Content
	default:
		p.problem(d, "%s must be a name or a list of names, not %s", where, kindName(d))
		return nil
	}
	var out []string
	for _, item := range nodes {
		s, ok := p.scalar(item, where)
		if !ok || s == "" || slices.Contains(out, s) {
			continue
		}
		if !p.pcName(deref(item), "namespace") {
			continue
		}
		out = append(out, s)
	}
	return out
}

// replicaName is how process-compose names replica i of n: name-i, with
// i zero-padded to the width of n's digits (web-0 … web-2; api-00 … api-11).
func pcReplicaName(name string, i, n int) string {
	if n <= 1 {
		return name
	}
	width := 1 + int(math.Log10(float64(n)))
	return fmt.Sprintf("%s-%0*d", name, width, i)
}

// pcValidName is hum.yaml's validName, and a leading '_' too, which
// process-compose's own examples use (_process2).
var pcValidName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]*$`)

var replicaTemplate = regexp.MustCompile(`\{\{\s*\.PC_REPLICA_NUM\s*\}\}`)

// expand makes each process's replicas, rewrites dependencies on a
// replicated process to each of its replicas (as process-compose does),
// fills in log_ready patterns from the dependency's ready_log_line, makes
// the namespace groups, and sets the grace period.
func (p *pcParser) expand(procs []*pcProc) {
	replicas := map[string][]string{}
	readyLine := map[string]string{}
	probed := map[string]bool{}
	hasLogLine := map[string]bool{}
	disabled := map[string]bool{}
	total := 0
	for _, pc := range procs {
		for i := range pc.replicas {
			n := pcReplicaName(pc.pr.Name, i, pc.replicas)
			replicas[pc.pr.Name] = append(replicas[pc.pr.Name], n)
			// A dependency may name one replica; it has its process's
			// ready_log_line and probes.
			readyLine[n], hasLogLine[n], probed[n], disabled[n] = pc.readyLogLine, pc.readyLogLine != "", pc.hasProbe, pc.pr.Policy.Disabled
		}
		readyLine[pc.pr.Name] = pc.readyLogLine
		hasLogLine[pc.pr.Name] = pc.readyLogLine != ""
		probed[pc.pr.Name] = pc.hasProbe
		disabled[pc.pr.Name] = pc.pr.Policy.Disabled
	}
	var groups []FileGroup
	groupAt := map[string]int{}
	inNamespace := false
	for _, pc := range procs {
		inNamespace = inNamespace || len(pc.namespaces) > 0
	}
	full := false
	for _, pc := range procs {
		deps := p.resolveDeps(pc, replicas, readyLine, probed, hasLogLine, disabled)
		for i := range pc.replicas {
			if total == MaxProcesses {
				if !full {
					p.problem(pc.key, "more than %d processes (replicas count each); the rest are left out", MaxProcesses)
					full = true
				}
				break
			}
			total++
			pr := pc.pr
			pr.Name = pcReplicaName(pc.pr.Name, i, pc.replicas)
			pr.Policy.DependsOn = slices.Clone(deps)
			pr.Env = pcCloneEnv(pc.pr.Env)
			pr.Env["PC_REPLICA_NUM"] = strconv.Itoa(i)
			pr.EnvFiles = slices.Clone(pc.pr.EnvFiles)
			pr.Argv = slices.Clone(pc.pr.Argv)
			if pc.pr.Policy.Readiness != nil {
				probe := *pc.pr.Policy.Readiness
				probe.Statuses = slices.Clone(probe.Statuses)
				pr.Policy.Readiness = &probe
			}
			pr.Policy.Restart.SuccessCodes = slices.Clone(pc.pr.Policy.Restart.SuccessCodes)
			p.render(&pr, i, pc)
			p.file.Processes = append(p.file.Processes, pr)
			names := pc.namespaces
			if len(names) == 0 && inNamespace {
				names = []string{"default"}
			}
			for _, ns := range names {
				at, ok := groupAt[ns]
				if !ok {
					if len(groups) == MaxGroups {
						continue
					}
					at = len(groups)
					groupAt[ns] = at
					gpos := pc.pr.Pos
					if pc.nsNode != nil {
						gpos = pos(deref(pc.nsNode))
					}
					groups = append(groups, FileGroup{Name: ns, Description: "process-compose namespace " + ns, Members: []Member{}, Pos: gpos})
				}
				if len(groups[at].Members) < MaxMembers {
					groups[at].Members = append(groups[at].Members, Member{Ref: pr.Name, Pos: pc.pr.Pos})
				}
			}
		}
	}
	p.file.Groups = groups
	p.grace()
}

func pcCloneEnv(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+2)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// resolveDeps turns a process's depends_on into Dependencies: one on a
// replicated process becomes one on each replica, unless the replica is
// named too; log_ready takes the dependency's ready_log_line.
func (p *pcParser) resolveDeps(pc *pcProc, replicas map[string][]string, readyLine map[string]string, probed, hasLogLine, disabled map[string]bool) []Dependency {
	var out []Dependency
	named := map[string]bool{}
	for _, d := range pc.deps {
		named[d.name] = true
	}
	where := "processes." + pc.pr.Name + ".depends_on."
	for _, d := range pc.deps {
		_, known := readyLine[d.name]
		if disabled[d.name] && !pc.pr.Policy.Disabled {
			// process-compose never runs a disabled process, and a process
			// that depends on one starts without waiting for it.
			p.problem(d.node, "%s%s: %s is disabled, so process-compose starts %s without waiting for it, and so does Hum", where, d.name, d.name, pc.pr.Name)
			continue
		}
		switch {
		case d.cond == ConditionLogReady && known && !hasLogLine[d.name]:
			p.problem(d.node, "%s%s: process_log_ready needs a ready_log_line on %s, which process-compose refuses to load without; Hum waits for it to be ready instead", where, d.name, d.name)
			d.cond = ConditionReady
		case d.cond == ConditionReady && known && !probed[d.name] && !hasLogLine[d.name]:
			p.problem(d.node, "%s%s: process_healthy needs a readiness_probe on %s; process-compose would never start %s, Hum starts it once %s is ready as Hum infers it", where, d.name, d.name, pc.pr.Name, d.name)
		}
		names := []string{d.name}
		if r := replicas[d.name]; len(r) > 1 {
			names = nil
			for _, n := range r {
				if !named[n] {
					names = append(names, n)
				}
			}
		}
		for _, n := range names {
			if len(out) == MaxMembers {
				p.problem(d.node, "processes.%s has more than %d dependencies (each replica counts); the rest are ignored", pc.pr.Name, MaxMembers)
				return out
			}
			dep := Dependency{Ref: n, Condition: d.cond, Pos: pos(d.node)}
			if f := p.origin[d.node]; f != "" && f != p.main {
				dep.File = f
			}
			if d.cond == ConditionLogReady {
				dep.Pattern = regexp.QuoteMeta(readyLine[d.name])
			}
			out = append(out, dep)
		}
	}
	return out
}

// render fills in {{.PC_REPLICA_NUM}}, the one template Hum renders;
// another is said once and left as written.
func (p *pcParser) render(pr *Process, i int, pc *pcProc) {
	num := strconv.Itoa(i)
	told := i > 0 // a problem is said for the first replica only
	fill := func(s, what string) string {
		if !strings.Contains(s, "{{") {
			return s
		}
		s = replicaTemplate.ReplaceAllLiteralString(s, num)
		if strings.Contains(s, "{{") && !told {
			p.problem(pc.key, "processes.%s.%s holds a template, which Hum does not render (but for {{.PC_REPLICA_NUM}}); left as written", pc.pr.Name, what)
			told = true
		}
		return s
	}
	if !pc.noTemplate {
		pr.Command = fill(pr.Command, "command")
	}
	pr.Description = fill(pr.Description, "description")
	for k, v := range pr.Env {
		pr.Env[k] = fill(v, "environment")
	}
	if r := pr.Policy.Readiness; r != nil {
		r.Command = fill(r.Command, "readiness_probe")
		r.URL = fill(r.URL, "readiness_probe")
	}
}

// grace maps shutdown.timeout_seconds onto the project's grace period,
// the only one Hum's model has: the longest, so no process is killed
// sooner than process-compose would kill it. Processes that differ are
// told so.
func (p *pcParser) grace() {
	var longest time.Duration
	var names []string
	for name, g := range p.graces {
		longest = max(longest, g)
		names = append(names, name)
	}
	slices.Sort(names)
	p.file.Defaults.GracePeriod = longest
	for _, name := range names {
		if p.graces[name] != longest {
			p.problem(p.graceAt[name], "processes.%s.shutdown.timeout_seconds: Hum has one grace period for the project and uses the longest, %s", name, longest)
		}
	}
}

// pcCheckLinks refuses a working_dir or env_file that a symlink inside the
// project leads out of it, as checkLinks does for hum.yaml.
func pcCheckLinks(root string, f *File) {
	rootReal, err := filepath.EvalSymlinks(root)
	if err != nil {
		return
	}
	kept := f.Processes[:0]
	for _, pr := range f.Processes {
		bad := ""
		if pcOutsideRoot(root, rootReal, pr.Dir) {
			bad = "working_dir " + strconv.Quote(pr.Dir)
		}
		for _, ef := range pr.EnvFiles {
			if bad == "" && pcOutsideRoot(root, rootReal, ef) {
				bad = "env_file " + strconv.Quote(ef)
			}
		}
		if bad != "" {
			f.Problems = append(f.Problems, discover.Problem{File: f.Name, Line: pr.Pos.Line, Column: pr.Pos.Column,
				Message: fmt.Sprintf("processes.%s: %s leads out of the project through a symlink; left out", pr.Name, bad)})
			continue
		}
		kept = append(kept, pr)
	}
	f.Processes = kept
}

// outsideRoot says whether rel (relative to root) resolves, through
// symlinks, to a place outside the project. A path that does not exist is
// not outside.
func pcOutsideRoot(root, rootReal, rel string) bool {
	if rootReal == "" {
		return false
	}
	real, err := filepath.EvalSymlinks(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return false
	}
	r, err := filepath.Rel(rootReal, real)
	return err != nil || !filepath.IsLocal(r) && r != "."
}
