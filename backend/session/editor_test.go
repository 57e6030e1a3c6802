package session

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEditorCommand(t *testing.T) {
	noCode := func(string) (string, error) { return "", errors.New("not found") }
	withCode := func(name string) (string, error) {
		if name == "code" {
			return "/usr/bin/code", nil
		}
		return "", errors.New("not found")
	}
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	var fallback []string
	switch runtime.GOOS {
	case "darwin":
		fallback = []string{"open", "/p/a.js"}
	case "windows":
		fallback = []string{"cmd", "/c", "start", "", "/p/a.js"}
	default:
		fallback = []string{"xdg-open", "/p/a.js"}
	}
	cases := []struct {
		name   string
		env    map[string]string
		look   func(string) (string, error)
		line   int
		column int
		want   []string
	}{
		{"VISUAL code", map[string]string{"VISUAL": "code --wait"}, noCode, 12, 3, []string{"code", "--wait", "-g", "/p/a.js:12:3"}},
		{"EDITOR subl without column", map[string]string{"EDITOR": "/opt/subl"}, noCode, 12, 0, []string{"/opt/subl", "/p/a.js:12"}},
		{"JetBrains", map[string]string{"VISUAL": "goland"}, noCode, 7, 1, []string{"goland", "--line", "7", "/p/a.js"}},
		{"gedit", map[string]string{"EDITOR": "gedit"}, noCode, 7, 1, []string{"gedit", "+7", "/p/a.js"}},
		{"unknown editor gets the file", map[string]string{"EDITOR": "myedit"}, noCode, 7, 1, []string{"myedit", "/p/a.js"}},
		{"terminal VISUAL falls to EDITOR", map[string]string{"VISUAL": "vim", "EDITOR": "zed"}, noCode, 2, 5, []string{"zed", "/p/a.js:2:5"}},
		{"terminal editors fall to code", map[string]string{"EDITOR": "nvim"}, withCode, 9, 0, []string{"/usr/bin/code", "-g", "/p/a.js:9"}},
		{"no line", map[string]string{}, withCode, 0, 0, []string{"/usr/bin/code", "-g", "/p/a.js"}},
		{"nothing: the OS default", map[string]string{}, noCode, 9, 1, fallback},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := EditorCommand("/p/a.js", c.line, c.column, env(c.env), c.look)
			assert.Equal(t, c.want, got, "got %v, want %v", got, c.want)
		})
	}
}

func TestOpenInEditorRunsTheEditor(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake editor is a shell script")
	}
	dir := project(t, map[string]string{"src/app.js": "x\n"})
	out := filepath.Join(t.TempDir(), "args")
	editor := filepath.Join(t.TempDir(), "code")
	require.NoError(t, os.WriteFile(editor, []byte("#!/bin/sh\necho \"$@\" > "+out+"\n"), 0o755))
	t.Setenv("VISUAL", editor)
	s := open(t, dir, Options{})

	require.NoError(t, s.OpenInEditor("src/app.js", 4, 2))
	eventually(t, "the editor to run", func() bool {
		b, err := os.ReadFile(out)
		return err == nil && len(b) > 0
	})
	b, _ := os.ReadFile(out)
	want := "-g " + filepath.Join(s.Root(), "src", "app.js") + ":4:2"
	assert.Equal(t, want, strings.TrimSpace(string(b)), "got %v, want %v", strings.TrimSpace(string(b)), want)

	err := s.OpenInEditor("src/missing.js", 1, 1)
	assert.True(t, errors.Is(err, ErrNoFile), "got %v, want ErrNoFile", err)
}
