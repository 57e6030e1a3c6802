package logs

import "strings"

// phpErrors understands PHP's fatal errors as the CLI and php-fpm print
// them: "PHP Fatal error:  Uncaught X: msg in /app/a.php:5" (with log_errors
// to stderr) or "Fatal error: ..." (display_errors), the "Stack trace:" of
// "#0 /app/b.php(12): fn()" lines and the closing "  thrown in ... on line
// 5", and "Parse error: ... in /app/a.php on line 3". Warnings, notices and
// deprecations ("PHP Warning:  Undefined variable ...") are not errors.
//
//	PHP Fatal error:  Uncaught InvalidArgumentException: id must be positive, got 0 in /app/src/Repo.php:5
type phpErrors struct{}

// KindPHP is the kind of a PHP error.
const KindPHP = "php"

// phpErrors' phases.
const (
	phPHP phase = iota + 1 // after the error line: maybe a stack trace
)

func (*phpErrors) start(text string, si *startInfo) verdict {
	if c := text[0]; c != 'P' && c != 'F' {
		return pass
	}
	t := strings.TrimPrefix(text, "PHP ")
	var level string
	for _, l := range []string{"Fatal error:", "Parse error:"} {
		if strings.HasPrefix(t, l) {
			level = l
			break
		}
	}
	if level == "" {
		return pass
	}
	msg := strings.TrimLeft(t[len(level):], " ")
	if msg == "" {
		return pass
	}
	*si = startInfo{kind: KindPHP, phase: phPHP, confirmed: true}
	if rest, ok := strings.CutPrefix(msg, "Uncaught "); ok {
		// "Uncaught X: msg in /app/a.php:5": the exception is the title.
		if i := strings.LastIndex(rest, " in "); i > 0 {
			if f, ok := parseLoc(rest[i+len(" in "):]); ok {
				si.frame, si.hasFrame = f, true
				rest = rest[:i]
			}
		}
		si.title = rest
		return claim
	}
	// "syntax error, unexpected ... in /app/a.php on line 3"
	if i := strings.LastIndex(msg, " in "); i > 0 {
		loc := msg[i+len(" in "):]
		if j := strings.LastIndex(loc, " on line "); j > 0 {
			if ln, r, ok := leadingInt(loc[j+len(" on line "):]); ok && r == "" {
				si.frame, si.hasFrame = Frame{File: loc[:j], Line: ln}, true
				msg = msg[:i]
			}
		}
	}
	si.title = level + " " + msg
	return claim
}

func (*phpErrors) cont(d *detector, text string) action {
	switch {
	case text == "Stack trace:":
		return accept
	case strings.HasPrefix(text, "#"):
		if !phpFrame(d, text, false) {
			return reject
		}
		return accept
	case strings.HasPrefix(text, "  thrown in "):
		return acceptEnd
	}
	return reject
}

// phpFrame reads a stack trace line, "#0 /app/app.php(5): Repo->find()":
// the location of a call, so the call names the function of the frame
// above it. Laravel's log prints the same lines JSON-escaped ("App\\Repo"),
// which unescape undoes. It reports whether text was such a line.
func phpFrame(d *detector, text string, unescape bool) bool {
	b := &d.cur
	_, rest, ok := leadingInt(text[1:])
	if !ok || !strings.HasPrefix(rest, " ") {
		return false
	}
	rest = rest[1:]
	fn, f, hasLoc := rest, Frame{}, false
	if p := strings.Index(rest, "): "); p > 0 {
		if o := strings.LastIndexByte(rest[:p], '('); o > 0 {
			if ln, r, ok := leadingInt(rest[o+1 : p]); ok && r == "" {
				fn, f, hasLoc = rest[p+3:], Frame{File: rest[:o], Line: ln}, true
			}
		}
	}
	if unescape {
		fn, f.File = jsonUnescape(fn), jsonUnescape(f.File)
	}
	if n := len(b.frames); n > 0 && b.frames[n-1].Func == "" {
		b.frames[n-1].Func = strings.TrimSuffix(fn, "()")
	}
	if hasLoc {
		d.frame(f)
	}
	return true
}
