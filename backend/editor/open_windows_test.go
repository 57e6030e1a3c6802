package editor

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
)

// The editor these tests open files in is this test binary, copied under an
// editor's name (recorders): started as rec.exe or Code.exe it records its
// arguments beside itself, in argv.json, and counts its runs in calls.
var recorders = map[string]bool{"rec.exe": true, "code.exe": true}

func TestMain(m *testing.M) {
	if exe, err := os.Executable(); err == nil && recorders[strings.ToLower(filepath.Base(exe))] {
		dir := filepath.Dir(exe)
		b, _ := json.Marshal(os.Args[1:])
		// Written whole, then renamed: the test polls for the file.
		_ = os.WriteFile(filepath.Join(dir, "argv.tmp"), b, 0o644)
		_ = os.Rename(filepath.Join(dir, "argv.tmp"), filepath.Join(dir, "argv.json"))
		f, _ := os.OpenFile(filepath.Join(dir, "calls"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		f.WriteString("run\n")
		f.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// installRecorder copies the test binary to dir\name and returns its path
// and a function that waits for its next run's arguments.
func installRecorder(t *testing.T, dir, name string) (string, func() []string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(dir, 0o755))
	self, err := os.Executable()
	require.NoError(t, err)
	b, err := os.ReadFile(self)
	require.NoError(t, err)
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, b, 0o755))
	argv := filepath.Join(dir, "argv.json")
	return p, func() []string {
		t.Helper()
		var args []string
		// Until it can be read: the recorder may still hold it open.
		poll.Until(t, 30*time.Second, func() bool {
			b, err := os.ReadFile(argv)
			return err == nil && json.Unmarshal(b, &args) == nil && os.Remove(argv) == nil
		}, "the editor %s never ran", p)
		return args
	}
}

// batchFile writes a .cmd that leaves a marker beside itself if it ever
// runs, and returns its path and the marker's.
func batchFile(t *testing.T, path string) (string, string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte("@echo ran> \"%~dp0marker\"\r\n"), 0o644))
	return path, filepath.Join(filepath.Dir(path), "marker")
}

func requireNoMarker(t *testing.T, marker string) {
	t.Helper()
	_, err := os.Stat(marker)
	assert.True(t, errors.Is(err, os.ErrNotExist), "%s exists: a batch file ran (%v)", marker, err)
}

// $VISUAL names an editor by a quoted path with blanks and an & in it: it
// gets each hostile file name as one intact argument, run directly, never
// through cmd.exe.
func TestOpenGivesTheEditorTheFileAsOneArgument(t *testing.T) {
	root, _ := fixture(t)
	rec, read := installRecorder(t, filepath.Join(t.TempDir(), "My Editor & co"), "rec.exe")
	t.Setenv("VISUAL", `"`+rec+`" --wait`)
	for _, n := range hostileNames {
		t.Run(n, func(t *testing.T) {
			want, err := filepath.EvalSymlinks(filepath.Join(root, "src", n))
			require.NoError(t, err)
			got, err := Open(root, "src/"+n, 12, 3, os.Environ())
			require.NoError(t, err)
			assert.Equal(t, Opened{File: want, Line: 12, Column: 3, Editor: "rec", LineSupported: false}, got, "got %+v", got)
			args := read()
			assert.Equal(t, []string{"--wait", want}, args, "got argv %q, want %q", args, []string{"--wait", want})
		})
	}
}

// A batch-file editor is refused before anything runs: cmd.exe would read
// the file name (x&calc&.ts) as commands. The launcher itself refuses one
// too, whoever asks.
func TestOpenRefusesABatchFileEditor(t *testing.T) {
	root, _ := fixture(t)
	ed, marker := batchFile(t, filepath.Join(t.TempDir(), "tools", "myeditor.cmd"))
	t.Setenv("VISUAL", ed)
	got, err := Open(root, "src/x&calc&.ts", 1, 1, os.Environ())
	require.Error(t, err, "got %+v", got)
	assert.True(t, errors.Is(err, ErrNoEditor), "got %v, want ErrNoEditor", err)
	assert.Contains(t, err.Error(), "batch file")

	for _, argv := range [][]string{{ed, "x.ts"}, {strings.TrimSuffix(ed, ".cmd") + ".BAT", "x.ts"}} {
		err := start(argv, root, nil)
		assert.ErrorContains(t, err, "is a batch file and would run through cmd.exe", "start(%q)", argv)
	}
	requireNoMarker(t, marker)
}

// VS Code's own launcher is bin\code.cmd: Hum runs the Code.exe beside it
// instead, with the same arguments, and never the .cmd.
func TestOpenRunsCodeExeInsteadOfCodeCmd(t *testing.T) {
	root, _ := fixture(t)
	install := filepath.Join(t.TempDir(), "Microsoft VS Code")
	_, read := installRecorder(t, install, "Code.exe")
	launcher, marker := batchFile(t, filepath.Join(install, "bin", "code.cmd"))
	t.Setenv("VISUAL", `"`+launcher+`"`)
	want, err := filepath.EvalSymlinks(filepath.Join(root, "src", "a b.go"))
	require.NoError(t, err)
	got, err := Open(root, "src/a b.go", 7, 2, os.Environ())
	require.NoError(t, err)
	assert.Equal(t, Opened{File: want, Line: 7, Column: 2, Editor: "VS Code", LineSupported: true}, got, "got %+v", got)
	args := read()
	assert.Equal(t, []string{"-g", want + ":7:2"}, args, "got %q", args)
	requireNoMarker(t, marker)
}
