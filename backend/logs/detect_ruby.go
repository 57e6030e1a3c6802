package logs

import "strings"

// rubyErrors understands an uncaught Ruby exception as the interpreter
// prints it: "app.rb:8:in `start': message (ClassName)", maybe a source
// excerpt with carets (error_highlight), then "\tfrom file:line:in `fn'"
// lines (Ruby 3.4 quotes 'fn' and names 'Class#method'); and the exception
// a Rails app logs for a failed request, "NoMethodError (message):" with
// the app's own frames under it, the gems' left out by Rails' backtrace
// cleaner. The Rails form needs a frame to count: "Word (text)" alone is
// any log line.
//
//	nomethod.rb:2:in `greet': undefined method `name' for nil:NilClass (NoMethodError)
//	NoMethodError (undefined method `name' for nil:NilClass):
//	app/controllers/users_controller.rb:4:in `show'
type rubyErrors struct{}

// KindRuby is the kind of a Ruby exception.
const KindRuby = "ruby"

// rubyErrors' phases.
const (
	phRuby      phase = iota + 1
	phRailsHead       // "Class (message" before its first frame
	phRails           // the app's frames
)

// maxRailsHead is how many lines a Rails exception's message (with its
// error_highlight excerpt) may take before its first frame.
const maxRailsHead = 10

func (*rubyErrors) start(text string, si *startInfo) verdict {
	if indented(text) {
		return pass
	}
	if c := text[0]; c >= 'A' && c <= 'Z' {
		if title, ok := railsTitle(text); ok {
			*si = startInfo{kind: KindRuby, phase: phRailsHead, title: title}
			return claim
		}
	}
	// "app.rb:8:in `start'...": the path has no space, so the first space
	// is the one after ":in", and ordinary lines are rejected by one scan.
	sp := strings.IndexByte(text, ' ')
	if sp < 4 || text[sp-3:sp] != ":in" {
		return pass
	}
	i := sp - 3
	f, ok := parseLoc(text[:i])
	if !ok || f.Column != 0 || strings.ContainsAny(f.File, "\t") {
		return pass
	}
	fn, rest, ok := rubyFunc(text[i+len(":in "):])
	if !ok {
		return pass
	}
	msg, ok := strings.CutPrefix(rest, ": ")
	if !ok || !strings.HasSuffix(msg, ")") {
		return pass
	}
	// The class is the last parenthesised word: "msg (NoMethodError)".
	o := strings.LastIndex(msg, " (")
	if o < 0 {
		return pass
	}
	class := msg[o+2 : len(msg)-1]
	if class == "" || class[0] < 'A' || class[0] > 'Z' || strings.ContainsAny(class, " \t") {
		return pass
	}
	f.Func = fn
	*si = startInfo{kind: KindRuby, phase: phRuby, title: class + ": " + msg[:o], confirmed: true, frame: f, hasFrame: true}
	return claim
}

func (*rubyErrors) cont(d *detector, text string) action {
	b := &d.cur
	switch b.phase {
	case phRailsHead, phRails:
		if f, ok := rubyFrameLine(text); ok {
			b.phase, b.confirmed = phRails, true
			d.frame(f)
			return accept
		}
		if strings.TrimSpace(text) == "" {
			return accept
		}
		if b.phase == phRails || d.startsError(text) {
			return reject
		}
		b.count++
		if b.count <= maxRailsHead {
			return accept
		}
		return reject
	}
	if text == "" {
		return accept
	}
	if !indented(text) {
		return reject
	}
	t := strings.TrimLeft(text, " \t")
	if rest, ok := strings.CutPrefix(t, "from "); ok {
		if i := strings.Index(rest, ":in "); i > 0 {
			if f, ok := parseLoc(rest[:i]); ok {
				if fn, _, ok := rubyFunc(rest[i+len(":in "):]); ok {
					f.Func = fn
				}
				d.frame(f)
			}
		}
	}
	return accept // excerpt, carets, "... 12 levels..."
}

// rubyFunc parses "`fn'" or "'fn'" at the start of s and returns the rest.
func rubyFunc(s string) (fn, rest string, ok bool) {
	if s == "" || s[0] != '`' && s[0] != '\'' {
		return "", s, false
	}
	j := strings.IndexByte(s[1:], '\'')
	if j < 0 {
		return "", s, false
	}
	return s[1 : 1+j], s[2+j:], true
}

// railsTitle recognises "NoMethodError (undefined method ...):" (the
// message may go on over more lines), whose class ends in Error or
// Exception or is namespaced (ActiveRecord::RecordNotFound), and returns "NoMethodError: undefined
// method ...".
func railsTitle(text string) (string, bool) {
	i := strings.IndexByte(text, ' ')
	if i <= 0 || len(text) < i+3 || text[i+1] != '(' {
		return "", false
	}
	class := text[:i]
	if !strings.HasSuffix(class, "Error") && !strings.HasSuffix(class, "Exception") && !strings.Contains(class, "::") {
		return "", false
	}
	for j := 0; j < len(class); j++ {
		if c := class[j]; !(isWordByte(c) || c == ':') {
			return "", false
		}
	}
	return class + ": " + strings.TrimSuffix(text[i+2:], "):"), true
}

// rubyFrameLine parses an unindented frame "app/models/user.rb:4:in `show'".
func rubyFrameLine(text string) (Frame, bool) {
	if indented(text) {
		return Frame{}, false
	}
	i := strings.Index(text, ":in ")
	if i <= 0 {
		return Frame{}, false
	}
	f, ok := parseLoc(text[:i])
	if !ok || f.Column != 0 || strings.ContainsAny(f.File, " \t") {
		return Frame{}, false
	}
	fn, rest, ok := rubyFunc(text[i+len(":in "):])
	if !ok || rest != "" {
		return Frame{}, false
	}
	f.Func = fn
	return f, true
}
