package logs

import "strings"

// javacErrors understands javac's diagnostics: "path/App.java:12: error:
// message" with the source line, a caret and "symbol:"/"location:" notes
// indented under it. javac prints a line but no column (the caret shows
// it), so frames have none. Warnings ("App.java:7: warning: [rawtypes] ...")
// and the "2 errors" summary are not errors.
//
//	src/com/example/App.java:13: error: cannot find symbol
type javacErrors struct{}

// KindJavac is the kind of a javac compile error.
const KindJavac = "javac"

// javacErrors' phases.
const (
	phJavac phase = iota + 1
)

func (*javacErrors) start(text string, si *startInfo) verdict {
	if indented(text) {
		return pass
	}
	// The path has no space and ends at ": error: ": look for ".java:"
	// only in the line's first word.
	sp := strings.IndexByte(text, ' ')
	if sp < len("x.java:1:") || text[sp-1] != ':' {
		return pass
	}
	i := strings.Index(text[:sp], ".java:")
	if i <= 0 || strings.IndexByte(text[:i], '\t') >= 0 {
		return pass
	}
	ln, rest, ok := leadingInt(text[i+len(".java:"):])
	if !ok {
		return pass
	}
	msg, ok := strings.CutPrefix(rest, ": error: ")
	if !ok || strings.TrimSpace(msg) == "" {
		return pass
	}
	*si = startInfo{kind: KindJavac, phase: phJavac, title: msg, confirmed: true,
		frame: Frame{File: text[:i+len(".java")], Line: ln}, hasFrame: true}
	return claim
}

func (*javacErrors) cont(_ *detector, text string) action {
	if indented(text) {
		return accept
	}
	return reject
}
