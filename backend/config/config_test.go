package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDirHonoursEnv(t *testing.T) {
	want := t.TempDir()
	t.Setenv(EnvDir, want)
	got, err := Dir()
	require.NoError(t, err)
	assert.Equal(t, want, got, "got %v, want %v", got, want)
}

func TestRecentOrderAndPersistence(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	assert.Empty(t, s.Recent())
	assert.Equal(t, "", s.Last())

	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	require.NoError(t, s.AddRecent("/p/a", t0))
	require.NoError(t, s.AddRecent("/p/b", t0.Add(time.Minute)))
	require.NoError(t, s.AddRecent("/p/a", t0.Add(2*time.Minute))) // reopening moves it to the front

	reopened := Open(dir)
	got := reopened.Recent()
	require.Len(t, got, 2)
	assert.Equal(t, "/p/a", got[0].Dir, "got %v, want %v", got[0].Dir, "/p/a")
	assert.Equal(t, "a", got[0].Name)
	assert.True(t, got[0].Opened.Equal(t0.Add(2*time.Minute)), "got %v", got[0].Opened)
	assert.Equal(t, "/p/b", got[1].Dir)
	assert.Equal(t, "/p/a", reopened.Last())

	require.NoError(t, reopened.ForgetRecent("/p/a"))
	require.NoError(t, reopened.ForgetRecent("/p/missing"))
	assert.Equal(t, "/p/b", Open(dir).Last())
}

func TestRecentIsBounded(t *testing.T) {
	s := Open(t.TempDir())
	for i := range MaxRecent + 5 {
		require.NoError(t, s.AddRecent(filepath.Join("/p", string(rune('a'+i))), time.Now()))
	}
	got := s.Recent()
	assert.Len(t, got, MaxRecent, "got %d, want %d", len(got), MaxRecent)
	assert.Equal(t, filepath.Join("/p", string(rune('a'+MaxRecent+4))), got[0].Dir)
}

func TestFavourites(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	cases := []struct {
		name   string
		script string
		on     bool
		want   []string
	}{
		{"star dev", "package.json:package.json:dev", true, []string{"package.json:package.json:dev"}},
		{"star twice is a no-op", "package.json:package.json:dev", true, []string{"package.json:package.json:dev"}},
		{"star build", "makefile:Makefile:build", true, []string{"package.json:package.json:dev", "makefile:Makefile:build"}},
		{"unstar dev", "package.json:package.json:dev", false, []string{"makefile:Makefile:build"}},
		{"unstar unknown", "nope", false, []string{"makefile:Makefile:build"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.SetFavourite("/proj", c.script, c.on)
			require.NoError(t, err)
			assert.Equal(t, c.want, got, "got %v, want %v", got, c.want)
			assert.Equal(t, c.want, Open(dir).Favourites("/proj"), "persisted")
		})
	}
	assert.Empty(t, s.Favourites("/other"))
}

func TestConcurrentWrites(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				_, err := s.SetFavourite("/proj", string(rune('a'+i)), j%2 == 0)
				assert.NoError(t, err)
				assert.NoError(t, s.AddRecent("/p", time.Now()))
			}
		}()
	}
	wg.Wait()
	// Each writer's last call unstarred its script (j = 19 is odd).
	assert.Empty(t, Open(dir).Favourites("/proj"))
	assert.Len(t, Open(dir).Recent(), 1)
}

func TestLoadSettings(t *testing.T) {
	on := DefaultSettings()
	off := on
	off.CloseToTray = false
	cases := []struct {
		name    string
		content *string // nil: no file
		want    Settings
	}{
		{"no file is the defaults", nil, on},
		{"empty object keeps the defaults", ptr("{}"), on},
		{"off", ptr(`{"closeToTray": false}`), off},
		{"on", ptr(`{"closeToTray": true}`), on},
		{"unknown fields are ignored", ptr(`{"closeToTray": false, "later": 1}`), off},
		{"corrupt is the defaults", ptr("{not json"), on},
		{"truncated after a field is the defaults", ptr(`{"closeToTray": false,`), on},
		{"wrong type is the defaults", ptr(`{"closeToTray": "no"}`), on},
		{"empty file is the defaults", ptr(""), on},
		{"null keeps the defaults", ptr("null"), on},
		{"one notification kind off keeps the others on", ptr(`{"notify": {"finished": false}}`),
			Settings{CloseToTray: true, Notify: NotifySettings{Crashed: true, CrashLoop: true, Terminal: true}}},
		{"notifications all off", ptr(`{"notify": {"crashed": false, "crashLoop": false, "finished": false, "terminal": false}}`),
			Settings{CloseToTray: true}},
		{"a file from before ready and terminal has ready off and terminal on", ptr(`{"notify": {"crashed": true, "crashLoop": true, "finished": true}}`), on},
		{"ready on", ptr(`{"notify": {"ready": true}}`),
			Settings{CloseToTray: true, Notify: NotifySettings{Crashed: true, CrashLoop: true, Finished: true, Ready: true, Terminal: true}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if c.content != nil {
				require.NoError(t, os.WriteFile(filepath.Join(dir, "settings.json"), []byte(*c.content), 0o644))
			}
			got := LoadSettings(dir)
			assert.Equal(t, c.want, got, "LoadSettings: got %v, want %v", got, c.want)
			got = Open(dir).Settings()
			assert.Equal(t, c.want, got, "Open().Settings: got %v, want %v", got, c.want)
		})
	}
}

func TestSetCloseToTrayPersists(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	require.Equal(t, DefaultSettings(), s.Settings())
	_, err := os.Stat(s.SettingsPath())
	require.ErrorIs(t, err, os.ErrNotExist, "reading the settings creates no file")

	for _, on := range []bool{false, true, false} {
		got, err := s.SetCloseToTray(on)
		require.NoError(t, err)
		assert.Equal(t, on, got.CloseToTray, "returned: got %v, want %v", got.CloseToTray, on)
		assert.Equal(t, on, s.Settings().CloseToTray, "in memory")
		assert.Equal(t, on, LoadSettings(dir).CloseToTray, "on disk")
		assert.Equal(t, on, Open(dir).Settings().CloseToTray, "reopened")
	}

	b, err := os.ReadFile(filepath.Join(dir, "settings.json"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"closeToTray": false, "notify": {"crashed": true, "crashLoop": true, "finished": true, "ready": false, "terminal": true}}`, string(b))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"settings.json"}, names, "no temporary files are left, and config.json is not written: got %v", names)
}

func TestSettingsAndConfigDoNotOverwriteEachOther(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	_, err := s.SetCloseToTray(false)
	require.NoError(t, err)
	require.NoError(t, s.AddRecent("/p/a", time.Now()))
	_, err = s.SetFavourite("/p/a", "dev", true)
	require.NoError(t, err)

	again := Open(dir)
	assert.False(t, again.Settings().CloseToTray, "a config write keeps the settings")
	assert.Equal(t, "/p/a", again.Last())
	_, err = again.SetCloseToTray(true)
	require.NoError(t, err)
	assert.Equal(t, []string{"dev"}, Open(dir).Favourites("/p/a"), "a settings write keeps the config")
}

func TestSetCloseToTrayFailureKeepsSettings(t *testing.T) {
	// A config folder below a regular file can never be created.
	blocker := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(blocker, nil, 0o644))
	s := Open(filepath.Join(blocker, "hum"))
	got, err := s.SetCloseToTray(false)
	require.Error(t, err)
	assert.True(t, got.CloseToTray, "returned after a failed write: got %v, want true", got.CloseToTray)
	assert.True(t, s.Settings().CloseToTray, "in memory after a failed write: got %v, want true", s.Settings().CloseToTray)
}

func TestConcurrentSettingsWrites(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				_, err := s.SetCloseToTray((i+j)%2 == 0)
				assert.NoError(t, err)
				_ = s.Settings()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, s.Settings(), LoadSettings(dir), "the file holds the last write")
}

func ptr(s string) *string { return &s }

// TestListsAreEmptyNotNil: every list the Store returns encodes as [],
// never null, whether nothing was ever saved or the last entry was removed.
func TestListsAreEmptyNotNil(t *testing.T) {
	s := Open(t.TempDir())
	unstarred, err := s.SetFavourite("/proj", "nope", false)
	require.NoError(t, err)
	_, err = s.SetFavourite("/proj", "a", true)
	require.NoError(t, err)
	emptied, err := s.SetFavourite("/proj", "a", false)
	require.NoError(t, err)
	for name, list := range map[string]any{
		"Recent":                       s.Recent(),
		"Notices":                      s.Notices(),
		"Favourites":                   s.Favourites("/other"),
		"SetFavourite (nothing to do)": unstarred,
		"SetFavourite (last removed)":  emptied,
	} {
		b, err := json.Marshal(list)
		require.NoError(t, err)
		assert.Equal(t, "[]", string(b), "%s: got %s, want []", name, b)
	}
}

func TestSetNotifyPersists(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	want := NotifySettings{Crashed: true, Finished: false, CrashLoop: true}
	got, err := s.SetNotify(want)
	require.NoError(t, err)
	assert.Equal(t, want, got.Notify)
	assert.True(t, got.CloseToTray, "the other settings stay")
	assert.Equal(t, want, Open(dir).Settings().Notify, "a new start reads what was saved")
	assert.Equal(t, want, LoadSettings(dir).Notify)
}

func TestAgentRulesAreRememberedPerProject(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	assert.False(t, s.AgentAllowed("/p", "restart"))
	require.NoError(t, s.AllowAgent("/p", "restart"))
	require.NoError(t, s.AllowAgent("/p", "run_command:npm test"))
	assert.True(t, s.AgentAllowed("/p", "restart"))
	assert.False(t, s.AgentAllowed("/q", "restart"), "another project")
	assert.False(t, s.AgentAllowed("/p", "run_command:npm test && rm -rf ~"), "another command")

	again := Open(dir) // as the next run of Hum reads it
	assert.True(t, again.AgentAllowed("/p", "run_command:npm test"))
	for i := range MaxAgentRules + 5 {
		require.NoError(t, again.AllowAgent("/p", fmt.Sprintf("run_command:echo %d", i)))
	}
	assert.False(t, again.AgentAllowed("/p", "restart"), "the oldest rule went past the bound")
	assert.True(t, again.AgentAllowed("/p", fmt.Sprintf("run_command:echo %d", MaxAgentRules+4)))
}
