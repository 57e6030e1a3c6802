package discover

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// maxHeader is how much of a file is read when only its beginning matters:
// a .go file's package clause comes after the build constraints and the
// package comment, a few kilobytes even in generated code; an app.py makes
// its Flask app, and a build file applies its plugins, near the top.
const maxHeader = 256 << 10

// goModule lists what a Go module in folder rel offers to run, when the
// folder has a go.mod: `go run .` when the module's root is a main
// package, `go run ./cmd/NAME` for each main package in cmd/, and
// `go test ./...`. The go.mod itself is not parsed: its presence is what
// makes the folder a module.
func (s *scanner) goModule(rel string) {
	if s.firstExisting(rel, "go.mod") == "" {
		return
	}
	file := joinRel(rel, "go.mod")
	fp := newFileParse(s.ctx, file, nil, "commands")
	var scripts []Script
	names := map[string]bool{}
	addScript := func(name, run, desc string) {
		if names[name] || !fp.keep() {
			return
		}
		names[name] = true
		scripts = append(scripts, Script{
			ID: scriptID(SourceGo, file, name), Source: SourceGo, Name: name,
			Command: run, Run: run, Dir: rel, Description: desc,
		})
	}
	if s.goMainPackage(rel) {
		addScript("run", "go run .", "")
	}
	cmdDir := joinRel(rel, "cmd")
	var ents []os.DirEntry
	if s.firstExisting(rel, "cmd") != "" {
		ents, _ = os.ReadDir(filepath.Join(s.root, filepath.FromSlash(cmdDir)))
	}
	for i, e := range ents {
		if fp.stop(i, 0) || s.expired() {
			break
		}
		name := e.Name()
		if !e.IsDir() || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" {
			continue
		}
		if !s.goMainPackage(joinRel(cmdDir, name)) {
			continue
		}
		scriptName := name
		if scriptName == "run" || scriptName == "test" {
			scriptName = "cmd/" + name // keep "run" and "test" for the module's own
		}
		addScript(scriptName, "go run ./cmd/"+shellQuote(name), "")
	}
	addScript("test", "go test ./...", "")
	s.addProblems(fp.result())
	s.add(file, scripts)
}

// goMainPackage reports whether folder rel holds a main package: the
// package clause of its first .go file that is neither a test nor excluded
// with `//go:build ignore`.
func (s *scanner) goMainPackage(rel string) bool {
	s.examine()
	ents, err := os.ReadDir(filepath.Join(s.root, filepath.FromSlash(rel)))
	if err != nil {
		return false
	}
	for _, e := range ents {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") ||
			strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		if s.expired() {
			return false
		}
		head := s.readHead(joinRel(rel, name), maxHeader)
		pkg, ignored := goPackageClause(head)
		if ignored || pkg == "" {
			continue
		}
		return pkg == "main"
	}
	return false
}

// readHead reads at most the first n bytes of file rel; nil when it cannot.
// Only a regular file is opened: opening a FIFO would block the scan.
func (s *scanner) readHead(rel string, n int64) []byte {
	full := filepath.Join(s.root, filepath.FromSlash(rel))
	info, err := os.Stat(full)
	if err != nil || !info.Mode().IsRegular() {
		return nil
	}
	s.examine()
	f, err := os.Open(full)
	if err != nil {
		return nil
	}
	defer f.Close()
	if info.Size() < n {
		n = info.Size() + 1 // one byte more shows a file that grew
	}
	buf := make([]byte, n)
	m, _ := io.ReadFull(f, buf) // a shorter file is read whole
	return buf[:m]
}

// goPackageClause returns the package name a Go file declares, skipping the
// comments and blank space before it, and whether a `//go:build` line
// there excludes the file with the "ignore" tag (as generators' main
// packages beside a library do). It is "" when the clause is not found in
// data. One pass over data, so linear in its size.
func goPackageClause(data []byte) (pkg string, ignored bool) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // the compiler skips a leading BOM
	i := 0
	for i < len(data) {
		switch c := data[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f':
			i++
		case bytes.HasPrefix(data[i:], []byte("//")):
			end := bytes.IndexByte(data[i:], '\n')
			if end < 0 {
				end = len(data) - i
			}
			line := string(data[i : i+end])
			if rest, ok := strings.CutPrefix(line, "//go:build "); ok && goBuildIgnores(rest) {
				ignored = true
			}
			i += end
		case bytes.HasPrefix(data[i:], []byte("/*")):
			end := bytes.Index(data[i+2:], []byte("*/"))
			if end < 0 {
				return "", ignored
			}
			i += 2 + end + 2
		case bytes.HasPrefix(data[i:], []byte("package")):
			j := i + len("package")
			if j >= len(data) || (data[j] != ' ' && data[j] != '\t') {
				return "", ignored
			}
			for j < len(data) && (data[j] == ' ' || data[j] == '\t') {
				j++
			}
			k := j
			for k < len(data) && goIdentByte(data[k]) {
				k++
			}
			return string(data[j:k]), ignored
		default:
			return "", ignored
		}
	}
	return "", ignored
}

// goBuildIgnores reports whether a build constraint needs the "ignore" tag:
// "ignore" alone, or as a term of an && chain, which is how files are kept
// out of every build.
func goBuildIgnores(expr string) bool {
	for term := range strings.SplitSeq(expr, "&&") {
		if strings.TrimSpace(term) == "ignore" {
			return true
		}
	}
	return false
}

func goIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
