package events

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestCutRawNeverSplitsARuneOrAnEscape(t *testing.T) {
	link := "\x1b]8;;http://localhost:3000/\x1b\\here\x1b]8;;\x1b\\"
	tests := []struct {
		name      string
		raw       string
		budget    int
		wantShown string
	}{
		{"fits", "hello", 5, "hello"},
		{"plain cut", "hello world", 5, "hello"},
		{"two-byte rune at the cut", "abé", 3, "ab"},
		{"four-byte rune at the cut", "a😀b", 4, "a"},
		{"rune just fits", "a😀b", 5, "a😀"},
		{"colour at the cut", "ab\x1b[31mred", 5, "ab"},
		{"colour just fits", "ab\x1b[31mred", 7, "ab\x1b[31m"},
		{"link at the cut", "go " + link, 10, "go "},
		{"inside a link's text", "go " + link, 3 + 29 + 2, "go \x1b]8;;http://localhost:3000/\x1b\\he"},
		{"BEL-ended OSC", "x\x1b]8;;u\x07y", 4, "x"},
		{"unterminated escape is never kept", "x\x1b[31", 4, "x"},
		{"budget zero", "abc", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shown, cut := cutRaw(tt.raw, tt.budget)
			assert.Equal(t, tt.wantShown, shown, "got %q, want %q", shown, tt.wantShown)
			assert.Equal(t, len(tt.raw)-len(shown), cut, "cut: got %d, want %d", cut, len(tt.raw)-len(shown))
		})
	}
}

func TestCutMarkerSaysHowMuch(t *testing.T) {
	tests := []struct {
		n    uint64
		want string
	}{
		{0, "0 B"}, {512, "512 B"}, {1023, "1023 B"}, {1024, "1.0 KiB"}, {60 << 10, "60.0 KiB"},
		{1 << 20, "1.0 MiB"}, {1020 << 10, "1020.0 KiB"}, {3 << 29, "1.5 GiB"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, sizeText(tt.n), "sizeText(%d)", tt.n)
	}
	m := cutMarker(1 << 20)
	assert.Contains(t, m, "… 1.0 MiB more")
	assert.True(t, strings.HasPrefix(m, "\x1b]8;;\x1b\\\x1b[0m"), "the marker first closes a link and resets colours: %q", m)
}

// FuzzCutRaw checks what the log view relies on for any input: the cut is a
// prefix within the budget, accounts for every byte, keeps valid UTF-8
// valid, and ends no escape sequence early (each escape in the shown part
// ends where it ends in the whole line).
func FuzzCutRaw(f *testing.F) {
	for _, s := range []string{"hello", "abé😀", "a\x1b[31mred\x1b[0m", "\x1b]8;;http://x/\x1b\\l\x1b]8;;\x1b\\", "x\x1b]8;;u\x07y", "\x1b[", "\x1b", "\x1b(B", "\xff\xfe"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, raw string, budget int) {
		if budget < 0 {
			budget = -budget % (len(raw) + 2)
		}
		shown, cut := cutRaw(raw, budget)
		if len(raw) <= budget {
			if shown != raw || cut != 0 {
				t.Fatalf("a line within the budget is cut: %q -> %q, %d", raw, shown, cut)
			}
			return
		}
		if !strings.HasPrefix(raw, shown) || len(shown) > budget || cut != len(raw)-len(shown) {
			t.Fatalf("cutRaw(%q, %d) = %q, %d", raw, budget, shown, cut)
		}
		if utf8.ValidString(raw) && !utf8.ValidString(shown) {
			t.Fatalf("a rune was split: %q -> %q", raw, shown)
		}
		for i := 0; i < len(shown); i++ {
			if shown[i] != esc {
				continue
			}
			end := escapeEnd(raw, i)
			if end > len(shown) {
				t.Fatalf("an escape at %d was split: %q -> %q", i, raw, shown)
			}
			i = end - 1
		}
	})
}
