package discover

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxBraceExpansions bounds "{a,b}" expansion so a hostile pattern cannot
// multiply into millions of globs.
const maxBraceExpansions = 256

// maxGlobStars bounds the "**" segments of one workspace glob: real ones
// have one or two, and matching is polynomial in their number.
const maxGlobStars = 4

// workspacePackages lists the scripts of every workspace package: the
// patterns from the root package.json plus those of pnpm-workspace.yaml.
// runner is "" when there is no root package.json; the lockfile decides then.
func (s *scanner) workspacePackages(patterns []string, line int, runner string) {
	all, pnpm := s.workspacePatterns(patterns, line)
	s.workspaces = pnpm || len(all) > 0
	if pnpm && runner == "" {
		runner = RunnerPNPM
	}
	if len(all) == 0 {
		return
	}
	if runner == "" {
		runner = s.lockfileRunner()
	}
	s.runner = runner
	include, exclude := s.workspaceGlobs(all)
	for _, d := range s.workspaceDirs(include, exclude) {
		if s.expired() {
			return
		}
		file := joinRel(d, "package.json")
		data, ok := s.readFile(file)
		if !ok {
			continue
		}
		m, problems := parsePackageJSON(s.ctx, file, d, runner, data)
		s.addProblems(problems)
		s.add(file, m.Scripts)
	}
}

// workspacePattern is one workspace glob with where it was declared.
type workspacePattern struct {
	glob, file string
	line       int
}

// workspacePatterns gathers the workspace globs: patterns, declared in
// package.json at line, then those of pnpm-workspace.yaml. pnpm reports
// whether that file exists.
func (s *scanner) workspacePatterns(patterns []string, line int) (all []workspacePattern, pnpm bool) {
	for _, p := range patterns {
		all = append(all, workspacePattern{p, "package.json", line})
	}
	data, ok := s.readFile("pnpm-workspace.yaml")
	if !ok {
		return all, false
	}
	globs, problems := parsePNPMWorkspace(s.ctx, data)
	s.addProblems(problems)
	for _, g := range globs {
		all = append(all, workspacePattern{g.glob, "pnpm-workspace.yaml", g.line})
	}
	return all, true
}

// workspaceGlobs expands the braces of each pattern and splits it into
// segments, sorting them into globs to include and, for a leading "!",
// to exclude. A pattern it refuses is a Problem.
func (s *scanner) workspaceGlobs(all []workspacePattern) (include, exclude [][]string) {
	for _, p := range all {
		neg := strings.HasPrefix(p.glob, "!")
		g := strings.TrimPrefix(p.glob, "!")
		for _, exp := range expandBraces(g) {
			segs, msg := splitGlob(exp)
			if msg != "" {
				s.problem(p.file, p.line, "workspace pattern %s %s; ignored", quote(p.glob), msg)
				continue
			}
			if neg {
				exclude = append(exclude, segs)
			} else {
				include = append(include, segs)
			}
		}
	}
	return include, exclude
}

// workspaceDirs returns, sorted, the folders below the root that an
// include glob matches and no exclude glob does; nil when the scan's time
// runs out before every match is checked.
func (s *scanner) workspaceDirs(include, exclude [][]string) []string {
	w := walker{s: s, found: map[string]bool{}, visited: map[visit]bool{}}
	for _, segs := range include {
		if s.expired() {
			break
		}
		clear(w.visited)
		w.match(".", s.rootReal, segs, 0)
	}
	dirs := make([]string, 0, len(w.found))
	for d := range w.found {
		if s.expired() {
			return nil
		}
		if d == "." || slices.ContainsFunc(exclude, func(ex []string) bool { return globMatch(ex, strings.Split(d, "/")) }) {
			continue
		}
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	return dirs
}

type workspaceGlob struct {
	glob string
	line int
}

// parsePNPMWorkspace reads the "packages" list of pnpm-workspace.yaml,
// stopping when ctx is done and keeping within the per-file caps.
func parsePNPMWorkspace(ctx context.Context, data []byte) ([]workspaceGlob, []Problem) {
	fp := newFileParse(ctx, "pnpm-workspace.yaml", data, "patterns")
	globs := parsePNPMWorkspaceNodes(fp)
	return globs, clampLines(fp.result(), data)
}

func parsePNPMWorkspaceNodes(fp *fileParse) []workspaceGlob {
	doc, ok := fp.yamlDoc()
	if !ok {
		return nil
	}
	top := docMapping(doc)
	if top == nil {
		if len(doc.Content) > 0 {
			fp.problem(doc.Content[0].Line, "expected a mapping with a packages list")
		}
		return nil
	}
	pk := mapValue(top, "packages")
	if pk == nil {
		return nil
	}
	if pk.Kind != yaml.SequenceNode {
		fp.problem(pk.Line, "packages should be a list of globs")
		return nil
	}
	var globs []workspaceGlob
	for i, n := range pk.Content {
		if fp.stop(i, n.Line) {
			break
		}
		if n.Kind != yaml.ScalarNode || n.Value == "" {
			fp.problem(n.Line, "a packages entry should be a glob string")
			continue
		}
		if !fp.keep() {
			continue
		}
		globs = append(globs, workspaceGlob{n.Value, n.Line})
	}
	return globs
}

// splitGlob cleans a workspace glob into path segments. It refuses globs
// that leave the project or are malformed, saying why.
func splitGlob(g string) ([]string, string) {
	g = strings.TrimSpace(g)
	if g == "" {
		return nil, "is empty"
	}
	if strings.HasPrefix(g, "/") || filepath.IsAbs(g) {
		return nil, "is absolute"
	}
	g = path.Clean(strings.TrimSuffix(g, "/"))
	if g == ".." || strings.HasPrefix(g, "../") {
		return nil, "leaves the project"
	}
	if g == "." {
		return []string{}, ""
	}
	segs := strings.Split(g, "/")
	out := segs[:0]
	stars := 0
	for _, seg := range segs {
		if seg == "**" && len(out) > 0 && out[len(out)-1] == "**" {
			continue // "**/**" is "**"; collapsing keeps matching linear
		}
		if seg == "**" {
			// Each "**" multiplies the ways globMatch can split a path.
			if stars++; stars > maxGlobStars {
				return nil, "has more than " + strconv.Itoa(maxGlobStars) + ` "**"`
			}
		}
		if _, err := path.Match(seg, ""); err != nil {
			return nil, "is malformed"
		}
		out = append(out, seg)
	}
	return out, ""
}

// expandBraces expands "{a,b}" alternatives (not nested), as npm and pnpm
// globs allow.
func expandBraces(g string) []string {
	out := []string{g}
	for i := 0; i < len(out) && len(out) < maxBraceExpansions; {
		p := out[i]
		open := strings.IndexByte(p, '{')
		closing := -1
		if open >= 0 {
			closing = strings.IndexByte(p[open:], '}')
		}
		if open < 0 || closing < 0 {
			i++
			continue
		}
		closing += open
		alts := strings.Split(p[open+1:closing], ",")
		var repl []string
		for _, a := range alts {
			repl = append(repl, p[:open]+a+p[closing+1:])
		}
		out = append(out[:i], append(repl, out[i+1:]...)...)
	}
	if len(out) > maxBraceExpansions {
		out = out[:maxBraceExpansions]
	}
	return out
}

// globMatch matches path segments against glob segments, where "**"
// matches any number of segments. Like npm's and pnpm's globs, wildcards do
// not match names starting with a dot.
func globMatch(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			for i := 0; i <= len(segs); i++ {
				if i > 0 && strings.HasPrefix(segs[i-1], ".") {
					return false
				}
				if globMatch(rest, segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 || !segMatch(pat[0], segs[0]) {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

func segMatch(pat, name string) bool {
	if strings.HasPrefix(name, ".") && !strings.HasPrefix(pat, ".") {
		return false
	}
	ok, _ := path.Match(pat, name)
	return ok
}

func hasMeta(seg string) bool { return strings.ContainsAny(seg, `*?[\`) }

// walker expands include globs against the file system.
type walker struct {
	s       *scanner
	found   map[string]bool // relative dirs that matched a whole glob
	visited map[visit]bool  // where "**" has been expanded in the current glob, against symlink loops
	outside map[string]bool // links out of the project already reported, by relative path
}

// visit is one expansion of a "**": the same real folder may be reached
// again for a different rest of the glob ("**/x/**"), but never twice for
// the same rest, which is what a symlink loop would do.
type visit struct {
	real string
	rest int
}

// match finds the directories under rel (whose real path is real) that match
// segs, recording them in w.found.
func (w *walker) match(rel, real string, segs []string, depth int) {
	if w.s.expired() {
		return
	}
	if len(segs) == 0 {
		w.found[rel] = true
		return
	}
	seg := segs[0]
	switch {
	case seg == "**":
		v := visit{real, len(segs)}
		if w.visited[v] || depth > maxDepth {
			return
		}
		w.visited[v] = true
		w.match(rel, real, segs[1:], depth) // "**" matching nothing
		for _, c := range w.children(rel, real) {
			if !strings.HasPrefix(c.name, ".") {
				w.match(joinRel(rel, c.name), c.real, segs, depth+1)
			}
		}
	case !hasMeta(seg):
		if seg == "node_modules" {
			return
		}
		full := filepath.Join(real, seg)
		info, err := os.Stat(full)
		if err != nil || !info.IsDir() {
			return
		}
		childReal := full
		if li, err := os.Lstat(full); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			r, err := filepath.EvalSymlinks(full)
			if err != nil {
				return
			}
			if !w.inside(joinRel(rel, seg), r) {
				return
			}
			childReal = r
		}
		w.match(joinRel(rel, seg), childReal, segs[1:], depth+1)
	default:
		for _, c := range w.children(rel, real) {
			if segMatch(seg, c.name) {
				w.match(joinRel(rel, c.name), c.real, segs[1:], depth+1)
			}
		}
	}
}

type child struct{ name, real string }

// inside reports whether real (a resolved path) is in the project. A
// workspace glob never follows a symlink out of it: "**" through a link to
// the home folder or "/" would walk the whole disk, and a package found
// there is not the project's. Each link refused is said once.
func (w *walker) inside(rel, real string) bool {
	r, err := filepath.Rel(w.s.rootReal, real)
	if err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r) {
		return true
	}
	if w.outside == nil {
		w.outside = map[string]bool{}
	}
	if !w.outside[rel] {
		w.outside[rel] = true
		w.s.problem(rel, 0, "links outside the project; workspace globs do not follow it")
	}
	return false
}

// children lists the subdirectories of a directory, following symlinks to
// directories inside the project but never entering node_modules. An
// unreadable directory is a Problem, not an error.
func (w *walker) children(rel, real string) []child {
	w.s.examine()
	ents, err := os.ReadDir(real)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			w.s.problem(rel, 0, "cannot list folder: %s", errText(err))
		}
		return nil
	}
	var out []child
	for _, e := range ents {
		name := e.Name()
		if name == "node_modules" {
			continue
		}
		full := filepath.Join(real, name)
		switch {
		case e.IsDir():
			out = append(out, child{name, full})
		case e.Type()&fs.ModeSymlink != 0:
			r, err := filepath.EvalSymlinks(full)
			if err != nil {
				continue // dangling or looping link
			}
			if info, err := os.Stat(r); err == nil && info.IsDir() && w.inside(joinRel(rel, name), r) {
				out = append(out, child{name, r})
			}
		}
	}
	return out
}
