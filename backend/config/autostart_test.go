package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAutostartRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	assert.Equal(t, Autostart{Approved: []string{}}, s.Autostart("/p/a"), "nothing decided yet")

	_, err := s.ApproveAutostart("/p/a", "sha256:one")
	require.NoError(t, err)
	_, err = s.SetAutostartGroup("/p/a", "dev")
	require.NoError(t, err)
	_, err = s.SetAutostartGroup("/p/b", "") // none, over hum.yaml's default
	require.NoError(t, err)
	_, err = s.ApproveAutostart("/p/a", "sha256:two")
	require.NoError(t, err)
	_, err = s.ApproveAutostart("/p/a", "sha256:one") // again: moves to the newest place, once
	require.NoError(t, err)

	re := Open(dir)
	assert.Equal(t, Autostart{Chosen: true, Group: "dev", Approved: []string{"sha256:two", "sha256:one"}}, re.Autostart("/p/a"))
	assert.Equal(t, Autostart{Chosen: true, Group: "", Approved: []string{}}, re.Autostart("/p/b"))
	assert.Empty(t, re.Notices())

	got, err := re.ResetAutostartGroup("/p/a")
	require.NoError(t, err)
	assert.Equal(t, Autostart{Approved: []string{"sha256:two", "sha256:one"}}, got, "approvals outlive the choice")
	_, err = re.ResetAutostartGroup("/p/b")
	require.NoError(t, err)

	b, err := os.ReadFile(filepath.Join(dir, configFile))
	require.NoError(t, err)
	var raw struct {
		Autostart map[string]json.RawMessage `json:"autostart"`
	}
	require.NoError(t, json.Unmarshal(b, &raw))
	assert.Contains(t, raw.Autostart, "/p/a")
	assert.NotContains(t, raw.Autostart, "/p/b", "an entry with nothing left in it is dropped")
}

func TestAutostartApprovalsAreBounded(t *testing.T) {
	s := Open(t.TempDir())
	for i := range MaxApproved + 3 {
		_, err := s.ApproveAutostart("/p", fmt.Sprint("d", i))
		require.NoError(t, err)
	}
	got := s.Autostart("/p").Approved
	require.Len(t, got, MaxApproved, "got %d, want %d", len(got), MaxApproved)
	assert.Equal(t, fmt.Sprint("d", MaxApproved+2), got[len(got)-1], "the newest is kept")
	assert.Equal(t, "d3", got[0], "the oldest go first")
}

func TestAutostartKeepsOtherConfig(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	_, err := s.SetFavourite("/p", "make:Makefile:dev", true)
	require.NoError(t, err)
	_, err = s.ApproveAutostart("/p", "sha256:x")
	require.NoError(t, err)
	re := Open(dir)
	assert.Equal(t, []string{"make:Makefile:dev"}, re.Favourites("/p"))
	assert.Equal(t, []string{"sha256:x"}, re.Autostart("/p").Approved)
}

func TestAutostartInMemoryWithoutAFolder(t *testing.T) {
	s := Open("")
	got, err := s.ApproveAutostart("/p", "sha256:x")
	require.NoError(t, err, "kept in memory: the user was told at start")
	assert.Equal(t, []string{"sha256:x"}, got.Approved)
	assert.Equal(t, []string{"sha256:x"}, s.Autostart("/p").Approved)
}
