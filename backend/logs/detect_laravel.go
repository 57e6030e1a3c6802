package logs

import "strings"

// laravelErrors understands the errors a Laravel app logs (Monolog's line
// format, in storage/logs/laravel.log or on stderr with LOG_CHANNEL=stderr):
// "[2026-12-02 14:39:10] local.ERROR: message {"exception":"[object]
// (Class(code: 0): message at /app/File.php:87)" then "[stacktrace]", PHP's
// "#0 /app/x.php(14): fn()" frames JSON-escaped ("App\\Http\\..."), maybe a
// "[previous exception] [object] (...)" with its own stack trace, and the
// context's closing "\"} ". ERROR and worse levels are errors (one logged
// without an exception is a one-line error titled by its message); DEBUG,
// INFO, NOTICE and WARNING lines are not.
//
//	[2026-12-02 14:39:10] local.ERROR: Method Illuminate\Support\Str::nope does not exist. {"exception":"[object] (BadMethodCallException(code: 0): ...
//
// The exception is thrown inside the framework as often as not (a missing
// method, a failed query), so the app's first frame is moved first: the
// line an editor should open. The others keep their printed order.
type laravelErrors struct{}

// laravelErrors' phases.
const (
	phLaravelLine     phase = iota + 1 // a logged error without an exception: nothing follows
	phLaravelTrace                     // the exception's stack trace
	phLaravelPrevious                  // a previous exception's: its frames are not the error's
)

// laravelErrorLevels are Monolog's levels that make a log line an error.
var laravelErrorLevels = []string{"ERROR", "CRITICAL", "ALERT", "EMERGENCY"}

const laravelException = ` {"exception":"[object] (`

func (*laravelErrors) start(text string, si *startInfo) verdict {
	// "[2026-12-02 14:39:10] " then "channel.LEVEL: ": a date, not "[vite]".
	if text[0] != '[' || len(text) < 4 || text[1] < '0' || text[1] > '9' {
		return pass
	}
	i := strings.Index(text[:min(len(text), 48)], "] ")
	if i < 0 {
		return pass
	}
	rest := text[i+2:]
	dot := strings.IndexByte(rest[:min(len(rest), 64)], '.')
	if dot <= 0 || strings.ContainsAny(rest[:dot], " :[]") {
		return pass
	}
	rest = rest[dot+1:]
	level := ""
	for _, l := range laravelErrorLevels {
		if strings.HasPrefix(rest, l) && strings.HasPrefix(rest[len(l):], ": ") {
			level = l
			break
		}
	}
	if level == "" {
		return pass
	}
	msg := rest[len(level)+2:]
	*si = startInfo{kind: KindPHP, phase: phLaravelLine, confirmed: true}
	j := strings.Index(msg, laravelException)
	if j < 0 {
		// Monolog ends the line with the context and extra: "msg [] []",
		// "msg {"order":7} ", or nothing but spaces.
		t := strings.TrimSuffix(strings.TrimRight(msg, " "), " []")
		t = strings.TrimSuffix(t, " []")
		if k := strings.LastIndex(t, ` {"`); k > 0 && strings.HasSuffix(t, "}") {
			t = t[:k]
		}
		si.title = t
		if si.title == "" {
			si.title = level
		}
		return claim
	}
	si.phase = phLaravelTrace
	// "BadMethodCallException(code: 0): message at /app/File.php:87)"
	title := msg[:j]
	ex := msg[j+len(laravelException):]
	if k := strings.Index(ex, "(code: "); k > 0 {
		title = jsonUnescape(ex[:k]) + ": " + title
		if a := strings.LastIndex(ex, " at "); a > k {
			if f, ok := parseLoc(strings.TrimSuffix(ex[a+len(" at "):], ")")); ok {
				f.File = jsonUnescape(f.File)
				si.frame, si.hasFrame = f, true
			}
		}
	}
	si.title = title
	return claim
}

func (*laravelErrors) cont(d *detector, text string) action {
	b := &d.cur
	switch {
	case b.phase == phLaravelLine:
		return reject
	case text == "[stacktrace]" || text == "":
		return accept
	case strings.HasPrefix(text, "#"):
		if b.phase == phLaravelPrevious {
			_, rest, ok := leadingInt(text[1:])
			if !ok || !strings.HasPrefix(rest, " ") {
				return reject
			}
			return accept
		}
		if !phpFrame(d, text, true) {
			return reject
		}
		return accept
	case strings.HasPrefix(text, "[previous exception] [object] ("):
		b.phase = phLaravelPrevious
		return accept
	case strings.HasPrefix(text, `"}`):
		return acceptEnd
	}
	return reject
}

// done moves the app's first frame first when the exception was thrown in
// the framework or a package.
func (*laravelErrors) done(d *detector) {
	fr := d.cur.frames
	if len(fr) == 0 || isUserPHPFile(fr[0].File) {
		return
	}
	for i, f := range fr {
		if isUserPHPFile(f.File) {
			copy(fr[1:i+1], fr[:i])
			fr[0] = f
			return
		}
	}
}

// isUserPHPFile reports whether a frame's file is the app's own code rather
// than a Composer package's (vendor/) or a system-wide one's (Debian's
// /usr/share/php).
func isUserPHPFile(f string) bool {
	return f != "" && !strings.Contains(f, "/vendor/") && !strings.Contains(f, `\vendor\`) &&
		!strings.HasPrefix(f, "/usr/share/php/")
}

// jsonUnescape undoes the escaping of backslashes and quotes in a JSON
// string, all that class names, paths and calls need.
func jsonUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	return strings.NewReplacer(`\\`, `\`, `\"`, `"`, `\/`, `/`).Replace(s)
}
