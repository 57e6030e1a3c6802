//go:build unix

package discover

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScanHugeAndSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"Procfile": "web: node server.js\n"})
	f, err := os.Create(filepath.Join(dir, "package.json"))
	require.NoError(t, err)
	require.NoError(t, f.Truncate(MaxFileSize+1)) // sparse: no disk used
	require.NoError(t, f.Close())
	// A FIFO named Makefile would block a naive reader forever.
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "Makefile"), 0o644))

	p := scan(t, dir)
	require.Len(t, p.Scripts, 1)
	assert.Equal(t, "web", p.Scripts[0].Name)
	require.Len(t, p.Problems, 2, "got %v", p.Problems)
	assert.Equal(t, "package.json", p.Problems[0].File)
	assert.Contains(t, p.Problems[0].Message, "larger than")
	assert.Equal(t, "Makefile", p.Problems[1].File)
	assert.Contains(t, p.Problems[1].Message, "not a regular file")
}

func TestScanNestedSymlinks(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{"Makefile": "stolen:\n\techo outside\n", "deep/Makefile": "deeper:\n\techo outside\n"})
	writeFiles(t, dir, map[string]string{
		"api/Makefile":       "serve:\n\tgo run .\n",
		"web/loop/.keep":     "",
		"tools/Procfile":     "lint: eslint .\n",
		"tools/sub/Procfile": "fmt: prettier -w .\n",
	})
	// A loop back to the root, one to the folder it is in, a link out of
	// the project, a dangling link, and a second name for tools/.
	require.NoError(t, os.Symlink("../..", filepath.Join(dir, "web/loop/up")))
	require.NoError(t, os.Symlink(".", filepath.Join(dir, "web/self")))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "elsewhere")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "missing"), filepath.Join(dir, "dangling")))
	require.NoError(t, os.Symlink("tools", filepath.Join(dir, "a-tools")))
	// A link to a folder deeper in the project: the folder is listed
	// under its own path, once.
	require.NoError(t, os.Symlink("tools/sub", filepath.Join(dir, "b-sub")))
	// A link to a folder only a link reaches is listed under the link.
	writeFiles(t, dir, map[string]string{"web/node_modules/tool/Procfile": "tool: node tool.js\n"})
	require.NoError(t, os.Symlink("web/node_modules/tool", filepath.Join(dir, "linked-tool")))

	p := scan(t, dir)
	want := []string{
		"api makefile:serve",
		"linked-tool procfile:tool",
		"tools procfile:lint", // under its own name, not a-tools
		"tools/sub procfile:fmt",
	}
	assert.Equal(t, want, dirsOf(p.Scripts), "got %v, want %v", dirsOf(p.Scripts), want)
	assert.Empty(t, p.Problems)

	// Scanned through a symlinked root, a link back into it stays inside.
	root := filepath.Join(t.TempDir(), "root-link")
	require.NoError(t, os.Symlink(dir, root))
	p = scan(t, root)
	assert.Equal(t, want, dirsOf(p.Scripts), "got %v, want %v", dirsOf(p.Scripts), want)
}

// Files read only for their beginning are not opened when they are FIFOs:
// opening one blocks until something writes to it.
func TestScanHeadsSkipFIFOs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"mvnw": "#!/bin/sh\n", "go.mod": "module x\n"})
	for _, name := range []string{"pom.xml", "main.go", "app.py", ".flaskenv"} {
		require.NoError(t, syscall.Mkfifo(filepath.Join(dir, name), 0o644))
	}
	p := scanWithin(t, dir, 4*Budget)
	assert.Equal(t, []string{". go:test", ". maven:test"}, dirsOf(p.Scripts))
}
