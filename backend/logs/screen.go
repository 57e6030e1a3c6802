package logs

// What a terminal does with one line: most lines are text and colours, and
// their plain form is the text (sanitize). A program that knows it writes to
// a terminal (a process on a pseudo-terminal) also moves the cursor within
// the line (progress bars, spinners, line editors), erases, clears the
// screen and switches to the alternate screen (less, htop, a test runner's
// watch menu). scanTerm finds which of these a line does, cheaply, and
// render plays the line on a one-row screen, so the plain text kept for
// search and detection is what a person reads on the screen.

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"
)

// termInfo is what a line does to the terminal beyond printing text.
type termInfo struct {
	render bool // moves the cursor within the line or erases: its text is rendered (render)
	clear  bool // clears the screen (CSI 2J, CSI 3J, ESC c)
	alt    int8 // the line's last alternate-screen switch: 1 enters, -1 leaves, 0 none
	home   bool // the last sequence put the cursor at the top left (CSI H, CSI 1;1H)
	// enterAt is where the line's first switch into the alternate screen
	// starts, leaveEnd where its last switch out of it ends; 0 when none.
	enterAt, leaveEnd int
	// modes are the line's switches of the terminal modes that change
	// what the keyboard and mouse send (inputMode), in order.
	modes []byte
}

// inputMode says whether a DEC private mode changes what a terminal sends
// for keys, pastes or the mouse: the process's own view must switch it as
// the program asked, so that typing there sends what the program expects.
func inputMode(p string) bool {
	switch p {
	case "1", // application cursor keys: arrows send ESC O A
		"2004",                                         // bracketed paste
		"1000", "1002", "1003", "1005", "1006", "1015": // mouse reporting and its encodings
		return true
	}
	return false
}

// cut returns where to cut a line that changes screens, so each piece is
// on one of them: before the line enters the alternate screen (when its
// stream was not in it; head: the main screen's piece is the first), or
// after it last leaves it (the main screen's piece is the second); 0 when
// the line stays on one screen.
func (ti *termInfo) cut(inAlt bool, n int) (k int, head bool) {
	switch {
	case !inAlt && ti.enterAt > 0:
		return ti.enterAt, true
	case ti.alt < 0 && ti.leaveEnd < n:
		return ti.leaveEnd, false
	}
	return 0, false
}

// scanTerm reports what b, one line without its newline, does to the
// terminal. A trailing '\r' (of a CRLF ending) is no cursor move.
func scanTerm(b []byte) termInfo {
	var ti termInfo
	// A '\r' with anything after it (even inside an escape string) makes
	// the row redrawn; trailing ones end the line.
	if bytes.IndexByte(bytes.TrimRight(b, "\r"), '\r') >= 0 {
		ti.render = true
	}
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\b':
			ti.render = true
		case esc:
			end, _, _ := scanEscape(b, i)
			seq := b[i:end]
			if len(seq) == 2 && seq[1] == 'c' { // RIS, the full reset
				ti.clear, ti.render = true, true
			}
			if len(seq) >= 3 && seq[1] == '[' {
				switch scanCSI(seq, &ti) {
				case 1:
					if ti.enterAt == 0 {
						ti.enterAt = i
					}
				case -1:
					ti.leaveEnd = end
				}
			} else {
				ti.home = false
			}
			i = end - 1
		}
	}
	return ti
}

// scanCSI records what one CSI sequence (ESC [ ... final) does, and
// returns 1 if it enters the alternate screen, -1 if it leaves it.
func scanCSI(seq []byte, ti *termInfo) (alt int8) {
	final := seq[len(seq)-1]
	params := seq[2 : len(seq)-1]
	if len(params) > 0 && params[0] == '?' {
		if final != 'h' && final != 'l' {
			return 0
		}
		// DEC private modes: 1049 (save the cursor and switch, what
		// terminfo's smcup sends today), 47 and 1047 (the older forms).
		for start := 1; start <= len(params); {
			end := start
			for end < len(params) && params[end] != ';' {
				end++
			}
			switch p := string(params[start:end]); {
			case p == "1049" || p == "47" || p == "1047":
				if final == 'h' {
					alt = 1
				} else {
					alt = -1
				}
				ti.alt = alt
			case inputMode(p):
				ti.modes = append(append(append(ti.modes, "\x1b[?"...), p...), final)
			}
			start = end + 1
		}
		return alt
	}
	home := false
	switch final {
	case 'H', 'f':
		ti.render = true
		home = csiParam(params, 0) <= 1 && csiParam(params, 1) <= 1
	case 'D', 'C', 'G', '`', 'K', 'X', 'P', '@':
		ti.render = true
	case 'J':
		ti.render = true
		// Erasing all of it, or all below the top left (Node's
		// console.clear and Vite's clearScreen: CSI 1;1H CSI 0J).
		if n := csiParam(params, 0); n == 2 || n == 3 || n == 0 && ti.home {
			ti.clear = true
		}
	}
	ti.home = home
	return 0
}

// csiParam returns the k-th numeric parameter of a CSI sequence's
// parameter bytes, 0 when absent or not a number. Values are capped so
// hostile digits cannot overflow.
func csiParam(params []byte, k int) int {
	n, idx, seen := 0, 0, false
	for _, c := range params {
		switch {
		case c == ';' || c == ':':
			if idx == k {
				return n
			}
			idx++
			n, seen = 0, false
		case c >= '0' && c <= '9' && idx == k:
			if n < 1<<20 {
				n = n*10 + int(c-'0')
			}
			seen = true
		}
	}
	if idx == k && seen {
		return n
	}
	return 0
}

// maxJump bounds how far right a cursor move can take the cursor past the
// text already on the row, so a hostile "CSI 99999 C x" costs a bounded
// padding, not a 99,999-cell row.
const maxJump = 1024

// maxSGR bounds the colour state a cell carries: a line that piles up
// colour codes without a reset keeps only its latest one beyond this.
const maxSGR = 256

type cell struct {
	r    rune
	attr int32 // index into the row's attribute strings; 0 is none
}

// render plays b on a one-row terminal and returns the row as the screen
// shows it: raw with SGR colours (each run of cells in its colour), text
// plain; and the targets of OSC-8 hyperlinks, for URL detection. It follows
// carriage returns, backspaces, cursor moves within the row (CSI n D, C,
// G, `, and the column of CSI H/f), erasing (CSI K, X, J), deleting and
// inserting characters (CSI P, @) and clears (CSI 2J/3J, ESC c: what came
// before is gone). Rows are ignored: what a line prints is one row. Every
// character takes one cell (wide characters included), tab included.
func render(b []byte) (raw, text string, links []string) {
	// The cells come from a pool: a row on the stack would escape (growing
	// it through a pointer), and a line that renders allocates only its
	// forms.
	r := rowPool.Get().(*row)
	r.cells, r.sgr, r.spans, r.cur, r.col = r.cells[:0], r.sgr[:0], r.spans[:0], 0, 0
	defer func() {
		if cap(r.cells) <= maxPooledCells && cap(r.sgr) <= maxPooledCells {
			rowPool.Put(r)
		}
	}()
	invalid := false
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c >= 0x20 && c < 0x7f || c == '\t':
			r.put(rune(c))
			i++
			invalid = false
			continue
		case c == '\r':
			r.col = 0
			i++
			continue
		case c == '\b':
			r.col = max(r.col-1, 0)
			i++
			continue
		case c == esc:
			end, keep, link := scanEscape(b, i)
			if link != "" {
				links = append(links, link)
			}
			r.escape(b[i:end], keep)
			i = end
			invalid = false
			continue
		case c < 0x80:
			i++ // other C0 controls and DEL
			invalid = false
			continue
		}
		ch, size := utf8.DecodeRune(b[i:])
		i += size
		if ch == utf8.RuneError && size == 1 {
			if !invalid {
				r.put(utf8.RuneError)
				invalid = true
			}
			continue
		}
		invalid = false
		if ch >= 0x80 && ch <= 0x9f {
			continue // C1 controls
		}
		r.put(ch)
	}
	return r.forms(len(b), links)
}

// rowPool holds the rows render plays lines on, so a line that renders
// allocates only its forms; one grown past maxPooledCells (a 64 KiB line)
// goes back to the garbage collector.
var rowPool = sync.Pool{New: func() any { return &row{cells: make([]cell, 0, 256)} }}

const maxPooledCells = 4096

// row is the one-row screen render plays a line on.
type row struct {
	cells []cell
	// Attribute k (1-based; 0 is none) is the SGR state sgr[spans[k-1][0]:
	// spans[k-1][1]]: the colour codes in force, one after the other.
	sgr   []byte
	spans [][2]int32
	cur   int32 // the attribute characters are drawn in now
	col   int   // the cursor's column
}

// put draws ch at the cursor and moves it right, padding with spaces when
// the cursor is past the end of the row.
func (r *row) put(ch rune) {
	for len(r.cells) < r.col {
		r.cells = append(r.cells, cell{r: ' '})
	}
	if r.col < len(r.cells) {
		r.cells[r.col] = cell{ch, r.cur}
	} else {
		r.cells = append(r.cells, cell{ch, r.cur})
	}
	r.col++
}

// blank makes cells [from, to) spaces.
func (r *row) blank(from, to int) {
	for k := max(from, 0); k < min(to, len(r.cells)); k++ {
		r.cells[k] = cell{r: ' '}
	}
}

// escape acts on one escape sequence; sgr says it is an SGR colour code,
// which makes a new colour state: the one in force and the code.
func (r *row) escape(seq []byte, sgr bool) {
	switch {
	case len(seq) == 2 && seq[1] == 'c': // the full reset
		r.cells, r.col, r.cur = r.cells[:0], 0, 0
		return
	case len(seq) < 3 || seq[1] != '[':
		return
	case sgr:
		if p := seq[2 : len(seq)-1]; len(p) == 0 || string(p) == "0" {
			r.cur = 0
			return
		}
		start := int32(len(r.sgr))
		if r.cur > 0 {
			if sp := r.spans[r.cur-1]; int(sp[1]-sp[0])+len(seq) <= maxSGR {
				r.sgr = append(r.sgr, r.sgr[sp[0]:sp[1]]...)
			}
		}
		r.sgr = append(r.sgr, seq...)
		r.spans = append(r.spans, [2]int32{start, int32(len(r.sgr))})
		r.cur = int32(len(r.spans))
		return
	}
	r.move(seq)
}

// move acts on a CSI sequence that is not SGR: cursor moves and erases.
func (r *row) move(seq []byte) {
	params := seq[2 : len(seq)-1]
	if len(params) > 0 && params[0] == '?' {
		return
	}
	n := csiParam(params, 0)
	one := max(n, 1)
	switch seq[len(seq)-1] {
	case 'D':
		r.col = max(r.col-one, 0)
	case 'C':
		r.col = min(r.col+one, max(len(r.cells), r.col)+maxJump)
	case 'G', '`':
		r.col = min(one-1, len(r.cells)+maxJump)
	case 'H', 'f':
		r.col = min(max(csiParam(params, 1), 1)-1, len(r.cells)+maxJump)
	case 'K', 'J':
		switch {
		case n == 0:
			r.cells = r.cells[:min(r.col, len(r.cells))]
		case n == 1:
			r.blank(0, r.col+1)
		case n == 2 || n == 3 && seq[len(seq)-1] == 'J':
			r.cells = r.cells[:0]
		}
	case 'X':
		r.blank(r.col, r.col+one)
	case 'P':
		if r.col < len(r.cells) {
			k := min(r.col+one, len(r.cells))
			r.cells = r.cells[:r.col+copy(r.cells[r.col:], r.cells[k:])]
		}
	case '@':
		if r.col < len(r.cells) {
			ins := min(one, maxJump)
			n := len(r.cells)
			for range ins {
				r.cells = append(r.cells, cell{})
			}
			copy(r.cells[r.col+ins:], r.cells[r.col:n])
			r.blank(r.col, r.col+ins)
		}
	}
}

// forms returns the row as its display form (each run of cells in its
// colour) and its plain text, with links as they came; n is the input's
// length, to size the builders.
func (r *row) forms(n int, links []string) (raw, text string, _ []string) {
	var tb strings.Builder
	tb.Grow(min(n, len(r.cells)*utf8.UTFMax))
	coloured := false
	for _, c := range r.cells {
		tb.WriteRune(c.r)
		if c.attr != 0 {
			coloured = true
		}
	}
	text = tb.String()
	if !coloured {
		return text, text, links
	}
	var rb strings.Builder
	rb.Grow(len(text) + len(r.sgr) + 4*len(r.spans) + 8)
	var prev int32
	for _, c := range r.cells {
		if c.attr != prev {
			if prev != 0 {
				rb.WriteString("\x1b[0m")
			}
			if c.attr != 0 {
				sp := r.spans[c.attr-1]
				rb.Write(r.sgr[sp[0]:sp[1]])
			}
			prev = c.attr
		}
		rb.WriteRune(c.r)
	}
	if prev != 0 {
		rb.WriteString("\x1b[0m")
	}
	return rb.String(), text, links
}

// screenRaw returns b as the process's own view replays it while the
// process is in the alternate screen: what a terminal needs to draw a
// full-screen program (every CSI sequence: cursor moves, erases, scroll
// regions, modes; two-byte escapes; carriage return, backspace, tab; SGR
// colours and OSC-8 links), and nothing that reaches beyond that view:
// other OSC strings (titles, the clipboard's OSC 52), DCS, APC, PM and SOS
// strings, C1 controls and other C0 controls are dropped, and invalid
// UTF-8 is replaced by U+FFFD.
func screenRaw(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	invalid := false
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c >= 0x20 && c < 0x7f || c == '\t' || c == '\r' || c == '\b':
			sb.WriteByte(c)
			i++
			invalid = false
			continue
		case c == esc:
			end, keep, _ := scanEscape(b, i)
			seq := b[i:end]
			if keep || len(seq) >= 2 && seq[1] != ']' && seq[1] != 'P' && seq[1] != 'X' && seq[1] != '^' && seq[1] != '_' && wellFormed(seq) {
				sb.Write(seq)
			}
			i = end
			invalid = false
			continue
		case c < 0x80:
			i++
			invalid = false
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			if !invalid {
				sb.Write(replacement)
				invalid = true
			}
			i++
			continue
		}
		invalid = false
		if r < 0x80 || r > 0x9f {
			sb.Write(b[i : i+size])
		}
		i += size
	}
	return sb.String()
}

// wellFormed reports whether seq, an escape sequence scanEscape delimited,
// ends in its final byte: a cut one (at the end of the line, or where a
// malformed CSI stopped) is not written to the view.
func wellFormed(seq []byte) bool {
	f := seq[len(seq)-1]
	if seq[1] == '[' {
		return len(seq) >= 3 && f >= 0x40 && f <= 0x7e
	}
	return f >= 0x30 && f <= 0x7e
}
