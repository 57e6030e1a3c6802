package logs

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// Frame is one location in an error: a stack frame or a compiler position.
// Line and Column are 1-based; 0 means unknown.
type Frame struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Func   string `json:"func"`
}

// ErrorEntry is one error a process printed, grouped with its continuation
// lines (stack frames, source excerpts, notes). Its slices are never
// modified after the entry is published.
type ErrorEntry struct {
	ID    uint64    `json:"id"`
	Proc  string    `json:"proc"`
	Time  time.Time `json:"time"`
	Kind  string    `json:"kind"` // "node", "typescript", "go", "go-panic", "python", "rust", "java"
	Title string    `json:"title"`
	Text  string    `json:"text"`
	// Frames are in printed order (innermost first for stack traces).
	Frames []Frame `json:"frames"`
}

// Error kinds.
const (
	KindNode       = "node"
	KindTypeScript = "typescript"
	KindGo         = "go"
	KindGoPanic    = "go-panic"
	KindPython     = "python"
	KindRust       = "rust"
	KindJava       = "java"
)

// Bounds on one error entry and on the detector's work per line, so a flood
// of stack frames or a giant line costs a bounded amount of memory and time.
const (
	maxErrorLines  = 200
	maxErrorBytes  = 32 << 10
	maxTitleBytes  = 1024
	maxFrames      = 64
	maxDetectLine  = 4096 // longer lines are never part of an error
	maxHeaderLines = 6    // lines a tentative header may collect before it must become an error
	maxPanicHead   = 10   // lines between "panic:" and the first goroutine header
	maxResolveMemo = 256
)

// phase is where the detector is inside the error it is collecting.
type phase uint8

const (
	phNone         phase = iota
	phGo                 // Go compile error; continuation lines are indented
	phGoPanicHead        // after "panic:", before the first goroutine header
	phGoPanicTrace       // goroutine traces
	phTS                 // tsc plain diagnostics
	phTSPretty           // tsc --pretty diagnostics (blank lines and a gutter inside)
	phPyFrames           // Python traceback frames
	phPyAfter            // after the exception line: maybe a chained traceback
	phPyChain            // "The above exception was ..." seen
	phRust               // rustc diagnostic
	phRustPanicMsg       // "thread 'x' panicked at loc:" seen; the message is next
	phRustPanic          // notes and backtrace after a Rust panic
	phNodeHeader         // "file:line" header of an uncaught Node exception
	phThrowTitle         // "TypeError: ..." / "java.lang.X: ..." waiting for its first frame
	phNode               // Node stack frames
	phJava               // Java/Kotlin stack frames
)

// builder collects the error being grouped.
type builder struct {
	active    bool
	confirmed bool // false while only a header was seen: discarded if nothing follows
	kind      string
	title     string
	phase     phase
	lines     []string
	bytes     int
	truncated bool
	frames    []Frame
	time      time.Time // first line
	last      time.Time // latest line, for the idle flush
	count     int       // lines spent in the current tentative phase
	sawBlank  bool      // Node: a blank line after the frames, "Node.js vX" may follow
	javaTitle bool      // the title names a qualified (JVM) class
	fn        string    // function line waiting for its location line (Go panics, Rust backtraces)
}

// detector groups one process stream's lines into errors. It is a small
// state machine: an error ends at the first line that cannot continue it, or
// when the stream has been idle for a while (Store's sweep), or on Close.
type detector struct {
	dir   string            // the process's working directory, for resolving relative paths
	cur   builder           // the error being collected
	memo  map[string]string // resolved paths; bounded by maxResolveMemo
	stats func(string) bool // reports whether a path exists; os.Stat unless a test swaps it
}

// finished is an error ready to be stored: an entry without ID and Proc.
type finished = ErrorEntry

// feed processes one plain line and appends any errors it completed to out.
func (d *detector) feed(text string, now time.Time, out []finished) []finished {
	if len(text) > maxDetectLine {
		return d.finish(out)
	}
	if d.cur.active {
		switch d.cont(text) {
		case accept:
			d.add(text, now)
			return out
		case acceptEnd:
			d.add(text, now)
			return d.finish(out)
		}
		out = d.finish(out)
	}
	if si, ok := classify(text); ok {
		d.begin(si, text, now)
	}
	return out
}

// idle finishes the current error if no line arrived for at least wait.
func (d *detector) idle(now time.Time, wait time.Duration, out []finished) []finished {
	if d.cur.active && now.Sub(d.cur.last) >= wait {
		return d.finish(out)
	}
	return out
}

type action uint8

const (
	reject action = iota
	accept
	acceptEnd
)

// startInfo describes a line that starts an error.
type startInfo struct {
	kind      string
	phase     phase
	title     string
	confirmed bool
	frame     Frame
	hasFrame  bool
	javaTitle bool
}

// classify reports whether text starts an error, and which. It is on the
// hot path for every line, so it rejects ordinary lines with a few cheap
// prefix and byte tests before trying any parse.
func classify(text string) (startInfo, bool) {
	if text == "" {
		return startInfo{}, false
	}
	switch c := text[0]; {
	case c == ' ' || c == '\t':
		// Python prints a bare frame (no "Traceback") for syntax errors.
		if strings.HasPrefix(text, "  File \"") {
			if f, ok := parsePyFrame(text); ok {
				return startInfo{kind: KindPython, phase: phPyFrames, title: strings.TrimSpace(text), frame: f, hasFrame: true}, true
			}
		}
		return startInfo{}, false
	case c == 'p' && strings.HasPrefix(text, "panic: "), c == 'f' && strings.HasPrefix(text, "fatal error: "):
		return startInfo{kind: KindGoPanic, phase: phGoPanicHead, title: text, confirmed: true}, true
	case c == 'T' && text == "Traceback (most recent call last):":
		return startInfo{kind: KindPython, phase: phPyFrames, title: text, confirmed: true}, true
	case c == 'e' && (strings.HasPrefix(text, "error[E") || strings.HasPrefix(text, "error: ")):
		if strings.HasPrefix(text, "error: could not compile") || strings.HasPrefix(text, "error: aborting due to") {
			return startInfo{}, false // rustc/cargo summaries of errors already reported
		}
		return startInfo{kind: KindRust, phase: phRust, title: text, confirmed: true}, true
	case c == 't' && strings.HasPrefix(text, "thread '"):
		if si, ok := rustPanic(text); ok {
			return si, true
		}
	}
	if si, ok := goCompile(text); ok {
		return si, true
	}
	if si, ok := tscDiag(text); ok {
		return si, true
	}
	if title, java, ok := throwTitle(text); ok {
		return startInfo{kind: KindNode, phase: phThrowTitle, title: title, javaTitle: java}, true
	}
	if isNodeHeader(text) {
		return startInfo{kind: KindNode, phase: phNodeHeader}, true
	}
	return startInfo{}, false
}

func (d *detector) begin(si startInfo, text string, now time.Time) {
	d.cur = builder{
		active:    true,
		confirmed: si.confirmed,
		kind:      si.kind,
		title:     si.title,
		phase:     si.phase,
		time:      now,
		javaTitle: si.javaTitle,
	}
	if si.hasFrame {
		d.cur.frames = append(d.cur.frames, si.frame)
	}
	d.add(text, now)
}

func (d *detector) add(text string, now time.Time) {
	b := &d.cur
	b.last = now
	if len(b.lines) >= maxErrorLines || b.bytes+len(text) > maxErrorBytes {
		b.truncated = true
		return
	}
	b.lines = append(b.lines, text)
	b.bytes += len(text) + 1
}

func (d *detector) frame(f Frame) {
	if len(d.cur.frames) < maxFrames {
		d.cur.frames = append(d.cur.frames, f)
	}
}

// cont decides whether text continues the current error, updating the
// builder's phase, title and frames as a side effect.
func (d *detector) cont(text string) action {
	b := &d.cur
	indented := text != "" && (text[0] == ' ' || text[0] == '\t')
	switch b.phase {
	case phGo:
		if indented {
			return accept
		}
	case phGoPanicHead:
		if isGoroutineHeader(text) {
			b.phase = phGoPanicTrace
			return accept
		}
		b.count++
		if b.count <= maxPanicHead {
			return accept
		}
	case phGoPanicTrace:
		switch {
		case text == "", isGoroutineHeader(text), text == "...additional frames elided...":
			return accept
		case text[0] == '\t':
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
			return accept
		}
	case phTS, phTSPretty:
		if text == "" || indented {
			return accept
		}
		if b.phase == phTSPretty && text[0] >= '0' && text[0] <= '9' && isGutter(text) {
			return accept
		}
	case phPyFrames:
		if indented {
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
	case phRust:
		if indented {
			if f, ok := parseRustArrow(text); ok {
				d.frame(f)
			}
			return accept
		}
		if text != "" && text[0] >= '0' && text[0] <= '9' && isGutter(text) {
			return accept
		}
	case phRustPanicMsg:
		b.title = text
		b.phase = phRustPanic
		return accept
	case phRustPanic:
		if strings.HasPrefix(text, "note: ") || text == "stack backtrace:" {
			return accept
		}
		if indented {
			t := strings.TrimLeft(text, " \t")
			if loc, ok := strings.CutPrefix(t, "at "); ok {
				if f, ok := parseLoc(loc); ok {
					f.Func = b.fn
					d.frame(f)
				}
				b.fn = ""
			} else if _, fn, ok := strings.Cut(t, ": "); ok && t[0] >= '0' && t[0] <= '9' {
				b.fn = fn
			}
			return accept
		}
	case phNodeHeader:
		if _, ok := classify(text); ok {
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
		if f, isFrame, hasLoc := parseJavaFrame(text); isFrame {
			b.kind, b.phase, b.confirmed = KindJava, phJava, true
			if hasLoc {
				d.frame(f)
			}
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
		case indented:
			if f, isFrame, hasLoc := parseJSFrame(text); isFrame && hasLoc {
				d.frame(f)
			}
			return accept
		case text[0] == '}' || text[0] == ']' || strings.HasPrefix(text, "Emitted '") ||
			text == "Require stack:" || strings.HasPrefix(text, "- "):
			return accept
		}
	case phJava:
		if indented {
			if f, isFrame, hasLoc := parseJavaFrame(text); isFrame && hasLoc {
				d.frame(f)
			}
			return accept
		}
		if strings.HasPrefix(text, "Caused by: ") {
			return accept
		}
	}
	return reject
}

// finish publishes the current error if it was confirmed, and resets.
func (d *detector) finish(out []finished) []finished {
	b := &d.cur
	if !b.active {
		return out
	}
	if b.confirmed {
		lines := b.lines
		for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
			lines = lines[:len(lines)-1]
		}
		text := strings.Join(lines, "\n")
		if b.truncated {
			text += "\n…"
		}
		frames := b.frames
		for i := range frames {
			frames[i].File = d.resolve(frames[i].File)
		}
		out = append(out, finished{
			Time:   b.time,
			Kind:   b.kind,
			Title:  truncate(b.title, maxTitleBytes),
			Text:   text,
			Frames: frames,
		})
	}
	d.cur = builder{}
	return out
}

// setDir changes the directory that relative paths resolve against.
func (d *detector) setDir(dir string) {
	d.dir = dir
	d.memo = nil
}

// resolve turns a frame's file into the path an editor can open: file://
// URLs become paths, and a relative path becomes absolute when the file
// exists in the process's directory. Anything else (node:internal, <anonymous>,
// a Java file name) is left as printed.
func (d *detector) resolve(f string) string {
	if strings.HasPrefix(f, "file://") {
		if u, err := url.Parse(f); err == nil && u.Path != "" {
			f = u.Path
			if len(f) > 2 && f[0] == '/' && f[2] == ':' {
				f = f[1:] // file:///C:/x on Windows
			}
			f = filepath.FromSlash(f)
		}
	}
	if d.dir == "" || f == "" || filepath.IsAbs(f) || strings.Contains(f, ":") || f[0] == '<' {
		return f
	}
	if p, ok := d.memo[f]; ok {
		return p
	}
	p := filepath.Join(d.dir, f)
	exists := false
	if d.stats != nil {
		exists = d.stats(p)
	} else if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		exists = true
	}
	if !exists {
		p = f
	}
	if d.memo == nil || len(d.memo) >= maxResolveMemo {
		d.memo = make(map[string]string)
	}
	d.memo[f] = p
	return p
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// goCompile parses "path/file.go:12:3: message" (an optional "vet: "
// prefix), the format of go build, go vet and gopls. The column is required
// except after "vet: ": the compiler always prints one, and without it every
// line of a program logging with log.Lshortfile ("main.go:42: listening")
// would look like a compile error.
func goCompile(text string) (startInfo, bool) {
	t, vet := strings.CutPrefix(text, "vet: ")
	i := strings.Index(t, ".go:")
	if i <= 0 || strings.ContainsAny(t[:i], " \t") {
		return startInfo{}, false
	}
	file := t[:i+3]
	rest := t[i+4:]
	ln, rest, ok := leadingInt(rest)
	if !ok {
		return startInfo{}, false
	}
	col := 0
	if strings.HasPrefix(rest, ":") {
		if c, r, ok := leadingInt(rest[1:]); ok {
			col, rest = c, r
		}
	}
	if col == 0 && !vet {
		return startInfo{}, false
	}
	msg, ok := strings.CutPrefix(rest, ": ")
	if !ok || strings.TrimSpace(msg) == "" {
		return startInfo{}, false
	}
	return startInfo{kind: KindGo, phase: phGo, title: msg, confirmed: true,
		frame: Frame{File: file, Line: ln, Column: col}, hasFrame: true}, true
}

// tscDiag parses tsc diagnostics: "file(12,3): error TS2322: msg" (plain,
// the default when not writing to a terminal) and "file:12:3 - error
// TS2322: msg" (--pretty, colours already stripped).
func tscDiag(text string) (startInfo, bool) {
	if i := strings.Index(text, "): error TS"); i > 0 {
		p := strings.LastIndexByte(text[:i], '(')
		if p <= 0 {
			return startInfo{}, false
		}
		ln, rest, ok := leadingInt(text[p+1 : i])
		if !ok || !strings.HasPrefix(rest, ",") {
			return startInfo{}, false
		}
		col, rest, ok := leadingInt(rest[1:])
		if !ok || rest != "" {
			return startInfo{}, false
		}
		return startInfo{kind: KindTypeScript, phase: phTS, title: text[i+len("): error "):], confirmed: true,
			frame: Frame{File: text[:p], Line: ln, Column: col}, hasFrame: true}, true
	}
	if i := strings.Index(text, " - error TS"); i > 0 {
		f, ok := parseLoc(text[:i])
		if !ok || f.Column == 0 {
			return startInfo{}, false
		}
		return startInfo{kind: KindTypeScript, phase: phTSPretty, title: text[i+len(" - error "):], confirmed: true,
			frame: f, hasFrame: true}, true
	}
	return startInfo{}, false
}

// rustPanic parses "thread 'main' panicked at src/main.rs:2:5:" (Rust 1.73+,
// message on the next line; newer versions add the thread ID "(1234)") and
// the older "thread 'main' panicked at 'msg', src/main.rs:2:5".
func rustPanic(text string) (startInfo, bool) {
	_, rest, ok := strings.Cut(text, " panicked at ")
	if !ok {
		return startInfo{}, false
	}
	if loc, ok := strings.CutSuffix(rest, ":"); ok {
		if f, ok := parseLoc(loc); ok {
			return startInfo{kind: KindRust, phase: phRustPanicMsg, title: text, confirmed: true, frame: f, hasFrame: true}, true
		}
	}
	if k := strings.LastIndex(rest, "', "); k > 0 && rest[0] == '\'' {
		if f, ok := parseLoc(rest[k+3:]); ok {
			return startInfo{kind: KindRust, phase: phRustPanic, title: rest[1:k], confirmed: true, frame: f, hasFrame: true}, true
		}
	}
	return startInfo{}, false
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

// parseRustArrow parses rustc's " --> src/main.rs:2:18".
func parseRustArrow(text string) (Frame, bool) {
	t := strings.TrimLeft(text, " \t")
	loc, ok := strings.CutPrefix(t, "--> ")
	if !ok {
		return Frame{}, false
	}
	return parseLoc(strings.TrimSpace(loc))
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

// parseLoc parses "file:line:col" or "file:line" from the right, so that
// files containing colons (file:///x, node:internal/x, C:\x) keep them.
func parseLoc(loc string) (Frame, bool) {
	k := strings.LastIndexByte(loc, ':')
	if k <= 0 {
		return Frame{}, false
	}
	last, r, ok := leadingInt(loc[k+1:])
	if !ok || r != "" {
		return Frame{}, false
	}
	head := loc[:k]
	if j := strings.LastIndexByte(head, ':'); j > 0 {
		if ln, r, ok := leadingInt(head[j+1:]); ok && r == "" {
			return Frame{File: head[:j], Line: ln, Column: last}, true
		}
	}
	return Frame{File: head, Line: last}, true
}

// leadingInt parses the decimal number at the start of s (at most 9
// digits, so it cannot overflow) and returns the rest.
func leadingInt(s string) (n int, rest string, ok bool) {
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i == 0 || i < len(s) && s[i] >= '0' && s[i] <= '9' {
		return 0, s, false
	}
	return n, s[i:], true
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

// isGutter recognises a source excerpt line "12 |  code" (rustc) or
// "12   code" (tsc --pretty): a line number then spaces or a bar.
func isGutter(text string) bool {
	_, rest, ok := leadingInt(text)
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '|')
}
