package probe

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"

	"hum/backend/logs"
)

// LogMatcher matches a process's output lines against a log probe's
// pattern (stack.ProbeLog, and depends_on's log_ready). A LogMatcher is
// immutable and safe for concurrent use.
type LogMatcher struct {
	re *regexp.Regexp // written once by CompileLog
}

// CompileLog compiles pattern, a regular expression in Go's RE2 syntax
// (https://golang.org/s/re2syntax), unanchored and case-sensitive unless it
// says otherwise ("^Listening", "(?i)ready"). A bad pattern's error wraps
// ErrInvalid and says what is wrong where: "invalid probe: log pattern
// /(ready/: missing closing ): `(ready`". An empty pattern is refused too:
// it would match the first line, whatever it said.
func CompileLog(pattern string) (*LogMatcher, error) {
	if pattern == "" {
		return nil, fmt.Errorf("%w: an empty log pattern would match any line", ErrInvalid)
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		var se *syntax.Error
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%w: log pattern /%s/: %s: `%s`%s", ErrInvalid, cut(pattern, maxDescribe), se.Code, se.Expr, hint(pattern))
		}
		return nil, fmt.Errorf("%w: log pattern /%s/: %w", ErrInvalid, cut(pattern, maxDescribe), err)
	}
	return &LogMatcher{re: re}, nil
}

// hint explains an error for a pattern written for another engine: RE2
// runs in time linear in the line, so it has no look-around and no
// back-references, which Perl, PCRE and JavaScript have.
func hint(pattern string) string {
	for _, perl := range []string{"(?=", "(?!", "(?<=", "(?<!"} {
		if strings.Contains(pattern, perl) {
			return " (RE2 has no look-ahead or look-behind)"
		}
	}
	if backref.MatchString(pattern) {
		return " (RE2 has no back-references)"
	}
	return ""
}

var backref = regexp.MustCompile(`\\[1-9]`)

// Match reports whether the pattern matches text as a person reads it: a
// line as the process printed it may carry colour codes and other terminal
// controls, and carriage-return redraws, all resolved first (logs.Plain),
// so "ready" matches "\x1b[32mready\x1b[0m\r".
func (m *LogMatcher) Match(text string) bool {
	return m.re.MatchString(logs.Plain(text))
}

// String returns the pattern as written.
func (m *LogMatcher) String() string { return m.re.String() }
