package logs

import "strings"

// webpackErrors understands webpack's "ERROR in" blocks: the module and its
// position ("ERROR in ./src/index.js 2:0-29", line 1-based, columns from
// 0), the message on the next line ("Module not found: Error: Can't
// resolve 'x' in '/app/src'") and the resolver's indented account of where
// it looked, up to a blank line. "WARNING in" blocks are not errors.
//
//	ERROR in ./src/index.js 2:0-29
//	Module not found: Error: Can't resolve 'chart-lib' in '/tmp/errsfix/wp/src'
type webpackErrors struct{}

// KindWebpack is the kind of a webpack error.
const KindWebpack = "webpack"

// webpackErrors' phases.
const (
	phWebpackHead phase = iota + 1 // after "ERROR in": the message comes next
	phWebpack                      // the message's details
)

func (*webpackErrors) start(text string, si *startInfo) verdict {
	if text[0] != 'E' {
		return pass
	}
	rest, ok := strings.CutPrefix(text, "ERROR in ")
	// webpack names a module by its request ("./src/x.js", "../lib/y.js",
	// an absolute path); a log line "ERROR in app: ..." is not webpack's.
	if !ok || !(strings.HasPrefix(rest, "./") || strings.HasPrefix(rest, "../") || strings.HasPrefix(rest, "/")) {
		return pass
	}
	*si = startInfo{kind: KindWebpack, phase: phWebpackHead, title: text, confirmed: true}
	if f, ok := webpackLoc(rest); ok {
		si.frame, si.hasFrame = f, true
	}
	return claim
}

func (*webpackErrors) cont(d *detector, text string) action {
	b := &d.cur
	if text == "" {
		return reject
	}
	if b.phase == phWebpackHead {
		b.phase = phWebpack
		b.title = text
		return accept
	}
	if strings.HasPrefix(text, "ERROR in ") || strings.HasPrefix(text, "WARNING in ") || strings.HasPrefix(text, "webpack ") {
		return reject
	}
	b.count++
	if b.count > maxErrorLines {
		return reject
	}
	return accept
}

// webpackLoc parses what follows "ERROR in ": "./src/index.js 2:0-29" (a
// module and its position) or "./src/index.js".
func webpackLoc(rest string) (Frame, bool) {
	file, pos, _ := strings.Cut(rest, " ")
	f := Frame{File: file}
	if ln, r, ok := leadingInt(pos); ok && strings.HasPrefix(r, ":") {
		if col, _, ok := leadingInt(r[1:]); ok {
			f.Line, f.Column = ln, col+1
		}
	}
	return f, true
}
