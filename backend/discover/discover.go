// Package discover finds everything runnable in a project folder:
// package.json scripts (with workspaces), Makefile targets, Procfile entries,
// Taskfile tasks, justfile recipes, Go modules' commands and VS Code tasks,
// in the root and in the folders below it (nested.go).
//
// Discovery never runs anything and never panics on bad input: a file it
// cannot understand becomes a Problem and every other source is still
// listed. It knows nothing of the process core; callers turn a Script into
// whatever their runner needs.
package discover

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"hum/backend/shellquote"
)

// Source names, in the order Scan lists them.
const (
	SourcePackageJSON = "package.json"
	SourceMakefile    = "makefile"
	SourceProcfile    = "procfile"
	SourceTaskfile    = "taskfile"
	SourceJustfile    = "justfile"
	SourceGo          = "go"
	SourceDeno        = "deno"
	SourceComposer    = "composer"
	SourceCargo       = "cargo"
	SourcePython      = "python"
	SourceRuby        = "ruby"
	SourceCompose     = "compose"
	SourceGradle      = "gradle"
	SourceMaven       = "maven"
	SourceVSCode      = "vscode"
)

// Sources lists every source name in listing order.
var Sources = []string{
	SourcePackageJSON, SourceMakefile, SourceProcfile, SourceTaskfile, SourceJustfile,
	SourceGo, SourceDeno, SourceComposer, SourceCargo, SourcePython, SourceRuby,
	SourceCompose, SourceGradle, SourceMaven,
	SourceVSCode,
}

// sourceTitles name each source as people know it: by its file.
var sourceTitles = map[string]string{
	SourcePackageJSON: "package.json",
	SourceMakefile:    "Makefile",
	SourceProcfile:    "Procfile",
	SourceTaskfile:    "Taskfile",
	SourceJustfile:    "justfile",
	SourceGo:          "go.mod",
	SourceDeno:        "deno.json",
	SourceComposer:    "composer.json",
	SourceCargo:       "Cargo.toml",
	SourcePython:      "Python",
	SourceRuby:        "Ruby",
	SourceCompose:     "Docker Compose",
	SourceGradle:      "Gradle",
	SourceMaven:       "Maven",
	SourceVSCode:      "VS Code tasks",
}

// SourceTitle is how the window and the CLI head a source's group of
// scripts; an unknown source is shown as it is.
func SourceTitle(source string) string {
	if t, ok := sourceTitles[source]; ok {
		return t
	}
	return source
}

const (
	// MaxFileSize is the largest file discovery reads. Real manifests are a
	// few kilobytes; anything bigger is generated or a mistake, and reading
	// it would blow the time budget.
	MaxFileSize = 4 << 20

	// Budget bounds one Scan. A workspace glob such as "**" over a huge or
	// looping tree stops here and the listing says it is incomplete.
	Budget = 5 * time.Second

	// maxDepth bounds how deep a "**" workspace glob descends.
	maxDepth = 24
)

// Project is what Scan found in one folder.
type Project struct {
	Root     string    `json:"root"`     // absolute path of the scanned folder
	Scripts  []Script  `json:"scripts"`  // sorted: by source (see Sources), then dir, then declaration order
	Problems []Problem `json:"problems"` // files that could not be read or understood
}

// Script is one runnable thing.
type Script struct {
	// ID is stable across scans: source, declaring file (relative, slash
	// separated) and name, joined by ':'.
	ID      string `json:"id"`
	Source  string `json:"source"` // one of Sources
	Name    string `json:"name"`
	Command string `json:"command"` // what it runs, as a person would type it
	// Run is the shell line Hum executes in Dir, e.g. "npm run dev",
	// "make build", or the Procfile line itself.
	Run string `json:"run"`
	// Argv, when set, is run directly without a shell (VS Code "process"
	// tasks); Run is then its shell-quoted form.
	Argv []string          `json:"argv,omitempty"`
	Env  map[string]string `json:"env,omitempty"` // extra environment the source declares
	// EnvFiles are dotenv files the source names for this script (hum.yaml's
	// env_file), relative to Project.Root, slash separated, in the order
	// they apply: a later file overrides an earlier one, Env overrides all.
	EnvFiles    []string `json:"envFiles,omitempty"`
	Dir         string   `json:"dir"` // relative to Project.Root, slash separated, "." for the root
	Runner      string   `json:"runner,omitempty"`
	Description string   `json:"description,omitempty"`
	// Pipes runs it on plain pipes instead of a pseudo-terminal (hum.yaml's
	// tty: false; a process-compose process without is_tty: true).
	Pipes bool `json:"pipes,omitempty"`
}

// Problem is a file discovery could not fully understand.
type Problem struct {
	File string `json:"file"` // relative to Project.Root, slash separated
	Line int    `json:"line"` // 1-based; 0 when the problem is not about one line
	// Column is 1-based, in characters; 0 when the source does not know it.
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// String formats the problem as "file:line:column: message", as compilers
// do, so editors and terminals can jump to it; the column is left out when
// it is 0, and the line too when that is 0.
func (p Problem) String() string {
	if p.Line > 0 && p.Column > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Message)
	}
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Message)
}

// ScanOptions adjust a Scan; the zero value is a plain scan.
type ScanOptions struct {
	// Progress, when set, is called on the scanning goroutine with the
	// number of files and folders examined so far: at most every
	// ProgressInterval while the scan runs, and once more at its end. It
	// must be quick.
	Progress func(examined int)
}

// ProgressInterval is the least time between two Progress calls.
const ProgressInterval = 100 * time.Millisecond

// Scan lists everything runnable in dir. It returns an error only when dir
// itself cannot be used (missing, not a folder, unreadable); every other
// difficulty becomes a Problem. It stops early when ctx is done or after
// Budget, saying so in Problems; every parser checks the deadline as it
// reads, so a scan never runs much past it. What one file or the whole
// project may list is capped (MaxScriptsPerFile and the others), and a
// Problem says what was cut.
func Scan(ctx context.Context, dir string) (Project, error) {
	return ScanWith(ctx, dir, ScanOptions{})
}

// ScanWith is Scan with options.
func ScanWith(ctx context.Context, dir string, opts ScanOptions) (Project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Project{}, fmt.Errorf("discover: %w", err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return Project{}, fmt.Errorf("discover: %w", err)
	}
	if !info.IsDir() {
		return Project{}, fmt.Errorf("discover: %s is not a folder", abs)
	}
	f, err := os.Open(abs)
	if err != nil {
		return Project{}, fmt.Errorf("discover: %w", err)
	}
	_, err = f.Readdirnames(1)
	f.Close()
	if err != nil && !errors.Is(err, io.EOF) {
		return Project{}, fmt.Errorf("discover: %w", err)
	}

	ctx, cancel := context.WithTimeout(ctx, Budget)
	defer cancel()
	s := &scanner{ctx: ctx, root: abs, progress: opts.Progress, cargoDone: map[string]bool{}}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		s.rootReal = real
	} else {
		s.rootReal = abs
	}
	s.packageJSON()
	s.folderFiles(".")
	s.vscode()
	s.nested()
	return s.project(), nil
}

// scanner carries one Scan's state. It is used by one goroutine only.
type scanner struct {
	ctx      context.Context
	root     string
	rootReal string // root with symlinks resolved: workspace globs stay inside it
	scripts  []entry
	problems []Problem
	stopped  bool // the budget message has been recorded

	nScripts  int // every script offered, kept or not (kept: MaxScriptsPerProject)
	nProblems int // every problem offered, kept or not (kept: MaxProblemsPerProject)

	progress   func(int) // ScanOptions.Progress, or nil
	examined   int       // files read and folders listed so far
	lastReport time.Time // when progress was last called
	// runner is the package manager chosen for package.json scripts, ""
	// until packageJSON has run or when there is no package.json.
	runner string
	// workspaces is set when the project declares workspaces (package.json
	// or pnpm-workspace.yaml): their globs then say which folders are
	// packages, and the folder walk lists no package.json of its own.
	workspaces bool
	// cargoDone holds the folders whose Cargo.toml has been read: a
	// workspace member is listed once, by the workspace or by the walk.
	cargoDone map[string]bool
	// lockRunners memoizes nearestLockfileRunner by folder.
	lockRunners map[string]string

	// namesDir's file names are names; firstExisting uses them instead of
	// listing that folder again (the folder walk has just listed it).
	namesDir string
	names    map[string]bool
}

// entry is a Script with what it sorts by besides source and dir.
type entry struct {
	Script
	file string // declaring file, relative
}

// add records scripts declared in file, in declaration order, up to
// MaxScriptsPerProject in all. A script whose shell line the platform's
// shell would run differently (a name with a line break, under cmd.exe) is
// left out with a problem saying why.
func (s *scanner) add(file string, scripts []Script) {
	for _, sc := range scripts {
		if len(sc.Argv) == 0 {
			if err := checkLine(sc.Run); err != nil {
				s.problem(file, 0, "script %q is not listed: %v", sc.Name, err)
				continue
			}
		}
		s.nScripts++
		if s.nScripts <= MaxScriptsPerProject {
			s.scripts = append(s.scripts, entry{Script: sc, file: file})
		}
	}
}

func (s *scanner) problem(file string, line int, format string, args ...any) {
	s.addProblems([]Problem{{File: file, Line: line, Message: fmt.Sprintf(format, args...)}})
}

// addProblems records problems up to MaxProblemsPerProject in all.
func (s *scanner) addProblems(ps []Problem) {
	for _, p := range ps {
		s.nProblems++
		if s.nProblems <= MaxProblemsPerProject {
			s.problems = append(s.problems, p)
		}
	}
}

// examine counts one file or folder looked at and reports progress when
// it is time to.
func (s *scanner) examine() {
	s.examined++
	if s.progress == nil {
		return
	}
	if now := time.Now(); now.Sub(s.lastReport) >= ProgressInterval {
		s.lastReport = now
		s.progress(s.examined)
	}
}

// expired reports whether the scan must stop, recording why once.
func (s *scanner) expired() bool {
	if s.ctx.Err() == nil {
		return false
	}
	if !s.stopped {
		s.stopped = true
		msg := fmt.Sprintf("scan stopped after %s; the list may be incomplete", Budget)
		if !errors.Is(s.ctx.Err(), context.DeadlineExceeded) {
			msg = "scan cancelled; the list may be incomplete"
		}
		// Past the project's cap too: this one says the list is partial.
		s.problems = append(s.problems, Problem{File: ".", Message: msg})
	}
	return true
}

func (s *scanner) project() Project {
	if s.progress != nil {
		s.progress(s.examined)
	}
	// What the project-wide caps cut is said last, past the caps.
	if s.nScripts > MaxScriptsPerProject {
		s.problems = append(s.problems, Problem{File: ".", Message: fmt.Sprintf("%s scripts in the project; listing the first %s",
			count(s.nScripts), count(MaxScriptsPerProject))})
	}
	if s.nProblems > MaxProblemsPerProject {
		s.problems = append(s.problems, Problem{File: ".", Message: fmt.Sprintf("%s problems in the project; showing the first %s",
			count(s.nProblems), count(MaxProblemsPerProject))})
	}
	rank := func(src string) int { return slices.Index(Sources, src) }
	slices.SortStableFunc(s.scripts, func(a, b entry) int {
		if c := rank(a.Source) - rank(b.Source); c != 0 {
			return c
		}
		if c := compareDir(a.Dir, b.Dir); c != 0 {
			return c
		}
		return strings.Compare(a.file, b.file)
	})
	p := Project{Root: s.root, Scripts: make([]Script, 0, len(s.scripts)), Problems: s.problems}
	for _, e := range s.scripts {
		p.Scripts = append(p.Scripts, e.Script)
	}
	if p.Problems == nil {
		p.Problems = []Problem{}
	}
	return p
}

// compareDir orders the root first, then paths bytewise.
func compareDir(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == ".":
		return -1
	case b == ".":
		return 1
	}
	return strings.Compare(a, b)
}

// scriptID builds the stable ID of a script.
func scriptID(source, file, name string) string { return source + ":" + file + ":" + name }

// readFile reads rel (slash separated, relative to the root). ok is false
// when the file does not exist, or could not be used, which is then recorded
// as a Problem. Only regular files are read, so a FIFO named Makefile cannot
// block a scan, and only up to MaxFileSize: a bigger one is refused with a
// Problem, without being read. Once the scan is past its deadline nothing
// is read.
func (s *scanner) readFile(rel string) (data []byte, ok bool) {
	if s.expired() {
		return nil, false // past the deadline nothing more is read
	}
	full := filepath.Join(s.root, filepath.FromSlash(rel))
	info, err := os.Stat(full)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.problem(rel, 0, "cannot read: %s", errText(err))
		}
		return nil, false
	}
	if info.IsDir() {
		return nil, false
	}
	s.examine()
	if !info.Mode().IsRegular() {
		s.problem(rel, 0, "not a regular file; skipped")
		return nil, false
	}
	if info.Size() > MaxFileSize {
		s.problem(rel, 0, "file is %d bytes, larger than the %d byte limit; skipped", info.Size(), MaxFileSize)
		return nil, false
	}
	f, err := os.Open(full)
	if err != nil {
		s.problem(rel, 0, "cannot read: %s", errText(err))
		return nil, false
	}
	defer f.Close()
	// Read one byte past the limit so a file that grew since Stat is caught.
	data, err = io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		s.problem(rel, 0, "cannot read: %s", errText(err))
		return nil, false
	}
	if len(data) > MaxFileSize {
		s.problem(rel, 0, "file is larger than the %d byte limit; skipped", MaxFileSize)
		return nil, false
	}
	return data, true
}

// listFile lists, under its own file, the scripts parse finds in the first
// of names that exists in folder rel (the one the tool itself would read),
// with its problems.
func (s *scanner) listFile(rel string, parse func(ctx context.Context, file string, data []byte) ([]Script, []Problem), names ...string) {
	name := s.firstExisting(rel, names...)
	if name == "" {
		return
	}
	file := joinRel(rel, name)
	data, ok := s.readFile(file)
	if !ok {
		return
	}
	scripts, problems := parse(s.ctx, file, data)
	s.addProblems(problems)
	s.add(file, inDir(scripts, rel))
}

// firstExisting returns the first of names (relative to dir rel) that exists
// as a file, matching case-sensitively even on case-insensitive file
// systems, so a scan reports the name as it is on disk.
func (s *scanner) firstExisting(rel string, names ...string) string {
	have := s.names
	if rel != s.namesDir || have == nil {
		ents, err := os.ReadDir(filepath.Join(s.root, filepath.FromSlash(rel)))
		if err != nil {
			return ""
		}
		have = s.cacheNames(rel, ents)
	}
	for _, n := range names {
		if have[n] {
			return n
		}
	}
	return ""
}

// firstExistingUncached is firstExisting for a folder other than the one
// being read: it leaves that folder's listing cached.
func (s *scanner) firstExistingUncached(rel string, names ...string) string {
	if rel == s.namesDir && s.names != nil {
		return s.firstExisting(rel, names...)
	}
	ents, err := os.ReadDir(filepath.Join(s.root, filepath.FromSlash(rel)))
	if err != nil {
		return ""
	}
	for _, n := range names {
		for _, e := range ents {
			if e.Name() == n {
				return n
			}
		}
	}
	return ""
}

// cacheNames keeps the names in one folder's listing for firstExisting.
func (s *scanner) cacheNames(rel string, ents []fs.DirEntry) map[string]bool {
	have := make(map[string]bool, len(ents))
	for _, e := range ents {
		have[e.Name()] = true
	}
	s.namesDir, s.names = rel, have
	return have
}

// errText strips the absolute path an *fs.PathError carries: Problems name
// files relative to the root already.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// joinRel joins slash-separated relative paths, keeping "." for the root.
func joinRel(dir, name string) string {
	if dir == "." || dir == "" {
		return name
	}
	return dir + "/" + name
}

// shellQuote quotes s for the shell that runs Run on this platform: sh on
// Unix, cmd.exe on Windows (see backend/shellquote).
func shellQuote(s string) string { return shellQuoter(s) }

// The platform's shell, as discovery sees it: shellQuoter quotes one argument,
// checkLine says whether the shell runs a line as it is (cmd.exe cuts a line
// at a line break). Variables so tests can check Windows' answers anywhere;
// set only by tests, before any Scan.
var (
	shellQuoter = shellquote.Quote
	checkLine   = shellquote.CheckLine
)
