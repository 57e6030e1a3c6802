package session

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestViewGroupsTheProjectForTheSidebar(t *testing.T) {
	dir := project(t, map[string]string{
		"Procfile":     "web: sleep 1\n",
		"Makefile":     "build:\n\techo built\n",
		"package.json": "{ broken",
	})
	s := open(t, dir, Options{})
	v := s.View(7, []string{"procfile:Procfile:web"})
	assert.Equal(t, dir, v.Root)
	assert.Equal(t, filepath.Base(dir), v.Name)
	assert.Equal(t, uint64(7), v.Serial, "got serial %d, want 7", v.Serial)
	var sources []string
	for _, g := range v.Groups {
		sources = append(sources, g.Source)
	}
	assert.Equal(t, []string{"package.json", "makefile", "procfile"}, sources, "got %v", sources)
	assert.Empty(t, v.Groups[0].Scripts, "the broken package.json has no scripts")
	require.NotEmpty(t, v.Groups[0].Problems, "its problem sits with its source")
	assert.Equal(t, []string{"procfile:Procfile:web"}, v.Favourites)

	b, err := json.Marshal(s.View(1, nil))
	require.NoError(t, err)
	assert.Contains(t, string(b), `"favourites":[]`, "no favourites encode as []: %s", b)
	assert.Contains(t, string(b), `"problems":[]`, "no loose problems encode as []: %s", b)
}

func TestNoViewHasEmptyListsNotNull(t *testing.T) {
	b, err := json.Marshal(NoView())
	require.NoError(t, err)
	assert.JSONEq(t, `{"root":"","name":"","serial":0,"revision":0,"groups":[],"problems":[],"favourites":[]}`, string(b))
}

func TestOnlyAScriptOfTheProjectCanBeStarred(t *testing.T) {
	s := open(t, project(t, map[string]string{"Procfile": "web: sleep 1\n"}), Options{})
	id := s.Project().Scripts[0].ID
	assert.NoError(t, s.CheckFavourite(id, true), "a script of the project")
	assert.NoError(t, s.CheckFavourite(id, false))
	err := s.CheckFavourite("procfile:Procfile:gone", true)
	assert.ErrorIs(t, err, ErrUnknownScript, "got %v, want ErrUnknownScript", err)
	assert.Contains(t, err.Error(), "procfile:Procfile:gone", "the error names the script")
	assert.NoError(t, s.CheckFavourite("procfile:Procfile:gone", false), "a script that has gone can be unstarred")
}
