package logs

import "strings"

// maxPrompt is the longest line taken for a prompt: questions are short,
// and a long line ending in ": " is a log line cut short.
const maxPrompt = 240

// promptAnswers are the endings of a yes/no question, compared without
// case ("(Y/n)", "[y/N]", "(yes/no)").
var promptAnswers = []string{"(y/n)", "[y/n]", "(yes/no)", "[yes/no]", "(y/n/a)", "[y/n/a]", "(pdb)"}

// LooksLikePrompt reports whether text, the plain form of the newest line
// a process printed, reads like a prompt it now waits at: a line that
// ends in a yes/no choice ("Continue? (Y/n)", "[y/N]:"), or in "?", ":",
// ">", "›", "$" or "#" followed by a space ("Name? ", "Password: ",
// ">>> ", "irb(main):001:0> ", "? Project name › "). The trailing space
// matters: programs leave the cursor after it for the answer, and a
// finished log line rarely ends in one.
//
// The process core hands a line on before its newline only once the
// process has been quiet for a moment (process.partialIdle), so a prompt
// a program prints and waits at becomes the newest line then; any line
// after it replaces it. It is a pure function of one line, cheap enough
// for every line: it looks at its last few bytes.
func LooksLikePrompt(text string) bool {
	if len(text) == 0 || len(text) > maxPrompt {
		return false
	}
	t := strings.TrimRight(text, " ")
	if t == "" {
		return false
	}
	spaced := len(t) < len(text)
	// A choice may be followed by ":" or "?" and a space: "[y/N]: ".
	c := strings.TrimRight(t, ":?")
	for _, a := range promptAnswers {
		if len(c) >= len(a) && strings.EqualFold(c[len(c)-len(a):], a) {
			return spaced || a != "(pdb)" // pdb's "(Pdb) " waits after its space
		}
	}
	if !spaced {
		return false
	}
	switch {
	case strings.HasSuffix(t, "›"): // prompts' and enquirer's arrow
		return true
	case strings.HasSuffix(t, "->"), strings.HasSuffix(t, "=>"):
		return false // an arrow in a log line ("GET / => ")
	}
	switch t[len(t)-1] {
	case '?', ':', '>', '$', '#':
		return true
	}
	return false
}
