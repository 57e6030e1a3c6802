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
