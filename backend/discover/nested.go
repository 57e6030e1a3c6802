package discover

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// NestedDepth is how deep below the root the scan looks for projects of
// their own: "frontend" is depth 1, "services/api/cmd/x" depth 4.
const NestedDepth = 4

// maxNestedFolders bounds the folders the walk lists. A repository with
// more within NestedDepth is generated or vendored; the rest is cut with a
// Problem rather than spending the scan's budget on it.
const maxNestedFolders = 20000

// skippedFolders are never entered: dependencies, version control and build
// outputs hold manifests that are not the project's own.
var skippedFolders = map[string]bool{
	"node_modules": true, "vendor": true, ".git": true,
	"dist": true, "build": true, "target": true, ".next": true, "out": true,
	".venv": true, "__pycache__": true,
}

// nested lists the scripts of every folder below the root, breadth first
// to NestedDepth, as folders of their own: a repository with frontend/ and
// backend/, each with its own package.json or Makefile, lists both, with
// Dir set to the folder. It skips skippedFolders, folders whose name starts
// with a dot, and what the root .gitignore ignores; it follows a symlink to
// a folder only when the folder is inside the project and not seen before,
// so neither a link out of the project nor a loop is walked.
//
// package.json files are listed here only when the project declares no
// workspaces: where it does, the workspace globs say which folders are
// packages (and which are excluded), and workspacePackages lists those.
func (s *scanner) nested() {
	w := folderWalk{s: s, ignore: s.rootGitignore(), seen: map[string]bool{s.rootReal: true}}
	w.list(".", s.rootReal, 0)
	// Folders first, then links breadth first in the same way, so a folder
	// a link also reaches is listed under its own name.
	for len(w.queue) > 0 || len(w.links) > 0 {
		if len(w.queue) == 0 {
			w.queue, w.links = w.links, nil
			w.resolveLinks()
			continue
		}
		f := w.queue[0]
		w.queue = w.queue[1:]
		if s.expired() {
			return
		}
		// Listing the folder first lets its sources find their files in
		// the listing instead of reading the folder again.
		w.list(f.rel, f.real, f.depth)
		s.folderSources(f.rel)
		if w.cut {
			return
		}
	}
}

// pending is a folder the walk will enter.
type pending struct {
	rel, real string
	depth     int // 1 for a folder in the root
}

// folderWalk is one walk of the nested folders; one goroutine uses it.
type folderWalk struct {
	s      *scanner
	ignore gitignore
	seen   map[string]bool // real paths of the folders queued
	queue  []pending       // folders to list, breadth first
	links  []pending       // symbolic links met, real still unresolved
	listed int             // folders queued so far
	cut    bool            // maxNestedFolders was reached
}

// list reads folder rel (real path real, at depth) and queues the folders
// in it, when they are not too deep; links are kept for later.
func (w *folderWalk) list(rel, real string, depth int) {
	for _, c := range w.s.subfolders(rel, real, w.ignore) {
		if depth+1 > NestedDepth {
			break
		}
		p := pending{c.rel, c.real, depth + 1}
		if c.link {
			w.links = append(w.links, p)
			continue
		}
		w.push(p)
	}
}

// push queues a folder once, up to maxNestedFolders.
func (w *folderWalk) push(p pending) {
	if w.seen[p.real] || w.cut {
		return
	}
	w.seen[p.real] = true
	if w.listed++; w.listed > maxNestedFolders {
		w.cut = true
		w.s.problem(".", 0, "more than %s folders within %d levels; the rest are not scanned", count(maxNestedFolders), NestedDepth)
		return
	}
	w.queue = append(w.queue, p)
}

// resolveLinks turns the queued links into the folders they reach, keeping
// those inside the project and not seen yet.
func (w *folderWalk) resolveLinks() {
	links := w.queue
	w.queue = nil
	for _, l := range links {
		r, err := filepath.EvalSymlinks(l.real)
		if err != nil || !w.s.insideRoot(r) {
			continue // dangling, looping, or out of the project
		}
		if info, err := os.Stat(r); err != nil || !info.IsDir() {
			continue
		}
		l.real = r
		w.push(l)
	}
}

// folderSources lists what one folder below the root declares.
func (s *scanner) folderSources(rel string) {
	if !s.workspaces {
		s.nestedPackageJSON(rel)
	}
	s.folderFiles(rel)
}

// folderFiles lists what the files of folder rel declare, the root's
// included; package.json is read apart, with the workspaces.
func (s *scanner) folderFiles(rel string) {
	s.makefile(rel)
	s.procfiles(rel)
	s.taskfile(rel)
	s.justfile(rel)
	s.goModule(rel)
	s.deno(rel)
	s.composer(rel)
	s.cargo(rel)
	s.python(rel)
	s.ruby(rel)
	s.compose(rel)
	s.jvm(rel)
}

// subfolder is a folder or a symbolic link in a folder the walk lists.
type subfolder struct {
	rel, real string // real is the link's own path for a link
	link      bool
}

// subfolders lists the folders and symbolic links in rel (whose real path
// is real) that the walk may enter, in name order.
func (s *scanner) subfolders(rel, real string, ignore gitignore) []subfolder {
	s.examine()
	ents, err := os.ReadDir(real)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.problem(rel, 0, "cannot list folder: %s", errText(err))
		}
		return nil
	}
	s.cacheNames(rel, ents)
	var out []subfolder
	for _, e := range ents {
		name := e.Name()
		if skippedFolders[name] || strings.HasPrefix(name, ".") {
			continue
		}
		link := e.Type()&fs.ModeSymlink != 0
		if !e.IsDir() && !link {
			continue
		}
		crel := joinRel(rel, name)
		if ignore.ignored(crel, true) {
			continue
		}
		out = append(out, subfolder{crel, filepath.Join(real, name), link})
	}
	return out
}

// insideRoot reports whether real (a resolved path) is the root or below it.
func (s *scanner) insideRoot(real string) bool {
	r, err := filepath.Rel(s.rootReal, real)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}

// rootGitignore reads the root .gitignore, nil when there is none.
func (s *scanner) rootGitignore() gitignore {
	if s.firstExisting(".", ".gitignore") == "" {
		return nil
	}
	data, ok := s.readFile(".gitignore")
	if !ok {
		return nil
	}
	g, problems := parseGitignore(s.ctx, ".gitignore", data)
	s.addProblems(problems)
	return g
}

// nestedPackageJSON lists the scripts of the package.json in rel, a folder
// no workspace declares, run with its own package manager: its
// packageManager field, else the nearest lockfile at or above it, else the
// root's.
func (s *scanner) nestedPackageJSON(rel string) {
	if s.firstExisting(rel, "package.json") == "" {
		return
	}
	file := joinRel(rel, "package.json")
	data, ok := s.readFile(file)
	if !ok {
		return
	}
	m, problems := parsePackageJSON(s.ctx, file, rel, "", data)
	s.addProblems(problems)
	runner := m.PackageManager
	if runner == "" {
		runner = s.nearestLockfileRunner(rel)
	}
	setRunner(m.Scripts, runner)
	s.add(file, m.Scripts)
}

// nearestLockfileRunner picks the package manager of the nearest lockfile
// in rel or a folder above it, up to the root; without one, the root's
// package manager, else npm. Each folder is looked at once per scan
// (lockRunners), so a folder of 500 packages is not listed 500 times.
func (s *scanner) nearestLockfileRunner(rel string) string {
	if rel == "." || rel == "" {
		if s.runner != "" {
			return s.runner
		}
		return s.lockfileRunner()
	}
	if r, ok := s.lockRunners[rel]; ok {
		return r
	}
	r := ""
	if found := s.firstExistingUncached(rel, lockfileNames()...); found != "" {
		for _, l := range lockfiles {
			if l.file == found {
				r = l.runner
			}
		}
	} else {
		r = s.nearestLockfileRunner(parentRel(rel))
	}
	if s.lockRunners == nil {
		s.lockRunners = map[string]string{}
	}
	s.lockRunners[rel] = r
	return r
}

func lockfileNames() []string {
	names := make([]string, len(lockfiles))
	for i, l := range lockfiles {
		names[i] = l.file
	}
	return names
}

// parentRel is the folder above a relative slash path, "." at the top.
func parentRel(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return "."
}

// inDir sets the folder the scripts run in: parsers list them in ".".
func inDir(scripts []Script, rel string) []Script {
	for i := range scripts {
		scripts[i].Dir = rel
	}
	return scripts
}
