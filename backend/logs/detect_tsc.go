package logs

import "strings"

// tscErrors understands the TypeScript compiler's diagnostics, both plain
// (the default when tsc does not write to a terminal) and --pretty (colours
// already stripped), with the source excerpt and indented notes after them.
//
//	src/server.ts(7,3): error TS2322: Type 'string' is not assignable to type 'number'.
type tscErrors struct{}

// KindTypeScript is the kind of a tsc diagnostic.
const KindTypeScript = "typescript"

// tscErrors' phases.
const (
	phTS       phase = iota + 1 // plain diagnostics
	phTSPretty                  // --pretty diagnostics (blank lines and a gutter inside)
)

func (*tscErrors) start(text string, si *startInfo) verdict {
	// tsc prints a diagnostic at column 0; an indented line is a note or a
	// quoted source line, which may itself read like a diagnostic.
	if indented(text) {
		return pass
	}
	if tscDiag(text, si) {
		return claim
	}
	return pass
}

func (*tscErrors) cont(d *detector, text string) action {
	b := &d.cur
	if text == "" || indented(text) {
		return accept
	}
	if b.phase == phTSPretty && text[0] >= '0' && text[0] <= '9' && isGutter(text) {
		return accept
	}
	return reject
}

// tscDiag parses tsc diagnostics: "file(12,3): error TS2322: msg" (plain,
// the default when not writing to a terminal) and "file:12:3 - error
// TS2322: msg" (--pretty, colours already stripped).
func tscDiag(text string, si *startInfo) bool {
	if i := strings.Index(text, "): error TS"); i > 0 {
		p := strings.LastIndexByte(text[:i], '(')
		if p <= 0 {
			return false
		}
		ln, rest, ok := leadingInt(text[p+1 : i])
		if !ok || !strings.HasPrefix(rest, ",") {
			return false
		}
		col, rest, ok := leadingInt(rest[1:])
		if !ok || rest != "" {
			return false
		}
		*si = startInfo{kind: KindTypeScript, phase: phTS, title: text[i+len("): error "):], confirmed: true,
			frame: Frame{File: text[:p], Line: ln, Column: col}, hasFrame: true}
		return true
	}
	if i := strings.Index(text, " - error TS"); i > 0 {
		f, ok := parseLoc(text[:i])
		if !ok || f.Column == 0 {
			return false
		}
		*si = startInfo{kind: KindTypeScript, phase: phTSPretty, title: text[i+len(" - error "):], confirmed: true,
			frame: f, hasFrame: true}
		return true
	}
	return false
}
