package logs

import "strings"

// rustErrors understands rustc and cargo diagnostics (errors with their
// "-->" location, source excerpt and notes; warnings are not errors) and
// Rust panics, in the 1.73+ form with the message on the next line and in
// the older one-line form, with the backtrace RUST_BACKTRACE=1 adds.
//
//	error[E0308]: mismatched types
type rustErrors struct{}

// KindRust is the kind of a rustc error or a Rust panic.
const KindRust = "rust"

// rustErrors' phases.
const (
	phRust         phase = iota + 1 // rustc diagnostic
	phRustPanicMsg                  // "thread 'x' panicked at loc:" seen; the message is next
	phRustPanic                     // notes and backtrace after a Rust panic
)

func (*rustErrors) start(text string, si *startInfo) verdict {
	switch text[0] {
	case 'e':
		if strings.HasPrefix(text, "error[E") || strings.HasPrefix(text, "error: ") {
			if strings.HasPrefix(text, "error: could not compile") || strings.HasPrefix(text, "error: aborting due to") {
				return veto // rustc/cargo summaries of errors already reported
			}
			*si = startInfo{kind: KindRust, phase: phRust, title: text, confirmed: true}
			return claim
		}
	case 't':
		if strings.HasPrefix(text, "thread '") {
			if rustPanic(text, si) {
				return claim
			}
		}
	}
	return pass
}

func (*rustErrors) cont(d *detector, text string) action {
	b := &d.cur
	switch b.phase {
	case phRust:
		if indented(text) {
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
		if indented(text) {
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
	}
	return reject
}

// rustPanic parses "thread 'main' panicked at src/main.rs:2:5:" (Rust 1.73+,
// message on the next line; newer versions add the thread ID "(1234)") and
// the older "thread 'main' panicked at 'msg', src/main.rs:2:5".
func rustPanic(text string, si *startInfo) bool {
	_, rest, ok := strings.Cut(text, " panicked at ")
	if !ok {
		return false
	}
	if loc, ok := strings.CutSuffix(rest, ":"); ok {
		if f, ok := parseLoc(loc); ok {
			*si = startInfo{kind: KindRust, phase: phRustPanicMsg, title: text, confirmed: true, frame: f, hasFrame: true}
			return true
		}
	}
	if k := strings.LastIndex(rest, "', "); k > 0 && rest[0] == '\'' {
		if f, ok := parseLoc(rest[k+3:]); ok {
			*si = startInfo{kind: KindRust, phase: phRustPanic, title: rest[1:k], confirmed: true, frame: f, hasFrame: true}
			return true
		}
	}
	return false
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
