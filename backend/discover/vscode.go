package discover

import (
	"context"
	"encoding/json"
	"errors"
	"path"
	"path/filepath"
	"runtime"
	"strings"
)

const vscodeTasksFile = ".vscode/tasks.json"

func (s *scanner) vscode() {
	data, ok := s.readFile(vscodeTasksFile)
	if !ok {
		return
	}
	// npm tasks run with the package manager package.json scripts use, so
	// a "packageManager" field counts for them too.
	npmRunner := func() string {
		if s.runner != "" {
			return s.runner
		}
		return s.lockfileRunner()
	}
	scripts, problems := parseVSCodeTasks(s.ctx, vscodeTasksFile, s.root, data, npmRunner)
	s.addProblems(problems)
	s.add(vscodeTasksFile, scripts)
}

// vsTask is the part of a tasks.json task Hum can run. Command and args are
// raw because VS Code accepts a string or a {value, quoting} object for each.
type vsTask struct {
	Label    string            `json:"label"`
	TaskName string            `json:"taskName"` // the 0.1.0 name of label
	Type     string            `json:"type"`
	Command  json.RawMessage   `json:"command"`
	Args     []json.RawMessage `json:"args"`
	Options  *vsOptions        `json:"options"`
	Script   string            `json:"script"` // npm tasks
	Path     string            `json:"path"`   // npm tasks: the package folder
	Detail   string            `json:"detail"`
	// DependsOn names the tasks a compound task runs; only its presence
	// matters here.
	DependsOn json.RawMessage `json:"dependsOn"`
	Windows   *vsOverride     `json:"windows"`
	Linux     *vsOverride     `json:"linux"`
	OSX       *vsOverride     `json:"osx"`
}

type vsOptions struct {
	Cwd string            `json:"cwd"`
	Env map[string]string `json:"env"`
}

// vsOverride is the per-platform part of a task.
type vsOverride struct {
	Command json.RawMessage   `json:"command"`
	Args    []json.RawMessage `json:"args"`
	Options *vsOptions        `json:"options"`
}

// vsArg is a command or argument: a string, or {value, quoting}.
type vsArg struct {
	Value   string
	Quoting string // "escape", "strong", "weak", or "" for a plain string
}

// parseVSCodeTasks lists the shell, process and npm tasks of a tasks.json
// (JSON with comments and trailing commas). root resolves
// ${workspaceFolder}; npmRunner names the package manager for npm tasks and
// is only called when there is one. It stops when ctx is done and keeps
// within the per-file caps.
func parseVSCodeTasks(ctx context.Context, file, root string, data []byte, npmRunner func() string) ([]Script, []Problem) {
	fp := newFileParse(ctx, file, data, "tasks")
	global, tasks := vsDocument(fp, data)
	p := vsParser{fp: fp, root: root, global: global, npmRunner: npmRunner, seen: map[string]bool{}}
	var scripts []Script
	for i, tf := range tasks {
		if fp.stopAt(i, tf.Off) {
			break
		}
		if sc, ok := p.task(tf); ok {
			scripts = append(scripts, sc)
		}
	}
	return scripts, fp.result()
}

// vsDocument reads the top level of a tasks.json: the options every task
// inherits and the tasks, each with its offset. Problems go to fp; what was
// read before a mistake is still returned.
func vsDocument(fp *fileParse, data []byte) (vsOptions, []field) {
	var global vsOptions
	// stripJSONC keeps every newline where it was, so one line index
	// serves the file and the stripped document alike.
	doc, off, err := stripJSONC(data)
	if err != nil {
		fp.problemAt(off, err.Error())
		return global, nil
	}
	fields, jerr := objectFields(fp, doc, 0)
	if jerr != nil {
		fp.problemAt(jerr.Off, "invalid JSON: "+jerr.Msg)
	}
	var tasks []field
	for _, f := range fields {
		switch f.Key {
		case "options":
			if err := json.Unmarshal(f.Value, &global); err != nil {
				fp.problemAt(f.Off, "options: "+jsonTypeText(err))
			}
		case "tasks":
			elems, err := arrayElems(fp, f.Value, f.ValOff)
			if err != nil {
				fp.problemAt(err.Off, "tasks: "+err.Msg)
			}
			tasks = elems
		}
	}
	return global, tasks
}

// vsParser is what parseVSCodeTasks carries from one task to the next. One
// goroutine uses it.
type vsParser struct {
	fp        *fileParse
	root      string
	global    vsOptions       // the file's options, under each task's own
	npmRunner func() string   // called for the first npm task only
	runner    string          // npmRunner's answer, "" until then
	seen      map[string]bool // labels listed so far
}

// task turns one element of "tasks" into a Script, reporting false for a
// task Hum does not list (with a Problem when it is a mistake).
func (p *vsParser) task(tf field) (Script, bool) {
	var t vsTask
	if err := json.Unmarshal(tf.Value, &t); err != nil {
		p.fp.problemAt(tf.Off, "task: "+jsonTypeText(err))
		return Script{}, false
	}
	t.applyOverride()
	name := t.Label
	if name == "" {
		name = t.TaskName
	}
	typ := t.Type
	if typ == "" {
		typ = "process" // VS Code's default for a custom task
	}
	opts := p.global.with(t.Options)
	sc := Script{Source: SourceVSCode, Description: clip(t.Detail, maxDescription)}
	var fallback string // the name of a task without a label
	var ok bool
	switch typ {
	case "shell", "process":
		fallback, ok = p.commandTask(&sc, &t, typ, name, tf.Off)
	case "npm":
		fallback, ok = p.npmTask(&sc, &t, name, tf.Off)
		if ok && t.Path != "" && opts.Cwd == "" {
			opts.Cwd = t.Path
		}
	default:
		// Tasks provided by extensions (gulp, typescript, cppbuild…)
		// need the extension to run: nothing Hum can start.
	}
	if !ok {
		return Script{}, false
	}
	if name == "" {
		name = fallback
	}
	return p.place(sc, name, opts, tf.Off)
}

// with returns the options o gives a task on top of g: its cwd replaces
// g's, its env adds to g's.
func (g vsOptions) with(o *vsOptions) vsOptions {
	opts := g
	if o == nil {
		return opts
	}
	if o.Cwd != "" {
		opts.Cwd = o.Cwd
	}
	if o.Env != nil {
		env := make(map[string]string, len(g.Env)+len(o.Env))
		for k, v := range g.Env {
			env[k] = v
		}
		for k, v := range o.Env {
			env[k] = v
		}
		opts.Env = env
	}
	return opts
}

// commandTask sets what a shell or process task runs. It returns the
// command, which names a task without a label, and false when the task
// has nothing to run.
func (p *vsParser) commandTask(sc *Script, t *vsTask, typ, name string, off int64) (string, bool) {
	cmd, ok := parseVSArg(t.Command)
	if t.Command == nil && t.DependsOn != nil {
		// A compound task only runs other tasks, which are listed
		// themselves: nothing of its own to run, and no mistake.
		return "", false
	}
	if !ok || cmd.Value == "" {
		p.fp.problemAt(off, "task "+quote(name)+" has no command")
		return "", false
	}
	args := make([]vsArg, 0, len(t.Args))
	for _, raw := range t.Args {
		a, ok := parseVSArg(raw)
		if !ok {
			p.fp.problemAt(off, "task "+quote(name)+" has an argument that is not a string or {value, quoting}")
			continue
		}
		args = append(args, a)
	}
	cmd.Value = expandVSVars(cmd.Value, p.root)
	for i := range args {
		args[i].Value = expandVSVars(args[i].Value, p.root)
	}
	if typ == "shell" {
		sc.Run = shellTaskLine(cmd, args)
	} else {
		sc.Argv, sc.Run = processTaskArgv(cmd, args)
	}
	sc.Command = sc.Run
	return cmd.Value, true
}

// shellTaskLine is the line a shell task hands to the shell: VS Code passes
// the command as written, so its expansions work, and quotes arguments only
// as asked or when they contain spaces.
func shellTaskLine(cmd vsArg, args []vsArg) string {
	parts := []string{cmd.Value}
	for _, a := range args {
		parts = append(parts, a.shell())
	}
	return strings.Join(parts, " ")
}

// processTaskArgv is what a process task executes, with no shell between,
// and that argv quoted for display and for a shell.
func processTaskArgv(cmd vsArg, args []vsArg) ([]string, string) {
	argv := []string{cmd.Value}
	for _, a := range args {
		argv = append(argv, a.Value)
	}
	quoted := make([]string, len(argv))
	for i, a := range argv {
		quoted[i] = shellQuote(a)
	}
	return argv, strings.Join(quoted, " ")
}

// npmTask sets what an npm task runs: its script, with the package manager
// the project uses. It returns the name of a task without a label, and
// false when the task names no script.
func (p *vsParser) npmTask(sc *Script, t *vsTask, name string, off int64) (string, bool) {
	if t.Script == "" {
		p.fp.problemAt(off, "npm task "+quote(name)+" has no script")
		return "", false
	}
	if p.runner == "" {
		p.runner = p.npmRunner()
	}
	sc.Runner = p.runner
	sc.Run = p.runner + " run " + shellQuote(t.Script)
	sc.Command = sc.Run
	return "npm: " + t.Script, true
}

// place gives sc its name, folder and environment, reporting false (with a
// Problem) when the task has no usable name or folder, or the file's cap is
// reached.
func (p *vsParser) place(sc Script, name string, opts vsOptions, off int64) (Script, bool) {
	if name == "" {
		p.fp.problemAt(off, "a task has no label")
		return Script{}, false
	}
	if p.seen[name] {
		p.fp.problemAt(off, "task label "+quote(name)+" is used twice; this one is ignored")
		return Script{}, false
	}
	dir, msg := vsDir(opts.Cwd, p.root)
	if msg != "" {
		p.fp.problemAt(off, "task "+quote(name)+": "+msg)
		return Script{}, false
	}
	p.seen[name] = true
	if !p.fp.keep() {
		return Script{}, false
	}
	sc.ID = scriptID(SourceVSCode, p.fp.file, name)
	sc.Name = name
	sc.Dir = dir
	if len(opts.Env) > 0 {
		sc.Env = make(map[string]string, len(opts.Env))
		for k, v := range opts.Env {
			sc.Env[k] = expandVSVars(v, p.root)
		}
	}
	return sc, true
}

// applyOverride merges the part for the platform Hum runs on.
func (t *vsTask) applyOverride() {
	var o *vsOverride
	switch runtime.GOOS {
	case "windows":
		o = t.Windows
	case "darwin":
		o = t.OSX
	default:
		o = t.Linux
	}
	if o == nil {
		return
	}
	if o.Command != nil {
		t.Command = o.Command
	}
	if o.Args != nil {
		t.Args = o.Args
	}
	if o.Options != nil {
		if t.Options == nil {
			t.Options = &vsOptions{}
		}
		merged := *t.Options
		if o.Options.Cwd != "" {
			merged.Cwd = o.Options.Cwd
		}
		if o.Options.Env != nil {
			merged.Env = o.Options.Env
		}
		t.Options = &merged
	}
}

func parseVSArg(raw json.RawMessage) (vsArg, bool) {
	if raw == nil {
		return vsArg{}, false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return vsArg{Value: s}, true
	}
	var obj struct {
		Value   json.RawMessage `json:"value"`
		Quoting string          `json:"quoting"`
	}
	if err := json.Unmarshal(raw, &obj); err != nil {
		return vsArg{}, false
	}
	if err := json.Unmarshal(obj.Value, &s); err == nil {
		return vsArg{Value: s, Quoting: obj.Quoting}, true
	}
	// A command value may be an array of words joined by spaces.
	var words []string
	if err := json.Unmarshal(obj.Value, &words); err == nil {
		return vsArg{Value: strings.Join(words, " "), Quoting: obj.Quoting}, true
	}
	return vsArg{}, false
}

// shell renders an argument for a POSIX shell the way VS Code does.
func (a vsArg) shell() string {
	switch a.Quoting {
	case "strong":
		return "'" + strings.ReplaceAll(a.Value, "'", `'\''`) + "'"
	case "weak":
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(a.Value) + `"`
	case "escape":
		return strings.NewReplacer(" ", `\ `, "\t", "\\\t").Replace(a.Value)
	}
	if strings.ContainsAny(a.Value, " \t") && !strings.ContainsAny(a.Value, `'"`) {
		return "'" + a.Value + "'"
	}
	return a.Value
}

// expandVSVars resolves the variables that depend only on the folder.
// Others (${file}, ${input:x}, ${env:X}) are left for the shell or shown
// as written.
func expandVSVars(s, root string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	return strings.NewReplacer(
		"${workspaceFolder}", root,
		"${workspaceRoot}", root,
		"${workspaceFolderBasename}", filepath.Base(root),
		"${pathSeparator}", string(filepath.Separator),
		"${/}", string(filepath.Separator),
	).Replace(s)
}

// vsDir turns a task's cwd into a folder relative to the root.
func vsDir(cwd, root string) (string, string) {
	if cwd == "" {
		return ".", ""
	}
	cwd = expandVSVars(cwd, root)
	if strings.Contains(cwd, "${") {
		return "", "cwd " + quote(cwd) + " uses a variable Hum cannot resolve; task skipped"
	}
	if !filepath.IsAbs(cwd) {
		cwd = filepath.Join(root, cwd)
	}
	rel, err := filepath.Rel(root, cwd)
	if err != nil {
		return "", "cwd " + quote(cwd) + " is not under the project"
	}
	return path.Clean(filepath.ToSlash(rel)), ""
}

// jsonTypeText describes a JSON type mismatch without Go type names.
func jsonTypeText(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return te.Field + " should not be " + te.Value
		}
		return "should not be " + te.Value
	}
	return err.Error()
}
