package discover

import (
	"context"
	"strings"
)

// justfileNames are the names just looks for (it matches "justfile" in any
// case, and ".justfile").
var justfileNames = []string{"justfile", "Justfile", "JUSTFILE", ".justfile"}

func (s *scanner) justfile() {
	name := s.firstExisting(".", justfileNames...)
	if name == "" {
		return
	}
	data, ok := s.readFile(name)
	if !ok {
		return
	}
	scripts, problems := parseJustfile(s.ctx, name, data)
	s.addProblems(problems)
	s.add(name, scripts)
}

// parseJustfile lists the public recipes of a justfile with the comment
// above each (or its [doc] attribute). Recipes marked [private] or named
// with a leading underscore are hidden, as `just --list` hides them.
// Settings, aliases, assignments, imports and modules are skipped. It
// stops when ctx is done and keeps within the per-file caps.
func parseJustfile(ctx context.Context, file string, data []byte) ([]Script, []Problem) {
	var (
		fp       = newFileParse(ctx, file, data, "recipes")
		scripts  []Script
		seen     = map[string]bool{}
		comment  string      // the comment line directly above
		attrs    []string    // attributes since the last recipe
		body     *[]string   // the body of the recipe being read; nil outside one
		bodies   []*[]string // bodies[i] is the body of scripts[i]
		inRecipe bool        // indented lines belong to a recipe
		closeStr string      // the delimiter of a multi-line string being skipped
	)
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	for i, line := range lines {
		n := i + 1
		if fp.stop(i, n) {
			break
		}
		if closeStr != "" {
			if strings.Contains(line, closeStr) {
				closeStr = ""
			}
			continue
		}
		if line != "" && (line[0] == ' ' || line[0] == '\t') {
			t := strings.TrimSpace(line)
			switch {
			case t == "":
			case inRecipe:
				if body != nil && len(*body) < maxBodyLines {
					*body = append(*body, t)
				}
			default:
				fp.problem(n, "indented line outside a recipe")
			}
			continue
		}
		t := strings.TrimSpace(line)
		if t == "" {
			comment = ""
			continue // blank lines may separate a recipe's body lines
		}
		inRecipe = false
		body = nil
		if strings.HasPrefix(t, "#") {
			comment = strings.TrimSpace(strings.TrimPrefix(t, "#"))
			continue
		}
		if strings.HasPrefix(t, "[") {
			if !strings.HasSuffix(t, "]") {
				fp.problem(n, "unterminated attribute")
				continue
			}
			attrs = append(attrs, splitAttrs(t[1:len(t)-1])...)
			continue
		}
		above, attributes := comment, attrs
		comment, attrs = "", nil

		switch firstWord(t) {
		case "set", "alias", "import", "import?", "mod", "mod?", "!include":
			continue
		case "export":
			closeStr = openMultiline(t)
			continue
		}
		colon, assign := justHeaderColon(t)
		if assign {
			closeStr = openMultiline(t)
			continue
		}
		if colon < 0 {
			fp.problem(n, "expected a recipe, an assignment or a setting")
			continue
		}
		header := strings.TrimPrefix(t[:colon], "@")
		name := firstWord(strings.TrimSpace(header))
		if !justName(name) {
			fp.problem(n, "invalid recipe name "+quote(name))
			continue
		}
		inRecipe = true
		if seen[name] {
			fp.problem(n, "recipe "+quote(name)+" is defined twice")
			continue
		}
		seen[name] = true
		private := strings.HasPrefix(name, "_")
		desc := above
		for _, a := range attributes {
			key, arg := attrKeyArg(a)
			switch key {
			case "private":
				private = true
			case "doc":
				desc = arg
			}
		}
		if private || !fp.keep() {
			continue
		}
		lines := []string{}
		body = &lines
		bodies = append(bodies, body)
		scripts = append(scripts, Script{
			ID:          scriptID(SourceJustfile, file, name),
			Source:      SourceJustfile,
			Name:        name,
			Run:         "just " + shellQuote(name),
			Dir:         ".",
			Description: clip(desc, maxDescription),
		})
	}
	for i, b := range bodies {
		scripts[i].Command = justCommand(*b, scripts[i].Run)
	}
	return scripts, fp.result()
}

// justCommand renders a recipe body as one line. A shebang recipe is a
// script for another interpreter, which no one types as a line: it is shown
// as the just invocation.
func justCommand(body []string, run string) string {
	if len(body) == 0 || strings.HasPrefix(body[0], "#!") {
		return run
	}
	cmds := make([]string, 0, len(body))
	for _, l := range body {
		if strings.HasPrefix(l, "#") {
			continue // a comment inside the recipe
		}
		if l = strings.TrimSpace(strings.TrimLeft(l, "@-")); l != "" {
			cmds = append(cmds, l)
		}
	}
	if len(cmds) == 0 {
		return run
	}
	return joinCommands(cmds)
}

// maxBodyLines bounds the lines kept of one recipe's body: only its first
// maxCommand bytes are shown.
const maxBodyLines = maxCommand / 2

// justHeaderColon finds the colon that ends a recipe header, skipping
// quoted default values and parentheses. assign is true when the line is an
// assignment ("x := ...") instead.
func justHeaderColon(t string) (colon int, assign bool) {
	var quote byte
	depth := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		if quote != 0 {
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '\'', '"', '`':
			quote = c
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ':':
			if depth > 0 {
				continue
			}
			if i+1 < len(t) && t[i+1] == '=' {
				return -1, true
			}
			return i, false
		}
	}
	return -1, false
}

// openMultiline returns the delimiter of a triple-quoted string or
// backtick block opened and not closed on this line, "" otherwise.
func openMultiline(t string) string {
	for _, d := range []string{"'''", `"""`, "```"} {
		if strings.Count(t, d)%2 == 1 {
			return d
		}
	}
	return ""
}

// justName reports whether s is a valid recipe name.
func justName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r == '-' || r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}

// splitAttrs splits "private, group('x, y')" at commas outside quotes and
// parentheses.
func splitAttrs(s string) []string {
	var out []string
	var quote byte
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// attrKeyArg splits an attribute into its name and its single string
// argument: doc('x'), doc("x") and doc: 'x' all give ("doc", "x").
func attrKeyArg(a string) (string, string) {
	key, arg := a, ""
	if i := strings.IndexAny(a, "(:"); i >= 0 {
		key, arg = strings.TrimSpace(a[:i]), strings.TrimSpace(a[i+1:])
		arg = strings.TrimSpace(strings.TrimSuffix(arg, ")"))
		if len(arg) >= 2 && (arg[0] == '\'' || arg[0] == '"') && arg[len(arg)-1] == arg[0] {
			arg = arg[1 : len(arg)-1]
		}
	}
	return key, arg
}
