package config

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stamp is the clock the moved-aside tests open with.
var stamp = time.Date(2026, 12, 1, 21, 0, 0, 0, time.Local)

// names lists the files in dir, sorted.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	slices.Sort(out)
	return out
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// A hand edit with a trailing comma: the reproduction of issue 12 §5.
const typo = `{
  "recent": [
    {"dir": "/p/old", "name": "old", "opened": "2026-11-30T10:00:00Z"},
  ],
  "favourites": {"/p/old": ["dev"]}
}
`

func TestCorruptConfigIsMovedAsideNotOverwritten(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.json")
	require.NoError(t, os.WriteFile(path, []byte(typo), 0o644))

	s := openAt(dir, stamp)
	aside := path + ".corrupt-20261201T210000"
	assert.Equal(t, typo, read(t, aside), "the user's file is kept, byte for byte, under the timestamped name")
	assert.Empty(t, s.Recent(), "an unparsable file reads as empty")
	notices := s.Notices()
	require.Len(t, notices, 1, "the user is told once: got %v", notices)
	assert.Contains(t, notices[0], aside, "the notice says where the file went")
	assert.Contains(t, notices[0], "line 4", "the notice says where the typo is")

	require.NoError(t, s.AddRecent("/p/new", time.Now()))
	_, err := s.SetFavourite("/p/new", "build", true)
	require.NoError(t, err)
	assert.Equal(t, typo, read(t, aside), "saving never touches the moved-aside file")
	assert.Equal(t, "/p/new", Open(dir).Last())

	again := openAt(dir, stamp)
	assert.Empty(t, again.Notices(), "a good file gives no notice: the user is told only once")
	assert.Equal(t, []string{"config.json", "config.json.corrupt-20261201T210000"}, names(t, dir))
}

func TestASecondCorruptionKeepsTheFirst(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.json")
	require.NoError(t, os.WriteFile(path, []byte("{first,"), 0o644))
	openAt(dir, stamp)
	require.NoError(t, os.WriteFile(path, []byte("{second,"), 0o644))
	s := openAt(dir, stamp) // the same second: the name is taken

	assert.Equal(t, "{first,", read(t, path+".corrupt-20261201T210000"))
	assert.Equal(t, "{second,", read(t, path+".corrupt-20261201T210000-2"))
	require.Len(t, s.Notices(), 1)
	assert.Contains(t, s.Notices()[0], path+".corrupt-20261201T210000-2")
}

func TestCorruptSettingsAreMovedAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"closeToTray": false,}`), 0o644))

	s := openAt(dir, stamp)
	assert.Equal(t, DefaultSettings(), s.Settings())
	aside := path + ".corrupt-20261201T210000"
	assert.Equal(t, `{"closeToTray": false,}`, read(t, aside))
	require.Len(t, s.Notices(), 1)
	assert.Contains(t, s.Notices()[0], aside)

	_, err := s.SetCloseToTray(false)
	require.NoError(t, err)
	assert.False(t, LoadSettings(dir).CloseToTray)
	assert.Equal(t, `{"closeToTray": false,}`, read(t, aside))
}

func TestWrongShapeIsMovedAsideToo(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"recent": "not a list"}`), 0o644))
	s := openAt(dir, stamp)
	assert.Equal(t, `{"recent": "not a list"}`, read(t, path+".corrupt-20261201T210000"))
	require.Len(t, s.Notices(), 1)
}

func TestEmptyFileIsNotACorruption(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config.json"), []byte("\n  \n"), 0o644))
	s := openAt(dir, stamp)
	assert.Empty(t, s.Notices())
	assert.Equal(t, []string{"config.json"}, names(t, dir))
}

func TestUnreadableConfigIsNeverReplaced(t *testing.T) {
	// A folder where the file should be: it can be neither read nor
	// parsed, and replacing it would destroy what is in it.
	dir := t.TempDir()
	path := filepath.Join(dir, "config.json")
	require.NoError(t, os.Mkdir(path, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(path, "precious"), []byte("x"), 0o644))

	s := openAt(dir, stamp)
	require.Len(t, s.Notices(), 1)
	assert.Contains(t, s.Notices()[0], path)
	require.NoError(t, s.AddRecent("/p/a", time.Now()), "the change is kept in memory")
	assert.Equal(t, "/p/a", s.Last())
	assert.Equal(t, "x", read(t, filepath.Join(path, "precious")))
	assert.Equal(t, []string{"config.json"}, names(t, dir), "nothing was written beside it")
}

func TestCrashBetweenWriteAndRenameKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	require.NoError(t, s.AddRecent("/p/old", time.Now()))
	before := read(t, s.Path())

	// The crash: the new contents are in the temporary file, and the
	// process dies before the rename. A dead process removes nothing, so
	// the hook keeps a copy of the temporary file as the crash would.
	var leftover string
	renameFile = func(from, _ string) error {
		b, err := os.ReadFile(from)
		require.NoError(t, err)
		leftover = filepath.Join(filepath.Dir(from), strings.Replace(filepath.Base(from), ".tmp-", ".tmp-crash", 1))
		require.NoError(t, os.WriteFile(leftover, b, 0o600))
		return errors.New("killed")
	}
	t.Cleanup(func() { renameFile = os.Rename })
	require.Error(t, s.AddRecent("/p/new", time.Now()))
	renameFile = os.Rename
	require.FileExists(t, leftover)
	assert.Contains(t, read(t, leftover), "/p/new", "the temporary file held the new contents")

	assert.Equal(t, before, read(t, s.Path()), "the old file is intact")
	next := Open(dir)
	assert.Equal(t, "/p/old", next.Last(), "the next start reads the old file, not the temporary one")
	assert.Empty(t, next.Notices())
	assert.Equal(t, []string{"config.json"}, names(t, dir), "the stale temporary file is removed")
}

func TestWriteIsSyncedBeforeRename(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	require.NoError(t, s.AddRecent("/p/old", time.Now()))

	var order []string
	syncFile = func(f *os.File) error { order = append(order, "sync "+filepath.Base(f.Name())); return f.Sync() }
	renameFile = func(from, to string) error {
		order = append(order, "rename "+filepath.Base(from))
		return os.Rename(from, to)
	}
	t.Cleanup(func() { syncFile, renameFile = (*os.File).Sync, os.Rename })
	require.NoError(t, s.AddRecent("/p/new", time.Now()))
	require.Len(t, order, 2)
	assert.True(t, strings.HasPrefix(order[0], "sync .config.json.tmp-"), "got %v", order)
	assert.Equal(t, "rename"+strings.TrimPrefix(order[0], "sync"), order[1], "the synced file is the one renamed: got %v", order)

	// A disk that fails the fsync (full, or going away) fails the save
	// and leaves the old file and no temporary one.
	order = nil
	syncFile = func(*os.File) error { return errors.New("no space left on device") }
	require.Error(t, s.AddRecent("/p/newer", time.Now()))
	assert.Empty(t, order, "nothing is renamed after a failed fsync")
	assert.Contains(t, read(t, s.Path()), "/p/new")
	assert.NotContains(t, read(t, s.Path()), "/p/newer")
	assert.Equal(t, []string{"config.json"}, names(t, dir))
}

func TestNoConfigFolderKeepsEverythingInMemory(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("the config folder comes from %AppData% there")
	}
	t.Setenv(EnvDir, "")
	t.Setenv("HOME", "")
	t.Setenv("XDG_CONFIG_HOME", "")
	_, err := Dir()
	require.Error(t, err, "without $HOME there is no config folder")

	cwd := t.TempDir()
	t.Chdir(cwd)
	s := Open("")
	require.Len(t, s.Notices(), 1)
	assert.Contains(t, s.Notices()[0], "$HOME")
	require.NoError(t, s.AddRecent("/p/a", time.Now()))
	_, err = s.SetFavourite("/p/a", "dev", true)
	require.NoError(t, err)
	assert.Equal(t, "/p/a", s.Last(), "kept in memory for this run")
	assert.Equal(t, []string{"dev"}, s.Favourites("/p/a"))
	_, err = s.SetCloseToTray(false)
	require.ErrorIs(t, err, ErrNotSaved, "a setting for the next start cannot be kept")
	assert.Equal(t, DefaultSettings(), LoadSettings(""))
	entries, err := os.ReadDir(cwd)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing is written to the working folder")
}

// FuzzOpen: whatever config.json holds, Open never fails to start and the
// user's bytes survive: either they parse, or they are kept aside exactly.
func FuzzOpen(f *testing.F) {
	f.Add([]byte(typo))
	f.Add([]byte(`{"recent": [], "favourites": {}}`))
	f.Add([]byte(""))
	f.Add([]byte("null"))
	f.Add([]byte(`{"recent": 1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "config.json")
		require.NoError(t, os.WriteFile(path, b, 0o644))
		s := openAt(dir, stamp)
		aside := path + ".corrupt-20261201T210000"
		if _, err := os.Stat(aside); err == nil {
			assert.Equal(t, string(b), read(t, aside))
			assert.Len(t, s.Notices(), 1)
			assert.NoFileExists(t, path)
		} else {
			assert.Empty(t, s.Notices())
			assert.Equal(t, string(b), read(t, path), "a readable file is left as it is")
		}
		require.NoError(t, s.AddRecent("/p", stamp))
		assert.Equal(t, "/p", Open(dir).Last())
	})
}
