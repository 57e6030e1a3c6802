//go:build unix

package editor

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
	"hum/backend/process"
)

// recorder installs, as $VISUAL, an "editor" in a folder with a space in
// its name that writes each argument it gets to argsFile, NUL-terminated,
// and appends one line per run to callsFile; it returns a function that
// waits for and reads the arguments of the latest run.
func recorder(t *testing.T) (read func() []string, callsFile string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "My Editor")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	argsFile := filepath.Join(dir, "args")
	callsFile = filepath.Join(dir, "calls")
	script := filepath.Join(dir, "rec")
	body := "#!/bin/sh\necho run >> '" + callsFile + "'\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > '" + argsFile + ".tmp'\nmv '" + argsFile + ".tmp' '" + argsFile + "'\n"
	require.NoError(t, os.WriteFile(script, []byte(body), 0o755))
	t.Setenv("VISUAL", `"`+script+`" --wait`)
	t.Setenv("EDITOR", "")
	read = func() []string {
		t.Helper()
		poll.Until(t, 20*time.Second, func() bool { _, err := os.Stat(argsFile); return err == nil }, "the editor to record its arguments")
		b, err := os.ReadFile(argsFile)
		require.NoError(t, err)
		require.NoError(t, os.Remove(argsFile))
		return strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
	}
	return read, callsFile
}

// TestOpenGivesTheEditorTheFileAsOneArgument really runs the editor from
// $VISUAL (a quoted path with a space) for each hostile name: it receives
// the resolved path as one intact argument, and no shell ever sees it (the
// names that would `touch marker` never create one).
func TestOpenGivesTheEditorTheFileAsOneArgument(t *testing.T) {
	root, _ := fixture(t)
	read, _ := recorder(t)
	cwd, err := os.Getwd()
	require.NoError(t, err)
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
	for _, dir := range []string{root, filepath.Join(root, "src"), cwd} {
		_, err := os.Stat(filepath.Join(dir, "marker"))
		assert.True(t, errors.Is(err, os.ErrNotExist), "a marker in %s: something ran a shell on a file name (%v)", dir, err)
	}
}

// TestOpenRefusesWithoutRunningAnything: a refused path never starts the
// editor, and the error says why.
func TestOpenRefusesWithoutRunningAnything(t *testing.T) {
	root, _ := fixture(t)
	read, callsFile := recorder(t)
	for file, says := range map[string]string{
		"src":            "src is a folder, not a file",
		"Evil.app":       "Evil.app is an application bundle, not a file",
		"dirlink":        "dirlink is a folder, not a file",
		"src/missing.js": "src/missing.js does not exist",
		"../outside.js":  "../outside.js is outside the project",
		"/dev/null":      "/dev/null is a character device, not a regular file",
	} {
		got, err := Open(root, file, 1, 1, os.Environ())
		assert.True(t, errors.Is(err, ErrNotFile), "Open(%q): got %+v, %v, want ErrNotFile", file, got, err)
		if assert.Error(t, err) {
			// The reason alone: the UI puts it after "Could not open <frame>: ".
			assert.Equal(t, says, err.Error(), "got %q, want %q", err, says)
		}
	}
	// An editor started for a refused path would have run by the time the
	// one started after them has: open a real file, wait for its run, and
	// count the runs.
	_, err := Open(root, "src/a b.go", 1, 0, os.Environ())
	require.NoError(t, err)
	args := read()
	assert.Equal(t, "a b.go", filepath.Base(args[len(args)-1]), "got argv %q", args)
	b, err := os.ReadFile(callsFile)
	require.NoError(t, err)
	assert.Equal(t, "run\n", string(b), "got %d editor runs, want 1 (for the real file only)", strings.Count(string(b), "run"))
}

// The editor gets the environment the user started Hum with, not what Hum's
// toolkit set in Hum's own afterwards (Wails sets GDK_BACKEND=x11 at
// window start, which would keep a GTK editor off Wayland).
func TestTheEditorGetsTheUsersEnvironment(t *testing.T) {
	root, _ := fixture(t)
	dir := t.TempDir()
	envFile := filepath.Join(dir, "env")
	script := filepath.Join(dir, "envrec")
	require.NoError(t, os.WriteFile(script, []byte("#!/bin/sh\nenv > '"+envFile+".tmp'\nmv '"+envFile+".tmp' '"+envFile+"'\n"), 0o755))
	// Set after the process started, as the toolkit's variable is.
	t.Setenv("HUM_TEST_TOOLKIT_ONLY", "set-by-hum")
	t.Setenv("VISUAL", "/not/this/one")
	// The environment the session gives (the base every process starts
	// from) is where $VISUAL is found and what the editor gets.
	_, err := Open(root, "src/a b.go", 1, 0, append(process.UserEnviron(), "VISUAL="+script, "FROM_THE_BASE=yes"))
	require.NoError(t, err)
	poll.Until(t, 20*time.Second, func() bool { _, err := os.Stat(envFile); return err == nil }, "the editor to record its environment")
	b, err := os.ReadFile(envFile)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "HUM_TEST_TOOLKIT_ONLY", "got the variable Hum set in its own environment, want the user's environment only")
	assert.Contains(t, string(b), "PATH=", "got no PATH, want the user's environment")
	assert.Contains(t, string(b), "FROM_THE_BASE=yes", "the editor gets the environment it was given")
}

// TestTheEditorIsFoundOnTheGivenPATH: a window opened from the desktop has
// a bare PATH of its own, and the login shell's PATH is where `code` is;
// the editor is looked up there.
func TestTheEditorIsFoundOnTheGivenPATH(t *testing.T) {
	root, _ := fixture(t)
	bin := t.TempDir()
	out := filepath.Join(t.TempDir(), "args")
	require.NoError(t, os.WriteFile(filepath.Join(bin, "code"), []byte("#!/bin/sh\necho \"$@\" > '"+out+".tmp' && mv '"+out+".tmp' '"+out+"'\n"), 0o755))
	t.Setenv("PATH", "/usr/bin:/bin") // Hum's own: no code here
	env := []string{"PATH=" + bin + ":/usr/bin:/bin", "HOME=" + t.TempDir()}
	got, err := Open(root, "src/a b.go", 3, 0, env)
	require.NoError(t, err)
	assert.Equal(t, "VS Code", got.Editor, "got %+v", got)
	poll.Until(t, 20*time.Second, func() bool { _, err := os.Stat(out); return err == nil }, "code from the given PATH to run")
}
