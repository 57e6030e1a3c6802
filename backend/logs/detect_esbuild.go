package logs

import "strings"

// esbuildErrors understands esbuild's diagnostics: a "✘ [ERROR] message"
// line, then, indented, the position "src/app.js:5:0:", a source excerpt in
// a box-drawing gutter and notes (each with its own position), blank lines
// between them. Warnings ("▲ [WARNING]") are not errors.
//
//	✘ [ERROR] Could not resolve "./missing-util.js"
//
//	    src/app2.js:2:23:
type esbuildErrors struct{}

// KindEsbuild is the kind of an esbuild error.
const KindEsbuild = "esbuild"

// esbuildErrors' phases.
const (
	phEsbuild phase = iota + 1
)

const esbuildMark = "✘ [ERROR] "

func (*esbuildErrors) start(text string, si *startInfo) verdict {
	// esbuild prints the mark at column 0; tools that relay its messages
	// (vite, tsup) indent it or put their own prefix first.
	if text[0] != "✘"[0] && text[0] != ' ' {
		return pass
	}
	t := strings.TrimLeft(text, " ")
	if msg, ok := strings.CutPrefix(t, esbuildMark); ok && strings.TrimSpace(msg) != "" {
		*si = startInfo{kind: KindEsbuild, phase: phEsbuild, title: strings.TrimSpace(msg), confirmed: true}
		return claim
	}
	return pass
}

func (*esbuildErrors) cont(d *detector, text string) action {
	if text == "" {
		return accept
	}
	if !indented(text) {
		return reject
	}
	if f, ok := esbuildLoc(text); ok {
		d.frame(f)
	}
	return accept
}

// esbuildLoc parses a position line "    src/app.js:5:0:". esbuild counts
// columns from 0, editors from 1.
func esbuildLoc(text string) (Frame, bool) {
	t := strings.TrimLeft(text, " ")
	if !strings.HasSuffix(t, ":") || strings.ContainsAny(t, " \t│╵") {
		return Frame{}, false
	}
	loc := t[:len(t)-1]
	f, ok := parseLoc(loc)
	if !ok || !locHasColumn(loc) {
		return Frame{}, false // esbuild always prints both
	}
	f.Column++
	return f, true
}
