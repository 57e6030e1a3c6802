package logs

import "strings"

// goTestErrors understands go test's failures: a "--- FAIL: TestX (0.00s)"
// line with the test's messages indented under it ("    x_test.go:14:
// message", the position testing prints for t.Error and t.Fatal), nested
// subtests and testify's "Error Trace:/Error:" blocks. With -v the messages
// come before the "--- FAIL" line (after "=== RUN"), so an indented message
// line starts a tentative error that only "--- FAIL" confirms: a passing
// test's t.Log lines end in "--- PASS" and are dropped.
//
//	--- FAIL: TestAdd (0.00s)
//	    calc_test.go:7: Add(2, 3) = -1, want 5
type goTestErrors struct{}

// KindGoTest is the kind of a failed Go test.
const KindGoTest = "go-test"

// goTestErrors' phases.
const (
	phGoTestLog  phase = iota + 1 // -v: message lines before "--- FAIL"
	phGoTestFail                  // after "--- FAIL": indented messages and subtests
)

func (*goTestErrors) start(text string, si *startInfo) verdict {
	switch text[0] {
	case '-':
		if name, ok := goTestFail(text); ok {
			*si = startInfo{kind: KindGoTest, phase: phGoTestFail, title: name + " failed", confirmed: true, fn: name}
			return claim
		}
	case ' ':
		if f, msg, ok := goTestMessage(text); ok {
			*si = startInfo{kind: KindGoTest, phase: phGoTestLog, title: msg, titled: msg != "", frame: f, hasFrame: true}
			return claim
		}
	}
	return pass
}

func (*goTestErrors) cont(d *detector, text string) action {
	b := &d.cur
	if !indented(text) {
		if name, ok := goTestFail(text); ok && b.phase == phGoTestLog {
			// The messages collected were this test's: they name it.
			b.confirmed, b.phase, b.fn = true, phGoTestFail, name
			if b.titled {
				b.title = name + ": " + b.title
			} else {
				b.title = name + " failed"
			}
			return accept
		}
		return reject
	}
	if b.phase == phGoTestLog {
		b.count++
		if b.count >= maxErrorLines {
			return reject
		}
	}
	t := strings.TrimLeft(text, " ")
	if name, ok := goTestFail(t); ok {
		if b.phase == phGoTestFail {
			b.fn = name
			if !b.titled {
				b.title = name + " failed"
			}
		}
		return accept
	}
	// A message names the test it is in once that is known (after
	// "--- FAIL"); before it, with -v, the name is added at "--- FAIL".
	prefix := ""
	if b.phase == phGoTestFail {
		prefix = b.fn + ": "
	}
	if f, msg, ok := goTestMessage(text); ok {
		d.frame(f)
		if !b.titled && msg != "" {
			b.title, b.titled = prefix+msg, true
		}
		b.titleMore = false
		return accept
	}
	if !b.titled {
		if msg, ok := testifyError(t); ok && msg != "" {
			b.title, b.titled = prefix+msg, true
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
