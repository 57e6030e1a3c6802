package termnotify

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestScan(t *testing.T) {
	bell := Signal{Bell: true}
	for _, c := range []struct {
		name, line string
		want       []Signal
	}{
		{"plain text", "listening on :3000", nil},
		{"colours only", "\x1b[32mok\x1b[0m done", nil},
		{"a bell", "\a", []Signal{bell}},
		{"bells among text", "a\ab\a", []Signal{bell, bell}},
		{"OSC 9 with BEL", "\x1b]9;Build done\a", []Signal{{Body: "Build done"}}},
		{"OSC 9 with ST", "\x1b]9;Build done\x1b\\", []Signal{{Body: "Build done"}}},
		{"OSC 9 starting with digits", "\x1b]9;42 tests passed\a", []Signal{{Body: "42 tests passed"}}},
		{"ConEmu progress is not a notification", "\x1b]9;4;1;50\a", nil},
		{"ConEmu progress cleared", "\x1b]9;4;0\x1b\\", nil},
		{"ConEmu working directory", "\x1b]9;9;C:\\src\a", nil},
		{"ConEmu sub-command alone", "\x1b]9;5\a", nil},
		{"empty OSC 9", "\x1b]9;\a", nil},
		{"OSC 777", "\x1b]777;notify;Tests;All passed\x1b\\", []Signal{{Title: "Tests", Body: "All passed"}}},
		{"OSC 777 body with semicolons", "\x1b]777;notify;CI;a;b\a", []Signal{{Title: "CI", Body: "a;b"}}},
		{"OSC 777 title only", "\x1b]777;notify;Done\a", []Signal{{Title: "Done"}}},
		{"OSC 777 other extension", "\x1b]777;preexec\a", nil},
		{"a window title's BEL is no bell", "\x1b]0;vim ~/src\a", nil},
		{"an OSC 8 link's BELs are no bells", "\x1b]8;;http://x\ahere\x1b]8;;\a", nil},
		{"a DCS's BEL is no bell", "\x1bPq#0\a", nil},
		{"unterminated OSC", "\x1b]9;half", nil},
		{"cancelled OSC, then a bell", "\x1b]9;no\x1b[0m\a", []Signal{bell}},
		{"bell, OSC, bell", "\a\x1b]9;hi\a\a", []Signal{bell, {Body: "hi"}, bell}},
		{"controls in the message", "\x1b]9;line\tone\r\x7fend  \a", []Signal{{Body: "line one end"}}},
		{"ESC at the end", "text\x1b", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, Scan([]byte(c.line)), "Scan(%q)", c.line)
		})
	}
}

func TestScanCutsLongText(t *testing.T) {
	got := Scan([]byte("\x1b]9;" + strings.Repeat("é", 300) + "\a"))
	assert.Len(t, got, 1)
	assert.LessOrEqual(t, len(got[0].Body), MaxText)
	assert.True(t, strings.HasSuffix(got[0].Body, "…"))
	assert.True(t, utf8.ValidString(got[0].Body))
}

func TestScanWithoutSignalsDoesNotAllocate(t *testing.T) {
	line := []byte("\x1b[1;32m  VITE v5.0.0  ready in 312 ms\x1b[0m")
	assert.Zero(t, testing.AllocsPerRun(100, func() { Scan(line) }))
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{"", "\a", "\x1b]9;Build done\a", "\x1b]9;4;1;50\x1b\\", "\x1b]777;notify;T;B\x1b\\",
		"\x1b]0;title\a\a", "\x1bPq\a", "\x1b]9;\x1b", "\x1b]9;\xff\xfe\a", "\x1b[31m\a\x1b[0m"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, s := range Scan(b) {
			for _, text := range []string{s.Title, s.Body} {
				if !utf8.ValidString(text) || len(text) > MaxText {
					t.Fatalf("Scan(%q): %q is not safe text", b, text)
				}
				if strings.ContainsFunc(text, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
					t.Fatalf("Scan(%q): %q has a control character", b, text)
				}
			}
			if s.Bell && (s.Title != "" || s.Body != "") || !s.Bell && s.Title == "" && s.Body == "" {
				t.Fatalf("Scan(%q): %+v is neither a bell nor a message", b, s)
			}
		}
		if !strings.ContainsAny(string(b), "\a\x1b") && Scan(b) != nil {
			t.Fatalf("Scan(%q) found a signal without BEL or ESC", b)
		}
	})
}

// BenchmarkScan is the cost Scan adds to each line the log store ingests:
// lines as dev servers print them (colours, no signal), and one with a bell.
func BenchmarkScan(b *testing.B) {
	for _, c := range []struct{ name, line string }{
		{"plain", "2026/12/02 13:36:53 listening on :18087, serving the API to 127.0.0.1"},
		{"colours", "  \x1b[32m➜\x1b[39m  \x1b[1mLocal\x1b[22m:   \x1b[36mhttp://localhost:\x1b[1m5173\x1b[22m/\x1b[39m"},
		{"bell", "\x1b[31merror\x1b[0m: build failed\a"},
	} {
		line := []byte(c.line)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Scan(line)
			}
		})
	}
}
