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
	ID    uint64 `json:"id"`
	Proc  string `json:"proc"`
	Time  int64  `json:"time"` // unix ms of its first line, as every time the frontend gets
	Kind  string `json:"kind"` // a Kind constant: "node", "typescript", "esbuild", "vite", "webpack", "go", "go-test", "go-panic", "python", "rust", "java", "javac", "php", "ruby"
	Title string `json:"title"`
	Text  string `json:"text"`
	// Frames are in printed order (innermost first for stack traces), except
	// that a Laravel error's first app frame is moved first.
	Frames []Frame `json:"frames"`
}

// Bounds on one error entry and on the detector's work per line, so a flood
// of stack frames or a giant line costs a bounded amount of memory and time.
const (
	maxErrorLines  = 200
	maxErrorBytes  = 32 << 10
	maxTitleBytes  = 1024
	maxFrames      = 64
	maxDetectLine  = 4096 // longer lines are never part of an error
	maxHeaderLines = 6    // lines a tentative header may collect before it must become an error
	maxResolveMemo = 256
)

// A family recognises the errors one language's tools print: it says which
// lines start one, and which lines continue the one being collected. Each
// family is one file (detect_go.go, detect_python.go, ...) holding its Kind
// constants, its phases and its parsers. Families are stateless values:
// everything about the error in progress lives in the builder, so one value
// serves every stream.
type family interface {
	// start reports whether text starts one of the family's errors; when it
	// claims the line it describes the error in *si, and leaves *si alone
	// otherwise. text is non-empty and at most maxDetectLine bytes. start
	// runs for every line that continues no error, so it rejects ordinary
	// lines with a few cheap prefix and byte tests before trying any parse.
	// (An out-parameter rather than a returned struct: copying startInfo
	// out of five interface calls per line doubled the cost of detection.)
	start(text string, si *startInfo) verdict
	// cont decides whether text continues d.cur (an error this family
	// started or took over), updating its phase, title and frames.
	cont(d *detector, text string) action
}

// families are asked in this order whether a line starts an error; the
// first to claim it wins. Order matters only where two could read one line:
// rust before go ("error[E1]x.go:1:2: y" is rustc's), go test before go (an
// indented "    x_test.go:7: msg" is a test's message), go, javac, php and
// ruby before tsc, whose "(1,2): error TS" may sit inside any line, the
// bundlers before node, whose "words: Error: ..." test would read their
// messages, and node last, its title and header tests being the loosest. The JVM family is not here: a
// JVM exception's first line reads like a JavaScript one, so node starts it
// and hands it over at its first JVM frame (see adoptJava). Adding a
// language is one file with its family plus its entry here.
var families = []family{&pythonErrors{}, &rustErrors{}, &goTestErrors{}, &goErrors{}, &javacErrors{}, &phpErrors{}, &laravelErrors{}, &rubyErrors{}, &tscErrors{}, &esbuildErrors{}, &viteErrors{}, &webpackErrors{}, &nodeErrors{}}

// finisher is a family that completes an error once all its lines are in:
// it may add the location the tool printed outside the frames.
type finisher interface {
	done(d *detector)
}

// verdict is a family's answer to "does this line start one of your errors?".
type verdict uint8

const (
	pass  verdict = iota // not this family's: ask the next
	claim                // starts one of this family's errors
	veto                 // starts no error at all, ask no other family (rustc's "error: aborting due to ..." summary)
)

// action is a family's answer to "does this line continue the error?".
type action uint8

const (
	reject    action = iota // no: the error ends before this line
	accept                  // yes, and more may follow
	acceptEnd               // yes, and it is the error's last line
)

// phase is where a family is inside the error it is collecting. Each family
// numbers its own phases from 1 (see its file); 0 means no error. A phase
// means something only together with the builder's family.
type phase uint8

// builder collects the error being grouped.
type builder struct {
	active    bool
	confirmed bool   // false while only a header was seen: discarded if nothing follows
	fam       family // the family collecting the error; nil when not active
	kind      string
	title     string
	phase     phase // fam's own phase
	lines     []string
	bytes     int
	truncated bool
	frames    []Frame
	time      time.Time      // first line
	last      time.Time      // latest line, for the idle flush
	count     int            // lines spent in the current tentative phase
	sawBlank  bool           // Node: a blank line after the frames, "Node.js vX" may follow
	javaTitle bool           // Node: the title names a qualified (JVM) class
	fn        string         // function line waiting for its location line (Go panics, Rust backtraces); the failing test (go test)
	titled    bool           // the title has its message (go test, Python exception groups): later lines keep it
	titleMore bool           // go test: testify's expected/actual lines complete the title
	tests     []goTestOutput // go test -v: each test's messages, until "--- FAIL" names it
}

// detector groups one process stream's lines into errors. It is a small
// state machine: an error ends at the first line that cannot continue it, or
// when the stream has been idle for a while (Store's sweep), or on Close.
type detector struct {
	dir   string            // the process's working directory, for resolving relative paths
	cur   builder           // the error being collected
	memo  map[string]string // resolved paths; bounded by maxResolveMemo
	stats func(string) bool // reports whether a path exists; os.Stat unless a test swaps it
	next  startInfo         // classify's answer for the line being fed; zero outside feed
}

// finished is an error ready to be stored: an entry without ID and Proc.
type finished = ErrorEntry

// feed processes one plain line and appends any errors it completed to out.
func (d *detector) feed(text string, now time.Time, out []finished) []finished {
	if len(text) > maxDetectLine {
		return d.finish(out)
	}
	if d.cur.active {
		switch d.cur.fam.cont(d, text) {
		case accept:
			d.add(text, now)
			return out
		case acceptEnd:
			d.add(text, now)
			return d.finish(out)
		}
		out = d.finish(out)
	}
	if classify(text, &d.next) {
		d.begin(text, now)
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

// startInfo describes a line that starts an error.
type startInfo struct {
	fam       family // set by classify: the family that claimed the line
	kind      string
	phase     phase
	title     string
	confirmed bool
	frame     Frame
	hasFrame  bool
	javaTitle bool
	titled    bool
	fn        string
}

// classify reports whether text starts an error, and describes it in *si
// if so. It is on the hot path for every line that continues no error.
func classify(text string, si *startInfo) bool {
	if text == "" {
		return false
	}
	for _, f := range families {
		switch f.start(text, si) {
		case claim:
			si.fam = f
			return true
		case veto:
			return false
		}
	}
	return false
}

// startsError reports whether text starts an error of any family.
func (d *detector) startsError(text string) bool {
	ok := classify(text, &d.next)
	d.next = startInfo{}
	return ok
}

// begin starts collecting the error d.next describes, text its first line.
func (d *detector) begin(text string, now time.Time) {
	si := &d.next
	d.cur = builder{
		active:    true,
		confirmed: si.confirmed,
		fam:       si.fam,
		kind:      si.kind,
		title:     si.title,
		phase:     si.phase,
		time:      now,
		javaTitle: si.javaTitle,
		titled:    si.titled,
		fn:        si.fn,
	}
	if si.hasFrame {
		d.cur.frames = append(d.cur.frames, si.frame)
	}
	d.next = startInfo{}
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

// frame records one more frame of the current error, up to maxFrames.
func (d *detector) frame(f Frame) {
	if len(d.cur.frames) < maxFrames {
		d.cur.frames = append(d.cur.frames, f)
	}
}

// finish publishes the current error if it was confirmed, and resets.
func (d *detector) finish(out []finished) []finished {
	b := &d.cur
	if !b.active {
		return out
	}
	if b.confirmed {
		if f, ok := b.fam.(finisher); ok {
			f.done(d)
		}
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
			Time:   b.time.UnixMilli(),
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

// The parsers below are shared by several families.

// indented reports whether text starts with a space or a tab: the
// continuation lines (frames, notes, excerpts) of most tools' errors.
func indented(text string) bool {
	return text != "" && (text[0] == ' ' || text[0] == '\t')
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

// locHasColumn reports whether parseLoc found a column in loc: whether loc
// ends in ":line:column" rather than ":line", for tools that count columns
// from 0, where a column of 0 is a real one.
func locHasColumn(loc string) bool {
	k := strings.LastIndexByte(loc, ':')
	if k <= 0 {
		return false
	}
	j := strings.LastIndexByte(loc[:k], ':')
	if j < 0 {
		return false
	}
	_, r, ok := leadingInt(loc[j+1 : k])
	return ok && r == ""
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

// isGutter recognises a source excerpt line "12 |  code" (rustc) or
// "12   code" (tsc --pretty): a line number then spaces or a bar.
func isGutter(text string) bool {
	_, rest, ok := leadingInt(text)
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '|')
}
