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
	// stripJSONC keeps every newline where it was, so one line index
	// serves the file and the stripped document alike.
	fp := newFileParse(ctx, file, data, "tasks")
	bad := func(_ []byte, off int64, msg string) { fp.problemAt(off, msg) }
	doc, off, err := stripJSONC(data)
	if err != nil {
		bad(data, off, err.Error())
		return nil, fp.result()
	}
	fields, jerr := objectFields(fp, doc, 0)
	if jerr != nil {
		bad(doc, jerr.Off, "invalid JSON: "+jerr.Msg)
	}
	var global vsOptions
	var tasks []field
	for _, f := range fields {
		switch f.Key {
		case "options":
			if err := json.Unmarshal(f.Value, &global); err != nil {
				bad(doc, f.Off, "options: "+jsonTypeText(err))
			}
		case "tasks":
			elems, err := arrayElems(fp, f.Value, f.ValOff)
			if err != nil {
				bad(doc, err.Off, "tasks: "+err.Msg)
			}
			tasks = elems
		}
	}

	var scripts []Script
	seen := map[string]bool{}
	var runner string
	for i, tf := range tasks {
		if fp.stopAt(i, tf.Off) {
			break
		}
		var t vsTask
		if err := json.Unmarshal(tf.Value, &t); err != nil {
			bad(doc, tf.Off, "task: "+jsonTypeText(err))
			continue
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
		opts := global
		if t.Options != nil {
			if t.Options.Cwd != "" {
				opts.Cwd = t.Options.Cwd
			}
			if t.Options.Env != nil {
				env := make(map[string]string, len(global.Env)+len(t.Options.Env))
				for k, v := range global.Env {
					env[k] = v
				}
				for k, v := range t.Options.Env {
					env[k] = v
				}
				opts.Env = env
			}
		}

		sc := Script{Source: SourceVSCode, Description: clip(t.Detail, maxDescription)}
		switch typ {
		case "shell", "process":
			cmd, ok := parseVSArg(t.Command)
			if t.Command == nil && t.DependsOn != nil {
				// A compound task only runs other tasks, which are listed
				// themselves: nothing of its own to run, and no mistake.
				continue
			}
			if !ok || cmd.Value == "" {
				bad(doc, tf.Off, "task "+quote(name)+" has no command")
				continue
			}
			args := make([]vsArg, 0, len(t.Args))
			for _, raw := range t.Args {
				a, ok := parseVSArg(raw)
				if !ok {
					bad(doc, tf.Off, "task "+quote(name)+" has an argument that is not a string or {value, quoting}")
					continue
				}
				args = append(args, a)
			}
			cmd.Value = expandVSVars(cmd.Value, root)
			for i := range args {
				args[i].Value = expandVSVars(args[i].Value, root)
			}
			if typ == "shell" {
				// VS Code hands the command to the shell as written, so its
				// expansions work, and quotes arguments only as asked or
				// when they contain spaces.
				parts := []string{cmd.Value}
				for _, a := range args {
					parts = append(parts, a.shell())
				}
				sc.Run = strings.Join(parts, " ")
			} else {
				sc.Argv = []string{cmd.Value}
				for _, a := range args {
					sc.Argv = append(sc.Argv, a.Value)
				}
				quoted := make([]string, len(sc.Argv))
				for i, a := range sc.Argv {
					quoted[i] = shellQuote(a)
				}
				sc.Run = strings.Join(quoted, " ")
			}
			sc.Command = sc.Run
			if name == "" {
				name = cmd.Value
			}
		case "npm":
			if t.Script == "" {
				bad(doc, tf.Off, "npm task "+quote(name)+" has no script")
				continue
			}
			if runner == "" {
				runner = npmRunner()
			}
			sc.Runner = runner
			sc.Run = runner + " run " + shellQuote(t.Script)
			sc.Command = sc.Run
			if name == "" {
				name = "npm: " + t.Script
			}
			if t.Path != "" && opts.Cwd == "" {
				opts.Cwd = t.Path
			}
		default:
			// Tasks provided by extensions (gulp, typescript, cppbuild…)
			// need the extension to run: nothing Hum can start.
			continue
		}
		if name == "" {
			bad(doc, tf.Off, "a task has no label")
			continue
		}
		if seen[name] {
			bad(doc, tf.Off, "task label "+quote(name)+" is used twice; this one is ignored")
			continue
		}
		dir, msg := vsDir(opts.Cwd, root)
		if msg != "" {
			bad(doc, tf.Off, "task "+quote(name)+": "+msg)
			continue
		}
		seen[name] = true
		if !fp.keep() {
			continue
		}
		sc.ID = scriptID(SourceVSCode, file, name)
		sc.Name = name
		sc.Dir = dir
		if len(opts.Env) > 0 {
			sc.Env = make(map[string]string, len(opts.Env))
			for k, v := range opts.Env {
				sc.Env[k] = expandVSVars(v, root)
			}
		}
		scripts = append(scripts, sc)
	}
	return scripts, fp.result()
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
