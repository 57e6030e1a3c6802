package discover

import (
	"context"
	"strconv"
	"strings"
)

// procfileNames are the Procfiles listed, each with its own entries.
var procfileNames = []string{"Procfile", "Procfile.dev"}

// procfiles lists the entries of the Procfiles in folder rel.
func (s *scanner) procfiles(rel string) {
	for _, name := range procfileNames {
		if s.firstExisting(rel, name) == "" {
			continue
		}
		file := joinRel(rel, name)
		data, ok := s.readFile(file)
		if !ok {
			continue
		}
		scripts, problems := parseProcfile(s.ctx, file, data)
		s.addProblems(problems)
		s.add(file, inDir(scripts, rel))
	}
}

// parseProcfile reads "name: command" lines, as foreman and honcho do:
// names are letters, digits, '_' and '-'; blank lines and # comments are
// skipped. The command is run by a shell exactly as written. It stops when
// ctx is done and keeps within the per-file caps.
func parseProcfile(ctx context.Context, file string, data []byte) ([]Script, []Problem) {
	fp := newFileParse(ctx, file, data, "processes")
	var scripts []Script
	seen := map[string]int{}
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		if fp.stop(i, n) {
			break
		}
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, cmd, ok := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		cmd = strings.TrimSpace(cmd)
		switch {
		case !ok:
			fp.problem(n, `expected "name: command"`)
			continue
		case !procName(name):
			fp.problem(n, "invalid process name "+quote(name)+" (letters, digits, _ and - only)")
			continue
		case cmd == "":
			fp.problem(n, "process "+quote(name)+" has no command")
			continue
		}
		if first, dup := seen[name]; dup {
			fp.problem(n, "process "+quote(name)+" is already defined on line "+strconv.Itoa(first)+"; this one is ignored")
			continue
		}
		seen[name] = n
		if !fp.keep() {
			continue
		}
		scripts = append(scripts, Script{
			ID:      scriptID(SourceProcfile, file, name),
			Source:  SourceProcfile,
			Name:    name,
			Command: cmd,
			Run:     cmd,
			Dir:     ".",
		})
	}
	return scripts, fp.result()
}

func procName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
