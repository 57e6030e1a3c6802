package discover

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// A small TOML reader for the few tables discovery needs (Cargo.toml's
// [package], [[bin]] and [workspace]; pyproject.toml's scripts tables).
// It reads strings, arrays and inline tables, and skips every other value
// (numbers, booleans, dates, multi-line strings) without interpreting it,
// so a header-looking line inside a multi-line string is never taken for
// one. One pass over the bytes: linear in the file's size. Nesting of
// arrays and inline tables is bounded by maxTOMLDepth, so a hostile file
// cannot grow the stack. A syntax error is a Problem at its line, and
// reading goes on at the next line.

const maxTOMLDepth = 32

// tomlValue is one value: kind 's' (string), 'a' (array), 't' (inline
// table), or 'o' (anything else, uninterpreted: str is its text, "" for a
// multi-line string).
type tomlValue struct {
	kind byte
	str  string
	arr  []tomlValue
	tbl  []tomlEntry // inline table members
}

// tomlEntry is one key = value, with the table it is in.
type tomlEntry struct {
	table []string // the [table] or [[table]] header's key path
	index int      // for a [[table]], which one (0-based); -1 otherwise
	key   []string // the dotted key
	val   tomlValue
	line  int
}

// strings returns the strings of an array value (or the string itself),
// skipping anything else.
func (v tomlValue) strings() []string {
	switch v.kind {
	case 's':
		return []string{v.str}
	case 'a':
		var out []string
		for _, e := range v.arr {
			if e.kind == 's' {
				out = append(out, e.str)
			}
		}
		return out
	}
	return nil
}

type tomlReader struct {
	fp      *fileParse
	data    []byte
	i       int
	line    int
	table   []string
	index   int
	arrays  map[string]int // [[table]] counts by joined path
	entries []tomlEntry
	nEntry  int
}

// parseTOML reads data into its entries, in file order.
func parseTOML(fp *fileParse, data []byte) []tomlEntry {
	r := &tomlReader{fp: fp, data: data, line: 1, index: -1, arrays: map[string]int{}}
	for r.i < len(r.data) {
		if r.nEntry++; fp.stop(r.nEntry-1, r.line) {
			break
		}
		r.skipBlank(true)
		if r.i >= len(r.data) {
			break
		}
		start := r.line
		var err string
		if r.data[r.i] == '[' {
			err = r.header()
		} else {
			err = r.keyValue()
		}
		if err == "" {
			// Only a comment may follow on the line.
			r.skipBlank(false)
			if r.i < len(r.data) && r.data[r.i] != '\n' {
				err = "unexpected " + r.describe() + " after a value"
			}
		}
		if err != "" {
			fp.problem(start, "invalid TOML: "+err)
			r.skipLine()
		}
	}
	return r.entries
}

func (r *tomlReader) describe() string {
	if r.i >= len(r.data) {
		return "end of file"
	}
	c, _ := utf8.DecodeRune(r.data[r.i:])
	return strconv.QuoteRune(c)
}

// skipBlank skips spaces, tabs and comments, and newlines when nl is set.
func (r *tomlReader) skipBlank(nl bool) {
	for r.i < len(r.data) {
		switch c := r.data[r.i]; c {
		case ' ', '\t', '\r':
			r.i++
		case '\n':
			if !nl {
				return
			}
			r.i++
			r.line++
		case '#':
			for r.i < len(r.data) && r.data[r.i] != '\n' {
				r.i++
			}
		default:
			return
		}
	}
}

func (r *tomlReader) skipLine() {
	for r.i < len(r.data) && r.data[r.i] != '\n' {
		r.i++
	}
}

// header reads "[a.b]" or "[[a.b]]".
func (r *tomlReader) header() string {
	r.i++
	array := r.i < len(r.data) && r.data[r.i] == '['
	if array {
		r.i++
	}
	key, err := r.key()
	if err != "" {
		return err
	}
	closing := "]"
	if array {
		closing = "]]"
	}
	r.skipBlank(false)
	if !strings.HasPrefix(string(r.data[r.i:min(r.i+2, len(r.data))]), closing) {
		return "expected " + closing + " to close the table header"
	}
	r.i += len(closing)
	r.table, r.index = key, -1
	if array {
		p := strings.Join(key, "\x00")
		r.index = r.arrays[p]
		r.arrays[p]++
	}
	return ""
}

// keyValue reads "key = value" into an entry of the current table.
func (r *tomlReader) keyValue() string {
	line := r.line
	key, err := r.key()
	if err != "" {
		return err
	}
	r.skipBlank(false)
	if r.i >= len(r.data) || r.data[r.i] != '=' {
		return "expected = after the key"
	}
	r.i++
	v, err := r.value(0)
	if err != "" {
		return err
	}
	r.entries = append(r.entries, tomlEntry{table: r.table, index: r.index, key: key, val: v, line: line})
	return ""
}

// key reads a dotted key of bare and quoted parts.
func (r *tomlReader) key() ([]string, string) {
	var parts []string
	for {
		r.skipBlank(false)
		if r.i >= len(r.data) {
			return nil, "expected a key"
		}
		switch c := r.data[r.i]; {
		case c == '"' || c == '\'':
			s, err := r.str()
			if err != "" {
				return nil, err
			}
			parts = append(parts, s)
		case tomlBare(c):
			j := r.i
			for j < len(r.data) && tomlBare(r.data[j]) {
				j++
			}
			parts = append(parts, string(r.data[r.i:j]))
			r.i = j
		default:
			return nil, "expected a key, found " + r.describe()
		}
		r.skipBlank(false)
		if r.i < len(r.data) && r.data[r.i] == '.' {
			r.i++
			continue
		}
		return parts, ""
	}
}

func tomlBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// value reads one value at nesting depth.
func (r *tomlReader) value(depth int) (tomlValue, string) {
	if depth > maxTOMLDepth {
		return tomlValue{}, "arrays and tables nested more than " + strconv.Itoa(maxTOMLDepth) + " deep"
	}
	r.skipBlank(false)
	if r.i >= len(r.data) {
		return tomlValue{}, "expected a value"
	}
	switch r.data[r.i] {
	case '"', '\'':
		if r.multiline() {
			return tomlValue{kind: 'o'}, r.skipMultiline()
		}
		s, err := r.str()
		return tomlValue{kind: 's', str: s}, err
	case '[':
		return r.array(depth)
	case '{':
		return r.inlineTable(depth)
	case '\n', '#', ',', ']', '}', '=':
		return tomlValue{}, "expected a value, found " + r.describe()
	}
	// A number, boolean or date: up to a separator, kept as written.
	start := r.i
	for r.i < len(r.data) {
		c := r.data[r.i]
		if c == ',' || c == ']' || c == '}' || c == '\n' || c == '#' || c == '\r' {
			break
		}
		if c == ' ' || c == '\t' {
			// Dates may hold one space ("1979-05-27 07:32:00"); anything
			// else after a blank ends the value.
			j := r.i
			for j < len(r.data) && (r.data[j] == ' ' || r.data[j] == '\t') {
				j++
			}
			if j < len(r.data) && r.data[j] >= '0' && r.data[j] <= '9' && r.i > 0 && r.data[r.i-1] >= '0' && r.data[r.i-1] <= '9' {
				r.i = j
				continue
			}
			break
		}
		r.i++
	}
	return tomlValue{kind: 'o', str: strings.TrimSpace(string(r.data[start:r.i]))}, ""
}

func (r *tomlReader) multiline() bool {
	q := r.data[r.i]
	return r.i+2 < len(r.data) && r.data[r.i+1] == q && r.data[r.i+2] == q
}

// skipMultiline skips a """…""" or ”'…”' string, counting its lines.
func (r *tomlReader) skipMultiline() string {
	q := r.data[r.i]
	r.i += 3
	for r.i < len(r.data) {
		c := r.data[r.i]
		switch {
		case c == '\n':
			r.line++
		case c == '\\' && q == '"':
			if r.i+1 < len(r.data) && r.data[r.i+1] == '\n' {
				r.line++
			}
			r.i += 2
			continue
		case c == q && r.i+2 < len(r.data) && r.data[r.i+1] == q && r.data[r.i+2] == q:
			r.i += 3
			// Up to two more quotes belong to the string.
			for k := 0; k < 2 && r.i < len(r.data) && r.data[r.i] == q; k++ {
				r.i++
			}
			return ""
		}
		r.i++
	}
	return "a multi-line string is not closed"
}

// str reads a one-line basic ("…", with escapes) or literal ('…') string.
func (r *tomlReader) str() (string, string) {
	q := r.data[r.i]
	r.i++
	var b strings.Builder
	for r.i < len(r.data) {
		c := r.data[r.i]
		switch {
		case c == '\n':
			return "", "a string is not closed on its line"
		case c == q:
			r.i++
			return b.String(), ""
		case c == '\\' && q == '"':
			if r.i+1 >= len(r.data) {
				return "", "a string is not closed"
			}
			r.i++
			switch e := r.data[r.i]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'e':
				b.WriteByte(0x1b)
			case '"', '\\':
				b.WriteByte(e)
			case 'u', 'U':
				n := 4
				if e == 'U' {
					n = 8
				}
				if r.i+n >= len(r.data) {
					return "", "a \\" + string(e) + " escape is cut short"
				}
				cp, err := strconv.ParseUint(string(r.data[r.i+1:r.i+1+n]), 16, 32)
				if err != nil || !utf8.ValidRune(rune(cp)) {
					return "", "a \\" + string(e) + " escape is not a character"
				}
				b.WriteRune(rune(cp))
				r.i += n
			default:
				return "", "unknown escape \\" + string(rune(e))
			}
			r.i++
		default:
			b.WriteByte(c)
			r.i++
		}
	}
	return "", "a string is not closed"
}

// array reads "[v, v, …]", which may span lines and hold comments.
func (r *tomlReader) array(depth int) (tomlValue, string) {
	r.i++
	v := tomlValue{kind: 'a'}
	for {
		r.skipBlank(true)
		if r.i >= len(r.data) {
			return v, "an array is not closed"
		}
		if r.data[r.i] == ']' {
			r.i++
			return v, ""
		}
		e, err := r.value(depth + 1)
		if err != "" {
			return v, err
		}
		v.arr = append(v.arr, e)
		r.skipBlank(true)
		if r.i < len(r.data) && r.data[r.i] == ',' {
			r.i++
			continue
		}
		if r.i < len(r.data) && r.data[r.i] == ']' {
			r.i++
			return v, ""
		}
		return v, "expected , or ] in an array, found " + r.describe()
	}
}

// inlineTable reads "{k = v, …}" on one line (newlines are tolerated, as
// TOML 1.1 allows).
func (r *tomlReader) inlineTable(depth int) (tomlValue, string) {
	r.i++
	v := tomlValue{kind: 't'}
	for {
		r.skipBlank(true)
		if r.i >= len(r.data) {
			return v, "an inline table is not closed"
		}
		if r.data[r.i] == '}' {
			r.i++
			return v, ""
		}
		line := r.line
		key, err := r.key()
		if err != "" {
			return v, err
		}
		r.skipBlank(false)
		if r.i >= len(r.data) || r.data[r.i] != '=' {
			return v, "expected = after the key"
		}
		r.i++
		e, err := r.value(depth + 1)
		if err != "" {
			return v, err
		}
		v.tbl = append(v.tbl, tomlEntry{key: key, val: e, line: line, index: -1})
		r.skipBlank(true)
		if r.i < len(r.data) && r.data[r.i] == ',' {
			r.i++
			continue
		}
		if r.i < len(r.data) && r.data[r.i] == '}' {
			r.i++
			return v, ""
		}
		return v, "expected , or } in an inline table, found " + r.describe()
	}
}

// tomlPath is an entry's full key path: its table's, then its own.
func (e tomlEntry) path() string {
	return strings.Join(append(append([]string{}, e.table...), e.key...), ".")
}

// flattenTOML gives every entry its full key path (its table's, then its
// own) in key, and spreads inline tables into one entry per member, so
// `[a] b = {c = 1}`, `[a.b] c = 1` and `a.b.c = 1` all read as a.b.c.
func flattenTOML(entries []tomlEntry) []tomlEntry {
	var out []tomlEntry
	var spread func(prefix []string, e tomlEntry)
	spread = func(prefix []string, e tomlEntry) {
		key := append(append([]string{}, prefix...), e.key...)
		if e.val.kind == 't' {
			for _, m := range e.val.tbl {
				spread(key, m)
			}
			return
		}
		out = append(out, tomlEntry{key: key, index: e.index, val: e.val, line: e.line})
	}
	for _, e := range entries {
		spread(e.table, e)
	}
	return out
}
