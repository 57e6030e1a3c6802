package shellquote

import (
	"errors"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostile are script names a repository could hold to break out of the
// quoting of `npm run NAME`.
var hostile = []string{
	"dev", "build:prod", "a b", "a&b", "a&&calc", "a|b", "a>b", "a<b", "(a)", "a^b", "^", `a"b`, `"`, `""`,
	`a"&calc&"b`, "%PATH%", "%", "%%", "a%b%c", "%cd%", "!PATH!", `a\`, `a\\`, `a\"b`, `\"&calc`, `C:\dir\`,
	"a;b", "$(id)", "`id`", "a'b", "'", "tab\there", "ünï", "", " ", "a,b", "a=b", "-x", "*", "?",
}

func TestPOSIX(t *testing.T) {
	tests := []struct{ in, want string }{
		{"dev", "dev"},
		{"build:prod", "build:prod"},
		{"", "''"},
		{"a b", "'a b'"},
		{"a&b", "'a&b'"},
		{"$(id)", "'$(id)'"},
		{"a'b", `'a'\''b'`},
		{`a"b`, `'a"b'`},
	}
	for _, tt := range tests {
		got := POSIX(tt.in)
		assert.Equal(t, tt.want, got, "POSIX(%q): got %s, want %s", tt.in, got, tt.want)
	}
}

// TestPOSIXRoundTripsThroughSh gives each quoted name to a real sh.
func TestPOSIXRoundTripsThroughSh(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no sh")
	}
	for _, name := range hostile {
		out, err := exec.Command("sh", "-c", `printf '%s|' `+POSIX(name)).Output()
		require.NoError(t, err, "name %q", name)
		assert.Equal(t, name+"|", string(out), "sh got %q for %q", out, name)
	}
}

func TestCmd(t *testing.T) {
	tests := []struct{ in, want string }{
		{"dev", "dev"},
		{"build:prod", "build:prod"},
		{`C:\dir\x`, `C:\dir\x`},
		{"", `""`},
		{"a b", `"a b"`},
		{"a&b", `"a&b"`},
		{"a^b", `"a^b"`},
		{`a"b`, `"a""b"`},
		{`a"&calc&"b`, `"a""&calc&""b"`},
		{"%PATH%", `"%%cd:~,%PATH%%cd:~,%"`},
		{`a\`, `a\`},
		{`a b\`, `"a b\\"`},
		{`a\ b`, `"a\ b"`},
		{`a\"b`, `"a\\""b"`},
		{"a=b", `"a=b"`},
	}
	for _, tt := range tests {
		got := Cmd(tt.in)
		assert.Equal(t, tt.want, got, "Cmd(%q): got %s, want %s", tt.in, got, tt.want)
	}
}

// TestCmdRoundTripsThroughAModelOfCmd runs each quoted name through a model
// of how cmd.exe reads `cmd /d /s /c "npm run NAME"`, then of how the .cmd
// shim's %* hands it to cmd again, then of how node splits its command line:
// nothing runs but npm, no variable is expanded, and npm gets the name.
func TestCmdRoundTripsThroughAModelOfCmd(t *testing.T) {
	for _, name := range hostile {
		t.Run(name, func(t *testing.T) { requireCmdRoundTrip(t, name) })
	}
}

// FuzzCmd checks the same for any name cmd.exe can carry.
func FuzzCmd(f *testing.F) {
	for _, name := range hostile {
		f.Add(name)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if CheckCmdLine(name) != nil {
			return
		}
		requireCmdRoundTrip(t, name)
	})
}

// FuzzPOSIX: a quoted name is one shell word that sh reads back unchanged.
func FuzzPOSIX(f *testing.F) {
	for _, name := range hostile {
		f.Add(name)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got, ok := shWords(POSIX(name))
		require.True(t, ok, "POSIX(%q) = %s leaves the quotes", name, POSIX(name))
		assert.Equal(t, []string{name}, got)
	})
}

func TestCheckCmdLine(t *testing.T) {
	assert.NoError(t, CheckCmdLine(`npm run "a&b"`))
	assert.ErrorIs(t, CheckCmdLine("npm run \"a\nb\""), ErrLineBreak)
	assert.ErrorIs(t, CheckCmdLine("npm run \"a\rb\""), ErrLineBreak)
	assert.ErrorIs(t, CheckCmdLine("npm run \"a\x00b\""), ErrNUL)
	assert.NoError(t, CheckPOSIXLine("npm run 'a\nb'"), "sh reads a line break inside quotes")
	assert.ErrorIs(t, CheckPOSIXLine("a\x00"), ErrNUL)
}

func requireCmdRoundTrip(t *testing.T, name string) {
	t.Helper()
	line := "npm run " + Cmd(name)
	// Pass 1: cmd /c reads the line (after /s strips the outer quotes).
	expanded, err := cmdExpand(line)
	require.NoError(t, err, "line %s", line)
	first, err := cmdSplit(expanded)
	require.NoError(t, err, "line %s", line)
	// Pass 2: npm.cmd runs `node npm-cli.js %*`, %* being the text after
	// "npm" verbatim; cmd reads that line again without expanding %.
	args := strings.TrimPrefix(first, "npm ")
	require.NotEqual(t, first, args, "the command is still npm: %s", first)
	second, err := cmdSplit("node npm-cli.js " + args)
	require.NoError(t, err, "line %s", line)
	argv := crtArgv(second)
	want := []string{"node", "npm-cli.js", "run", name}
	assert.Equal(t, want, argv, "name %q, line %s: got %q", name, line, argv)
	// An .exe (make, task, just) reads pass 1's line directly.
	assert.Equal(t, []string{"npm", "run", name}, crtArgv(first), "line %s", line)
}

// cmdVars are the variables the model knows are defined, upper-cased.
var cmdVars = map[string]string{"PATH": `C:\Windows`, "CD": `C:\proj`, "OS": "Windows_NT", "A": "EXPANDED"}

// cmdExpand models cmd.exe's first phase on a command line (not a batch
// file): %NAME% is replaced by a defined variable's value (case-insensitive;
// NAME:~, is the empty substring); an undefined one is left as it is, its
// closing % free to open the next.
func cmdExpand(line string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		if line[i] != '%' {
			b.WriteByte(line[i])
			continue
		}
		j := strings.IndexByte(line[i+1:], '%')
		if j < 0 {
			b.WriteString(line[i:])
			break
		}
		name := strings.ToUpper(line[i+1 : i+1+j])
		base, sub, hasSub := strings.Cut(name, ":")
		if v, ok := cmdVars[base]; ok && name != "" {
			switch {
			case !hasSub:
				if base != "CD" {
					return "", errors.New("expanded %" + name + "%")
				}
				b.WriteString(v)
			case sub == "~,":
				// The always-empty substring.
			default:
				return "", errors.New("expanded %" + name + "%")
			}
			i += j + 1
			continue
		}
		b.WriteByte('%') // undefined: kept; the closing % may open the next
	}
	out := b.String()
	if strings.Contains(out, cmdVars["CD"]) {
		return "", errors.New("expanded %cd%")
	}
	return out, nil
}

// cmdSplit models cmd.exe's second phase: a double quote toggles quoting;
// outside quotes ^ escapes the next character and & | < > ( ) would end or
// redirect the command, which is what must never happen.
func cmdSplit(line string) (string, error) {
	var b strings.Builder
	quoted := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '^':
			if i+1 < len(line) {
				i++
				c = line[i]
			}
		case strings.IndexByte("&|<>()", c) >= 0:
			return "", errors.New("cmd would act on " + string(c) + " in " + line)
		}
		b.WriteByte(c)
	}
	return b.String(), nil
}

// crtArgv splits a command line as the Microsoft C runtime does (2008 and
// later): spaces and tabs separate outside quotes; 2n backslashes and a
// quote are n backslashes and a toggle, 2n+1 are n and a literal quote; ""
// inside quotes is a literal quote.
func crtArgv(line string) []string {
	var argv []string
	var cur strings.Builder
	inArg, quoted := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case (c == ' ' || c == '\t') && !quoted:
			if inArg {
				argv = append(argv, cur.String())
				cur.Reset()
				inArg = false
			}
		case c == '\\':
			n := 0
			for i < len(line) && line[i] == '\\' {
				n++
				i++
			}
			if i < len(line) && line[i] == '"' {
				cur.WriteString(strings.Repeat(`\`, n/2))
				if n%2 == 1 {
					cur.WriteByte('"')
				} else {
					i-- // the quote is handled as a quote
				}
			} else {
				cur.WriteString(strings.Repeat(`\`, n))
				i--
			}
			inArg = true
		case c == '"':
			if quoted && i+1 < len(line) && line[i+1] == '"' {
				cur.WriteByte('"')
				i++
			} else {
				quoted = !quoted
			}
			inArg = true
		default:
			cur.WriteByte(c)
			inArg = true
		}
	}
	if inArg {
		argv = append(argv, cur.String())
	}
	return argv
}

// shWords splits a line of single-quoted and bare words as sh would, for
// the fuzz target; ok is false when a character outside quotes is special.
func shWords(line string) ([]string, bool) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(line[i+1:], '\'')
			if j < 0 {
				return nil, false
			}
			cur.WriteString(line[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
			inWord = true
		case c == ' ':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_@%+=:,./-", c) >= 0):
			return nil, false
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, true
}
