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
	phPyGroup                   // an exception group's tree of tracebacks
)

// pyGroupHead starts the traceback of an uncaught exception group (Python
// 3.11+), whose tracebacks are drawn as a tree:
//
//	$ python3 app.py
//	  + Exception Group Traceback (most recent call last):
//	  |   File "/app/app.py", line 16, in <module>
//	  | ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)
//	  +-+---------------- 1 ----------------
//	    | Traceback (most recent call last):
//	    |   File "/app/app.py", line 6, in fetch
//	    | ConnectionError: cannot reach db
const pyGroupHead = "  + Exception Group Traceback (most recent call last):"

func (*pythonErrors) start(text string, si *startInfo) verdict {
	switch c := text[0]; {
	case c == ' ' || c == '\t':
		if text == pyGroupHead {
			*si = startInfo{kind: KindPython, phase: phPyGroup, title: "ExceptionGroup", confirmed: true}
			return claim
		}
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
	case phPyGroup:
		t := strings.TrimLeft(text, " ")
		if t == "" || t[0] != '|' && t[0] != '+' {
			return reject
		}
		if t[0] == '+' {
			return accept // a branch: "+-+---- 1 ----", "+------"
		}
		body := strings.TrimPrefix(t[1:], " ")
		switch {
		case body == "" || body == "Traceback (most recent call last):" || body == pyGroupHead[4:]:
		case strings.HasPrefix(body, "  File \""):
			if f, ok := parsePyFrame(body); ok {
				d.frame(f)
			}
		case body[0] == ' ':
			// source and caret lines
		case !b.titled:
			// The group's own line is its title; the exceptions in it
			// follow it, so a person sees at once what went wrong.
			b.title, b.titled = body, true
		case !strings.HasPrefix(body, "ExceptionGroup: ") && !strings.HasPrefix(body, "BaseExceptionGroup: "):
			sep := "; "
			if !b.titleMore {
				sep, b.titleMore = ": ", true
			}
			if len(b.title) < maxTitleBytes {
				b.title += sep + body
			}
		}
		return accept
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
