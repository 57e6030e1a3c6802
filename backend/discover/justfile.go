package discover

import (
	"context"
	"strings"
)

// justfileNames are the names just looks for (it matches "justfile" in any
// case, and ".justfile").
var justfileNames = []string{"justfile", "Justfile", "JUSTFILE", ".justfile"}

// justfile lists what the justfile in folder rel declares.
func (s *scanner) justfile(rel string) {
	s.listFile(rel, parseJustfile, justfileNames...)
}

// justParser is what parseJustfile carries from one line to the next. One
// goroutine uses it.
type justParser struct {
	fp       *fileParse
	scripts  []Script
	bodies   []*[]string // bodies[i] is the body of scripts[i]
	seen     map[string]bool
	comment  string    // the comment line directly above
	attrs    []string  // attributes since the last recipe
	body     *[]string // the body of the recipe being read; nil outside one
	inRecipe bool      // indented lines belong to a recipe
	closeStr string    // the delimiter of a multi-line string being skipped
}

// parseJustfile lists the public recipes of a justfile with the comment
// above each (or its [doc] attribute). Recipes marked [private] or named
// with a leading underscore are hidden, as `just --list` hides them.
// Settings, aliases, assignments, imports and modules are skipped. It
// stops when ctx is done and keeps within the per-file caps.
func parseJustfile(ctx context.Context, file string, data []byte) ([]Script, []Problem) {
	p := &justParser{fp: newFileParse(ctx, file, data, "recipes"), seen: map[string]bool{}}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	for i, line := range lines {
		n := i + 1
		if p.fp.stop(i, n) {
			break
		}
		p.line(n, line)
	}
	for i, b := range p.bodies {
		p.scripts[i].Command = justCommand(*b, p.scripts[i].Run)
	}
	return p.scripts, p.fp.result()
}

// line reads line n.
func (p *justParser) line(n int, line string) {
	if p.closeStr != "" {
		if strings.Contains(line, p.closeStr) {
			p.closeStr = ""
		}
		return
	}
	if line != "" && (line[0] == ' ' || line[0] == '\t') {
		p.indented(n, strings.TrimSpace(line))
		return
	}
	t := strings.TrimSpace(line)
	if t == "" {
		p.comment = ""
		return // blank lines may separate a recipe's body lines
	}
	p.inRecipe = false
	p.body = nil
	switch {
	case strings.HasPrefix(t, "#"):
		p.comment = strings.TrimSpace(strings.TrimPrefix(t, "#"))
	case strings.HasPrefix(t, "["):
		p.attribute(n, t)
	default:
		above, attrs := p.comment, p.attrs
		p.comment, p.attrs = "", nil
		p.item(n, t, above, attrs)
	}
}

// indented reads an indented line, t without its blanks: a line of the
// recipe being read, or a mistake outside one.
func (p *justParser) indented(n int, t string) {
	switch {
	case t == "":
	case p.inRecipe:
		if p.body != nil && len(*p.body) < maxBodyLines {
			*p.body = append(*p.body, t)
		}
	default:
		p.fp.problem(n, "indented line outside a recipe")
	}
}

// attribute reads a line of attributes, "[private, doc('x')]", which
// apply to the next recipe.
func (p *justParser) attribute(n int, t string) {
	if !strings.HasSuffix(t, "]") {
		p.fp.problem(n, "unterminated attribute")
		return
	}
	p.attrs = append(p.attrs, splitAttrs(t[1:len(t)-1])...)
}

// item reads an unindented line that is not a comment or attributes: a
// setting, an assignment or a recipe header. above and attrs are the
// comment and attributes over it.
func (p *justParser) item(n int, t, above string, attrs []string) {
	switch firstWord(t) {
	case "set", "alias", "import", "import?", "mod", "mod?", "!include":
		return
	case "export":
		p.closeStr = openMultiline(t)
		return
	}
	colon, assign := justHeaderColon(t)
	if assign {
		p.closeStr = openMultiline(t)
		return
	}
	if colon < 0 {
		p.fp.problem(n, "expected a recipe, an assignment or a setting")
		return
	}
	p.recipe(n, t[:colon], above, attrs)
}

// recipe reads a recipe header, the part before its colon, and lists the
// recipe unless it is private. Its body lines follow.
func (p *justParser) recipe(n int, header, above string, attrs []string) {
	name := firstWord(strings.TrimSpace(strings.TrimPrefix(header, "@")))
	if !justName(name) {
		p.fp.problem(n, "invalid recipe name "+quote(name))
		return
	}
	p.inRecipe = true
	if p.seen[name] {
		p.fp.problem(n, "recipe "+quote(name)+" is defined twice")
		return
	}
	p.seen[name] = true
	desc, private := recipeAttrs(name, above, attrs)
	if private || !p.fp.keep() {
		return
	}
	lines := []string{}
	p.body = &lines
	p.bodies = append(p.bodies, p.body)
	p.scripts = append(p.scripts, Script{
		ID:          scriptID(SourceJustfile, p.fp.file, name),
		Source:      SourceJustfile,
		Name:        name,
		Run:         "just " + shellQuote(name),
		Dir:         ".",
		Description: clip(desc, maxDescription),
	})
}

// recipeAttrs reads what a recipe's attributes say: its description (the
// comment above unless [doc] gives one) and whether it is private, as a
// name with a leading underscore is.
func recipeAttrs(name, above string, attrs []string) (desc string, private bool) {
	private = strings.HasPrefix(name, "_")
	desc = above
	for _, a := range attrs {
		key, arg := attrKeyArg(a)
		switch key {
		case "private":
			private = true
		case "doc":
			desc = arg
		}
	}
	return desc, private
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
