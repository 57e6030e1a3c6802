package discover

import (
	"strconv"
	"strings"
)

// procfileNames are the Procfiles listed, each with its own entries.
var procfileNames = []string{"Procfile", "Procfile.dev"}

func (s *scanner) procfiles() {
	for _, name := range procfileNames {
		if s.firstExisting(".", name) == "" {
			continue
		}
		data, ok := s.readFile(name)
		if !ok {
			continue
		}
		scripts, problems := parseProcfile(name, data)
		s.addProblems(problems)
		s.add(name, scripts)
	}
}

// parseProcfile reads "name: command" lines, as foreman and honcho do:
// names are letters, digits, '_' and '-'; blank lines and # comments are
// skipped. The command is run by a shell exactly as written.
func parseProcfile(file string, data []byte) ([]Script, []Problem) {
	var scripts []Script
	var problems []Problem
	seen := map[string]int{}
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, cmd, ok := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		cmd = strings.TrimSpace(cmd)
		switch {
		case !ok:
			problems = append(problems, Problem{File: file, Line: n, Message: `expected "name: command"`})
			continue
		case !procName(name):
			problems = append(problems, Problem{File: file, Line: n, Message: "invalid process name " + quote(name) + " (letters, digits, _ and - only)"})
			continue
		case cmd == "":
			problems = append(problems, Problem{File: file, Line: n, Message: "process " + quote(name) + " has no command"})
			continue
		}
		if first, dup := seen[name]; dup {
			problems = append(problems, Problem{File: file, Line: n, Message: "process " + quote(name) + " is already defined on line " + strconv.Itoa(first) + "; this one is ignored"})
			continue
		}
		seen[name] = n
		scripts = append(scripts, Script{
			ID:      scriptID(SourceProcfile, file, name),
			Source:  SourceProcfile,
			Name:    name,
			Command: cmd,
			Run:     cmd,
			Dir:     ".",
		})
	}
	return scripts, problems
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
