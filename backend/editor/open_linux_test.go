//go:build linux

package editor

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
)

// TestOpenFallsBackToTheDefaultTextEditor really runs the Linux fallback:
// with no $VISUAL/$EDITOR and no known editor on PATH, the file goes to the
// default text/plain application (a recorder, registered through a private
// mimeapps.list) by `gio launch`, whatever its type: a .desktop file, an
// executable script or a .jar are opened as text, never run (each would
// touch a marker if it ran), which xdg-open does not promise.
func TestOpenFallsBackToTheDefaultTextEditor(t *testing.T) {
	for _, p := range append([]string{"code"}, linuxEditors...) {
		if _, err := exec.LookPath(p); err == nil {
			t.Skipf("%s is on PATH, so Hum opens files in it rather than in the default text editor", p)
		}
	}
	for _, p := range []string{"gio", "xdg-mime"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s is missing (scripts/bootstrap.sh --test installs it)", p)
		}
	}
	base := t.TempDir()
	data, config, root := filepath.Join(base, "data"), filepath.Join(base, "config"), filepath.Join(base, "proj")
	for _, d := range []string{filepath.Join(data, "applications"), config, root} {
		require.NoError(t, os.MkdirAll(d, 0o755))
	}
	args := filepath.Join(base, "args")
	rec := filepath.Join(base, "rec")
	require.NoError(t, os.WriteFile(rec, []byte("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > '"+args+".tmp'\nmv '"+args+".tmp' '"+args+"'\n"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(data, "applications", "rec-editor.desktop"),
		[]byte("[Desktop Entry]\nType=Application\nName=Recorder\nExec="+rec+" %F\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(config, "mimeapps.list"), []byte("[Default Applications]\ntext/plain=rec-editor.desktop\n"), 0o644))
	t.Setenv("XDG_DATA_HOME", data)
	t.Setenv("XDG_CONFIG_HOME", config)
	t.Setenv("XDG_CURRENT_DESKTOP", "")
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "")

	marker := filepath.Join(base, "marker")
	files := map[string]string{
		"evil.desktop":  "[Desktop Entry]\nType=Application\nName=Evil\nExec=touch " + marker + "\n",
		"run.sh":        "#!/bin/sh\ntouch " + marker + "\n",
		"x&calc&.jar":   "PK not really a jar\n",
		"$(touch m).js": "x\n",
	}
	for n, body := range files {
		require.NoError(t, os.WriteFile(filepath.Join(root, n), []byte(body), 0o755))
	}
	for n := range files {
		t.Run(n, func(t *testing.T) {
			got, err := Open(root, n, 5, 0, os.Environ())
			require.NoError(t, err)
			want := Opened{File: filepath.Join(root, n), Line: 5, Editor: "the default text editor (rec-editor)", LineSupported: false}
			assert.Equal(t, want, got, "got %+v, want %+v", got, want)
			poll.Until(t, 20*time.Second, func() bool { _, err := os.Stat(args); return err == nil }, "the default text editor to run")
			b, err := os.ReadFile(args)
			require.NoError(t, err)
			require.NoError(t, os.Remove(args))
			gotArgs := strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
			assert.Equal(t, []string{want.File}, gotArgs, "got argv %q, want %q", gotArgs, []string{want.File})
		})
	}
	_, err := os.Stat(marker)
	assert.True(t, errors.Is(err, os.ErrNotExist), "the marker exists: a file was run instead of opened (%v)", err)
}
