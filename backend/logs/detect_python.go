package logs

import "strings"

// pythonErrors understands CPython's tracebacks, chained ones included
// ("During handling of the above exception ..."), and the bare frame it
// prints before a SyntaxError; the exception line that escaped is the title.
//
//	Traceback (most recent call last):
type pythonErrors struct{}

// KindPython is the kind of a Python exception.
const KindPython = "python"

// pythonErrors' phases.
const (
	phPyFrames phase = iota + 1 // traceback frames
	phPyAfter                   // after the exception line: maybe a chained traceback
	phPyChain                   // "The above exception was ..." seen
)

func (*pythonErrors) start(text string, si *startInfo) verdict {
	switch c := text[0]; {
	case c == ' ' || c == '\t':
		// Python prints a bare frame (no "Traceback") for syntax errors.
		if strings.HasPrefix(text, "  File \"") {
			if f, ok := parsePyFrame(text); ok {
				*si = startInfo{kind: KindPython, phase: phPyFrames, title: strings.TrimSpace(text), frame: f, hasFrame: true}
				return claim
			}
		}
	case c == 'T' && text == "Traceback (most recent call last):":
		*si = startInfo{kind: KindPython, phase: phPyFrames, title: text, confirmed: true}
		return claim
	}
	return pass
}

func (*pythonErrors) cont(d *detector, text string) action {
	b := &d.cur
	switch b.phase {
	case phPyFrames:
		if indented(text) {
			if f, ok := parsePyFrame(text); ok {
				d.frame(f)
			}
			return accept
		}
		if text != "" {
			// The first unindented line is the exception; with chained
			// exceptions the last one (the one that escaped) wins.
			b.title = text
			b.confirmed = true
			b.phase = phPyAfter
			return accept
		}
	case phPyAfter:
		switch text {
		case "":
			return accept
		case "The above exception was the direct cause of the following exception:",
			"During handling of the above exception, another exception occurred:":
			b.phase = phPyChain
			return accept
		}
	case phPyChain:
		switch text {
		case "":
			return accept
		case "Traceback (most recent call last):":
			b.phase = phPyFrames
			return accept
		}
	}
	return reject
}

// parsePyFrame parses `  File "/app/x.py", line 12, in main`.
func parsePyFrame(text string) (Frame, bool) {
	t := strings.TrimLeft(text, " \t")
	rest, ok := strings.CutPrefix(t, "File \"")
	if !ok {
		return Frame{}, false
	}
	q := strings.Index(rest, "\", line ")
	if q < 0 {
		return Frame{}, false
	}
	ln, r, ok := leadingInt(rest[q+len("\", line "):])
	if !ok {
		return Frame{}, false
	}
	return Frame{File: rest[:q], Line: ln, Func: strings.TrimPrefix(r, ", in ")}, true
}
