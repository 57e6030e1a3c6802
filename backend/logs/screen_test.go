package logs

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/process"
)

// TestTerminalLineText: the plain text of a line a program wrote to a
// terminal is the row the terminal shows.
func TestTerminalLineText(t *testing.T) {
	cases := []struct{ name, in, raw, text string }{
		{"CRLF ending", "ready\r", "ready", "ready"},
		{"progress redraws, each as long", "10%\r50%\r100%", "100%", "100%"},
		{"a shorter redraw leaves the end of the longer", "Downloading...\rDone", "Doneloading...", "Doneloading..."},
		{"a redraw that erases the line", "Downloading...\r\x1b[KDone", "Done", "Done"},
		{"erase then column 1 (CSI 2K, CSI 1G)", "50%\x1b[2K\x1b[1Gbuilt in 1s", "built in 1s", "built in 1s"},
		{"backspaces", "abc\b\bXY", "aXY", "aXY"},
		{"a spinner on backspace", `working |` + "\b/\b-\b\\\b|\bdone", "working done", "working done"},
		{"cursor back and forward", "abcdef\x1b[3DX\x1b[1CY", "abcXeY", "abcXeY"},
		{"cursor column (CSI G) past the text pads", "ab\x1b[5Gc", "ab  c", "ab  c"},
		{"cursor column of CSI H", "hello\x1b[1;3HL", "heLlo", "heLlo"},
		{"erase to the start (CSI 1K)", "abcdef\x1b[3D\x1b[1K", "    ef", "    ef"},
		{"erase characters (CSI X)", "abcdef\x1b[4G\x1b[2X", "abc  f", "abc  f"},
		{"delete characters (CSI P)", "abcdef\x1b[2G\x1b[2P", "adef", "adef"},
		{"insert blanks (CSI @)", "abc\x1b[2G\x1b[2@", "a  bc", "a  bc"},
		{"clear screen drops what came before", "old\x1b[2J\x1b[Hnew", "new", "new"},
		{"clear with scrollback (CSI 3J)", "old\x1b[H\x1b[2J\x1b[3Jnew", "new", "new"},
		{"full reset (ESC c)", "old\x1bcnew", "new", "new"},
		{"home and erase below (Vite)", "old\x1b[1;1H\x1b[0Jnew", "new", "new"},
		{"colours survive a redraw", "\x1b[33m10%\x1b[0m\r\x1b[32m100%\x1b[0m ok", "\x1b[32m100%\x1b[0m ok", "100% ok"},
		{"a cell keeps the colour it was drawn in", "\x1b[31mred\x1b[0m\rR", "R\x1b[31med\x1b[0m", "Red"},
		{"unicode cells", "➜  Local\r日本", "日本 Local", "日本 Local"},
		{"invalid UTF-8 once per run", "a\xff\xfeb\rc", "c\uFFFDb", "c\uFFFDb"},
		{"huge jumps are bounded", "a\x1b[99999Cb", "a" + strings.Repeat(" ", maxJump) + "b", "a" + strings.Repeat(" ", maxJump) + "b"},
		{"other escapes and controls go", "\x1b]0;title\x07a\x07\x1b[?25l\x1b7b\rc", "cb", "cb"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := prepare([]byte(tc.in), false)
			assert.Equal(t, tc.text, f.text, "text: got %q, want %q", f.text, tc.text)
			assert.Equal(t, tc.raw, f.raw, "raw: got %q, want %q", f.raw, tc.raw)
			assert.Equal(t, tc.text, Plain(tc.in), "Plain: got %q, want %q", Plain(tc.in), tc.text)
		})
	}
}

func TestScanTerm(t *testing.T) {
	cases := []struct {
		in   string
		want termInfo
	}{
		{"plain", termInfo{}},
		{"\x1b[32mcolour\x1b[0m", termInfo{}},
		{"crlf\r", termInfo{}},
		{"crlf\r\r", termInfo{}},
		{"a\rb", termInfo{render: true}},
		{"\x1b[2J\x1b[H", termInfo{render: true, clear: true, home: true}},
		{"\x1b[J", termInfo{render: true}},
		{"\x1b[1;1H\x1b[0J", termInfo{render: true, clear: true}}, // Vite's clearScreen
		{"\x1b[5;1H\x1b[0J", termInfo{render: true, clear: false}},
		{"\x1b[H", termInfo{render: true, home: true}},
		{"\x1bc", termInfo{render: true, clear: true}},
		{"\x1b[?1049h\x1b[H", termInfo{render: true, alt: 1, home: true}},
		{"\x1b[?1049l", termInfo{alt: -1}},
		{"\x1b[?47h", termInfo{alt: 1}},
		{"\x1b[?1047l", termInfo{alt: -1}},
		{"\x1b[?1;1049h", termInfo{alt: 1}},
		{"\x1b[?1049h...\x1b[?1049l", termInfo{alt: -1}},
		{"\x1b[?25l\x1b[?2004h", termInfo{}},
		{"\x1b[1049h", termInfo{}}, // not a private mode
	}
	for _, tc := range cases {
		got := scanTerm([]byte(tc.in))
		got.enterAt, got.leaveEnd, got.modes = 0, 0, nil // TestScreenCut's and TestInputModes'
		assert.Equal(t, tc.want, got, "scanTerm(%q)", tc.in)
	}
}

// TestInputModes: the modes that change what typing sends are kept, in
// order, for the process's own view; other modes are not.
func TestInputModes(t *testing.T) {
	s := NewStore(Options{})
	defer s.Close()
	s.Line("p", process.Stdout, []byte("\x1b[?2004hprompt> \x1b[?25l\x1b[?1;1000h\x1b[?1049h"))
	s.Line("p", process.Stdout, []byte("plain"))
	ls := s.Page("p", 0, 0).Lines
	assert.Equal(t, "\x1b[?2004h\x1b[?1h\x1b[?1000h", ls[0].Modes)
	assert.Equal(t, "", ls[1].Modes)
	assert.Equal(t, "prompt> ", ls[0].Text)
}

// TestScreenCut: a line that switches screens midway is cut where it does.
func TestScreenCut(t *testing.T) {
	cases := []struct {
		in    string
		inAlt bool
		want  int
	}{
		{"plain", false, 0},
		{"\x1b[?1049hdrawn", false, 0},
		{"before\x1b[?1049hdrawn", false, 6},
		{"before\x1b[?1049hdrawn", true, 0},
		{"drawn\x1b[?1049lafter", true, 13},
		{"drawn\x1b[?1049l", true, 0},
		{"a\x1b[?1049hb\x1b[?1049lc", false, 1},
		{"\x1b[?1049hb\x1b[?1049lc", false, 17},
	}
	for _, tc := range cases {
		ti := scanTerm([]byte(tc.in))
		k, _ := ti.cut(tc.inAlt, len(tc.in))
		assert.Equal(t, tc.want, k, "cut of %q (in the alternate screen: %v)", tc.in, tc.inAlt)
	}
}

// TestAlternateScreen: what a full-screen program draws stays in its
// process's view, out of the merged timeline and out of detection, and
// the process's view gets what draws it.
func TestAlternateScreen(t *testing.T) {
	var urls []string
	s := NewStore(Options{OnURL: func(_ string, u URL) { urls = append(urls, u.Addr) }})
	defer s.Close()
	s.Line("tui", process.Stdout, []byte("starting less"))
	s.Line("other", process.Stdout, []byte("other before"))
	s.Line("tui", process.Stdout, []byte("\x1b[?1049h\x1b[22;0;0t\x1b[H\x1b[2Jpanic: not a real one\x1b]0;title\x07"))
	s.Line("tui", process.Stdout, []byte("\tat http://localhost:9999/ x"))
	s.Line("tui", process.Stdout, []byte("\x1b[7m(END)\x1b[27m\x1b[K"))
	s.Line("other", process.Stdout, []byte("other during"))
	s.Line("tui", process.Stdout, []byte("\r\x1b[K\x1b[?1049l\x1b[23;0;0t"))
	s.Line("tui", process.Stdout, []byte("back on the main screen"))

	texts := func(ls []Line) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Text)
		}
		return out
	}
	want := []string{"starting less", "other before", "other during", "back on the main screen"}
	assert.Equal(t, want, texts(s.Page("", 0, 0).Lines), "merged page")
	assert.Equal(t, want, texts(s.Tail("", 0).Lines), "merged tail")
	tail := s.Tail("", 2)
	assert.Equal(t, want[2:], texts(tail.Lines), "a short merged tail skips the screen's lines")
	assert.Equal(t, uint64(8), tail.Next, "the tail's Next is the newest line")

	own := s.Page("tui", 0, 0).Lines
	require.Len(t, own, 6, "the process's own view has every line")
	screen := []bool{false, true, true, true, true, false}
	for i, l := range own {
		assert.Equal(t, screen[i], l.Screen, "line %d (%q) Screen", i, l.Text)
	}
	assert.Equal(t, "\x1b[?1049h\x1b[22;0;0t\x1b[H\x1b[2Jpanic: not a real one", own[1].Raw, "the screen's raw keeps what draws it, not the title")
	assert.Equal(t, "(END)", own[3].Text)
	assert.Empty(t, s.Errors(""), "no error is looked for on the screen")
	assert.Empty(t, urls, "no URL is looked for on the screen")
	assert.Zero(t, s.inAlt.Load(), "no stream is in the alternate screen any more")

	// A run that ends inside the screen: the next run starts outside.
	s.Line("tui", process.Stdout, []byte("\x1b[?1049h"))
	assert.Equal(t, int32(1), s.inAlt.Load())
	s.NewRun("tui")
	s.Line("tui", process.Stdout, []byte("second run"))
	last := s.Tail("tui", 1).Lines[0]
	assert.False(t, last.Screen, "a new run starts on the main screen")
	assert.Zero(t, s.inAlt.Load())
}

// TestClearScreenEndsAnError: a watcher that clears the screen before its
// next run ends the error it printed, so the next run's output is no part
// of it.
func TestClearScreenEndsAnError(t *testing.T) {
	s := NewStore(Options{})
	defer s.Close()
	for _, l := range []string{
		"Traceback (most recent call last):",
		`  File "/app/main.py", line 3, in <module>`,
		"ValueError: bad",
		"\x1b[2J\x1b[3J\x1b[HWatching for changes...",
		"  File is saved", // would read as part of the traceback were it not cleared
	} {
		s.Line("w", process.Stdout, []byte(l))
	}
	errs := s.Errors("w")
	require.Len(t, errs, 1)
	assert.Equal(t, "ValueError: bad", errs[0].Title)
	assert.NotContains(t, errs[0].Text, "Watching", "got %q", errs[0].Text)
}

// FuzzTerminalLine runs the terminal-line parsers on arbitrary bytes: no
// panic; the plain text is valid UTF-8 without controls but tab and is
// bounded by the input; the screen's raw form has only what the process
// view may draw; a line that moves nothing renders as the sanitiser reads
// it.
func FuzzTerminalLine(f *testing.F) {
	for _, s := range []string{
		"10%\r50%\r100%", "Downloading...\rDone", "abc\b\bXY", "abcdef\x1b[3DX\x1b[1CY", "ab\x1b[5Gc",
		"hello\x1b[1;3HL", "abcdef\x1b[3D\x1b[1K", "abc\x1b[2G\x1b[2@", "abcdef\x1b[2G\x1b[2P", "old\x1b[2J\x1b[Hnew",
		"old\x1bcnew", "\x1b[33m10%\x1b[0m\r\x1b[32m100%", "\x1b[?1049h\x1b[H\x1b[2J", "\x1b[?1049l", "\x1b[?1;47;1049h",
		"a\x1b[99999Cb", "\x1b[99999999999999999999G", "\x1b[;;;;K", "\x1b]8;;http://x/\x1b\\l\x1b]8;;\x1b\\\rL",
		"\x1b]52;c;ZXZpbA==\x07", "\x1bP1$r\x1b\\", "\xff\xfe\r\xc3", "\x1b[", "\x1b", "\r\r\r", "\b\b\ba",
		"\xc2\x9b2J", "\x1b[38:2::1:2:3mx\x1b[m\ry", "\x1b[31m" + strings.Repeat("\x1b[1m", 100) + "x",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if bytes.IndexByte(b, '\n') >= 0 {
			return // the process core splits lines there: no line holds one
		}
		ti := scanTerm(b)
		raw, text, links := render(b)
		require.True(t, utf8.ValidString(text), "text %q is not UTF-8", text)
		require.True(t, utf8.ValidString(raw), "raw %q is not UTF-8", raw)
		for _, r := range text {
			require.False(t, r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f, "control %U in text %q", r, text)
		}
		require.LessOrEqual(t, utf8.RuneCountInString(text), len(b)+maxJump, "text %q longer than input and one jump", text)
		for _, l := range links {
			require.LessOrEqual(t, len(l), len(b))
		}
		if !ti.render {
			_, want, _ := sanitize(collapseCR(b), false)
			require.Equal(t, want, text, "a line that moves nothing renders as sanitised")
		}
		sr := screenRaw(b)
		require.True(t, utf8.ValidString(sr), "screen raw %q is not UTF-8", sr)
		require.LessOrEqual(t, len(sr), 3*len(b)+3, "screen raw longer than its input allows")
		for i := 0; i < len(sr); i++ {
			if sr[i] != esc || i+1 >= len(sr) {
				continue
			}
			switch sr[i+1] {
			case ']':
				require.True(t, strings.HasPrefix(sr[i:], "\x1b]8;"), "an OSC that is not a link in %q", sr)
			case 'P', 'X', '^', '_':
				t.Fatalf("a string escape in %q", sr)
			}
		}
		_ = LooksLikePrompt(text)
	})
}
