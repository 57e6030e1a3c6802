package logs

import "strings"

// goErrors understands the go tool and the Go runtime: compile and vet
// errors from go build, go vet and gopls, with their indented continuation
// lines, and panics and fatal errors with the goroutine traces after them.
//
//	./main.go:9:14: undefined: undefinedThing
//	panic: runtime error: index out of range [5] with length 3
type goErrors struct{}

// Go error kinds.
const (
	KindGo      = "go"
	KindGoPanic = "go-panic"
)

// goErrors' phases.
const (
	phGo           phase = iota + 1 // compile error; continuation lines are indented
	phGoPanicHead                   // after "panic:", before the first goroutine header
	phGoPanicTrace                  // goroutine traces
)

// maxPanicHead is how many lines may come between "panic:" and the first
// goroutine header.
const maxPanicHead = 10

func (*goErrors) start(text string, si *startInfo) verdict {
	if c := text[0]; c == 'p' && strings.HasPrefix(text, "panic: ") || c == 'f' && strings.HasPrefix(text, "fatal error: ") {
		*si = startInfo{kind: KindGoPanic, phase: phGoPanicHead, title: text, confirmed: true}
		return claim
	}
	if c := text[0]; c == 'h' || c >= '0' && c <= '9' {
		if title, ok := goHTTPPanic(text); ok {
			*si = startInfo{kind: KindGoPanic, phase: phGoPanicHead, title: title, confirmed: true}
			return claim
		}
	}
	if goCompile(text, si) {
		return claim
	}
	return pass
}

// maxLogPrefix is how far into a line the log package's prefix (date, time
// with microseconds, file:line) may push "http: panic serving".
const maxLogPrefix = 96

// goHTTPPanic recognises the line net/http logs when it recovers a
// handler's panic, "2024/05/01 10:00:00 http: panic serving
// 127.0.0.1:55026: runtime error: ...", which is followed by the goroutine's
// trace with no "panic:" line and no exit. Its title is the panic's as the
// runtime would print it; the client address is in the text.
func goHTTPPanic(text string) (string, bool) {
	const marker = "http: panic serving "
	head := text
	if len(head) > maxLogPrefix+len(marker) {
		head = head[:maxLogPrefix+len(marker)]
	}
	i := strings.Index(head, marker)
	if i < 0 {
		return "", false
	}
	rest := text[i+len(marker):]
	j := strings.Index(rest, ": ")
	if j <= 0 || strings.ContainsAny(rest[:j], " \t") {
		return "", false
	}
	return "panic: " + rest[j+2:], true
}

func (*goErrors) cont(d *detector, text string) action {
	b := &d.cur
	switch b.phase {
	case phGo:
		if indented(text) {
			return accept
		}
	case phGoPanicHead:
		if isGoroutineHeader(text) {
			b.phase = phGoPanicTrace
			b.count = len(b.frames)
			return accept
		}
		b.count++
		if b.count <= maxPanicHead {
			return accept
		}
	case phGoPanicTrace:
		switch {
		case isGoroutineHeader(text):
			b.count = len(b.frames)
			return accept
		case text == "", text == "...additional frames elided...":
			return accept
		case text[0] == '\t':
			if b.fn == "panic" {
				b.fn = "" // the runtime's panic frame: see isGoFuncLine below
				return accept
			}
			if f, ok := parseGoTraceLoc(text); ok {
				f.Func = b.fn
				d.frame(f)
			}
			b.fn = ""
			return accept
		case strings.HasPrefix(text, "exit status "):
			return acceptEnd
		case strings.HasPrefix(text, "created by "):
			b.fn = goFuncName(text)
			return accept
		case isGoFuncLine(text):
			b.fn = goFuncName(text)
			if b.fn == "panic" && b.count <= len(b.frames) {
				// The frames above the runtime's panic(...) frame are the
				// deferred functions that ran during the panic (net/http's
				// and testing's recover-and-repanic): the panic happened in
				// the frame below it, where the trace should start.
				b.frames = b.frames[:b.count]
			}
			return accept
		}
	}
	return reject
}

// goCompile parses "path/file.go:12:3: message" (an optional "vet: "
// prefix), the format of go build, go vet and gopls. The column is required
// except after "vet: ": the compiler always prints one, and without it every
// line of a program logging with log.Lshortfile ("main.go:42: listening")
// would look like a compile error.
func goCompile(text string, si *startInfo) bool {
	t, vet := strings.CutPrefix(text, "vet: ")
	i := strings.Index(t, ".go:")
	if i <= 0 || strings.ContainsAny(t[:i], " \t") {
		return false
	}
	file := t[:i+3]
	rest := t[i+4:]
	ln, rest, ok := leadingInt(rest)
	if !ok {
		return false
	}
	col := 0
	if strings.HasPrefix(rest, ":") {
		if c, r, ok := leadingInt(rest[1:]); ok {
			col, rest = c, r
		}
	}
	if col == 0 && !vet {
		return false
	}
	msg, ok := strings.CutPrefix(rest, ": ")
	if !ok || strings.TrimSpace(msg) == "" {
		return false
	}
	*si = startInfo{kind: KindGo, phase: phGo, title: msg, confirmed: true,
		frame: Frame{File: file, Line: ln, Column: col}, hasFrame: true}
	return true
}

// parseGoTraceLoc parses a goroutine trace location "\t/app/main.go:12 +0x1d".
func parseGoTraceLoc(text string) (Frame, bool) {
	t := strings.TrimLeft(text, " \t")
	if i := strings.LastIndex(t, " +0x"); i > 0 {
		t = t[:i]
	}
	k := strings.LastIndexByte(t, ':')
	if k <= 0 {
		return Frame{}, false
	}
	ln, r, ok := leadingInt(t[k+1:])
	if !ok || r != "" {
		return Frame{}, false
	}
	return Frame{File: t[:k], Line: ln}, true
}

func isGoroutineHeader(text string) bool {
	return strings.HasPrefix(text, "goroutine ") && strings.HasSuffix(text, "]:")
}

// isGoFuncLine recognises a goroutine trace function line such as
// "main.(*server).route(...)" or "sync.(*WaitGroup).Wait(0xc000012345)".
func isGoFuncLine(text string) bool {
	if !strings.HasSuffix(text, ")") {
		return false
	}
	i := strings.IndexByte(text, '(')
	return i > 0 && !strings.ContainsAny(text[:i], " \t")
}

// goFuncName strips the argument list from a trace function line.
func goFuncName(text string) string {
	text = strings.TrimPrefix(text, "created by ")
	if i := strings.Index(text, " in goroutine "); i > 0 {
		return text[:i]
	}
	if !strings.HasSuffix(text, ")") {
		return text
	}
	depth := 0
	for i := len(text) - 1; i >= 0; i-- {
		switch text[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return text[:i]
			}
		}
	}
	return text
}
