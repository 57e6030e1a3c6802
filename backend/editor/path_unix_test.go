//go:build unix

package editor

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResolveRefusesDevicesAndFifos(t *testing.T) {
	root := t.TempDir()
	fifo := filepath.Join(root, "pipe.js")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	for file, says := range map[string]string{"pipe.js": "is a named pipe", "/dev/null": "is a character device"} {
		got, err := Resolve(root, file)
		assert.True(t, errors.Is(err, ErrNotFile), "Resolve(%q): got %q, %v, want ErrNotFile", file, got, err)
		if assert.Error(t, err) {
			assert.Contains(t, err.Error(), says, "got %q, want it to say %q", err, says)
		}
	}
}
