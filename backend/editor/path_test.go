package editor

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/wine"
)

// hostileNames are file names a process can print in a stack frame that a
// shell or cmd.exe would read as commands; on Windows, those a file there
// can have (no `"`).
var hostileNames = func() []string {
	names := []string{"x&calc&.ts", "a;b.js", "$(id).py", "a b.go", "$(touch marker).js", "`touch marker`.rb", "-rf.js", "a'b\".js",
		"%PATH%.js", "a^b.ts", "a|b.js", "a>b.js"}
	if runtime.GOOS == "windows" {
		names = slices.DeleteFunc(names, func(n string) bool { return strings.ContainsAny(n, `<>:"|?*`) })
	}
	return names
}()

// fixture is a project folder with the hostile files, a folder, an
// application bundle, a symlink to a folder, and a file outside it.
func fixture(t *testing.T) (root, outside string) {
	t.Helper()
	base := t.TempDir()
	root = filepath.Join(base, "proj")
	for _, d := range []string{"src", "Evil.app/Contents/MacOS"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, d), 0o755))
	}
	for _, n := range hostileNames {
		require.NoError(t, os.WriteFile(filepath.Join(root, "src", n), []byte("x\n"), 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(root, "Evil.app/Contents/MacOS/Evil"), []byte("#!/bin/sh\n"), 0o755))
	if !wine.Running() { // see the cases that use them
		require.NoError(t, os.Symlink(filepath.Join(root, "src"), filepath.Join(root, "dirlink")))
		require.NoError(t, os.Symlink(filepath.Join(root, "src", "a b.go"), filepath.Join(root, "filelink.go")))
	}
	outside = filepath.Join(base, "outside.js")
	require.NoError(t, os.WriteFile(outside, []byte("x\n"), 0o644))
	return root, outside
}

func TestResolveAcceptsOnlyRegularFiles(t *testing.T) {
	root, outside := fixture(t)
	real := func(p string) string {
		r, err := filepath.EvalSymlinks(p)
		require.NoError(t, err)
		return r
	}
	type tc struct {
		name, file string
		want       string // the resolved path, or "" when refused
		refusal    string // what the message says
	}
	var cases []tc
	for _, n := range hostileNames {
		cases = append(cases,
			tc{name: "relative " + n, file: "src/" + n, want: real(filepath.Join(root, "src", n))},
			tc{name: "absolute " + n, file: filepath.Join(root, "src", n), want: real(filepath.Join(root, "src", n))})
	}
	cases = append(cases,
		tc{name: "absolute file outside the project", file: outside, want: real(outside)},
		tc{name: "symlink to a file", file: "filelink.go", want: real(filepath.Join(root, "src", "a b.go"))},
		tc{name: "a folder", file: "src", refusal: "is a folder, not a file"},
		tc{name: "the project itself", file: ".", refusal: "is a folder, not a file"},
		tc{name: "an application bundle", file: "Evil.app", refusal: "is an application bundle, not a file"},
		tc{name: "an absolute application bundle", file: filepath.Join(root, "Evil.app"), refusal: "is an application bundle, not a file"},
		tc{name: "a symlink to a folder", file: "dirlink", refusal: "is a folder, not a file"},
		tc{name: "a missing file", file: "src/missing.js", refusal: "does not exist"},
		tc{name: "a relative path out of the project", file: "../outside.js", refusal: "is outside the project"},
		tc{name: "a relative path out and back", file: "src/../../outside.js", refusal: "is outside the project"},
		tc{name: "empty", file: "", refusal: "has no file"},
		tc{name: "NUL", file: "src/a\x00.js", refusal: "NUL"},
	)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if strings.Contains(c.file, "link") {
				wine.Skip(t, wine.Symlinks)
			}
			got, err := Resolve(root, c.file)
			if c.refusal == "" {
				require.NoError(t, err)
				assert.Equal(t, c.want, got, "got %v, want %v", got, c.want)
				return
			}
			assert.True(t, errors.Is(err, ErrNotFile), "Resolve(%q): got %q, %v, want ErrNotFile", c.file, got, err)
			if assert.Error(t, err) {
				assert.Contains(t, err.Error(), c.refusal, "got %q, want it to say %q", err, c.refusal)
			}
		})
	}
}

func TestWithin(t *testing.T) {
	assert.True(t, within("/p", "/p/a"))
	assert.True(t, within("/p", "/p"))
	assert.True(t, within("/p", "/p/..a"))
	assert.False(t, within("/p", "/pa"))
	assert.False(t, within("/p", "/p/../q"))
	assert.False(t, within("", "/p"))
}

func TestIsUNC(t *testing.T) {
	for p, want := range map[string]bool{`\\host\share\a.js`: true, `//host/share/a.js`: true, `\\?\UNC\h\s`: true, `C:\a.js`: false, `\a.js`: false, `a.js`: false} {
		assert.Equal(t, want, isUNC(p), "isUNC(%q): got %v, want %v", p, isUNC(p), want)
	}
}
