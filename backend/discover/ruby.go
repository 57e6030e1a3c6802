package discover

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
)

// rakefileNames are the names rake looks for, in its order.
var rakefileNames = []string{"rakefile", "Rakefile", "rakefile.rb", "Rakefile.rb"}

// maxRakeFiles bounds the lib/tasks/*.rake files read in one folder.
const maxRakeFiles = 200

// ruby lists what a Ruby project in folder rel offers: bin/dev (Rails 7's
// Procfile.dev runner), bin/setup (a Rails app's first step), `bin/rails
// server` when there is a bin/rails, and
// the tasks of its Rakefile and lib/tasks/*.rake (where Rails apps keep
// theirs), run with `bin/rake`, `bundle exec rake` beside a Gemfile, else
// `rake`.
func (s *scanner) ruby(rel string) {
	bin := joinRel(rel, "bin")
	hasBin := s.firstExisting(rel, "bin") != "" // the folder's cached listing spares a stat per script
	// cmd.exe cannot run a script by its #! line: ruby runs it there.
	binLine := func(line string) string {
		if isWindows {
			return "ruby " + line
		}
		return line
	}
	if hasBin && s.executable(joinRel(bin, "dev")) {
		file := joinRel(bin, "dev")
		s.add(file, []Script{{ID: scriptID(SourceRuby, file, "dev"), Source: SourceRuby, Name: "dev",
			Command: binLine("bin/dev"), Run: binLine("bin/dev"), Dir: rel}})
	}
	if hasBin && s.executable(joinRel(bin, "setup")) {
		file := joinRel(bin, "setup")
		s.add(file, []Script{{ID: scriptID(SourceRuby, file, "setup"), Source: SourceRuby, Name: "setup",
			Command: binLine("bin/setup"), Run: binLine("bin/setup"), Dir: rel, Description: "set the app up: gems, database"}})
	}
	if hasBin && s.executable(joinRel(bin, "rails")) {
		file := joinRel(bin, "rails")
		s.add(file, []Script{{ID: scriptID(SourceRuby, file, "rails server"), Source: SourceRuby, Name: "rails server",
			Command: binLine("bin/rails server"), Run: binLine("bin/rails server"), Dir: rel, Description: "Rails' web server"}})
	}
	rake := "rake"
	switch {
	case hasBin && s.executable(joinRel(bin, "rake")):
		rake = binLine("bin/rake")
	case s.firstExisting(rel, "Gemfile") != "":
		rake = "bundle exec rake"
	}
	var files []string
	if name := s.firstExisting(rel, rakefileNames...); name != "" {
		files = append(files, joinRel(rel, name))
	}
	tasks := joinRel(rel, "lib/tasks")
	var ents []os.DirEntry
	if s.firstExisting(rel, "lib") != "" {
		ents, _ = os.ReadDir(filepath.Join(s.root, filepath.FromSlash(tasks)))
	}
	for _, e := range ents {
		if len(files) >= maxRakeFiles {
			break
		}
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".rake") {
			files = append(files, joinRel(tasks, e.Name()))
		}
	}
	for _, file := range files {
		data, ok := s.readFile(file)
		if !ok {
			continue
		}
		scripts, problems := parseRakefile(s.ctx, file, rake, data)
		s.addProblems(problems)
		s.add(file, inDir(scripts, rel))
	}
}

const isWindows = runtime.GOOS == "windows"

// executable reports whether rel is a regular file (on Unix, one that may
// be executed).
func (s *scanner) executable(rel string) bool {
	info, err := os.Stat(filepath.Join(s.root, filepath.FromSlash(rel)))
	if err != nil || !info.Mode().IsRegular() {
		return false
	}
	return info.Mode()&0o111 != 0 || isWindows
}

var (
	rakeTask      = regexp.MustCompile(`^(?:task|multitask)\s*\(?\s*(?::([A-Za-z_][\w?!]*)|"([^"\\]+)"|'([^'\\]+)'|([A-Za-z_]\w*):\s)`)
	rakeNamespace = regexp.MustCompile(`^namespace\s*\(?\s*(?::([A-Za-z_]\w*)|"([^"\\]+)"|'([^'\\]+)')`)
	rakeDesc      = regexp.MustCompile(`^desc\s*\(?\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')`)
	rubyOpener    = regexp.MustCompile(`(?:^(?:def|class|module|if|unless|case|while|until|begin|for)\b.*|\bdo\s*(?:\|[^|]*\|)?\s*(?:#.*)?)$`)
	rubyOneLine   = regexp.MustCompile(`\bend\s*(?:#.*)?$`)
)

// parseRakefile lists the tasks of a Rakefile, named with their namespaces
// ("db:seed") and described by the desc line above them, each run as
// `RAKE NAME`. Ruby is not evaluated: tasks made by loops or methods are
// not seen, and blocks are followed by their do/end lines. Lines are read
// once each, so it is linear in the file's size; it stops when ctx is done
// and keeps within the per-file caps.
func parseRakefile(ctx context.Context, file, rake string, data []byte) ([]Script, []Problem) {
	fp := newFileParse(ctx, file, data, "tasks")
	var scripts []Script
	seen := map[string]int{}
	var stack []string // open blocks: a namespace's name, or "" for any other
	desc := ""
	for i, line := range strings.Split(string(data), "\n") {
		if fp.stop(i, i+1) {
			break
		}
		t := strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if t == "end" || strings.HasPrefix(t, "end ") || strings.HasPrefix(t, "end.") {
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			continue
		}
		if m := rakeDesc.FindStringSubmatch(t); m != nil {
			desc = m[1] + m[2]
			continue
		}
		opens := rubyOpener.MatchString(t) && !rubyOneLine.MatchString(t)
		if m := rakeNamespace.FindStringSubmatch(t); m != nil {
			if opens {
				stack = append(stack, m[1]+m[2]+m[3])
			}
			desc = ""
			continue
		}
		if m := rakeTask.FindStringSubmatch(t); m != nil {
			name := strings.Join(m[1:], "")
			var ns []string
			for _, n := range stack {
				if n != "" {
					ns = append(ns, n)
				}
			}
			full := strings.Join(append(ns, name), ":")
			sc := Script{
				ID: scriptID(SourceRuby, file, full), Source: SourceRuby, Name: full,
				Command: rake + " " + shellQuote(full), Run: rake + " " + shellQuote(full), Dir: ".",
				Description: clip(desc, maxDescription),
			}
			desc = ""
			if j, dup := seen[full]; dup {
				// Rake adds to a task defined twice; the first keeps its
				// place, a description given later is kept.
				if scripts[j].Description == "" {
					scripts[j].Description = sc.Description
				}
			} else if fp.keep() {
				seen[full] = len(scripts)
				scripts = append(scripts, sc)
			}
		}
		if opens {
			stack = append(stack, "")
		}
	}
	return scripts, fp.result()
}
