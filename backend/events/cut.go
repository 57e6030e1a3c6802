package events

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

const esc = 0x1b

// cutRaw returns the longest start of raw that fits in budget bytes and can
// be shown on its own: it never ends inside a UTF-8 sequence or an escape
// sequence (half an escape would swallow what the terminal prints next).
// cut is how many bytes of raw were left out; 0 means raw is returned as it
// is. Colours or a link still open at the cut are ended by cutMarker, which
// always follows a cut. The result does not share memory with raw when
// cut > 0, so keeping it does not keep a long raw alive.
func cutRaw(raw string, budget int) (shown string, cut int) {
	if len(raw) <= budget {
		return raw, 0
	}
	i := 0
	for i < len(raw) {
		size := 0
		if raw[i] == esc {
			size = escapeEnd(raw, i) - i
		} else {
			_, size = utf8.DecodeRuneInString(raw[i:])
		}
		if i+size > budget {
			break
		}
		i += size
	}
	return strings.Clone(raw[:i]), len(raw) - i
}

// escapeEnd finds the end of the escape sequence at s[i] (an ESC), as a
// terminal reads it: a CSI ends at its final byte, an OSC/DCS/SOS/PM/APC
// string at BEL or ST, another escape after its final byte. A byte that
// cannot continue the sequence (another ESC, say) ends it before that byte,
// and an unterminated string runs to the end of s, so a cut never keeps its
// start.
func escapeEnd(s string, i int) int {
	if i+1 >= len(s) {
		return len(s)
	}
	switch s[i+1] {
	case '[':
		j := i + 2
		for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f {
			j++
		}
		if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e {
			return j + 1
		}
		return j
	case ']', 'P', 'X', '^', '_':
		for j := i + 2; j < len(s); j++ {
			switch {
			case s[j] == 0x07:
				return j + 1
			case s[j] == esc && j+1 < len(s) && s[j+1] == '\\':
				return j + 2
			case s[j] == esc:
				return j // a new escape cancels the string
			}
		}
		return len(s)
	default:
		j := i + 1
		for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
			j++
		}
		if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
			return j + 1
		}
		return j
	}
}

// cutMarker is what follows a cut line in the log view. It first closes an
// OSC-8 link and resets colours the cut may have left open (both harmless
// when nothing is open), then says how much is missing, dim, so it reads as
// Hum's note rather than the process's output.
func cutMarker(n uint64) string {
	return "\x1b]8;;\x1b\\\x1b[0m\x1b[2m… " + sizeText(n) + " more\x1b[0m"
}

// sizeText says n bytes the way a person reads them: "512 B", "60.0 KiB",
// "1.0 MiB".
func sizeText(n uint64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
}
