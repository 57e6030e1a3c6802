package discover

import (
	"bytes"
	"context"
	"strings"
)

// Python project managers, as Script.Runner names them.
const (
	RunnerPoetry = "poetry"
	RunnerPDM    = "pdm"
	RunnerUV     = "uv"
)

// pyManifest is what discovery needs from one pyproject.toml.
type pyManifest struct {
	scripts []Script
	tools   map[string]bool // "poetry", "pdm", "uv" when their [tool.X] tables are there
	flask   bool            // flask is a dependency
}

// python lists what a Python project in folder rel offers: the console
// scripts of pyproject.toml ([project.scripts], Poetry's
// [tool.poetry.scripts]), PDM's [tool.pdm.scripts], `python manage.py
// runserver` for a Django project, and `flask run` where a Flask app is
// declared (.flaskenv's FLASK_APP, or an app.py or wsgi.py that makes
// one). They run through the project's manager (uv, Poetry, PDM: by
// lockfile, else by its [tool] table), or as they are without one.
func (s *scanner) python(rel string) {
	var m pyManifest
	havePy := s.firstExisting(rel, "pyproject.toml") != ""
	if havePy {
		file := joinRel(rel, "pyproject.toml")
		if data, ok := s.readFile(file); ok {
			var problems []Problem
			m, problems = parsePyproject(s.ctx, file, data)
			s.addProblems(problems)
		}
	}
	runner := ""
	switch {
	case s.firstExisting(rel, "uv.lock") != "":
		runner = RunnerUV
	case s.firstExisting(rel, "poetry.lock") != "":
		runner = RunnerPoetry
	case s.firstExisting(rel, "pdm.lock") != "":
		runner = RunnerPDM
	case m.tools[RunnerPoetry]:
		runner = RunnerPoetry
	case m.tools[RunnerPDM]:
		runner = RunnerPDM
	case m.tools[RunnerUV]:
		runner = RunnerUV
	}
	through := func(line string) string {
		if runner == "" {
			return line
		}
		return runner + " run " + line
	}
	var scripts []Script
	for _, sc := range m.scripts {
		switch {
		case sc.Runner == RunnerPDM:
			sc.Run = "pdm run " + shellQuote(sc.Name)
		default:
			sc.Run = through(shellQuote(sc.Name))
			sc.Runner = runner
		}
		scripts = append(scripts, sc)
	}
	if havePy {
		s.add(joinRel(rel, "pyproject.toml"), inDir(scripts, rel))
	}
	if s.firstExisting(rel, "manage.py") != "" {
		file := joinRel(rel, "manage.py")
		run := through("python manage.py runserver")
		s.add(file, []Script{{ID: scriptID(SourcePython, file, "runserver"), Source: SourcePython, Name: "runserver",
			Command: run, Run: run, Dir: rel, Runner: runner, Description: "Django's development server"}})
	}
	if file := s.flaskApp(rel, m.flask); file != "" {
		run := through("flask run")
		s.add(file, []Script{{ID: scriptID(SourcePython, file, "flask run"), Source: SourcePython, Name: "flask run",
			Command: run, Run: run, Dir: rel, Runner: runner, Description: "Flask's development server"}})
	}
}

// flaskApp returns the file that declares a Flask app in folder rel:
// .flaskenv when it sets FLASK_APP, else app.py or wsgi.py (which `flask
// run` finds by itself) when it makes a Flask(...) app; "" when none does.
// dep says flask is a declared dependency, which an app.py needs besides.
func (s *scanner) flaskApp(rel string, dep bool) string {
	if s.firstExisting(rel, ".flaskenv") != "" {
		file := joinRel(rel, ".flaskenv")
		if head := s.readHead(file, maxHeader); flaskEnvApp(head) {
			return file
		}
	}
	for _, name := range []string{"app.py", "wsgi.py"} {
		if s.firstExisting(rel, name) == "" {
			continue
		}
		file := joinRel(rel, name)
		head := s.readHead(file, maxHeader)
		if bytes.Contains(head, []byte("Flask(")) && (dep || bytes.Contains(head, []byte("import Flask"))) {
			return file
		}
	}
	return ""
}

// flaskEnvApp reports whether a .flaskenv sets FLASK_APP.
func flaskEnvApp(data []byte) bool {
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "export "))
		if k, v, ok := strings.Cut(line, "="); ok && strings.TrimSpace(k) == "FLASK_APP" && strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

// parsePyproject reads a pyproject.toml's scripts tables, in file order,
// each name once (the first). Console scripts get Command "module:function"
// and Run filled in by the caller; PDM scripts come with Runner "pdm". It
// stops when ctx is done and keeps within the per-file caps.
func parsePyproject(ctx context.Context, file string, data []byte) (pyManifest, []Problem) {
	fp := newFileParse(ctx, file, data, "scripts")
	m := pyManifest{tools: map[string]bool{}}
	at := map[string]int{} // script name to its index in m.scripts
	script := func(name string, line int) *Script {
		if i, ok := at[name]; ok {
			return &m.scripts[i]
		}
		if name == "" || !fp.keep() {
			return nil
		}
		at[name] = len(m.scripts)
		m.scripts = append(m.scripts, Script{ID: scriptID(SourcePython, file, name), Source: SourcePython, Name: name, Dir: "."})
		return &m.scripts[len(m.scripts)-1]
	}
	for _, e := range flattenTOML(parseTOML(fp, data)) {
		parts := e.key
		if len(parts) >= 2 && parts[0] == "tool" {
			m.tools[parts[1]] = true
		}
		switch {
		case len(parts) == 3 && prefixIs(parts, "project", "scripts"),
			len(parts) == 4 && prefixIs(parts, "tool", "poetry", "scripts"),
			len(parts) == 5 && prefixIs(parts, "tool", "poetry", "scripts") && (parts[4] == "callable" || parts[4] == "reference"):
			name := parts[2]
			if parts[0] == "tool" {
				name = parts[3]
			}
			if e.val.kind != 's' || e.val.str == "" {
				fp.problem(e.line, "script "+quote(name)+` should be "module:function"`)
				continue
			}
			if sc := script(name, e.line); sc != nil && sc.Command == "" && sc.Runner == "" {
				sc.Command = e.val.str
			}
		case len(parts) >= 4 && prefixIs(parts, "tool", "pdm", "scripts"):
			m.pdmScript(fp, script, parts, e)
		case len(parts) == 2 && prefixIs(parts, "project", "dependencies"):
			for _, d := range e.val.strings() {
				m.flask = m.flask || pyRequirementName(d) == "flask"
			}
		case len(parts) == 4 && prefixIs(parts, "tool", "poetry", "dependencies"):
			m.flask = m.flask || strings.ToLower(parts[3]) == "flask"
		}
	}
	// A script no table gave a command to cannot be run.
	kept := m.scripts[:0]
	for _, sc := range m.scripts {
		if sc.Command != "" {
			kept = append(kept, sc)
		}
	}
	m.scripts = kept
	return m, fp.result()
}

// pdmScript reads one [tool.pdm.scripts] entry: `name = "cmd"`, `name =
// {cmd|shell|call|composite = …, help = "…"}`, or one field of it given as
// `name.cmd = …` or under [tool.pdm.scripts.name]. The "_" entry holds
// settings shared by every script, not a script.
func (m *pyManifest) pdmScript(fp *fileParse, script func(string, int) *Script, parts []string, e tomlEntry) {
	name := parts[3]
	if name == "_" || len(parts) > 5 {
		return
	}
	field := "cmd"
	if len(parts) == 5 {
		field = parts[4]
	}
	switch {
	case field == "cmd" || field == "composite":
		if e.val.kind != 's' && e.val.kind != 'a' {
			fp.problem(e.line, "PDM script "+quote(name)+": "+field+" should be a string or a list of strings")
			return
		}
	case field == "shell" || field == "call" || field == "help":
		if e.val.kind != 's' {
			fp.problem(e.line, "PDM script "+quote(name)+": "+field+" should be a string")
			return
		}
	default:
		return // env, env_file, working_dir and the other settings
	}
	sc := script(name, e.line)
	if sc == nil {
		return
	}
	if sc.Runner != RunnerPDM {
		// `pdm run NAME` runs PDM's own script before a console script
		// of the same name.
		sc.Command, sc.Description, sc.Runner = "", "", RunnerPDM
	}
	switch field {
	case "cmd":
		if e.val.kind == 'a' {
			sc.Command = strings.Join(e.val.strings(), " ")
		} else {
			sc.Command = e.val.str
		}
	case "shell", "call":
		sc.Command = e.val.str
	case "composite":
		sc.Command = joinCommands(e.val.strings())
	case "help":
		sc.Description = clip(e.val.str, maxDescription)
	}
	sc.Command = clipBytes(sc.Command, maxCommand)
}

func prefixIs(parts []string, prefix ...string) bool {
	if len(parts) < len(prefix) {
		return false
	}
	for i, p := range prefix {
		if parts[i] != p {
			return false
		}
	}
	return true
}

// pyRequirementName is the lower-cased project name of a requirement such
// as "Flask[async]>=3.0".
func pyRequirementName(req string) string {
	end := strings.IndexFunc(req, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.')
	})
	if end >= 0 {
		req = req[:end]
	}
	return strings.ToLower(req)
}
