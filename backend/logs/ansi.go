package logs

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

const (
	esc = 0x1b
	bel = 0x07

	// maxOSC bounds how far an OSC/DCS string is searched for its
	// terminator, so a stray ESC ] in binary garbage costs O(maxOSC), and an
	// unterminated one is dropped rather than swallowing the rest of the line.
	maxOSC = 4096
)

var replacement = []byte(string(utf8.RuneError))

// StripANSI returns s with every terminal control sequence removed (SGR
// colours, cursor moves, OSC strings including OSC-8 hyperlinks, DCS/APC/PM
// strings, two-byte escapes), every other control character except tab and
// newline removed, and invalid UTF-8 replaced by U+FFFD. Carriage returns are
// removed too; the store itself collapses carriage-return progress lines
// before stripping (see Store.Line).
func StripANSI(s string) string {
	_, text, _ := sanitize([]byte(s), false)
	return text
}

// isPlain reports whether b is printable ASCII and tabs only: the common case,
// for which the raw and plain forms are the same string.
func isPlain(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' || c > 0x7e {
			return false
		}
	}
	return true
}

// sanitize turns one line into its display form raw (SGR colours and OSC-8
// hyperlinks kept, every other control removed, valid UTF-8) and its plain
// form text. If wantLinks, it also returns the targets of OSC-8 hyperlinks,
// which dev servers use to print URLs whose visible label is not the URL.
// When nothing was kept in raw that is not in text, raw and text are the
// same string (one allocation).
func sanitize(b []byte, wantLinks bool) (raw, text string, links []string) {
	raw, text, links, _ = sanitizeLine(b, wantLinks)
	return raw, text, links
}

// sanitizeLine is sanitize, and also reports whether b does more to a
// terminal than print text in colours: a backspace, or an escape that is
// neither SGR nor OSC (a cursor move, an erase, a mode, a reset). Such a
// line is played on a row (render) instead; the others, nearly all, are
// done in this one pass.
func sanitizeLine(b []byte, wantLinks bool) (raw, text string, links []string, moves bool) {
	if isPlain(b) {
		s := string(b)
		return s, s, nil, false
	}
	var rb, tb strings.Builder
	tb.Grow(len(b))
	rawDiffers := false
	// ensureRaw starts the raw builder lazily: most non-ASCII lines carry no
	// colour, and their raw form is their plain form.
	ensureRaw := func() {
		if !rawDiffers {
			rawDiffers = true
			rb.Grow(len(b) + 16)
			rb.WriteString(tb.String())
		}
	}
	write := func(p []byte) {
		tb.Write(p)
		if rawDiffers {
			rb.Write(p)
		}
	}
	invalidRun := false
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c >= 0x20 && c < 0x7f || c == '\t' || c == '\n':
			j := i + 1
			for j < len(b) && (b[j] >= 0x20 && b[j] < 0x7f || b[j] == '\t') {
				j++
			}
			write(b[i:j])
			i = j
			invalidRun = false
			continue
		case c == esc:
			end, keep, link := scanEscape(b, i)
			if keep {
				ensureRaw()
				rb.Write(b[i:end])
			} else if i+1 < len(b) && b[i+1] != ']' && b[i+1] != 'P' && b[i+1] != 'X' && b[i+1] != '^' && b[i+1] != '_' {
				moves = true
			}
			if wantLinks && link != "" {
				links = append(links, link)
			}
			i = end
			invalidRun = false
			continue
		case c < 0x80:
			// Other C0 controls and DEL: a terminal would act on them
			// (bell, backspace, ...); the log keeps only the text.
			if c == '\b' {
				moves = true
			}
			i++
			invalidRun = false
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			// One replacement per run of invalid bytes keeps the output
			// bounded by the input plus a small constant per run.
			if !invalidRun {
				write(replacement)
				invalidRun = true
			}
			i++
			continue
		}
		invalidRun = false
		if r >= 0x80 && r <= 0x9f {
			// C1 controls (8-bit CSI and friends): dropped like C0 ones.
			i += size
			continue
		}
		write(b[i : i+size])
		i += size
	}
	text = tb.String()
	if !rawDiffers {
		return text, text, links, moves
	}
	return rb.String(), text, links, moves
}

// scanEscape parses the escape sequence that starts at b[i] (an ESC) and
// returns where it ends, whether the display form keeps it (SGR colours and
// well-formed OSC-8 hyperlinks only) and, for an OSC-8 opener, its target.
// An unterminated sequence ends the line: a terminal would swallow the rest
// too, and keeping half a sequence would corrupt the display.
func scanEscape(b []byte, i int) (end int, keep bool, link string) {
	if i+1 >= len(b) {
		return len(b), false, ""
	}
	switch b[i+1] {
	case '[': // CSI: parameters 0x30–0x3F, intermediates 0x20–0x2F, final 0x40–0x7E
		j := i + 2
		sgr := true
		for j < len(b) && b[j] >= 0x30 && b[j] <= 0x3f {
			if !(b[j] >= '0' && b[j] <= '9' || b[j] == ';' || b[j] == ':') {
				sgr = false
			}
			j++
		}
		for j < len(b) && b[j] >= 0x20 && b[j] <= 0x2f {
			sgr = false
			j++
		}
		if j >= len(b) || b[j] < 0x40 || b[j] > 0x7e {
			// Malformed: drop the introducer only and carry on with the
			// text; a CSI cannot contain other bytes.
			if j >= len(b) {
				return len(b), false, ""
			}
			return j, false, ""
		}
		return j + 1, sgr && b[j] == 'm', ""
	case ']', 'P', 'X', '^', '_': // OSC, DCS, SOS, PM, APC: strings ended by BEL or ST
		start := i + 2
		limit := len(b)
		if limit-start > maxOSC {
			limit = start + maxOSC
		}
		for j := start; j < limit; j++ {
			var stEnd int
			switch {
			case b[j] == bel && b[i+1] == ']':
				stEnd = j + 1
			case b[j] == esc && j+1 < len(b) && b[j+1] == '\\':
				stEnd = j + 2
			case b[j] == esc:
				// A new escape before the terminator: the string was cut.
				return j, false, ""
			default:
				continue
			}
			if b[i+1] != ']' {
				return stEnd, false, ""
			}
			keep, link := osc8(b[start:j])
			return stEnd, keep, link
		}
		return len(b), false, ""
	default:
		// Two- or three-byte escapes (ESC 7, ESC ( B, ESC =): intermediates
		// 0x20–0x2F then one final byte 0x30–0x7E.
		j := i + 1
		for j < len(b) && b[j] >= 0x20 && b[j] <= 0x2f {
			j++
		}
		if j < len(b) && b[j] >= 0x30 && b[j] <= 0x7e {
			return j + 1, false, ""
		}
		return j, false, ""
	}
}

// osc8 recognises an OSC-8 hyperlink payload "8;params;URI". The display
// form keeps it only if the payload is printable ASCII (URIs are
// percent-encoded), so nothing odd reaches the terminal emulator. The closing
// form has an empty URI.
func osc8(p []byte) (keep bool, link string) {
	if len(p) < 2 || p[0] != '8' || p[1] != ';' {
		return false, ""
	}
	for _, c := range p {
		if c < 0x20 || c > 0x7e {
			return false, ""
		}
	}
	k := bytes.IndexByte(p[2:], ';')
	if k < 0 {
		return false, ""
	}
	return true, string(p[2+k+1:])
}

// collapseCR returns the final state of a carriage-return progress line:
// the last non-empty segment after a '\r'. Real progress bars redraw the
// whole line after each '\r' (often with an erase-line code), so the last
// segment is what the terminal shows. Trailing '\r's (CRLF line endings)
// are ignored.
func collapseCR(b []byte) []byte {
	for {
		i := bytes.LastIndexByte(b, '\r')
		if i < 0 {
			return b
		}
		if i == len(b)-1 {
			b = b[:i]
			continue
		}
		return b[i+1:]
	}
}
