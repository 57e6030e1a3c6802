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

func (s *scanner) makefile() {
	name := s.firstExisting(".", makefileNames...)
	if name == "" {
		return
	}
	data, ok := s.readFile(name)
	if !ok {
		return
	}
	scripts, problems := parseMakefile(s.ctx, name, data)
	s.addProblems(problems)
	s.add(name, scripts)
}

// makeRule collects what one explicit target needs while parsing.
type makeRule struct {
	name   string
	desc   string
	recipe *[]string // shared by the targets of one rule line
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
	var (
		fp       = newFileParse(ctx, file, data, "targets")
		rules    []makeRule
		index    = map[string]int{}
		comments []string              // the comment block directly above, if any
		phony    map[string]bool       // set when comments were kept across a .PHONY line: the targets it declares
		recipe   *[]string             // the recipe of the rule being read, nil outside one
		recipes  = map[*[]string]int{} // bytes in each recipe, to stop growing one past maxCommand
		defines  int                   // define/endef nesting
	)
	i := 0
	for ln := range logicalLines(data) {
		if i++; fp.stop(i-1, ln.line) {
			break
		}
		text := ln.text
		if defines > 0 {
			switch firstWord(strings.TrimSpace(text)) {
			case "endef":
				defines--
			case "define":
				defines++
			}
			continue
		}
		if strings.HasPrefix(text, "\t") {
			if recipe != nil && recipes[recipe] <= maxCommand {
				if cmd := recipeCommand(text); cmd != "" {
					*recipe = append(*recipe, cmd)
					recipes[recipe] += len(cmd) + 4
				}
			}
			comments, phony = nil, nil
			continue
		}
		trimmed := strings.TrimSpace(text)
		if trimmed == "" {
			comments, phony = nil, nil
			continue
		}
		if strings.HasPrefix(trimmed, "#") {
			comments = append(comments, strings.TrimSpace(strings.TrimLeft(trimmed, "#")))
			continue
		}
		above, abovePhony := comments, phony
		comments, phony = nil, nil

		word := firstWord(trimmed)
		switch word {
		case "define":
			defines++
			recipe = nil
			continue
		case "override", "export", "unexport", "private", "undefine":
			if strings.Contains(trimmed, "define") && firstWord(strings.TrimSpace(strings.TrimPrefix(trimmed, word))) == "define" {
				defines++
			}
			recipe = nil
			continue
		case "include", "-include", "sinclude", "vpath", "load", "-load":
			recipe = nil
			continue
		case "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif":
			// Conditionals may sit inside a recipe; they do not end it.
			continue
		}

		body, comment := splitMakeComment(text)
		sep, kind := findMakeSeparator(body)
		switch kind {
		case sepNone:
			recipe = nil
			if strings.HasPrefix(strings.TrimSpace(body), "$") || strings.TrimSpace(body) == "" {
				continue // a bare function call such as $(eval ...) or $(info ...)
			}
			msg := "missing separator: neither a rule nor an assignment"
			if strings.HasPrefix(text, " ") {
				msg += " (recipe lines must start with a tab, not spaces)"
			}
			fp.problem(ln.line, msg)
			continue
		case sepAssign:
			recipe = nil
			continue
		}

		targets := strings.TrimSpace(body[:sep])
		rest := body[sep+1:]
		if kind == sepDouble {
			rest = body[sep+2:]
		}
		targets = strings.TrimSpace(strings.TrimSuffix(targets, "&")) // grouped targets "a b &: c"
		prereqs, inline, hasInline := strings.Cut(rest, ";")
		if _, k := findMakeSeparator(prereqs); k == sepAssign {
			// Target-specific variable ("build: CFLAGS += -O2"): no rule.
			recipe = nil
			continue
		}
		if targets == ".PHONY" {
			// "# Build the binary" / ".PHONY: build" / "build:" is the usual
			// idiom: the comment describes the rule below the .PHONY line,
			// so keep it for the targets that line declares.
			phony = map[string]bool{}
			for _, w := range makeWords(prereqs) {
				phony[w] = true
			}
			comments = above
			recipe = nil
			continue
		}
		lines := []string{}
		recipe = &lines
		if hasInline {
			if cmd := recipeCommand(inline); cmd != "" {
				lines = append(lines, cmd)
			}
		}

		desc := ""
		if strings.HasPrefix(comment, "#") { // the comment started with "##"
			desc = strings.TrimSpace(strings.TrimLeft(comment, "#"))
		}
		words := makeWords(targets)
		if desc == "" && len(above) > 0 && (abovePhony == nil || anyIn(words, abovePhony)) {
			desc = joinClipped(above, maxDescription)
		}
		desc = clip(strings.TrimSpace(desc), maxDescription)

		for _, t := range words {
			if !explicitTarget(t) {
				continue
			}
			if i, ok := index[t]; ok {
				if rules[i].desc == "" {
					rules[i].desc = desc
				}
				if len(*rules[i].recipe) == 0 {
					rules[i].recipe = recipe
				}
				continue
			}
			if !fp.keep() {
				continue
			}
			index[t] = len(rules)
			rules = append(rules, makeRule{name: t, desc: desc, recipe: recipe})
		}
	}
	if defines > 0 && !fp.stopped {
		fp.problem(0, "define without endef")
	}

	scripts := make([]Script, 0, len(rules))
	for _, r := range rules {
		run := "make " + shellQuote(r.name)
		cmd := joinCommands(*r.recipe)
		if cmd == "" {
			cmd = run
		}
		scripts = append(scripts, Script{
			ID:          scriptID(SourceMakefile, file, r.name),
			Source:      SourceMakefile,
			Name:        r.name,
			Command:     cmd,
			Run:         run,
			Dir:         ".",
			Description: r.desc,
		})
	}
	return scripts, fp.result()
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
