package discover

import (
	"context"
	"encoding/json"
	"strings"
)

// Package managers, as Script.Runner names them.
const (
	RunnerNPM  = "npm"
	RunnerYarn = "yarn"
	RunnerPNPM = "pnpm"
	RunnerBun  = "bun"
)

// lockfiles maps lockfile names to their package manager, in the order they
// are checked when package.json has no packageManager field.
var lockfiles = []struct{ file, runner string }{
	{"bun.lock", RunnerBun},
	{"bun.lockb", RunnerBun},
	{"pnpm-lock.yaml", RunnerPNPM},
	{"yarn.lock", RunnerYarn},
	{"package-lock.json", RunnerNPM},
}

// packageManifest is what discovery needs from one package.json.
type packageManifest struct {
	Scripts        []Script
	Workspaces     []string // patterns from "workspaces" (array or {packages})
	WorkspacesLine int
	PackageManager string // the name part of "packageManager", e.g. "pnpm"
	PMLine         int
}

// parsePackageJSON reads a package.json declared as file (relative to the
// root) for a package in dir, whose scripts run with runner. A runner of ""
// leaves Run empty for the caller to fill once the runner is known. It
// stops when ctx is done and keeps within the per-file caps.
func parsePackageJSON(ctx context.Context, file, dir, runner string, data []byte) (packageManifest, []Problem) {
	var m packageManifest
	fp := newFileParse(ctx, file, data, "scripts")
	fields, jerr := objectFields(fp, data, 0)
	if jerr != nil {
		fp.problemAt(jerr.Off, "invalid JSON: "+jerr.Msg)
		// Members read before the error are still used: one typo late in
		// the file should not hide the scripts above it.
	}
	for _, f := range fields {
		switch f.Key {
		case "scripts":
			m.readScripts(fp, f, dir, runner)
		case "workspaces":
			m.readWorkspaces(fp, f)
		case "packageManager":
			m.readPackageManager(fp, f)
		}
	}
	return m, fp.result()
}

// readScripts reads the "scripts" member f: each one a Script in dir, run with
// runner when it is known.
func (m *packageManifest) readScripts(fp *fileParse, f field, dir, runner string) {
	scripts, err := objectFields(fp, f.Value, f.ValOff)
	if err != nil {
		if jsonKind(f.Value) != "an object" {
			fp.problemAt(f.Off, `"scripts" should be an object, found `+jsonKind(f.Value))
		} else {
			fp.problemAt(err.Off, "invalid scripts: "+err.Msg)
		}
	}
	seen := map[string]int{}
	for i, sf := range scripts {
		if fp.stopAt(i, sf.Off) {
			break
		}
		var cmd string
		if err := json.Unmarshal(sf.Value, &cmd); err != nil {
			fp.problemAt(sf.Off, "script "+quote(sf.Key)+" should be a string, found "+jsonKind(sf.Value))
			continue
		}
		if sf.Key == "" {
			fp.problemAt(sf.Off, "a script has an empty name")
			continue
		}
		sc := Script{
			ID:      scriptID(SourcePackageJSON, fp.file, sf.Key),
			Source:  SourcePackageJSON,
			Name:    sf.Key,
			Command: cmd,
			Dir:     dir,
			Runner:  runner,
		}
		if runner != "" {
			sc.Run = runner + " run " + shellQuote(sf.Key)
		}
		// Like JSON.parse: a repeated key keeps its first place and its
		// last value.
		if j, dup := seen[sf.Key]; dup {
			m.Scripts[j] = sc
			continue
		}
		if !fp.keep() {
			continue
		}
		seen[sf.Key] = len(m.Scripts)
		m.Scripts = append(m.Scripts, sc)
	}
}

// readWorkspaces reads the "workspaces" member f: an array of globs, or an
// object with one in "packages" (Yarn's form).
func (m *packageManifest) readWorkspaces(fp *fileParse, f field) {
	m.WorkspacesLine = fp.lineOf(f.Off)
	raw := f.Value
	if jsonKind(raw) == "an object" {
		var obj struct {
			Packages json.RawMessage `json:"packages"`
		}
		if err := json.Unmarshal(raw, &obj); err != nil || obj.Packages == nil {
			fp.problemAt(f.Off, `"workspaces" should be an array of globs or {"packages": [...]}`)
			return
		}
		raw = obj.Packages
	}
	if err := json.Unmarshal(raw, &m.Workspaces); err != nil {
		fp.problemAt(f.Off, `"workspaces" should be an array of globs, found `+jsonKind(raw))
		m.Workspaces = nil
	}
}

// readPackageManager reads the "packageManager" member f ("pnpm@9.0.0"),
// keeping the name when it is a package manager Hum knows.
func (m *packageManifest) readPackageManager(fp *fileParse, f field) {
	m.PMLine = fp.lineOf(f.Off)
	var pm string
	if err := json.Unmarshal(f.Value, &pm); err != nil {
		fp.problemAt(f.Off, `"packageManager" should be a string like "pnpm@9.0.0"`)
		return
	}
	name, _, _ := strings.Cut(pm, "@")
	switch name {
	case RunnerNPM, RunnerYarn, RunnerPNPM, RunnerBun:
		m.PackageManager = name
	default:
		fp.problemAt(f.Off, `unknown "packageManager" `+quote(pm)+"; using the lockfile instead")
	}
}

// packageJSON lists the root package.json's scripts and those of every
// workspace package, all run with the package manager the root declares.
func (s *scanner) packageJSON() {
	data, ok := s.readFile("package.json")
	if !ok {
		// A pnpm monorepo may have workspaces without a root package.json.
		s.workspacePackages(nil, 0, "")
		return
	}
	root, problems := parsePackageJSON(s.ctx, "package.json", ".", "", data)
	s.addProblems(problems)
	runner := root.PackageManager
	if runner == "" {
		runner = s.lockfileRunner()
	}
	s.runner = runner
	setRunner(root.Scripts, runner)
	s.add("package.json", root.Scripts)
	s.workspacePackages(root.Workspaces, root.WorkspacesLine, runner)
}

// lockfileRunner picks the package manager by lockfile, npm without one.
func (s *scanner) lockfileRunner() string {
	names := make([]string, len(lockfiles))
	for i, l := range lockfiles {
		names[i] = l.file
	}
	found := s.firstExisting(".", names...)
	for _, l := range lockfiles {
		if l.file == found {
			return l.runner
		}
	}
	return RunnerNPM
}

func setRunner(scripts []Script, runner string) {
	for i := range scripts {
		scripts[i].Runner = runner
		scripts[i].Run = runner + " run " + shellQuote(scripts[i].Name)
	}
}

// quote is strconv.Quote without the import noise in messages.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
