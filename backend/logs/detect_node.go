package logs

import "strings"

// nodeErrors understands JavaScript exceptions as Node prints them (V8's
// format): a "Name: message" title with "    at fn (file:line:col)" frames,
// the "file:line" header and source excerpt before an uncaught exception,
// "Require stack:" lists, "Uncaught" from the REPL and the closing
// "Node.js vX" line. A JVM exception's first line reads the same, so this
// family starts it too and hands it to javaErrors at its first JVM frame.
//
//	TypeError: Cannot read properties of undefined (reading 'id')
type nodeErrors struct{}

// KindNode is the kind of a JavaScript exception.
const KindNode = "node"

// nodeErrors' phases.
const (
	phNodeHeader phase = iota + 1 // "file:line" header of an uncaught Node exception
	phThrowTitle                  // "TypeError: ..." / "java.lang.X: ..." waiting for its first frame
	phNode                        // Node stack frames
)

func (*nodeErrors) start(text string, si *startInfo) verdict {
	if title, java, ok := throwTitle(text); ok {
		*si = startInfo{kind: KindNode, phase: phThrowTitle, title: title, javaTitle: java}
		return claim
	}
	if isNodeHeader(text) {
		*si = startInfo{kind: KindNode, phase: phNodeHeader}
		return claim
	}
	// console.error("config failed:", err) prints its words before the
	// error's name; frames must still follow for it to count.
	if i := strings.Index(text, "Error"); i > 1 {
		k := strings.LastIndexByte(text[:i], ' ')
		if k > 0 && text[k-1] == ':' {
			if title, java, ok := throwTitle(text[k+1:]); ok {
				*si = startInfo{kind: KindNode, phase: phThrowTitle, title: title, javaTitle: java}
				return claim
			}
		}
	}
	return pass
}

// done gives an error whose frames are all Node's own (an ES module that
// cannot be linked or found fails inside the loader) the user's file that
// Node printed elsewhere: the "file:line" header above the excerpt, the
// module an import was "imported from", or the first file of the
// "Require stack:".
func (*nodeErrors) done(d *detector) {
	b := &d.cur
	if b.kind != KindNode {
		return
	}
	for _, f := range b.frames {
		if isUserJSFile(f.File) {
			return
		}
	}
	var f Frame
	if len(b.lines) > 0 && isNodeHeader(b.lines[0]) {
		f, _ = parseLoc(b.lines[0])
	}
	if !isUserJSFile(f.File) {
		f = Frame{}
		if _, from, ok := strings.Cut(b.title, " imported from "); ok && !strings.ContainsAny(from, " \t") {
			f.File = from
		}
	}
	if f.File == "" {
		for i, l := range b.lines {
			if l == "Require stack:" && i+1 < len(b.lines) && strings.HasPrefix(b.lines[i+1], "- ") {
				f.File = b.lines[i+1][2:]
				break
			}
		}
	}
	if !isUserJSFile(f.File) {
		return
	}
	if len(b.frames) >= maxFrames {
		b.frames = b.frames[:maxFrames-1]
	}
	b.frames = append([]Frame{f}, b.frames...)
}

// isUserJSFile reports whether a frame's file is the program's own code
// rather than Node's (node:internal/..., <anonymous>) or a dependency's.
func isUserJSFile(f string) bool {
	return f != "" && f[0] != '<' && !strings.HasPrefix(f, "node:") && !strings.Contains(f, "node_modules")
}

func (*nodeErrors) cont(d *detector, text string) action {
	b := &d.cur
	switch b.phase {
	case phNodeHeader:
		if d.startsError(text) {
			if title, java, ok := throwTitle(text); ok && !java {
				b.title = title
				b.phase = phThrowTitle
				b.count = 0
				return accept
			}
			return reject // another error starts: the header was not one
		}
		b.count++
		if b.count <= maxHeaderLines {
			return accept
		}
	case phThrowTitle:
		if f, isFrame, hasLoc := parseJSFrame(text); isFrame && !b.javaTitle {
			b.kind, b.phase, b.confirmed = KindNode, phNode, true
			if hasLoc {
				d.frame(f)
			}
			return accept
		}
		if adoptJava(d, text) {
			return accept
		}
		if text == "Require stack:" || strings.HasPrefix(text, "- ") {
			b.count++
			if b.count <= maxHeaderLines {
				return accept
			}
		}
	case phNode:
		if b.sawBlank {
			if strings.HasPrefix(text, "Node.js v") {
				return acceptEnd
			}
			return reject
		}
		switch {
		case text == "":
			b.sawBlank = true
			return accept
		case indented(text):
			if f, isFrame, hasLoc := parseJSFrame(text); isFrame && hasLoc {
				d.frame(f)
			}
			return accept
		case text[0] == '}' || text[0] == ']' || strings.HasPrefix(text, "Emitted '") ||
			text == "Require stack:" || strings.HasPrefix(text, "- "):
			return accept
		}
	}
	return reject
}

// throwTitle recognises the first line of a JavaScript or JVM exception:
// "TypeError: msg", "Error [ERR_X]: msg", "Uncaught Error: msg",
// "java.lang.IllegalStateException: msg", "Exception in thread "main" x.Y: msg".
// java reports a qualified class name, which JavaScript errors never have.
func throwTitle(text string) (title string, java, ok bool) {
	t := text
	if rest, found := strings.CutPrefix(t, "Exception in thread \""); found {
		q := strings.Index(rest, "\" ")
		if q < 0 {
			return "", false, false
		}
		t = rest[q+2:]
		java = true
	}
	t = strings.TrimPrefix(t, "Uncaught ")
	n := strings.IndexAny(t, ": [")
	name := t
	if n >= 0 {
		name = t[:n]
		if r := t[n:]; !strings.HasPrefix(r, ": ") && !strings.HasPrefix(r, " [") && r != ":" {
			return "", false, false
		}
	}
	if !(strings.HasSuffix(name, "Error") || strings.HasSuffix(name, "Exception") || strings.HasSuffix(name, "Throwable")) {
		return "", false, false
	}
	if name[0] == '.' || name[len(name)-1] == '.' {
		return "", false, false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(isWordByte(c) || c == '$' || c == '.') {
			return "", false, false
		}
		if c == '.' {
			java = true
		}
	}
	return t, java, true
}

// isNodeHeader recognises the "where it was thrown" line Node prints before
// an uncaught exception: "/app/server.js:12", "file:///app/x.mjs:2",
// "node:events:502", "<anonymous_script>:1".
func isNodeHeader(text string) bool {
	if len(text) > 1024 || strings.ContainsAny(text, " \t") {
		return false
	}
	k := strings.LastIndexByte(text, ':')
	if k <= 0 || k == len(text)-1 {
		return false
	}
	if _, rest, ok := leadingInt(text[k+1:]); !ok || rest != "" {
		return false
	}
	p := text[:k]
	if strings.Contains(p, "://") && !strings.HasPrefix(p, "file://") {
		return false
	}
	return strings.ContainsAny(p, "/\\") || strings.HasPrefix(p, "node:") || p[0] == '<'
}

// parseJSFrame parses a V8 frame "    at fn (file:1:2)" or "    at file:1:2".
func parseJSFrame(text string) (f Frame, isFrame, hasLoc bool) {
	t := strings.TrimLeft(text, " \t")
	if len(t) == len(text) {
		return Frame{}, false, false
	}
	rest, ok := strings.CutPrefix(t, "at ")
	if !ok {
		return Frame{}, false, false
	}
	// Node prints an error's own properties after its last frame: "... :1:2) {".
	rest = strings.TrimSuffix(rest, " {")
	loc := rest
	fn := ""
	if strings.HasSuffix(rest, ")") {
		i := strings.LastIndex(rest, " (")
		if i < 0 {
			return Frame{}, false, false // a JVM frame: fn(File.java:1)
		}
		fn, loc = rest[:i], rest[i+2:len(rest)-1]
	}
	f, ok = parseLoc(loc)
	f.Func = strings.TrimPrefix(fn, "async ")
	return f, true, ok
}
