package logs

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSanitize(t *testing.T) {
	cases := []struct {
		name, in, raw, text string
		links               []string
	}{
		{"plain ASCII", "GET /api 200 3ms", "GET /api 200 3ms", "GET /api 200 3ms", nil},
		{"tab kept", "a\tb", "a\tb", "a\tb", nil},
		{"SGR kept in raw only", "\x1b[32mok\x1b[0m done", "\x1b[32mok\x1b[0m done", "ok done", nil},
		{"SGR with colon params", "\x1b[38:5:196mred\x1b[m", "\x1b[38:5:196mred\x1b[m", "red", nil},
		{"cursor moves removed", "\x1b[2K\x1b[1Gbuilding\x1b[?25l", "building", "building", nil},
		{"OSC title removed (BEL)", "\x1b]0;my title\x07text", "text", "text", nil},
		{"OSC title removed (ST)", "\x1b]2;t\x1b\\text", "text", "text", nil},
		{"OSC-8 hyperlink kept in raw, URL collected",
			"open \x1b]8;;http://localhost:3000/\x1b\\the app\x1b]8;;\x1b\\ now",
			"open \x1b]8;;http://localhost:3000/\x1b\\the app\x1b]8;;\x1b\\ now", "open the app now",
			[]string{"http://localhost:3000/"}},
		{"OSC-8 with id param", "\x1b]8;id=1;https://x.dev\x07x\x1b]8;;\x07", "\x1b]8;id=1;https://x.dev\x07x\x1b]8;;\x07", "x", []string{"https://x.dev"}},
		{"DCS and APC removed", "a\x1bPq#0;2;0;0;0\x1b\\b\x1b_apc\x1b\\c", "abc", "abc", nil},
		{"two-byte escapes removed", "\x1b7\x1b(Bsaved\x1b8\x1b=", "saved", "saved", nil},
		{"unterminated OSC drops the rest", "x\x1b]8;;http://a", "x", "x", nil},
		{"unterminated CSI at end", "x\x1b[12", "x", "x", nil},
		{"lone ESC at end", "x\x1b", "x", "x", nil},
		{"malformed CSI drops introducer only", "a\x1b[1;\x01b", "ab", "ab", nil},
		{"C0 controls and DEL removed", "a\x00b\x07c\x08d\x7fe\x0cf", "abcdef", "abcdef", nil},
		{"C1 controls removed", "a\u009b31mb\u0085c", "a31mbc", "a31mbc", nil},
		{"UTF-8 kept", "➜  Local: ünïcode 日本", "➜  Local: ünïcode 日本", "➜  Local: ünïcode 日本", nil},
		{"invalid UTF-8 replaced once per run", "a\xff\xfe\xfdb\xc3c", "a\uFFFDb\uFFFDc", "a\uFFFDb\uFFFDc", nil},
		{"truncated rune at end", "ab\xe2\x9c", "ab\uFFFD", "ab\uFFFD", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			raw, text, links := sanitize([]byte(tc.in), true)
			assert.Equal(t, tc.raw, raw, "raw: got %q, want %q", raw, tc.raw)
			assert.Equal(t, tc.text, text, "text: got %q, want %q", text, tc.text)
			assert.Equal(t, tc.links, links, "links: got %q, want %q", links, tc.links)
			assert.True(t, utf8.ValidString(raw), "raw %q is not valid UTF-8", raw)
			assert.Equal(t, text, StripANSI(tc.in), "StripANSI: got %q, want %q", StripANSI(tc.in), text)
		})
	}
}

func TestStripANSIKeepsNewlinesDropsCR(t *testing.T) {
	got := StripANSI("\x1b[31mone\x1b[0m\r\ntwo\n")
	assert.Equal(t, "one\ntwo\n", got, "got %q, want %q", got, "one\ntwo\n")
}

func TestCollapseCR(t *testing.T) {
	cases := []struct{ in, want string }{
		{"no cr", "no cr"},
		{"crlf\r", "crlf"},
		{"10%\r20%\r100%", "100%"},
		{"\r\x1b[K50%", "\x1b[K50%"},
		{"done\r\r", "done"},
		{"Downloading...\rDone", "Done"},
		{"\r", ""},
		{"", ""},
	}
	for _, tc := range cases {
		got := string(collapseCR([]byte(tc.in)))
		assert.Equal(t, tc.want, got, "collapseCR(%q): got %q, want %q", tc.in, got, tc.want)
	}
}

// FuzzStripANSI checks that no input panics the sanitiser and that its
// output is bounded, valid UTF-8, and free of control characters.
func FuzzStripANSI(f *testing.F) {
	seeds := []string{
		"", "plain", "\x1b[31mred\x1b[0m", "\x1b]8;;http://localhost:3000\x1b\\link\x1b]8;;\x1b\\",
		"\x1b]0;title\x07", "\x1b[", "\x1b]", "\x1bP", "\xff\xfe", "\u009b1m", "a\rb\r", "\x1b[38;2;1;2;3m",
		strings.Repeat("\x1b[1m", 100), "\x1b]8;;" + strings.Repeat("a", 5000),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		raw, text, links := sanitize([]byte(s), true)
		require.True(t, utf8.ValidString(raw), "raw not valid UTF-8: %q", raw)
		require.True(t, utf8.ValidString(text), "text not valid UTF-8: %q", text)
		// Each byte yields at most one 3-byte replacement.
		require.LessOrEqual(t, len(text), 3*len(s), "text longer than bound: got %d, want <= %d", len(text), 3*len(s))
		require.LessOrEqual(t, len(raw), 3*len(s), "raw longer than bound: got %d, want <= %d", len(raw), 3*len(s))
		total := 0
		for _, l := range links {
			total += len(l)
		}
		require.LessOrEqual(t, total, len(s), "links longer than input: got %d, want <= %d", total, len(s))
		for _, r := range text {
			require.False(t, r < 0x20 && r != '\t' && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f,
				"control %U left in text %q", r, text)
		}
		require.Equal(t, text, StripANSI(text), "stripping is not idempotent: got %q, want %q", StripANSI(text), text)
	})
}
