package discover

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScanCargoWorkspace(t *testing.T) {
	p := scan(t, "testdata/rust-workspace")
	// Members are listed in their folders once, though the folder walk
	// reaches them too; the description's "[not.a.table]" is text.
	want := []row{
		{"cargo:Cargo.toml:test", ".", "cargo test", "cargo test", ""},
		{"cargo:crates/cli/Cargo.toml:acme-admin", "crates/cli", "cargo run --bin acme-admin", "cargo run --bin acme-admin", ""},
		{"cargo:crates/cli/Cargo.toml:acme-cli", "crates/cli", "cargo run --bin acme-cli", "cargo run --bin acme-cli", ""},
		{"cargo:crates/cli/Cargo.toml:migrate", "crates/cli", "cargo run --bin migrate", "cargo run --bin migrate", ""},
		{"cargo:crates/cli/Cargo.toml:serve", "crates/cli", "cargo run --bin serve", "cargo run --bin serve", ""},
		{"cargo:crates/cli/Cargo.toml:test", "crates/cli", "cargo test", "cargo test", ""},
		{"cargo:crates/core/Cargo.toml:test", "crates/core", "cargo test", "cargo test", ""},
		// autobins = false: only the [[bin]] it declares.
		{"cargo:tools/xtask/Cargo.toml:xtask", "tools/xtask", "cargo run --bin xtask", "cargo run --bin xtask", ""},
		{"cargo:tools/xtask/Cargo.toml:test", "tools/xtask", "cargo test", "cargo test", ""},
	}
	assert.Equal(t, want, rows(p.Scripts), "got %v, want %v", rows(p.Scripts), want)
	assert.Empty(t, p.Problems)
}

func TestScanCargoMemberBeyondTheWalk(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"Cargo.toml":                "[workspace]\nmembers = [\"a/b/c/d/e/app\", \"../outside\"]\n",
		"a/b/c/d/e/app/Cargo.toml":  "[package]\nname = \"app\"\n",
		"a/b/c/d/e/app/src/main.rs": "fn main() {}\n",
	})
	p := scan(t, dir)
	assert.Equal(t, []string{". cargo:test", "a/b/c/d/e/app cargo:app", "a/b/c/d/e/app cargo:test"}, dirsOf(p.Scripts))
	require.Len(t, p.Problems, 1, "got %v", p.Problems)
	assert.Equal(t, Problem{File: "Cargo.toml", Line: 2, Message: `workspace member "../outside" leaves the project; ignored`}, p.Problems[0])
}

func TestTOMLReader(t *testing.T) {
	data := []byte(`# comment
title = "a \"b\" \u00e9"
lit = 'C:\path'
[a . "b.c"]
n = 1979-05-27 07:32:00 # a date
arr = [ "x", 'y', [ "z" ], 1, ] # trailing comma
ml = """
[fake]
key = "v"
"""
t = { k = "v", n = { m = "w" } }
[[bin]]
name = "one"
[[bin]]
name = "two"
bad = "unterminated
after = "still read"
`)
	fp := newFileParse(context.Background(), "x.toml", data, "entries")
	entries := flattenTOML(parseTOML(fp, data))
	got := map[string]string{}
	for _, e := range entries {
		k := joinKey(e.key)
		if e.index >= 0 {
			k += "#" + string(rune('0'+e.index))
		}
		got[k] = e.val.str
	}
	assert.Equal(t, map[string]string{
		"title": `a "b" é`, "lit": `C:\path`, "a.b.c.n": "1979-05-27 07:32:00", "a.b.c.arr": "",
		"a.b.c.ml": "", "a.b.c.t.k": "v", "a.b.c.t.n.m": "w", "bin.name#0": "one", "bin.name#1": "two",
		"bin.after#1": "still read",
	}, got)
	assert.Equal(t, []Problem{{File: "x.toml", Line: 16, Message: "invalid TOML: a string is not closed on its line"}}, fp.result())
	for _, e := range entries {
		if joinKey(e.key) == "a.b.c.arr" {
			assert.Equal(t, []string{"x", "y"}, e.val.strings())
		}
	}
}

func joinKey(k []string) string { return strings.Join(k, ".") }

func TestTOMLReaderBoundsNesting(t *testing.T) {
	data := []byte("x = " + strings.Repeat("[", 100000) + "\nname = \"ok\"\n")
	fp := newFileParse(context.Background(), "x.toml", data, "entries")
	entries := parseTOML(fp, data)
	require.Len(t, entries, 1)
	assert.Equal(t, "ok", entries[0].val.str)
	require.NotEmpty(t, fp.result())
	assert.Contains(t, fp.result()[0].Message, "nested more than 32 deep")
}
