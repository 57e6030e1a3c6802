package discover

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Each parser is fuzzed for the promises Scan makes about bad input: no
// panic, Problems point at a line of the file (or 0), and every listed
// Script is complete. The seeds are the fixtures plus the edge cases that
// broke earlier versions; `go test` runs them as ordinary tests.

func seedFiles(f *testing.F, names ...string) {
	f.Helper()
	for _, n := range names {
		matches, err := filepath.Glob(filepath.Join("testdata", "*", n))
		if err != nil {
			f.Fatal(err)
		}
		for _, m := range matches {
			data, err := os.ReadFile(m)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

func checkParsed(t *testing.T, source, file string, data []byte, scripts []Script, problems []Problem) {
	t.Helper()
	lines := bytes.Count(data, []byte("\n")) + 1
	for _, p := range problems {
		if p.File != file || p.Line < 0 || p.Line > lines || p.Message == "" {
			t.Fatalf("bad problem %+v for a %d-line file %s", p, lines, file)
		}
	}
	seen := map[string]bool{}
	for _, s := range scripts {
		if s.Name == "" || s.Run == "" || s.Dir == "" || s.Source != source {
			t.Fatalf("incomplete script %+v", s)
		}
		if !strings.HasPrefix(s.ID, source+":") || !strings.HasSuffix(s.ID, ":"+s.Name) {
			t.Fatalf("got ID %q, want %s:<file>:%s", s.ID, source, s.Name)
		}
		if seen[s.ID] {
			t.Fatalf("duplicate ID %q", s.ID)
		}
		seen[s.ID] = true
	}
}

func FuzzParsePackageJSON(f *testing.F) {
	seedFiles(f, "package.json")
	f.Add([]byte(`{"scripts":{"a":"b","a":"c"},"workspaces":{"packages":["x"]}}`))
	f.Add([]byte(`{"scripts":[]}`))
	f.Add([]byte(`[`))
	f.Add([]byte(`{"scripts":{"":"x","\u00e9":"y"}} trailing`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, problems := parsePackageJSON(ctx0, "package.json", ".", RunnerNPM, data)
		checkParsed(t, SourcePackageJSON, "package.json", data, m.Scripts, problems)
	})
}

func FuzzParseMakefile(f *testing.F) {
	seedFiles(f, "Makefile")
	f.Add([]byte("a: b\n\tc\ndefine X\nendef\n$(x): y\n%.o: %.c\n"))
	f.Add([]byte("a \\\n"))
	f.Add([]byte("x:: ## d\n\t@-+echo\n"))
	f.Add([]byte("$(a:b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		scripts, problems := parseMakefile(ctx0, "Makefile", data)
		checkParsed(t, SourceMakefile, "Makefile", data, scripts, problems)
		for _, s := range scripts {
			if !explicitTarget(s.Name) {
				t.Fatalf("listed non-explicit target %q", s.Name)
			}
		}
	})
}

func FuzzParseProcfile(f *testing.F) {
	seedFiles(f, "Procfile", "Procfile.dev")
	f.Add([]byte("web: a:b:c\r\n#x\n:\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		scripts, problems := parseProcfile(ctx0, "Procfile", data)
		checkParsed(t, SourceProcfile, "Procfile", data, scripts, problems)
	})
}

func FuzzParseTaskfile(f *testing.F) {
	seedFiles(f, "Taskfile.yml")
	f.Add([]byte("tasks:\n  a: &x\n    cmds: [b]\n  c: *x\n  d:\n    <<: *x\n    desc: e\n"))
	f.Add([]byte("tasks: [1]\n"))
	f.Add([]byte("version: 2\ntasks:\n  ? [a]\n  : b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		scripts, problems := parseTaskfile(ctx0, "Taskfile.yml", data)
		checkParsed(t, SourceTaskfile, "Taskfile.yml", data, scripts, problems)
	})
}

func FuzzParseJustfile(f *testing.F) {
	seedFiles(f, "justfile")
	f.Add([]byte("x := '''\na:\n'''\nb:\n\techo\n[doc(\"d\"), private]\nc:\n"))
	f.Add([]byte("@a p=\":\" *q: b\n  echo\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		scripts, problems := parseJustfile(ctx0, "justfile", data)
		checkParsed(t, SourceJustfile, "justfile", data, scripts, problems)
	})
}

func FuzzParseVSCodeTasks(f *testing.F) {
	seedFiles(f, ".vscode/tasks.json")
	f.Add([]byte(`{"tasks":[{"label":"a","type":"process","command":{"value":["a","b"]},"args":[{"value":"c","quoting":"weak"}]}]}`))
	f.Add([]byte(`{"tasks":[{"type":"npm","script":"x","path":"/abs"}],}`))
	f.Add([]byte(`{"tasks":{}}`))
	root := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		scripts, problems := parseVSCodeTasks(ctx0, vscodeTasksFile, root, data, func() string { return RunnerNPM })
		checkParsed(t, SourceVSCode, vscodeTasksFile, data, scripts, problems)
		for _, s := range scripts {
			if s.Argv != nil && len(s.Argv) == 0 {
				t.Fatalf("empty argv in %+v", s)
			}
		}
	})
}

func FuzzStripJSONC(f *testing.F) {
	seedFiles(f, ".vscode/tasks.json")
	f.Add([]byte(`{"a": "//", /* b */ "c": [1,],}`))
	f.Add([]byte(`"\`))
	f.Add([]byte("/*/"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, _, _ := stripJSONC(data)
		if len(out) != len(data) {
			t.Fatalf("got %d bytes, want %d", len(out), len(data))
		}
		for i := range data {
			if (data[i] == '\n') != (out[i] == '\n') {
				t.Fatalf("newline moved at %d", i)
			}
		}
	})
}

func FuzzGlob(f *testing.F) {
	f.Add("packages/*", "packages/a")
	f.Add("**/x/**", "a/x/b")
	f.Add("{a,b}/**/[c-d]?", "a/b/cd")
	f.Fuzz(func(t *testing.T, glob, p string) {
		for _, g := range expandBraces(glob) {
			segs, msg := splitGlob(g)
			if msg == "" {
				globMatch(segs, strings.Split(p, "/"))
			}
		}
	})
}

func FuzzParsePNPMWorkspace(f *testing.F) {
	seedFiles(f, "pnpm-workspace.yaml")
	f.Add([]byte("packages:\r  - a\r  - [b]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, problems := parsePNPMWorkspace(ctx0, data)
		checkParsed(t, SourcePackageJSON, "pnpm-workspace.yaml", data, nil, problems)
	})
}

// ctx0 is the context the parser tests run under: no deadline.
var ctx0 = context.Background()

// logicalLinesReference is the first, quadratic logicalLines: plain enough
// to be obviously right, so the linear one is checked against it.
func logicalLinesReference(data []byte) []logicalLine {
	raw := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	var out []logicalLine
	for i := 0; i < len(raw); i++ {
		start := i
		text := raw[i]
		for continued(text) && i+1 < len(raw) {
			i++
			text = strings.TrimRight(text[:len(text)-1], " \t") + " " + strings.TrimLeft(raw[i], " \t")
		}
		out = append(out, logicalLine{text: text, line: start + 1})
	}
	return out
}

func FuzzLogicalLines(f *testing.F) {
	seedFiles(f, "Makefile")
	f.Add([]byte("a \\\n  \\\nb\r\n\\"))
	f.Add([]byte("\\\n\\\\\n \\\r\n\t\\\n"))
	f.Add([]byte("x\r\r\n\\\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got []logicalLine
		for ln := range logicalLines(data) {
			got = append(got, ln)
		}
		if want := logicalLinesReference(data); !slices.Equal(got, want) {
			t.Fatalf("got %q, want %q", fmt.Sprint(got), fmt.Sprint(want))
		}
	})
}

func FuzzLineIndex(f *testing.F) {
	f.Add([]byte("a\nb\n"), int64(2))
	f.Add([]byte(""), int64(-1))
	f.Fuzz(func(t *testing.T, data []byte, off int64) {
		want := 1 + bytes.Count(data[:max(0, min(off, int64(len(data))))], []byte("\n"))
		if got := newLineIndex(data).line(off); got != want {
			t.Fatalf("got line %d, want %d", got, want)
		}
	})
}

func FuzzParseGitignore(f *testing.F) {
	seedFiles(f, ".gitignore")
	f.Add([]byte("# c\n/a/\n!b\n**/c/**\n\\!d\n[\ne/**/f/**/g\n***\n/\n!\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, problems := parseGitignore(ctx0, ".gitignore", data)
		checkParsed(t, "", ".gitignore", data, nil, problems)
		if len(g) > maxIgnorePatterns {
			t.Fatalf("got %d patterns, want at most %d", len(g), maxIgnorePatterns)
		}
		for _, p := range g {
			if len(p.segs) == 0 {
				t.Fatalf("empty pattern %+v", p)
			}
		}
		for _, rel := range []string{"a", "a/b", "x/y/z/w", ".hidden/c"} {
			g.ignored(rel, true)
			g.ignored(rel, false)
		}
	})
}

func FuzzGoPackageClause(f *testing.F) {
	seedFiles(f, "*.go", "cmd/*/*.go")
	f.Add([]byte("//go:build ignore\n/* x */ package main"))
	f.Add([]byte("/*/ package x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pkg, _ := goPackageClause(data)
		for i := 0; i < len(pkg); i++ {
			if !goIdentByte(pkg[i]) {
				t.Fatalf("package %q has a byte that is not an identifier's", pkg)
			}
		}
		if pkg != "" && !bytes.Contains(data, []byte(pkg)) {
			t.Fatalf("package %q is not in the file", pkg)
		}
	})
}

func FuzzParseDenoJSON(f *testing.F) {
	seedFiles(f, "deno.json", "deno.jsonc")
	f.Add([]byte(`{"tasks":{"a":"b","a":{"command":"c"},"d":{"dependencies":["a"]},"":"x"}}`))
	f.Add([]byte(`{"tasks":[] /* x`))
	f.Fuzz(func(t *testing.T, data []byte) {
		scripts, problems := parseDenoJSON(ctx0, "deno.json", data)
		checkParsed(t, SourceDeno, "deno.json", data, scripts, problems)
	})
}

func FuzzParseComposerJSON(f *testing.F) {
	seedFiles(f, "composer.json")
	f.Add([]byte(`{"scripts":{"a":["b","c"],"a":"d","post-install-cmd":"x"},"scripts-descriptions":{"a":1}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		scripts, problems := parseComposerJSON(ctx0, "composer.json", data)
		checkParsed(t, SourceComposer, "composer.json", data, scripts, problems)
	})
}

func FuzzParseTOML(f *testing.F) {
	seedFiles(f, "Cargo.toml", "pyproject.toml", "*/Cargo.toml", "*/*/Cargo.toml")
	f.Add([]byte("a = [[[[\"x\"]]]]\n[[b]]\nc = { d = 'e', f = [1, 2,], }\ng = \"\"\"\n[h]\n\"\"\"\n"))
	f.Add([]byte("a.\"b\".c = 1979-05-27 07:32:00Z\n[x\n'y' = \"\\u00zz\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fp := newFileParse(ctx0, "x.toml", data, "entries")
		entries := flattenTOML(parseTOML(fp, data))
		checkParsed(t, "", "x.toml", data, nil, fp.result())
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, e := range entries {
			if len(e.key) == 0 || e.line < 1 || e.line > lines {
				t.Fatalf("bad entry %+v in a %d-line file", e, lines)
			}
		}
	})
}

func FuzzParseCargoToml(f *testing.F) {
	seedFiles(f, "Cargo.toml", "*/Cargo.toml", "*/*/Cargo.toml")
	f.Fuzz(func(t *testing.T, data []byte) {
		m, problems := parseCargoToml(ctx0, "Cargo.toml", data)
		checkParsed(t, "", "Cargo.toml", data, nil, problems)
		if len(m.bins) > MaxScriptsPerFile {
			t.Fatalf("got %d binaries, want at most %d", len(m.bins), MaxScriptsPerFile)
		}
	})
}

func FuzzParsePyproject(f *testing.F) {
	seedFiles(f, "pyproject.toml")
	f.Add([]byte("[tool.pdm.scripts]\na = {cmd = [\"x\"]}\na.help = 'h'\n[project.scripts]\na = 'm:f'\n[tool.poetry.scripts.b]\ncallable = 'c:d'\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, problems := parsePyproject(ctx0, "pyproject.toml", data)
		for i := range m.scripts {
			m.scripts[i].Run = "x" // the caller fills Run in by runner
		}
		checkParsed(t, SourcePython, "pyproject.toml", data, m.scripts, problems)
	})
}

func FuzzParseRakefile(f *testing.F) {
	seedFiles(f, "Rakefile", "lib/tasks/*.rake")
	f.Add([]byte("namespace :a do\n  desc 'x'\n  task :b do\n  end\nend\nend\nend\ntask c: :d\ntask 'e' => []\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		scripts, problems := parseRakefile(ctx0, "Rakefile", "rake", data)
		checkParsed(t, SourceRuby, "Rakefile", data, scripts, problems)
	})
}

func FuzzParseCompose(f *testing.F) {
	seedFiles(f, "compose.yaml", "docker-compose.yml")
	f.Add([]byte("services:\n  up: {}\n  up up: {}\n  <<: {}\n  a: &x {}\n  b: *x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		scripts, problems := parseCompose(ctx0, "compose.yaml", data)
		checkParsed(t, SourceCompose, "compose.yaml", data, scripts, problems)
	})
}
