package logs

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Stack frames as programs print them on Windows: drive letters, backslashes,
// file:///C:/ URLs, and tsc's paths relative to the project with
// backslashes. Each frame must come out as a path Windows can open.
func TestDetectWindowsPaths(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "src"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "src", "server.ts"), []byte("x"), 0o644))
	d := detector{}
	d.setDir(dir)
	got := detectAll(&d, []string{
		`src\server.ts(7,3): error TS2322: Type 'string' is not assignable to type 'number'.`,
		"TypeError: Cannot read properties of undefined (reading 'id')",
		`    at Repo.find (C:\Users\Ada Lovelace\app\src\repo.js:3:20)`,
		`    at D:\work\app\index.js:10:5`,
		"    at main (file:///C:/Users/ada/app/main.mjs:2:9)",
		`    at node:internal/main/run_main_module:28:49`,
	})
	require.Len(t, got, 2, "errors: got %d, want 2: %+v", len(got), got)
	assert.Equal(t, Frame{File: filepath.Join(dir, "src", "server.ts"), Line: 7, Column: 3}, got[0].Frames[0],
		"tsc's backslashed relative path resolves against the project: got %+v", got[0].Frames[0])
	want := []Frame{
		{File: `C:\Users\Ada Lovelace\app\src\repo.js`, Line: 3, Column: 20, Func: "Repo.find"},
		{File: `D:\work\app\index.js`, Line: 10, Column: 5},
		{File: `C:\Users\ada\app\main.mjs`, Line: 2, Column: 9, Func: "main"},
		{File: "node:internal/main/run_main_module", Line: 28, Column: 49},
	}
	assert.Equal(t, want, got[1].Frames, "got %+v, want %+v", got[1].Frames, want)
}
