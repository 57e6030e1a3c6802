package watch

import (
	"fmt"
	"path"
	"strings"

	"hum/backend/stack"
)

// editorTemp are the files editors write beside the one they save: vim's
// swap files, backups and write test (4913), Emacs' lock and autosave
// files, JetBrains' safe-write files and the *.tmp many tools rename over
// the real file. They are ignored by every watch, like DefaultWatchIgnore:
// a swap file vim rewrites as you type must not restart a process watching
// "src" (everything in it).
var editorTemp = []string{
	"*.swp", "*.swo", "*.swx", "*~", "4913", ".#*", "#*#",
	"*___jb_tmp___", "*___jb_old___", "*.tmp",
}

// glob is one compiled pattern: its segments, with "**" standing for any
// number of folders. A pattern without a slash is compiled as "**/" and
// itself, so it matches a base name at any depth.
type glob []string

// compile turns a pattern of the package doc's syntax into a glob, or says
// why it is malformed.
func compile(pattern string) (glob, error) {
	p := strings.TrimPrefix(pattern, "./")
	anchored := strings.HasPrefix(p, "/")
	p = strings.Trim(p, "/")
	anchored = anchored || strings.Contains(p, "/")
	var g glob
	if !anchored {
		g = append(g, "**")
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." {
			continue
		}
		if seg != "**" {
			// path.Match checks the whole pattern, so a malformed one is
			// refused here rather than matching nothing later.
			if _, err := path.Match(seg, ""); err != nil {
				return nil, fmt.Errorf("the pattern %q is malformed: %w", pattern, err)
			}
		}
		if seg == "**" && len(g) > 0 && g[len(g)-1] == "**" {
			continue // "**/**" is "**"
		}
		g = append(g, seg)
	}
	if p == "" || len(g) == 0 {
		return nil, fmt.Errorf("the pattern %q names no file", pattern)
	}
	return g, nil
}

// states runs g as a small automaton over the segments of a slash
// separated relative path: a state is how many of g's segments are
// matched, and len(g) (the whole pattern, matched by the path or by one of
// its folders) is kept once reached. It returns the states after the
// path, with the "**" epsilon moves taken. The cost is len(g) × segments
// path.Match calls, whatever the pattern: no backtracking.
func (g glob) states(rel string) []bool {
	cur := make([]bool, len(g)+1)
	cur[0] = true
	g.closure(cur)
	if rel == "" {
		return cur
	}
	next := make([]bool, len(g)+1)
	for seg := range strings.SplitSeq(rel, "/") {
		clear(next)
		live := false
		for i, on := range cur {
			if !on {
				continue
			}
			switch {
			case i == len(g):
				next[i] = true // a folder matched: everything in it does
			case g[i] == "**":
				next[i] = true
			default:
				if ok, _ := path.Match(g[i], seg); ok {
					next[i+1] = true
				}
			}
		}
		g.closure(next)
		for _, on := range next {
			live = live || on
		}
		cur, next = next, cur
		if !live {
			break
		}
	}
	return cur
}

// closure takes the epsilon moves: "**" matches zero folders too.
func (g glob) closure(s []bool) {
	for i := range g {
		if s[i] && g[i] == "**" {
			s[i+1] = true
		}
	}
}

// match reports whether g matches rel or one of its folders.
func (g glob) match(rel string) bool {
	return g.states(rel)[len(g)]
}

// under reports whether g could match something in the folder dir (or dir
// itself): whether the automaton is still alive after dir's segments.
func (g glob) under(dir string) bool {
	for _, on := range g.states(dir) {
		if on {
			return true
		}
	}
	return false
}

// matcher is a Watch's patterns, compiled. It is read-only once built.
type matcher struct {
	paths  []glob // nil means every file
	ignore []glob // the Watch's own, DefaultWatchIgnore and editorTemp
}

func newMatcher(w stack.Watch) (*matcher, error) {
	m := &matcher{}
	for _, p := range w.Paths {
		g, err := compile(p)
		if err != nil {
			return nil, fmt.Errorf("watch paths: %w", err)
		}
		m.paths = append(m.paths, g)
	}
	for _, list := range [][]string{w.Ignore, stack.DefaultWatchIgnore, editorTemp} {
		for _, p := range list {
			g, err := compile(p)
			if err != nil {
				return nil, fmt.Errorf("watch ignore: %w", err)
			}
			m.ignore = append(m.ignore, g)
		}
	}
	return m, nil
}

// ignored reports whether rel (a file or a folder) is ignored.
func (m *matcher) ignored(rel string) bool {
	for _, g := range m.ignore {
		if g.match(rel) {
			return true
		}
	}
	return false
}

// file reports whether a change to rel matters.
func (m *matcher) file(rel string) bool {
	if rel == "" || rel == "." || m.ignored(rel) {
		return false
	}
	if m.paths == nil {
		return true
	}
	for _, g := range m.paths {
		if g.match(rel) {
			return true
		}
	}
	return false
}

// folder reports whether the folder rel ("" is the watched folder itself)
// is worth a watch: not ignored, and some pattern could match a file in
// it. When it says no, nothing in the folder matches: an ignored folder's
// files are ignored, and a pattern whose automaton died matches nothing
// longer.
func (m *matcher) folder(rel string) bool {
	if rel == "" {
		return true
	}
	if m.ignored(rel) {
		return false
	}
	if m.paths == nil {
		return true
	}
	for _, g := range m.paths {
		if g.under(rel) {
			return true
		}
	}
	return false
}

// Match reports whether rel (slash separated, relative to the watched
// folder) is watched under w: the rules of the package doc. A malformed
// pattern matches nothing here; Watch refuses it.
func Match(w stack.Watch, rel string) bool {
	m, err := newMatcher(w)
	if err != nil {
		return false
	}
	return m.file(rel)
}
