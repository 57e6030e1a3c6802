package logs

import "strings"

// goTestErrors understands go test's failures: a "--- FAIL: TestX (0.00s)"
// line with the test's messages indented under it ("    x_test.go:14:
// message", the position testing prints for t.Error and t.Fatal), nested
// subtests and testify's "Error Trace:/Error:" blocks.
//
//	--- FAIL: TestAdd (0.00s)
//	    calc_test.go:7: Add(2, 3) = -1, want 5
//
// With -v each test's messages come after its "=== RUN   TestX" line and
// before its "--- FAIL" or "--- PASS", a subtest's apart from the "--- FAIL"
// lines that name it (those come at the end of the top-level test). So
// "=== RUN" starts a tentative error that collects every test's messages
// by name; "--- FAIL" confirms it and takes the messages of each test it
// names, "--- PASS" drops it with the t.Log lines of the tests that passed.
type goTestErrors struct{}

// KindGoTest is the kind of a failed Go test.
const KindGoTest = "go-test"

// goTestErrors' phases.
const (
	phGoTestRun  phase = iota + 1 // -v: a test's output, before its "--- FAIL" or "--- PASS"
	phGoTestFail                  // after "--- FAIL": indented messages and subtests
)

// goTestOutput is what one test printed with -v before its result: its
// first message and the positions of all of them.
type goTestOutput struct {
	name   string
	msg    string
	frames []Frame
}

func (*goTestErrors) start(text string, si *startInfo) verdict {
	switch text[0] {
	case '-':
		if name, ok := goTestFail(text); ok {
			*si = startInfo{kind: KindGoTest, phase: phGoTestFail, title: name + " failed", confirmed: true, fn: name}
			return claim
		}
	case '=':
		if name, ok := goTestRun(text); ok {
			*si = startInfo{kind: KindGoTest, phase: phGoTestRun, title: name + " failed", fn: name}
			return claim
		}
	}
	return pass
}

func (*goTestErrors) cont(d *detector, text string) action {
	b := &d.cur
	if !indented(text) {
		if b.phase != phGoTestRun {
			return reject
		}
		if name, ok := goTestRun(text); ok {
			b.fn = name // output switches to another test (subtest, parallel)
			return accept
		}
		if name, ok := goTestFail(text); ok {
			b.confirmed, b.phase, b.fn = true, phGoTestFail, name
			goTestFailed(d, name)
			return accept
		}
		return reject
	}
	b.count++
	if b.count >= maxErrorLines {
		return reject
	}
	t := strings.TrimLeft(text, " ")
	if b.phase == phGoTestRun {
		goTestCollect(b, text, t)
		return accept
	}
	if name, ok := goTestFail(t); ok {
		b.fn = name
		goTestFailed(d, name)
		return accept
	}
	if f, msg, ok := goTestMessage(text); ok {
		d.frame(f)
		if !b.titled && msg != "" {
			b.title, b.titled = b.fn+": "+msg, true
		}
		b.titleMore = false
		return accept
	}
	if !b.titled {
		if msg, ok := testifyError(t); ok && msg != "" {
			b.title, b.titled = b.fn+": "+msg, true
			b.titleMore = strings.HasSuffix(msg, ":") // expected/actual lines complete it
		}
		return accept
	}
	if b.titleMore {
		if v, ok := testifyValue(t); ok {
			b.title += " " + v
			return accept
		}
		b.titleMore = false
	}
	return accept
}

// goTestCollect keeps a -v message line (or testify's account of one) as
// the output of the test running, b.fn.
func goTestCollect(b *builder, text, t string) {
	var out *goTestOutput
	for i := range b.tests {
		if b.tests[i].name == b.fn {
			out = &b.tests[i]
		}
	}
	if out == nil {
		if len(b.tests) >= maxFrames {
			return
		}
		b.tests = append(b.tests, goTestOutput{name: b.fn})
		out = &b.tests[len(b.tests)-1]
	}
	if f, msg, ok := goTestMessage(text); ok {
		if len(out.frames) < maxFrames {
			out.frames = append(out.frames, f)
		}
		if out.msg == "" {
			out.msg = msg
		}
		b.titleMore = false
		return
	}
	if out.msg == "" {
		if msg, ok := testifyError(t); ok && msg != "" {
			out.msg = msg
			b.titleMore = strings.HasSuffix(msg, ":")
		}
		return
	}
	if b.titleMore {
		if v, ok := testifyValue(t); ok {
			out.msg += " " + v
			return
		}
		b.titleMore = false
	}
}

// goTestFailed records that the test name failed: its -v messages' frames
// join the error's, and its first message names the error unless an
// earlier failed test's did.
func goTestFailed(d *detector, name string) {
	b := &d.cur
	msg := ""
	for _, out := range b.tests {
		if out.name == name {
			for _, f := range out.frames {
				d.frame(f)
			}
			msg = out.msg
		}
	}
	switch {
	case b.titled:
	case msg != "":
		b.title, b.titled = name+": "+msg, true
	default:
		b.title = name + " failed"
	}
}

// goTestRun parses -v's "=== RUN   TestX/sub" (and CONT, NAME, PAUSE: the
// output that follows is that test's) and returns the test's name.
func goTestRun(text string) (string, bool) {
	if len(text) <= len("=== RUN   ") || !strings.HasPrefix(text, "=== ") {
		return "", false
	}
	verb := strings.TrimRight(text[4:len("=== RUN   ")], " ")
	switch verb {
	case "RUN", "CONT", "NAME", "PAUSE":
	default:
		return "", false
	}
	name := text[len("=== RUN   "):]
	if name == "" || strings.ContainsAny(name, " \t") {
		return "", false
	}
	return name, true
}

// goTestFail parses "--- FAIL: TestX/sub (0.00s)" and returns the test's name.
func goTestFail(text string) (string, bool) {
	rest, ok := strings.CutPrefix(text, "--- FAIL: ")
	if !ok {
		return "", false
	}
	i := strings.LastIndex(rest, " (")
	if i <= 0 || !strings.HasSuffix(rest, "s)") {
		return "", false
	}
	return rest[:i], true
}

// goTestMessage parses a message line of go test, "    calc_test.go:7: msg":
// indented by four spaces per level of subtest, a file name without a
// folder, a line and no column. testing prints only *_test.go positions
// unless a helper forgets t.Helper, and those are still the test's own code.
func goTestMessage(text string) (f Frame, msg string, ok bool) {
	t := strings.TrimLeft(text, " ")
	n := len(text) - len(t)
	if n < 4 || n%4 != 0 {
		return Frame{}, "", false
	}
	// "calc_test.go:7:" is the first word: look for ".go:" only in it.
	head := t
	if sp := strings.IndexByte(t, ' '); sp >= 0 {
		head = t[:sp]
	}
	if len(head) < len("x.go:1:") || head[len(head)-1] != ':' {
		return Frame{}, "", false
	}
	i := strings.Index(head, ".go:")
	if i <= 0 || strings.ContainsAny(t[:i], "\t/\\") {
		return Frame{}, "", false
	}
	ln, rest, ok := leadingInt(t[i+4:])
	if !ok {
		return Frame{}, "", false
	}
	if rest != ":" && !strings.HasPrefix(rest, ": ") {
		return Frame{}, "", false
	}
	return Frame{File: t[:i+3], Line: ln}, strings.TrimSpace(rest[1:]), true
}

// testifyError parses the "\tError:      \tNot equal: " line of a testify
// assertion and returns its message.
func testifyError(t string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimLeft(t, "\t"), "Error:")
	if !ok {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// testifyValue parses a continuation of testify's Error value
// ("\t            \texpected: 5") and returns it with its spaces collapsed.
func testifyValue(t string) (string, bool) {
	t = strings.TrimLeft(t, "\t")
	rest := strings.TrimLeft(t, " ")
	if len(rest) == len(t) || !strings.HasPrefix(rest, "\t") {
		return "", false
	}
	v := strings.Join(strings.Fields(rest), " ")
	return strings.ReplaceAll(v, " :", ":"), v != ""
}
