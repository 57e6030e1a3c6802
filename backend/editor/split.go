package editor

import (
	"errors"
	"fmt"
	"strings"
)

// ErrShellSyntax is returned by SplitCommand for a command line that only a
// shell could run (a pipe, a substitution, an unterminated quote).
var ErrShellSyntax = errors.New("shell syntax Hum does not run")

// SplitCommand splits an $EDITOR-style command line into words the way a
// POSIX shell does, without running one: blanks separate words; single
// quotes keep everything literally; double quotes keep blanks and let a
// backslash escape $ ` " \ and newline; an unquoted backslash escapes the
// next character; $NAME and ${NAME} expand through getenv; a leading ~ is
// $HOME. Unlike a shell, an expansion is never split into more words, so
// `"/opt/My Editor/bin/ed" --wait` and `$APPS/My Editor` both stay one path.
//
// Anything else a shell would execute or redirect (| & ; < > ( ) `, $( ),
// and an unterminated quote, is refused with ErrShellSyntax: the value is
// the user's, but Hum would rather say it cannot run it than guess.
func SplitCommand(s string, getenv func(string) string) ([]string, error) {
	return split(s, getenv, true)
}

// splitFor is SplitCommand as the editor variable is read on goos: on
// Windows a backslash is a path separator, never an escape, so that
// C:\tools\ed.exe stays what the user wrote.
func splitFor(goos, s string, getenv func(string) string) ([]string, error) {
	return split(s, getenv, goos != "windows")
}

func split(s string, getenv func(string) string, escapes bool) ([]string, error) {
	var (
		words   []string
		cur     strings.Builder
		inWord  bool // cur holds a word, possibly empty ("" is a word)
		i       int
		runes   = []rune(s)
		n       = len(runes)
		refuse  = func(what string) error { return fmt.Errorf("%w: %s in %q", ErrShellSyntax, what, s) }
		atStart = func() bool { return !inWord }
	)
	flush := func() {
		if inWord {
			words = append(words, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	// expand reads a $NAME or ${NAME} at runes[i] (the $) and returns its
	// value and the index after it.
	expand := func(i int) (string, int, error) {
		j := i + 1
		if j < n && runes[j] == '{' {
			end := j + 1
			for end < n && runes[end] != '}' {
				end++
			}
			if end == n {
				return "", 0, refuse("an unterminated ${")
			}
			name := string(runes[j+1 : end])
			if !validName(name) {
				return "", 0, refuse("${" + name + "}")
			}
			return getenv(name), end + 1, nil
		}
		end := j
		for end < n && (runes[end] == '_' || isAlnum(runes[end])) {
			end++
		}
		name := string(runes[j:end])
		if !validName(name) {
			if j < n && runes[j] == '(' {
				return "", 0, refuse("a command substitution $(")
			}
			return "", 0, refuse("a $ that is not a variable")
		}
		return getenv(name), end, nil
	}
	for i < n {
		r := runes[i]
		switch {
		case r == ' ' || r == '\t' || r == '\n':
			flush()
			i++
		case r == '#' && atStart():
			// A comment runs to the end of the line.
			for i < n && runes[i] != '\n' {
				i++
			}
		case r == '~' && atStart() && (i+1 == n || runes[i+1] == '/' || isBlank(runes[i+1])):
			cur.WriteString(getenv("HOME"))
			inWord = true
			i++
		case r == '\'':
			end := i + 1
			for end < n && runes[end] != '\'' {
				end++
			}
			if end == n {
				return nil, refuse("an unterminated '")
			}
			cur.WriteString(string(runes[i+1 : end]))
			inWord = true
			i = end + 1
		case r == '"':
			inWord = true
			i++
			closed := false
			for i < n && !closed {
				c := runes[i]
				switch {
				case c == '"':
					closed = true
					i++
				case escapes && c == '\\' && i+1 < n && strings.ContainsRune("$`\"\\\n", runes[i+1]):
					if runes[i+1] != '\n' {
						cur.WriteRune(runes[i+1])
					}
					i += 2
				case c == '`':
					return nil, refuse("a command substitution `")
				case c == '$':
					v, next, err := expand(i)
					if err != nil {
						return nil, err
					}
					cur.WriteString(v)
					i = next
				default:
					cur.WriteRune(c)
					i++
				}
			}
			if !closed {
				return nil, refuse(`an unterminated "`)
			}
		case r == '\\' && escapes:
			if i+1 == n {
				return nil, refuse("a trailing \\")
			}
			if runes[i+1] != '\n' { // backslash-newline joins lines
				cur.WriteRune(runes[i+1])
				inWord = true
			}
			i += 2
		case r == '$':
			v, next, err := expand(i)
			if err != nil {
				return nil, err
			}
			cur.WriteString(v)
			inWord = true
			i = next
		case strings.ContainsRune("|&;<>()`", r):
			return nil, refuse(fmt.Sprintf("%q", r))
		default:
			cur.WriteRune(r)
			inWord = true
			i++
		}
	}
	flush()
	return words, nil
}

func validName(name string) bool {
	if name == "" || (name[0] >= '0' && name[0] <= '9') {
		return false
	}
	for _, r := range name {
		if r != '_' && !isAlnum(r) {
			return false
		}
	}
	return true
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func isBlank(r rune) bool { return r == ' ' || r == '\t' || r == '\n' }
