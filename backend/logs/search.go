package logs

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// DefaultSearchLimit is the number of matches Search returns when
// Query.Limit is zero or negative.
const DefaultSearchLimit = 1000

// Query selects lines by their plain text.
type Query struct {
	Text          string `json:"text"`  // substring, or a regular expression if Regex; "" matches every line
	Regex         bool   `json:"regex"` // Go RE2 syntax
	CaseSensitive bool   `json:"caseSensitive"`
	Proc          string `json:"proc"`   // "" = every process
	Stream        string `json:"stream"` // "", "stdout" or "stderr"
	Limit         int    `json:"limit"`  // most matches returned; <= 0 means DefaultSearchLimit
}

// ErrBadQuery is wrapped by every error Search returns for an invalid query.
var ErrBadQuery = errors.New("logs: invalid search")

// Search returns the newest Limit lines matching q, oldest first. It
// matches the plain text, so colour codes never hide or fake a match. It
// scans in chunks, releasing the store between them, so writers are never
// held up for long; lines appended meanwhile may or may not be included.
func (s *Store) Search(q Query) ([]Line, error) {
	match, err := compileQuery(q)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	s.mu.Lock()
	stop := s.seq
	ps := s.procListLocked(q.Proc)
	s.mu.Unlock()
	var out []Line
	for _, p := range ps {
		out = append(out, s.searchProc(p, q.Stream, match, limit, stop)...)
	}
	if len(ps) > 1 {
		sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	}
	if len(out) > limit {
		out = out[len(out)-limit:]
	}
	if out == nil {
		out = []Line{}
	}
	return out, nil
}

// searchProc scans one process's ring up to Seq stop, searchChunk lines per
// lock hold, keeping the newest limit matches.
func (s *Store) searchProc(p *proc, stream string, match func(string) bool, limit int, stop uint64) []Line {
	var found []Line
	var cursor uint64
	for {
		s.mu.Lock()
		r := &p.ring
		i := r.after(cursor)
		end := min(i+searchChunk, r.n)
		hitStop := false
		for ; i < end; i++ {
			ln := &r.at(i).line
			if ln.Seq > stop {
				hitStop = true
				break
			}
			if (stream == "" || ln.Stream == stream) && match(ln.Text) {
				found = append(found, *ln)
			}
			cursor = ln.Seq
		}
		done := hitStop || i >= r.n
		s.mu.Unlock()
		if len(found) > 2*limit {
			// Keep memory bounded by the limit, trimming in amortised O(1).
			found = append(found[:0], found[len(found)-limit:]...)
		}
		if done {
			break
		}
	}
	if len(found) > limit {
		found = found[len(found)-limit:]
	}
	return found
}

func compileQuery(q Query) (func(string) bool, error) {
	switch q.Stream {
	case "", "stdout", "stderr":
	default:
		return nil, fmt.Errorf("%w: unknown stream %q (want \"stdout\" or \"stderr\")", ErrBadQuery, q.Stream)
	}
	if q.Regex {
		pat := q.Text
		if !q.CaseSensitive {
			pat = "(?i)" + pat
		}
		re, err := regexp.Compile(pat)
		if err != nil {
			return nil, fmt.Errorf("%w: bad regular expression %q: %v", ErrBadQuery, q.Text, err)
		}
		return re.MatchString, nil
	}
	text := q.Text
	switch {
	case text == "":
		return func(string) bool { return true }, nil
	case q.CaseSensitive:
		return func(s string) bool { return strings.Contains(s, text) }, nil
	case isASCII(text):
		lower := strings.ToLower(text)
		return func(s string) bool { return containsFoldASCII(s, lower) }, nil
	default:
		re := regexp.MustCompile("(?i)" + regexp.QuoteMeta(text))
		return re.MatchString, nil
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// containsFoldASCII reports whether s contains sub (lower-case ASCII),
// ignoring ASCII case, without allocating a lowered copy of s.
func containsFoldASCII(s, sub string) bool {
	n := len(sub)
	if n == 0 {
		return true
	}
	c0 := sub[0]
	for i := 0; i+n <= len(s); i++ {
		if lowerASCII(s[i]) != c0 {
			continue
		}
		j := 1
		for j < n && lowerASCII(s[i+j]) == sub[j] {
			j++
		}
		if j == n {
			return true
		}
	}
	return false
}
