package discover

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dirsOf lists each script as "dir source:name", the way a person checks
// what a folder contributes.
func dirsOf(scripts []Script) []string {
	out := make([]string, len(scripts))
	for i, s := range scripts {
		out[i] = s.Dir + " " + s.Source + ":" + s.Name
	}
	return out
}

func TestScanNestedProjectsWithoutWorkspaces(t *testing.T) {
	p := scan(t, "testdata/nested-app")
	want := []row{
		// docs/site has no lockfile of its own nor above it: npm.
		{"package.json:docs/site/package.json:serve", "docs/site", "npm run serve", "docusaurus start", ""},
		// frontend/ has its own package-lock.json: npm.
		{"package.json:frontend/package.json:dev", "frontend", "npm run dev", "vite", ""},
		{"package.json:frontend/package.json:build", "frontend", "npm run build", "tsc -b && vite build", ""},
		{"package.json:frontend/package.json:preview", "frontend", "npm run preview", "vite preview", ""},
		{"makefile:backend/Makefile:run", "backend", "make run", "go run ./cmd/server", "run: start the API on :8080"},
		{"makefile:backend/Makefile:test", "backend", "make test", "go test ./...", ""},
		{"procfile:worker/Procfile:worker", "worker", "python -m worker", "python -m worker", ""},
		{"go:backend/go.mod:server", "backend", "go run ./cmd/server", "go run ./cmd/server", ""},
		{"go:backend/go.mod:test", "backend", "go test ./...", "go test ./...", ""},
	}
	got := rows(p.Scripts)
	// frontend/dist is a build output and scratch/ is in .gitignore.
	assert.Equal(t, want, got, "got %v, want %v", got, want)
	assert.Empty(t, p.Problems)
}

func TestScanNestedDepthAndSkippedFolders(t *testing.T) {
	dir := t.TempDir()
	mk := "x:\n\techo x\n"
	writeFiles(t, dir, map[string]string{
		"a/Makefile":                      mk,
		"a/b/c/d/Makefile":                mk, // depth 4: listed
		"a/b/c/d/e/Makefile":              mk, // depth 5: too deep
		"node_modules/pkg/Makefile":       mk,
		"vendor/lib/Makefile":             mk,
		"dist/Makefile":                   mk,
		"build/Makefile":                  mk,
		"target/Makefile":                 mk,
		"out/Makefile":                    mk,
		".next/Makefile":                  mk,
		".venv/Makefile":                  mk,
		"__pycache__/Makefile":            mk,
		".github/Makefile":                mk,
		"app/build/Makefile":              mk, // skipped at any depth
		"app/justfile":                    "serve:\n  echo serve\n",
		"app/Taskfile.yml":                "version: '3'\ntasks:\n  lint:\n    cmds: [golangci-lint run]\n",
		"app/Procfile.dev":                "web: bin/dev\n",
		"services/api/package.json":       `{"packageManager":"pnpm@9.1.0","scripts":{"start":"node ."}}`,
		"services/web/package.json":       `{"scripts":{"dev":"vite"}}`,
		"services/yarn.lock":              "",
		"services/web/.hidden/Makefile":   mk,
		"services/web/coverage/Makefile":  mk, // .gitignore: coverage
		"generated/Makefile":              mk, // .gitignore: /generated/
		"keep/generated/Makefile":         mk, // anchored: only the root's generated/
		"tmp-1/Makefile":                  mk, // .gitignore: tmp-*
		"tmp-keep/Makefile":               mk, // .gitignore: !tmp-keep
		"docs/api/Makefile":               mk, // .gitignore: docs/**/
		"docs/Makefile":                   mk,
		"logs.d/Makefile":                 mk, // .gitignore: *.d/ (folders only)
		".gitignore":                      "# local\n/generated/\ncoverage\ntmp-*\n!tmp-keep\ndocs/**/\n*.d/\n\n",
		"package.json":                    `{"scripts":{"root":"echo root"}}`,
		"services/api/README.md":          "not a manifest",
		"services/api/node_modules/x.txt": "",
	})
	p := scan(t, dir)
	want := []string{
		". package.json:root",
		"services/api package.json:start", // its packageManager
		"services/web package.json:dev",   // services/yarn.lock
		"a makefile:x",
		"a/b/c/d makefile:x",
		"docs makefile:x",
		"keep/generated makefile:x",
		"tmp-keep makefile:x",
		"app procfile:web",
		"app taskfile:lint",
		"app justfile:serve",
	}
	assert.Equal(t, want, dirsOf(p.Scripts), "got %v, want %v", dirsOf(p.Scripts), want)
	assert.Empty(t, p.Problems)
	runners := map[string]string{}
	for _, s := range p.Scripts {
		if s.Source == SourcePackageJSON {
			runners[s.Dir] = s.Run
		}
	}
	assert.Equal(t, map[string]string{".": "npm run root", "services/api": "pnpm run start", "services/web": "yarn run dev"}, runners)
}

func TestScanNestedWithWorkspacesListsEachPackageOnce(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"package.json":               `{"workspaces":["packages/*","!packages/skip"],"scripts":{"dev":"turbo dev"}}`,
		"yarn.lock":                  "",
		"packages/ui/package.json":   `{"scripts":{"build":"tsc"}}`,
		"packages/ui/Makefile":       "icons:\n\tsvgo icons\n",
		"packages/skip/package.json": `{"scripts":{"build":"tsc"}}`,
		// Not a workspace package: the workspace globs decide which
		// package.json files are packages.
		"examples/demo/package.json": `{"scripts":{"start":"node ."}}`,
	})
	p := scan(t, dir)
	want := []string{
		". package.json:dev",
		"packages/ui package.json:build",
		"packages/ui makefile:icons",
	}
	assert.Equal(t, want, dirsOf(p.Scripts), "got %v, want %v", dirsOf(p.Scripts), want)
	assert.Equal(t, "yarn run build", p.Scripts[1].Run)
	assert.Empty(t, p.Problems)
}

func TestScanNestedStopsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a/Makefile": "x:\n\techo\n"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p, err := Scan(ctx, dir)
	require.NoError(t, err)
	assert.Empty(t, p.Scripts)
	require.Len(t, p.Problems, 1, "got %v", p.Problems)
	assert.Contains(t, p.Problems[0].Message, "cancelled")
}

func TestGitignore(t *testing.T) {
	g, problems := parseGitignore(context.Background(), ".gitignore", []byte(
		"# comment\n\\#hash\n/root-only\nany\nlogs/\n*.tmp\n!keep.tmp\na/**/z\n**/deep\n[\n  \nsub/dir \r\n"))
	assert.Empty(t, problems)
	cases := []struct {
		rel  string
		dir  bool
		want bool
	}{
		{"#hash", true, true},
		{"root-only", true, true},
		{"x/root-only", true, false},
		{"any", true, true},
		{"x/y/any", false, true},
		{"logs", true, true},
		{"logs", false, false}, // "logs/" is for folders
		{"x/logs", true, true},
		{"a.tmp", true, true},
		{"keep.tmp", true, false},
		{"x/keep.tmp", true, false},
		{"a/z", true, true},
		{"a/b/c/z", true, true},
		{"b/a/z", true, false},
		{"q/r/deep", true, true},
		{"sub/dir", true, true},
		{"x/sub/dir", true, false},
		{"comment", true, false},
		{"src", true, false},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, g.ignored(c.rel, c.dir), "ignored(%q, dir=%v): got %v, want %v", c.rel, c.dir, !c.want, c.want)
	}
}

func TestGitignoreCapsPatterns(t *testing.T) {
	var data []byte
	for range maxIgnorePatterns + 10 {
		data = append(data, "p\n"...)
	}
	data = append(data, "last\n"...)
	g, problems := parseGitignore(context.Background(), ".gitignore", data)
	assert.Len(t, g, maxIgnorePatterns)
	assert.Empty(t, problems)
	assert.False(t, g.ignored("last", true), "a pattern past the cap is not used")
}
