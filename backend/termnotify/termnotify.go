// Package termnotify finds the notifications a program asks its terminal
// for in the bytes it prints: the bell (BEL, 0x07, outside any escape
// sequence), OSC 9 (iTerm2's "ESC ] 9 ; message", also printed by ConEmu
// and Windows Terminal users' tools) and OSC 777 (rxvt-unicode's and
// Ghostty's "ESC ] 777 ; notify ; title ; body"), each ended by BEL or ST
// (ESC \). Hum forwards them as desktop notifications (backend/notify).
//
// Scan is pure and stateless: one line in, the signals in it out. It is on
// the log ingest path, so a line without a BEL or an OSC introducer costs
// two bytes.IndexByte-speed scans and no allocation.
package termnotify

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// MaxText is the most bytes of a title or body kept; one that does not fit
// is cut at a rune boundary and ends with "…".
const MaxText = 200

// Signal is one notification a program printed: the bell, or a message
// with an optional title (OSC 777 has one, OSC 9 does not).
type Signal struct {
	Bell  bool
	Title string
	Body  string
}

const (
	bel = 0x07
	esc = 0x1b
)

// Scan returns the signals in line, in the order printed; nil (and no
// allocation) when there are none. A sequence cut by the end of the line
// is ignored: an unterminated OSC tells nothing, and a BEL inside it is
// its terminator, not a bell.
func Scan(line []byte) []Signal {
	if bytes.IndexByte(line, bel) < 0 && !hasOSC(line) {
		return nil
	}
	var out []Signal
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case bel:
			out = append(out, Signal{Bell: true})
		case esc:
			if i+1 >= len(line) {
				return out
			}
			switch line[i+1] {
			case ']', 'P', 'X', '^', '_':
				// OSC, DCS, SOS, PM, APC: a string up to BEL or ST. Only an
				// OSC can be a notification; a BEL in any of them ends it.
				end, next, ok := stringEnd(line, i+2)
				if !ok {
					return out // cut: nothing more on this line can be told apart
				}
				if line[i+1] == ']' && next > end { // next == end: cancelled by an ESC
					if s, ok := osc(line[i+2 : end]); ok {
						out = append(out, s)
					}
				}
				i = next - 1
			default:
				i++ // a two-byte escape or a CSI's introducer: its bytes are never BEL
			}
		}
	}
	return out
}

// hasOSC reports whether b holds "ESC ]". Coloured output has an ESC every
// few bytes, so after the first (found at IndexByte's speed) a plain loop
// is cheaper than an IndexByte per ESC.
func hasOSC(b []byte) bool {
	i := bytes.IndexByte(b, esc)
	if i < 0 {
		return false
	}
	for b = b[i:]; len(b) > 1; b = b[1:] {
		if b[0] == esc && b[1] == ']' {
			return true
		}
	}
	return false
}

// stringEnd finds the end of a control string that starts at from: the
// index of its terminator and the index just past it (equal when an ESC
// that is not ST cancels the string); ok false when the line ends first.
func stringEnd(b []byte, from int) (end, next int, ok bool) {
	for j := from; j < len(b); j++ {
		switch b[j] {
		case bel:
			return j, j + 1, true
		case esc:
			if j+1 < len(b) && b[j+1] == '\\' {
				return j, j + 2, true
			}
			// An ESC that is not ST cancels the string (ECMA-48); what
			// follows is read again as ordinary bytes.
			return j, j, true
		}
	}
	return 0, 0, false
}

// osc reads one OSC's payload (between "ESC ]" and its terminator).
func osc(p []byte) (Signal, bool) {
	cmd, rest, _ := bytes.Cut(p, []byte{';'})
	switch string(cmd) {
	case "9":
		// ConEmu's sub-commands are "9;N;…" or "9;N" (9;4 is the progress
		// bar, 9;9 the working directory): a number and then ';' or the end.
		// A message that merely starts with digits ("42 tests passed") is
		// iTerm2's notification.
		if n := digits(rest); n > 0 && (n == len(rest) || rest[n] == ';') {
			return Signal{}, false
		}
		body := clean(rest)
		if body == "" {
			return Signal{}, false
		}
		return Signal{Body: body}, true
	case "777":
		sub, rest, _ := bytes.Cut(rest, []byte{';'})
		if string(sub) != "notify" {
			return Signal{}, false // rxvt's other extensions (preexec, precmd…)
		}
		title, body, _ := bytes.Cut(rest, []byte{';'})
		s := Signal{Title: clean(title), Body: clean(body)}
		if s.Title == "" && s.Body == "" {
			return Signal{}, false
		}
		return s, true
	}
	return Signal{}, false
}

func digits(b []byte) int {
	n := 0
	for n < len(b) && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	return n
}

// clean makes printed bytes safe words: valid UTF-8, control characters
// as spaces, runs of space as one, trimmed, at most MaxText bytes.
func clean(b []byte) string {
	var sb strings.Builder
	space := false
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r == utf8.RuneError && size <= 1 {
			r = '\uFFFD'
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == ' ' || r == '\u2028' || r == '\u2029' {
			space = sb.Len() > 0
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		if sb.Len()+utf8.RuneLen(r) > MaxText-len("…") {
			sb.WriteString("…")
			break
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// Printed is a Signal and the process that printed it.
type Printed struct {
	ProcID string
	Signal Signal
}
