package logs

import "strings"

// javaErrors understands JVM stack traces (Java, Kotlin and the like): the
// "\tat pkg.Class.method(File.java:12)" frames, "Caused by:" chains,
// "Suppressed:" blocks and "... 12 more" elisions. It starts no error of
// its own: the title line ("Exception in thread "main" x.Y: msg") reads like
// a JavaScript one, so nodeErrors starts it and adoptJava takes it over.
//
//	Exception in thread "main" java.lang.IllegalStateException: invalid server.port: 80x
type javaErrors struct{}

// KindJava is the kind of a JVM exception.
const KindJava = "java"

// javaErrors' phases.
const (
	phJava phase = iota + 1 // stack frames
)

// adoptJava takes d's error over when text is the first frame under a
// title line nodeErrors started: a JVM frame makes it a JVM exception.
func adoptJava(d *detector, text string) bool {
	f, isFrame, hasLoc := parseJavaFrame(text)
	if !isFrame {
		return false
	}
	b := &d.cur
	b.fam, b.kind, b.phase, b.confirmed = &javaErrors{}, KindJava, phJava, true
	if hasLoc {
		d.frame(f)
	}
	return true
}

// start claims nothing: see adoptJava.
func (*javaErrors) start(string, *startInfo) verdict { return pass }

func (*javaErrors) cont(d *detector, text string) action {
	if indented(text) {
		if f, isFrame, hasLoc := parseJavaFrame(text); isFrame && hasLoc {
			d.frame(f)
		}
		return accept
	}
	if strings.HasPrefix(text, "Caused by: ") {
		return accept
	}
	return reject
}

// parseJavaFrame parses a JVM frame "\tat pkg.Class.method(File.java:12)".
func parseJavaFrame(text string) (f Frame, isFrame, hasLoc bool) {
	t := strings.TrimLeft(text, " \t")
	if len(t) == len(text) {
		return Frame{}, false, false
	}
	if strings.HasPrefix(t, "... ") {
		return Frame{}, true, false
	}
	rest, ok := strings.CutPrefix(t, "at ")
	if !ok || !strings.HasSuffix(rest, ")") {
		return Frame{}, false, false
	}
	i := strings.IndexByte(rest, '(')
	if i <= 0 || strings.ContainsAny(rest[:i], " \t") {
		return Frame{}, false, false
	}
	f = Frame{Func: rest[:i]}
	inner := rest[i+1 : len(rest)-1]
	k := strings.LastIndexByte(inner, ':')
	if k <= 0 {
		return f, true, false // "Native Method", "Unknown Source"
	}
	ln, r, ok := leadingInt(inner[k+1:])
	if !ok || r != "" {
		return f, true, false
	}
	f.File, f.Line = inner[:k], ln
	return f, true, true
}
