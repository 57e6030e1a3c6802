package discover

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestScanGoModule(t *testing.T) {
	p := scan(t, "testdata/go-service")
	var got []row
	for _, s := range p.Scripts {
		if s.Source == SourceGo {
			got = append(got, row{s.ID, s.Dir, s.Run, s.Command, s.Description})
		}
	}
	// The root is a library (its `//go:build ignore` generator is not the
	// package); cmd/migrate has tests only and cmd/.old is hidden; cmd/run
	// keeps "run" free for a root main package.
	want := []row{
		{"go:go.mod:api", ".", "go run ./cmd/api", "go run ./cmd/api", ""},
		{"go:go.mod:cmd/run", ".", "go run ./cmd/run", "go run ./cmd/run", ""},
		{"go:go.mod:worker", ".", "go run ./cmd/worker", "go run ./cmd/worker", ""},
		{"go:go.mod:test", ".", "go test ./...", "go test ./...", ""},
	}
	assert.Equal(t, want, got, "got %v, want %v", got, want)
	assert.Empty(t, p.Problems)
}

func TestScanGoModuleMainAtRoot(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":       "module x\n",
		"main.go":      "// Command x.\npackage main\n",
		"tools/go.mod": "module tools\n", // a nested module: tests only
		"tools/x.go":   "package tools\n",
	})
	p := scan(t, dir)
	assert.Equal(t, []string{". go:run", ". go:test", "tools go:test"}, dirsOf(p.Scripts))
	assert.Equal(t, "go run .", p.Scripts[0].Run)
	assert.Empty(t, p.Problems)
}

func TestGoPackageClause(t *testing.T) {
	cases := []struct {
		src     string
		pkg     string
		ignored bool
	}{
		{"package main\n", "main", false},
		{"\ufeffpackage main", "main", false},
		{"// a\n/* b\n package x */\npackage  foo_bar // c\n", "foo_bar", false},
		{"//go:build ignore\n\npackage main\n", "main", true},
		{"//go:build linux && ignore\npackage main\n", "main", true},
		{"//go:build !ignore\npackage main\n", "main", false},
		{"//go:build ignored\npackage main\n", "main", false},
		{"packagemain\n", "", false},
		{"/* unterminated", "", false},
		{"import \"x\"\npackage main", "", false},
		{"", "", false},
	}
	for _, c := range cases {
		pkg, ignored := goPackageClause([]byte(c.src))
		assert.Equal(t, c.pkg, pkg, "%q: got %q, want %q", c.src, pkg, c.pkg)
		assert.Equal(t, c.ignored, ignored, "%q: got ignored=%v, want %v", c.src, ignored, c.ignored)
	}
}
