package discover

import (
	"context"
	"iter"
	"strings"
	"unicode/utf8"
)

// makefileNames are the names GNU make looks for, in the order it does: the
// first one present is the makefile `make TARGET` uses, so it is the only
// one listed.
var makefileNames = []string{"GNUmakefile", "makefile", "Makefile"}

// maxDescription bounds a description taken from comments.
const maxDescription = 200

// makefile lists the targets of the makefile in folder rel.
func (s *scanner) makefile(rel string) {
	s.listFile(rel, parseMakefile, makefileNames...)
}

// makeRule collects what one explicit target needs while parsing.
type makeRule struct {
	name   string
	desc   string
	recipe *[]string // shared by the targets of one rule line
}

// makeComments is the comment block directly above a line.
type makeComments struct {
	lines []string
	// phony is set when the block was kept across a .PHONY line: the
	// targets that line declares, the only ones the block describes.
	phony map[string]bool
}

// makeParser is what parseMakefile carries from one logical line to the
// next. One goroutine uses it.
type makeParser struct {
	fp      *fileParse
	rules   []makeRule        // in the order their first target appears
	index   map[string]int    // target name to its rule in rules
	above   makeComments      // the comment block directly above, if any
	recipe  *[]string         // the recipe of the rule being read, nil outside one
	recipes map[*[]string]int // bytes in each recipe, to stop growing one past maxCommand
	defines int               // define/endef nesting
}

// parseMakefile lists the explicit targets of a makefile: not pattern rules
// (%), special or hidden targets (.PHONY, .c.o), targets built from
// variables ($(BIN):), wildcards, nor variable assignments. A target that
// appears in several rules (double-colon rules, extra prerequisites) is
// listed once, where it first appears.
//
// Make itself is a full language (conditionals, includes, eval); this reads
// the file as written, listing targets in every conditional branch, which is
// what a person reading it would see.
//
// It stops when ctx is done, and lists at most MaxScriptsPerFile targets
// and MaxProblemsPerFile problems, saying what it cut.
func parseMakefile(ctx context.Context, file string, data []byte) ([]Script, []Problem) {
	p := &makeParser{
		fp:      newFileParse(ctx, file, data, "targets"),
		index:   map[string]int{},
		recipes: map[*[]string]int{},
	}
	i := 0
	for ln := range logicalLines(data) {
		if i++; p.fp.stop(i-1, ln.line) {
			break
		}
		p.line(ln)
	}
	if p.defines > 0 && !p.fp.stopped {
		p.fp.problem(0, "define without endef")
	}
	return p.scripts(), p.fp.result()
}

// line reads one logical line.
func (p *makeParser) line(ln logicalLine) {
	if p.defines > 0 {
		p.defineBody(ln.text)
		return
	}
	if strings.HasPrefix(ln.text, "\t") {
		p.recipeLine(ln.text)
		return
	}
	trimmed := strings.TrimSpace(ln.text)
	switch {
	case trimmed == "":
		p.above = makeComments{}
	case strings.HasPrefix(trimmed, "#"):
		p.above.lines = append(p.above.lines, strings.TrimSpace(strings.TrimLeft(trimmed, "#")))
	default:
		// Any other line ends the comment block; only a rule (or a .PHONY
		// line, for the rule after it) uses it.
		above := p.above
		p.above = makeComments{}
		if !p.directive(trimmed) {
			p.statement(ln, above)
		}
	}
}

// defineBody reads a line inside define ... endef, which only nesting
// changes.
func (p *makeParser) defineBody(text string) {
	switch firstWord(strings.TrimSpace(text)) {
	case "endef":
		p.defines--
	case "define":
		p.defines++
	}
}

// recipeLine adds a tab-indented line to the recipe being read, until the
// recipe holds more than maxCommand bytes. It ends any comment block.
func (p *makeParser) recipeLine(text string) {
	if p.recipe != nil && p.recipes[p.recipe] <= maxCommand {
		if cmd := recipeCommand(text); cmd != "" {
			*p.recipe = append(*p.recipe, cmd)
			p.recipes[p.recipe] += len(cmd) + 4
		}
	}
	p.above = makeComments{}
}

// directive reads a line starting with a make directive, reporting whether
// it was one. Every directive but a conditional ends the recipe being read.
func (p *makeParser) directive(trimmed string) bool {
	switch word := firstWord(trimmed); word {
	case "define":
		p.defines++
	case "override", "export", "unexport", "private", "undefine":
		if strings.Contains(trimmed, "define") && firstWord(strings.TrimSpace(strings.TrimPrefix(trimmed, word))) == "define" {
			p.defines++
		}
	case "include", "-include", "sinclude", "vpath", "load", "-load":
	case "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif":
		// Conditionals may sit inside a recipe; they do not end it.
		return true
	default:
		return false
	}
	p.recipe = nil
	return true
}

// statement reads a line that is not a recipe line, a comment or a
// directive: a rule, an assignment, or a mistake worth a Problem. above is
// the comment block directly over it.
func (p *makeParser) statement(ln logicalLine, above makeComments) {
	body, comment := splitMakeComment(ln.text)
	sep, kind := findMakeSeparator(body)
	switch kind {
	case sepNone:
		p.recipe = nil
		p.noSeparator(ln, body)
		return
	case sepAssign:
		p.recipe = nil
		return
	}
	targets, prereqs, inline, hasInline := splitRule(body, sep, kind)
	if _, k := findMakeSeparator(prereqs); k == sepAssign {
		// Target-specific variable ("build: CFLAGS += -O2"): no rule.
		p.recipe = nil
		return
	}
	if targets == ".PHONY" {
		p.phonyLine(prereqs, above)
		return
	}
	p.rule(targets, inline, hasInline, comment, above)
}

// noSeparator reports a line that is neither a rule nor an assignment,
// unless it is a bare function call such as $(eval ...) or $(info ...).
func (p *makeParser) noSeparator(ln logicalLine, body string) {
	if strings.HasPrefix(strings.TrimSpace(body), "$") || strings.TrimSpace(body) == "" {
		return
	}
	msg := "missing separator: neither a rule nor an assignment"
	if strings.HasPrefix(ln.text, " ") {
		msg += " (recipe lines must start with a tab, not spaces)"
	}
	p.fp.problem(ln.line, msg)
}

// splitRule splits a rule line, without its comment, at the colon sep
// findMakeSeparator found: "a b &: c d ; cmd" has targets "a b",
// prerequisites " c d " and the inline recipe " cmd".
func splitRule(body string, sep int, kind sepKind) (targets, prereqs, inline string, hasInline bool) {
	rest := body[sep+1:]
	if kind == sepDouble {
		rest = body[sep+2:]
	}
	targets = strings.TrimSpace(body[:sep])
	targets = strings.TrimSpace(strings.TrimSuffix(targets, "&")) // grouped targets "a b &: c"
	prereqs, inline, hasInline = strings.Cut(rest, ";")
	return targets, prereqs, inline, hasInline
}

// phonyLine reads ".PHONY: a b". "# Build the binary" / ".PHONY: build" /
// "build:" is the usual idiom: the comment describes the rule below the
// .PHONY line, so it is kept for the targets that line declares.
func (p *makeParser) phonyLine(prereqs string, above makeComments) {
	phony := map[string]bool{}
	for _, w := range makeWords(prereqs) {
		phony[w] = true
	}
	p.above = makeComments{lines: above.lines, phony: phony}
	p.recipe = nil
}

// rule starts the recipe of a rule line and records its explicit targets.
func (p *makeParser) rule(targets, inline string, hasInline bool, comment string, above makeComments) {
	lines := []string{}
	p.recipe = &lines
	if hasInline {
		if cmd := recipeCommand(inline); cmd != "" {
			lines = append(lines, cmd)
		}
	}
	words := makeWords(targets)
	desc := ruleDescription(comment, words, above)
	for _, t := range words {
		if explicitTarget(t) {
			p.addTarget(t, desc)
		}
	}
}

// ruleDescription describes the targets words of a rule: its own "##"
// comment, else the comment block above when it is about these targets.
func ruleDescription(comment string, words []string, above makeComments) string {
	desc := ""
	if strings.HasPrefix(comment, "#") { // the comment started with "##"
		desc = strings.TrimSpace(strings.TrimLeft(comment, "#"))
	}
	if desc == "" && len(above.lines) > 0 && (above.phony == nil || anyIn(words, above.phony)) {
		desc = joinClipped(above.lines, maxDescription)
	}
	return clip(strings.TrimSpace(desc), maxDescription)
}

// addTarget lists target t of the rule being read, or, when an earlier
// rule listed it, gives that one the description and recipe it lacks.
func (p *makeParser) addTarget(t, desc string) {
	if i, ok := p.index[t]; ok {
		if p.rules[i].desc == "" {
			p.rules[i].desc = desc
		}
		if len(*p.rules[i].recipe) == 0 {
			p.rules[i].recipe = p.recipe
		}
		return
	}
	if !p.fp.keep() {
		return
	}
	p.index[t] = len(p.rules)
	p.rules = append(p.rules, makeRule{name: t, desc: desc, recipe: p.recipe})
}

// scripts turns the rules into Scripts, each run as `make TARGET` and
// shown with its recipe.
func (p *makeParser) scripts() []Script {
	scripts := make([]Script, 0, len(p.rules))
	for _, r := range p.rules {
		run := "make " + shellQuote(r.name)
		cmd := joinCommands(*r.recipe)
		if cmd == "" {
			cmd = run
		}
		scripts = append(scripts, Script{
			ID:          scriptID(SourceMakefile, p.fp.file, r.name),
			Source:      SourceMakefile,
			Name:        r.name,
			Command:     cmd,
			Run:         run,
			Dir:         ".",
			Description: r.desc,
		})
	}
	return scripts
}

// anyIn reports whether any of words is in set.
func anyIn(words []string, set map[string]bool) bool {
	for _, w := range words {
		if set[w] {
			return true
		}
	}
	return false
}

// joinClipped joins lines with spaces, stopping once the result is longer
// than n runes can be: a comment block of a million lines above a target
// must not be joined whole only to be clipped.
func joinClipped(lines []string, n int) string {
	var b strings.Builder
	for _, l := range lines {
		if b.Len() > 4*n { // 4 bytes is the longest rune
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(l)
	}
	return b.String()
}

// makeWords splits a target list at whitespace outside $(...) and ${...},
// so "$(subst a b,c,d) x" is two words, the first one a variable.
func makeWords(s string) []string {
	var words []string
	depth, start := 0, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case (c == '(' || c == '{') && (depth > 0 || i > 0 && s[i-1] == '$'):
			depth++
		case (c == ')' || c == '}') && depth > 0:
			depth--
		case (c == ' ' || c == '\t') && depth == 0:
			if start >= 0 {
				words = append(words, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		words = append(words, s[start:])
	}
	return words
}

// explicitTarget reports whether a rule target is one a person would run.
func explicitTarget(t string) bool {
	return t != "" &&
		!strings.HasPrefix(t, ".") && // special targets, suffix rules, hidden helpers
		!strings.ContainsAny(t, "%$*?[]\\") && // pattern rules, variables, wildcards
		utf8.ValidString(t)
}

type logicalLine struct {
	text string
	line int // 1-based line where it starts
}

// logicalLines yields the logical lines of data: backslash-continued lines
// joined, each with the line where it starts, a carriage return before a
// newline dropped. It is linear in the file's size and holds one logical
// line at a time: a continued line is built once, not re-copied for each
// of its parts.
func logicalLines(data []byte) iter.Seq[logicalLine] {
	return func(yield func(logicalLine) bool) {
		rest := string(data)
		n := 0 // lines read
		done := false
		next := func() string { // the next physical line, without its newline
			n++
			i := strings.IndexByte(rest, '\n')
			if i < 0 {
				line := rest
				rest, done = "", true
				return line
			}
			line := rest[:i]
			rest = rest[i+1:]
			return strings.TrimSuffix(line, "\r")
		}
		for !done {
			text := next()
			start := n
			if continued(text) && !done {
				var b strings.Builder
				part := text
				for continued(part) && !done {
					// Drop the backslash and the blanks around the join, as
					// make does; a part that was only blanks adds no second
					// space.
					head := strings.TrimRight(part[:len(part)-1], " \t")
					if head != "" || b.Len() == 0 {
						b.WriteString(head)
						b.WriteByte(' ')
					}
					part = strings.TrimLeft(next(), " \t")
				}
				b.WriteString(part)
				text = b.String()
			}
			if !yield(logicalLine{text: text, line: start}) {
				return
			}
		}
	}
}

// continued reports whether a line ends in an odd number of backslashes.
func continued(s string) bool {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}

// recipeCommand turns a recipe line into what a person would type: no tab,
// no @ (silent), - (ignore errors) or + (always run) prefixes.
func recipeCommand(line string) string {
	return strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "@-+"))
}

// splitMakeComment splits a non-recipe line at its first unescaped '#',
// returning the text before it and the comment after it (without the '#').
func splitMakeComment(s string) (string, string) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '#':
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

type sepKind int

const (
	sepNone   sepKind = iota
	sepAssign         // =, :=, ::=, ?=, +=, !=
	sepSingle         // target: prereqs
	sepDouble         // target:: prereqs
)

// findMakeSeparator finds the first ':' or '=' outside $(...) and ${...}
// and says what kind of line it makes. For rules it returns the colon's
// index.
func findMakeSeparator(s string) (int, sepKind) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '(', '{':
			if depth > 0 || (i > 0 && s[i-1] == '$') {
				depth++
			}
		case ')', '}':
			if depth > 0 {
				depth--
			}
		case '=':
			if depth == 0 {
				return i, sepAssign
			}
		case ':':
			if depth > 0 {
				continue
			}
			switch {
			case strings.HasPrefix(s[i:], ":="), strings.HasPrefix(s[i:], "::="), strings.HasPrefix(s[i:], ":::="):
				return i, sepAssign
			case strings.HasPrefix(s[i:], "::"):
				return i, sepDouble
			}
			return i, sepSingle
		}
	}
	return -1, sepNone
}

// clip shortens s to at most n runes, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
