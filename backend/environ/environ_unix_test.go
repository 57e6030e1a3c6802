//go:build unix

package environ

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAFIFONamedDotenvDoesNotBlock(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, syscall.Mkfifo(filepath.Join(root, ".env"), 0o644))
	_, err := Build(Request{Root: root})
	require.Error(t, err)
	assert.Equal(t, ".env: not a regular file", err.Error())
}

func TestAnUnreadableFileIsAClearError(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("permissions do not stop this user")
	}
	root := project(t, map[string]string{".env.local": "A=1\n"})
	require.NoError(t, os.Chmod(filepath.Join(root, ".env.local"), 0))
	_, err := Build(Request{Root: root})
	require.Error(t, err)
	assert.ErrorIs(t, err, fs.ErrPermission)
	assert.Equal(t, ".env.local: permission denied", err.Error())
}
