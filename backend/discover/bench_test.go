package discover

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// genMonorepo writes a monorepo the shape of a large real one: n workspace
// packages (most under packages/*, some nested under apps/**), each with a
// dozen scripts and a node_modules folder that must not be entered, plus the
// root files of every other source.
func genMonorepo(tb testing.TB, dir string, n int) {
	tb.Helper()
	write := func(rel, body string) {
		full := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("package.json", `{"name":"mono","private":true,"workspaces":["packages/*","apps/**","!packages/*-skip"],"scripts":{"dev":"turbo dev","build":"turbo build"}}`)
	write("pnpm-lock.yaml", "lockfileVersion: '9.0'\n")
	write("Makefile", "# Serve it\nserve: ## does things\n\techo hi\n\nbuild:\n\tgo build ./...\n")
	write("Procfile", "web: node server.js\nworker: node worker.js\n")
	write("Taskfile.yml", "version: '3'\ntasks:\n  build:\n    desc: Build\n    cmds: [go build]\n")
	write("justfile", "# Build\nbuild:\n    cargo build\n")
	write(".vscode/tasks.json", `{"version":"2.0.0","tasks":[{"label":"b","type":"shell","command":"make"}, ]}`)
	for i := range n {
		pkg := fmt.Sprintf("packages/pkg-%03d", i)
		if i%10 == 0 {
			pkg = fmt.Sprintf("apps/group-%d/app-%03d", i%7, i)
		}
		var scripts []string
		for _, s := range []string{"dev", "build", "test", "lint", "typecheck", "clean", "format", "storybook", "e2e", "start", "preview", "release"} {
			scripts = append(scripts, fmt.Sprintf("%q: \"tool %s --package %d\"", s, s, i))
		}
		write(pkg+"/package.json", fmt.Sprintf(`{
  "name": "@mono/pkg-%d",
  "version": "1.0.0",
  "scripts": {%s},
  "dependencies": {"react": "^18.0.0", "zod": "^3.0.0"},
  "devDependencies": {"typescript": "^5.0.0", "vitest": "^1.0.0"}
}`, i, strings.Join(scripts, ",\n    ")))
		write(pkg+"/src/index.ts", "export {}\n")
		write(pkg+"/node_modules/dep/package.json", `{"scripts":{"postinstall":"x"}}`)
	}
}

func BenchmarkScanMonorepo(b *testing.B) {
	dir := b.TempDir()
	genMonorepo(b, dir, 500)
	p, err := Scan(context.Background(), dir)
	if err != nil {
		b.Fatal(err)
	}
	if want := 2 + 500*12 + 2 + 2 + 1 + 1 + 1; len(p.Scripts) != want || len(p.Problems) != 0 {
		b.Fatalf("got %d scripts and problems %v, want %d and none", len(p.Scripts), p.Problems, want)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Scan(context.Background(), dir); err != nil {
			b.Fatal(err)
		}
	}
}

// TestScanMonorepoComplete checks the benchmark's fixture is read whole
// within Budget (a slower scan would report a Problem). The benchmark
// measures the real figure against the 200 ms target.
func TestScanMonorepoComplete(t *testing.T) {
	dir := t.TempDir()
	genMonorepo(t, dir, 500)
	p, err := Scan(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(p.Scripts), 2+500*12+7; got != want {
		t.Fatalf("got %d scripts, want %d", got, want)
	}
	if len(p.Problems) != 0 {
		t.Fatalf("got problems %v, want none", p.Problems)
	}
}

// genNested writes a repository without workspaces: n service folders two
// levels down, each with a package.json, a Makefile and a go.mod with one
// command when manifests is set, and only source files otherwise (what the
// folder walk costs by itself).
func genNested(tb testing.TB, dir string, n int, manifests bool) {
	tb.Helper()
	files := map[string]string{".gitignore": "/tmp/\n*.log\ncoverage/\n"}
	for i := range n {
		svc := fmt.Sprintf("services/svc-%03d", i)
		files[svc+"/src/main.ts"] = "export {}\n"
		files[svc+"/node_modules/dep/package.json"] = `{"scripts":{"postinstall":"x"}}`
		if manifests {
			files[svc+"/package.json"] = `{"scripts":{"dev":"vite","build":"vite build","test":"vitest"}}`
			files[svc+"/Makefile"] = "run:\n\tgo run ./cmd/api\n\ntest:\n\tgo test ./...\n"
			files[svc+"/go.mod"] = "module svc\n"
			files[svc+"/cmd/api/main.go"] = "package main\n\nfunc main() {}\n"
		}
	}
	for name, body := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

func BenchmarkScanNested(b *testing.B) {
	for _, c := range []struct {
		name      string
		manifests bool
		want      int
	}{{"walk-only", false, 0}, {"manifests", true, 500 * (3 + 2 + 2)}} {
		b.Run(c.name, func(b *testing.B) {
			dir := b.TempDir()
			genNested(b, dir, 500, c.manifests)
			p, err := Scan(context.Background(), dir)
			if err != nil {
				b.Fatal(err)
			}
			if len(p.Scripts) != c.want || len(p.Problems) != 0 {
				b.Fatalf("got %d scripts and problems %v, want %d and none", len(p.Scripts), p.Problems, c.want)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := Scan(context.Background(), dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
