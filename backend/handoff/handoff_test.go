package handoff

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFolderIsAbsoluteAndClean(t *testing.T) {
	wd := filepath.Join(string(filepath.Separator), "home", "me")
	abs := filepath.Join(string(filepath.Separator), "srv", "app")
	cases := []struct{ arg, want string }{
		{"", ""},
		{"x", filepath.Join(wd, "x")},
		{".", wd},
		{filepath.Join("..", "you", "y"), filepath.Join(string(filepath.Separator), "home", "you", "y")},
		{abs, abs},
		{abs + string(filepath.Separator) + "." + string(filepath.Separator), abs},
	}
	for _, c := range cases {
		got := Folder(c.arg, wd)
		assert.Equal(t, c.want, got, "Folder(%q, %q): got %q, want %q", c.arg, wd, got, c.want)
	}
}
