//go:build unix

package session

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/editor"
)

// The choice of editor and the path checks are tested in backend/editor;
// this checks the session hands its project root to them (on Windows:
// editor_windows_test.go).
func TestOpenInEditorRunsTheEditor(t *testing.T) {
	dir := project(t, map[string]string{"src/app.js": "x\n"})
	out := filepath.Join(t.TempDir(), "args")
	bin := filepath.Join(t.TempDir(), "code")
	require.NoError(t, os.WriteFile(bin, []byte("#!/bin/sh\necho \"$@\" > "+out+".tmp && mv "+out+".tmp "+out+"\n"), 0o755))
	// $VISUAL from the base every process starts from (the login shell's,
	// for a window opened from the desktop), not from Hum's own environment.
	s := open(t, dir, Options{Base: baseWith("VISUAL=" + bin)})

	got, err := s.OpenInEditor("src/app.js", 4, 2)
	require.NoError(t, err)
	file, err := filepath.EvalSymlinks(filepath.Join(s.Root(), "src", "app.js"))
	require.NoError(t, err)
	want := editor.Opened{File: file, Line: 4, Column: 2, Editor: "VS Code", LineSupported: true}
	assert.Equal(t, want, got, "got %+v, want %+v", got, want)
	eventually(t, "the editor to run", func() bool {
		_, err := os.Stat(out)
		return err == nil
	})
	b, _ := os.ReadFile(out)
	wantArgs := "-g " + file + ":4:2"
	assert.Equal(t, wantArgs, strings.TrimSpace(string(b)), "got %v, want %v", strings.TrimSpace(string(b)), wantArgs)

	for _, f := range []string{"src/missing.js", "src", "../x.js"} {
		_, err := s.OpenInEditor(f, 1, 1)
		assert.True(t, errors.Is(err, ErrNoFile), "OpenInEditor(%q): got %v, want ErrNoFile", f, err)
	}
}
