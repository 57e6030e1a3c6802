package events

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"hum/backend/logs"
	"hum/backend/process"
)

// The guarantee the window relies on (frontend/src/lib/logwriter.ts writes
// LogLine.Raw to xterm.js as it is, without cleaning it again): whatever
// bytes a process prints, the text that reaches the window is valid UTF-8
// with no control characters but tab, and its only escape sequences are
// the ones the log view renders: SGR colours (ESC [ digits ; : m) and OSC 8
// hyperlinks (ESC ] 8 ; params ; URI, ended by ST or BEL, printable ASCII).
// No cursor move, screen clear, title change, carriage return, backspace
// or bell can reach the terminal, so one log line stays one line.

// windowSafe returns why raw breaks the guarantee, or nil.
func windowSafe(raw string) error {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == 0x1b:
			n, err := allowedEscape(raw[i:])
			if err != nil {
				return fmt.Errorf("at %d: %w in %q", i, err, raw)
			}
			i += n
			continue
		case c == '\t' || c >= 0x20 && c < 0x7f:
			i++
			continue
		case c < 0x80:
			return fmt.Errorf("at %d: control character %#x in %q", i, c, raw)
		}
		r, size := utf8.DecodeRuneInString(raw[i:])
		if r == utf8.RuneError && size == 1 {
			return fmt.Errorf("at %d: invalid UTF-8 in %q", i, raw)
		}
		if r >= 0x80 && r <= 0x9f {
			return fmt.Errorf("at %d: C1 control %U in %q", i, r, raw)
		}
		i += size
	}
	return nil
}

// modesOnly is what LogLine.Modes may hold: DEC private mode switches.
var modesOnly = regexp.MustCompile(`^(\x1b\[\?[0-9]+[hl])*$`)

// screenSafe is the guarantee for a line drawn in the alternate screen
// (LogLine.Screen), which the process's own view writes as it is so a
// full-screen program draws: valid UTF-8, no control character but tab,
// carriage return and backspace, and no escape but CSI sequences,
// two-byte escapes and OSC 8 links; no title, clipboard (OSC 52), DCS,
// APC, PM or SOS string, no C1 control.
func screenSafe(raw string) error {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == 0x1b:
			n, err := allowedEscape(raw[i:])
			if err != nil {
				n, err = screenEscape(raw[i:])
			}
			if err != nil {
				return fmt.Errorf("at %d: %w in %q", i, err, raw)
			}
			i += n
			continue
		case c == '\t' || c == '\r' || c == '\b' || c >= 0x20 && c < 0x7f:
			i++
			continue
		case c < 0x80:
			return fmt.Errorf("at %d: control character %#x in %q", i, c, raw)
		}
		r, size := utf8.DecodeRuneInString(raw[i:])
		if r == utf8.RuneError && size == 1 {
			return fmt.Errorf("at %d: invalid UTF-8 in %q", i, raw)
		}
		if r >= 0x80 && r <= 0x9f {
			return fmt.Errorf("at %d: C1 control %U in %q", i, r, raw)
		}
		i += size
	}
	return nil
}

// screenEscape returns the length of the CSI sequence or two-byte escape
// s starts with, or an error for a string (OSC, DCS, APC, PM, SOS) or a
// cut sequence.
func screenEscape(s string) (int, error) {
	if len(s) < 2 {
		return 0, fmt.Errorf("a lone ESC")
	}
	if s[1] == '[' {
		j := 2
		for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f {
			j++
		}
		if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e {
			return j + 1, nil
		}
		return 0, fmt.Errorf("a cut CSI")
	}
	if strings.IndexByte("]PX^_", s[1]) >= 0 {
		return 0, fmt.Errorf("a string escape %q", s[:2])
	}
	j := 1
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
		return j + 1, nil
	}
	return 0, fmt.Errorf("a cut escape")
}

// allowedEscape returns the length of the SGR or OSC 8 sequence s starts
// with, or an error for any other escape.
func allowedEscape(s string) (int, error) {
	if strings.HasPrefix(s, "\x1b[") {
		j := 2
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
			j++
		}
		if j < len(s) && s[j] == 'm' {
			return j + 1, nil
		}
		return 0, fmt.Errorf("a CSI that is not SGR")
	}
	if strings.HasPrefix(s, "\x1b]8;") {
		for j := 4; j < len(s); j++ {
			switch {
			case s[j] == 0x07:
				return j + 1, checkLink(s[4:j])
			case s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\':
				return j + 2, checkLink(s[4:j])
			case s[j] < 0x20 || s[j] > 0x7e:
				return 0, fmt.Errorf("byte %#x in an OSC 8 link", s[j])
			}
		}
		return 0, fmt.Errorf("an unterminated OSC 8 link")
	}
	return 0, fmt.Errorf("an escape that is neither SGR nor OSC 8")
}

func checkLink(p string) error {
	if !strings.Contains(p, ";") {
		return fmt.Errorf("an OSC 8 link without its params;URI form")
	}
	return nil
}

// hostile is output a process could print that a terminal would act on.
var hostile = [][]byte{
	[]byte("\x1b[2J\x1b[Hcleared\x1b[10;20Hmoved\x1b[1A\x1b[2K\x1b[?25l\x1b[?1049h"),
	[]byte("10%\r50%\r100%\rdone\r\n"),
	[]byte("\x1b]0;title\x07\x1b]52;c;ZXZpbA==\x07\x1bPdcs\x1b\\\x1b_apc\x1b\\\x1b^pm\x1b\\"),
	[]byte("bell\x07 back\x08space del\x7f nul\x00 vt\x0b ff\x0c so\x0e"),
	[]byte("\xc2\x9b31m8-bit CSI\xc2\x9d0;x\xc2\x9c \x9b2J raw C1"),
	[]byte("\x1b[31mred\x1b[0m \x1b[38;5;208morange\x1b[39m \x1b[38:2::1:2:3mtrue\x1b[m"),
	[]byte("\x1b]8;;https://example.com/\x1b\\link\x1b]8;;\x1b\\ \x1b]8;id=1;http://x/\x07b\x1b]8;;\x07"),
	[]byte("\x1b]8;;http://evil/\x1b[2Jx\x1b]8;;\x1b\\ \x1b]8;;\xff\x1b\\"),
	[]byte("\x1b[31\x1b[32munfinished\x1b[\x1b]8;;open link without end"),
	[]byte("\xff\xfe invalid \xe2\x82 utf8 \xed\xa0\x80 surrogate"),
	[]byte("\x1b7\x1b8\x1bc\x1b(0\x1b=\x1bM\x1bD esc"),
	[]byte("\x1b[?2004h\x1b[?1;1000;1049l\x1b[?1006;9999999999h\x1b[?1000\x1b[?2004"),
	[]byte(strings.Repeat("é", 40) + "\x1b[31m" + strings.Repeat("界", 30) + "\x1b]8;;http://x/\x1b\\" + strings.Repeat("z", 50)),
}

// sinkLines feeds in to store as the process core would under the Sink
// contract: split at '\n' (a "\r\n" losing its '\r'), each line cut into
// pieces of at most max bytes, the pieces but the last through LinePart.
// Any byte string without '\n' of at most max bytes is a line the core may
// deliver, so this covers every input the store can get from a process.
func sinkLines(s *logs.Store, in []byte, max int) {
	for _, line := range bytes.Split(in, []byte("\n")) {
		line = bytes.TrimSuffix(line, []byte("\r"))
		for len(line) > max {
			s.LinePart("p1", process.Stdout, line[:max])
			line = line[max:]
		}
		s.Line("p1", process.Stdout, line)
	}
}

// checkWindowText runs the store's lines through both ways to the window:
// the "logs" events (ForwardLogs' wire, with its budgets) and pages
// (WireLines, for TailLogs and LogPage).
func checkWindowText(t *testing.T, lines []logs.Line) {
	t.Helper()
	w := wire{budget: EventBudget}
	for _, l := range lines {
		w.add(l)
	}
	for _, ll := range append(w.take().Lines, WireLines(lines)...) {
		check := windowSafe
		if ll.Screen {
			check = screenSafe
		}
		if err := check(ll.Raw); err != nil {
			t.Fatalf("line %d: %v", ll.Seq, err)
		}
		if !modesOnly.MatchString(ll.Modes) {
			t.Fatalf("line %d: modes %q are not input mode switches only", ll.Seq, ll.Modes)
		}
	}
}

func TestWindowTextHasOnlyTheEscapesTheLogViewRenders(t *testing.T) {
	for i, in := range hostile {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			// A small max, so pieces are cut inside escapes and characters;
			// and LineBudget's cut, for the marker.
			for _, max := range []int{7, 64, process.DefaultMaxLine} {
				checkWindowText(t, storeLines(t, func(s *logs.Store) { sinkLines(s, in, max) }))
			}
			long := bytes.Repeat(in, LineBudget/len(in)+2)
			checkWindowText(t, storeLines(t, func(s *logs.Store) { sinkLines(s, long, process.DefaultMaxLine) }))
		})
	}
}

// TestWindowTextIsWhatTheViewShows pins what the window's own cleaning
// did before it trusted the backend (these were logwriter.ts's sanitize
// cases): text and colours pass as they are, cursor moves go, and a
// progress bar shows its last state.
func TestWindowTextIsWhatTheViewShows(t *testing.T) {
	for _, tc := range []struct{ name, printed, want string }{
		{"plain text stays", "hello", "hello"},
		{"colours stay", "\x1b[31mred\x1b[0m", "\x1b[31mred\x1b[0m"},
		// The line is erased after "a", so the screen shows " b"; the
		// cursor moves themselves never reach the window.
		{"cursor moves go", "a\x1b[2Kb\x1b[1A", " b"},
		{"a backspace rubs out", "ab\bc", "ac"},
		{"a progress bar keeps its last state", "10%\r50%\r100%", "100%"},
		{"a link stays", "\x1b]8;;http://x/\x1b\\x\x1b]8;;\x1b\\", "\x1b]8;;http://x/\x1b\\x\x1b]8;;\x1b\\"},
	} {
		got := WireLines(storeLines(t, func(s *logs.Store) { sinkLines(s, []byte(tc.printed), process.DefaultMaxLine) }))
		require.Len(t, got, 1, "%s: got %d lines, want 1", tc.name, len(got))
		require.Equal(t, tc.want, got[0].Raw, "%s: got %q, want %q", tc.name, got[0].Raw, tc.want)
	}
}

// TestWindowTextFromARealProcess runs a real process that prints the
// hostile output through the process core into a store, and checks what a
// window would get, by events and by page.
func TestWindowTextFromARealProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the printer is a POSIX shell script")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out.bin")
	require.NoError(t, os.WriteFile(out, bytes.Join(hostile, []byte("\n")), 0o600))
	s := logs.NewStore(logs.Options{})
	defer s.Close()
	rec := newLogRecorder()
	sub := s.Subscribe(LogCap)
	done := make(chan struct{})
	go func() { ForwardLogs(context.Background(), rec, sub); close(done) }()
	m := process.NewManager(process.Options{Sink: s, MaxLine: 16})
	st, err := m.Start(process.Spec{Name: "hostile", Argv: []string{"sh", "-c", `cat "$1"; printf '\033[2Jno newline at the end\a'`, "sh", out}})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = m.Wait(ctx, st.ID)
	require.NoError(t, err)
	stored := s.Page(st.ID, 0, 0).Lines
	require.Greater(t, len(stored), len(hostile), "got %d lines, want the printed ones in 16-byte pieces", len(stored))
	sub.Close()
	<-done
	var sent []LogLine
	batches, _ := rec.snapshot()
	for _, b := range batches {
		sent = append(sent, b.Lines...)
	}
	require.NotEmpty(t, sent, "no event reached the window")
	for _, ll := range append(sent, WireLines(stored)...) {
		require.NoError(t, windowSafe(ll.Raw), "line %d", ll.Seq)
	}
}

// FuzzWindowText checks the guarantee on any bytes a process prints, cut
// into lines of any small size.
func FuzzWindowText(f *testing.F) {
	for _, in := range hostile {
		f.Add(in, uint8(7))
	}
	f.Fuzz(func(t *testing.T, in []byte, max uint8) {
		checkWindowText(t, storeLines(t, func(s *logs.Store) { sinkLines(s, in, int(max)%200+1) }))
	})
}
