// Package shellquote quotes one argument for the shell that will run the
// line it goes into: `sh -c` on Unix, `cmd /d /v:off /s /c "…"` on Windows (see
// backend/process). Discovery builds lines such as `npm run NAME` from names
// found in the user's files, and a repository is untrusted input: a script
// named `a&calc` must reach npm as that name, never run calc. The quoting
// differs by shell, so each has its own pure function, tested on every
// platform; Quote picks the one for the shell this build runs.
package shellquote

import (
	"errors"
	"runtime"
	"strings"
)

// Quote quotes s for the shell Hum runs command lines with on this
// platform: Cmd on Windows, POSIX elsewhere.
func Quote(s string) string {
	if runtime.GOOS == "windows" {
		return Cmd(s)
	}
	return POSIX(s)
}

// CheckLine says whether the shell Hum runs lines with on this platform can
// carry line as one command: cmd.exe ends a command line at a line break, so
// a name with one would run a different, shorter command.
func CheckLine(line string) error {
	if runtime.GOOS == "windows" {
		return CheckCmdLine(line)
	}
	return CheckPOSIXLine(line)
}

// ErrLineBreak is CheckLine's answer for a line cmd.exe would cut short.
var ErrLineBreak = errors.New("cmd.exe cannot run a command with a line break in it")

// ErrNUL is CheckLine's answer for a line with a NUL byte, which no
// program's command line can hold.
var ErrNUL = errors.New("a command cannot contain a NUL byte")

// CheckPOSIXLine rejects what `sh -c` cannot be given: a NUL byte.
func CheckPOSIXLine(line string) error {
	if strings.IndexByte(line, 0) >= 0 {
		return ErrNUL
	}
	return nil
}

// CheckCmdLine rejects what `cmd /c` cannot carry: a NUL byte, or a line
// break (cmd.exe stops reading the command at CR or LF).
func CheckCmdLine(line string) error {
	if strings.IndexByte(line, 0) >= 0 {
		return ErrNUL
	}
	if strings.ContainsAny(line, "\r\n") {
		return ErrLineBreak
	}
	return nil
}

// POSIX quotes s for a POSIX shell: as it is when it holds only characters
// no shell treats specially, else in single quotes, inside which nothing is
// special; a single quote itself closes the quotes, is escaped with a
// backslash, and reopens them.
func POSIX(s string) string {
	if s != "" && onlySafe(s, "_@%+=:,./-") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Cmd quotes s as one argument in a cmd.exe command line, for a program that
// splits its command line by the Microsoft C runtime's rules, including the
// .cmd shims npm, yarn and pnpm install, whose %* hands the argument to cmd
// a second time. s must pass CheckCmdLine.
//
// It is as it is when it holds only characters neither cmd nor the runtime
// treats specially, else in double quotes, inside which cmd takes & | < > ^
// ( ) literally. Within them:
//   - a double quote is doubled (""): cmd sees the quoting close and reopen
//     at once, so it never leaves the quotes, on either pass; the C runtime
//     reads "" inside quotes as one literal quote;
//   - backslashes before a quote, or before the closing quote, are doubled,
//     which the C runtime halves again;
//   - each % becomes %%cd:~,%: cmd expands variables even inside quotes, and
//     %cd:~,% is an expansion that is always empty, so %PATH% comes out as
//     the text %PATH% (the escape Rust's standard library uses for batch
//     files). A batch file's %* is not expanded again.
func Cmd(s string) string {
	if s != "" && onlySafe(s, `_@+:./\-`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	backslashes := 0
	// Bytewise: every character that matters is ASCII, and bytes that are
	// not valid UTF-8 pass through unchanged.
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			backslashes++
			b.WriteByte('\\')
			continue
		case '"':
			b.WriteString(strings.Repeat(`\`, backslashes))
			b.WriteString(`""`)
		case '%':
			b.WriteString(`%%cd:~,%`)
		default:
			b.WriteByte(c)
		}
		backslashes = 0
	}
	b.WriteString(strings.Repeat(`\`, backslashes))
	b.WriteByte('"')
	return b.String()
}

// onlySafe reports whether s holds only ASCII letters, digits and extra.
func onlySafe(s, extra string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(extra, r)) {
			return false
		}
	}
	return true
}
