package discover

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A project folder as Windows users give it: a drive letter, backslashes or
// forward slashes, a trailing separator, and characters cmd.exe treats
// specially in its name. The root comes back as one clean Windows path, and
// script IDs and folders stay slash-separated, so an ID is the same on every
// system (starred scripts, hum.yaml references).
func TestScanWindowsPaths(t *testing.T) {
	base := t.TempDir()
	require.Equal(t, ':', rune(base[1]), "t.TempDir() is %q, want a drive-letter path", base)
	root := filepath.Join(base, "My Project & co^ 100%")
	writeFiles(t, root, map[string]string{
		"package.json":                  `{"workspaces":["packages/*"],"scripts":{"dev":"vite"}}`,
		"package-lock.json":             "{}",
		"packages/web app/package.json": `{"scripts":{"build":"tsc -b"}}`,
		"Procfile":                      "worker: node worker.js\n",
	})
	for _, given := range []string{
		root,
		root + `\`,
		filepath.ToSlash(root),
		strings.ToLower(root[:1]) + root[1:],
	} {
		t.Run(given, func(t *testing.T) {
			p := scan(t, given)
			assert.True(t, strings.EqualFold(root, p.Root) && !strings.Contains(p.Root, "/") && !strings.HasSuffix(p.Root, `\`),
				"root: got %q, want %q", p.Root, root)
			got := map[string]string{}
			for _, s := range p.Scripts {
				got[s.ID] = s.Dir
			}
			assert.Equal(t, map[string]string{
				"package.json:package.json:dev":                    ".",
				"package.json:packages/web app/package.json:build": "packages/web app",
				"procfile:Procfile:worker":                         ".",
			}, got, "got %v", got)
			assert.Empty(t, p.Problems)
		})
	}
}
