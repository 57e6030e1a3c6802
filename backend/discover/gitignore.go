package discover

import (
	"context"
	"path"
	"strings"
)

// maxIgnorePatterns bounds the .gitignore patterns the folder walk uses:
// each folder is matched against every one, and real files have dozens.
const maxIgnorePatterns = 1000

// ignorePattern is one .gitignore line, compiled.
type ignorePattern struct {
	segs    []string // path segments; "**" stands for any number of folders
	negate  bool     // "!pattern" re-includes what an earlier line ignored
	dirOnly bool     // "pattern/" matches folders only
	// inside is set for a trailing "/**" (dropped from segs): it matches
	// what is inside a folder matching segs, not the folder itself.
	inside bool
}

// gitignore is the root .gitignore's patterns, in file order: as in git, the
// last pattern that matches a path decides.
type gitignore []ignorePattern

// parseGitignore reads a .gitignore with git's rules, simplified: blank lines
// and "#" comments are skipped, a leading "\" escapes "#" or "!", trailing
// blanks are trimmed, "!" negates, a trailing "/" matches folders only, a
// pattern with a "/" elsewhere is anchored at the root and one without
// matches a name at any depth, and "*", "?", "[…]" and "**" glob as git's
// do. Malformed patterns are skipped (git ignores them too). It reads at
// most maxIgnorePatterns patterns and stops when ctx is done.
func parseGitignore(ctx context.Context, file string, data []byte) (gitignore, []Problem) {
	fp := newFileParse(ctx, file, data, "patterns")
	var g gitignore
	for i, line := range strings.Split(string(data), "\n") {
		if fp.stop(i, i+1) {
			break
		}
		pat, ok := compileIgnore(line)
		if !ok {
			continue
		}
		if !fp.keep() {
			continue
		}
		if len(g) < maxIgnorePatterns {
			g = append(g, pat)
		}
	}
	// A .gitignore over the cap is not a mistake worth a problem: the
	// folders its later patterns name are scanned, which costs time only.
	fp.nScript = 0
	return g, fp.result()
}

func compileIgnore(line string) (ignorePattern, bool) {
	line = strings.TrimSuffix(line, "\r")
	line = strings.TrimRight(line, " \t")
	if line == "" || strings.HasPrefix(line, "#") {
		return ignorePattern{}, false
	}
	var p ignorePattern
	switch {
	case strings.HasPrefix(line, "!"):
		p.negate = true
		line = line[1:]
	case strings.HasPrefix(line, `\`):
		line = line[1:]
	}
	if strings.HasSuffix(line, "/") {
		p.dirOnly = true
		line = strings.TrimRight(line, "/")
	}
	anchored := strings.Contains(line, "/")
	line = strings.TrimPrefix(line, "/")
	if line == "" {
		return ignorePattern{}, false
	}
	if !anchored {
		p.segs = append(p.segs, "**")
	}
	for _, seg := range strings.Split(line, "/") {
		if seg == "" {
			continue
		}
		if seg == "**" {
			if len(p.segs) > 0 && p.segs[len(p.segs)-1] == "**" {
				continue // "**/**" is "**"
			}
		} else if _, err := path.Match(seg, ""); err != nil {
			return ignorePattern{}, false
		}
		p.segs = append(p.segs, seg)
	}
	if n := len(p.segs); n > 1 && p.segs[n-1] == "**" {
		p.segs, p.inside = p.segs[:n-1], true
	}
	if len(p.segs) == 0 || (len(p.segs) == 1 && p.segs[0] == "**") {
		return ignorePattern{}, false
	}
	return p, true
}

// ignored reports whether rel (slash separated, relative to the root) is
// ignored; dir says whether it is a folder. Folders above rel are not
// checked: the walk never enters an ignored folder.
func (g gitignore) ignored(rel string, dir bool) bool {
	if len(g) == 0 {
		return false
	}
	segs := strings.Split(rel, "/")
	out := false
	for _, p := range g {
		if p.negate == out && (dir || !p.dirOnly) && p.match(segs) {
			out = !p.negate
		}
	}
	return out
}

func (p ignorePattern) match(segs []string) bool {
	if !p.inside {
		return ignoreMatch(p.segs, segs)
	}
	// A folder above the path matches: paths are a few segments deep.
	for k := len(segs) - 1; k > 0; k-- {
		if ignoreMatch(p.segs, segs[:k]) {
			return true
		}
	}
	return false
}

// ignoreMatch matches path segments against pattern segments, "**"
// matching any number of them. It runs the pattern as an automaton over the
// path, len(pat) × len(segs) steps whatever the pattern: no backtracking.
func ignoreMatch(pat, segs []string) bool {
	cur := make([]bool, len(pat)+1)
	next := make([]bool, len(pat)+1)
	cur[0] = true
	closure := func(st []bool) {
		for i := range pat {
			if st[i] && pat[i] == "**" {
				st[i+1] = true
			}
		}
	}
	closure(cur)
	for _, seg := range segs {
		clear(next)
		live := false
		for i, on := range cur {
			if !on || i == len(pat) {
				continue
			}
			if pat[i] == "**" {
				next[i] = true // "**" takes this segment and stays
				live = true
			} else if ok, _ := path.Match(pat[i], seg); ok {
				next[i+1] = true
				live = true
			}
		}
		if !live {
			return false
		}
		closure(next)
		cur, next = next, cur
	}
	return cur[len(pat)]
}
