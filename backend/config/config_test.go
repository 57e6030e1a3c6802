package config

import (
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

func TestCorruptFileIsEmpty(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config.json"), []byte("{not json"), 0o644))
	s := Open(dir)
	assert.Empty(t, s.Recent())
	require.NoError(t, s.AddRecent("/p/a", time.Now()))
	assert.Equal(t, "/p/a", Open(dir).Last(), "a write replaces the corrupt file")
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
