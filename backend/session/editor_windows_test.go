package session

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/editor"
)

// This test binary is also the Windows tests' helper programs: copied as
// VS Code's Code.exe it writes its arguments beside itself and exits;
// started with helperFlag it prints variables (shell_windows_test.go).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == helperFlag {
		printVars(os.Args[2:])
		os.Exit(0)
	}
	if exe, err := os.Executable(); err == nil && strings.EqualFold(filepath.Base(exe), "Code.exe") {
		b, _ := json.Marshal(os.Args[1:])
		dir := filepath.Dir(exe)
		_ = os.WriteFile(filepath.Join(dir, "argv.tmp"), b, 0o644)
		_ = os.Rename(filepath.Join(dir, "argv.tmp"), filepath.Join(dir, "argv.json"))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// The choice of editor and the path checks are tested in backend/editor;
// this checks the session hands its project root to them. $VISUAL is VS
// Code's bin\code.cmd, which Hum replaces by the Code.exe beside it.
func TestOpenInEditorRunsTheEditor(t *testing.T) {
	dir := project(t, map[string]string{"src/app.js": "x\n"})
	install := filepath.Join(t.TempDir(), "Microsoft VS Code")
	require.NoError(t, os.MkdirAll(filepath.Join(install, "bin"), 0o755))
	self, err := os.Executable()
	require.NoError(t, err)
	b, err := os.ReadFile(self)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(install, "Code.exe"), b, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(install, "bin", "code.cmd"), []byte("@echo ran> \"%~dp0marker\"\r\n"), 0o644))
	// $VISUAL from the base every process starts from, as on Unix.
	s := open(t, dir, Options{Base: baseWith("VISUAL=" + `"` + filepath.Join(install, "bin", "code.cmd") + `"`)})

	got, err := s.OpenInEditor("src/app.js", 4, 2)
	require.NoError(t, err)
	file, err := filepath.EvalSymlinks(filepath.Join(s.Root(), "src", "app.js"))
	require.NoError(t, err)
	want := editor.Opened{File: file, Line: 4, Column: 2, Editor: "VS Code", LineSupported: true}
	assert.Equal(t, want, got, "got %+v, want %+v", got, want)
	var args []string
	eventually(t, "the editor to run", func() bool {
		b, err := os.ReadFile(filepath.Join(install, "argv.json"))
		return err == nil && json.Unmarshal(b, &args) == nil
	})
	assert.Equal(t, []string{"-g", file + ":4:2"}, args, "got %q", args)
	_, err = os.Stat(filepath.Join(install, "bin", "marker"))
	assert.True(t, errors.Is(err, os.ErrNotExist), "code.cmd ran (%v)", err)

	for _, f := range []string{"src/missing.js", "src", "../x.js"} {
		_, err := s.OpenInEditor(f, 1, 1)
		assert.True(t, errors.Is(err, ErrNoFile), "OpenInEditor(%q): got %v, want ErrNoFile", f, err)
	}
}
