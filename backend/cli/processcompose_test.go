package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/stack"
)

// pcProject has a process-compose.yaml with a namespace and a process
// whose name starts with '_', and a Procfile beside it.
func pcProject(t *testing.T) string {
	return writeProject(t, map[string]string{
		"Procfile": "web: node server.js\n",
		"process-compose.yaml": `processes:
  db:
    command: echo postgres -D data
    namespace: data
    description: the database
  _seed:
    command: echo seeded
    depends_on:
      db: {condition: process_started}
    namespace: data
`,
	})
}

func TestScriptsListsAProcessComposeFile(t *testing.T) {
	dir := pcProject(t)
	var stdout, stderr bytes.Buffer
	code, _ := Run([]string{"scripts", dir}, &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())
	abs, _ := filepath.Abs(dir)
	want := "Scripts in " + abs + `

process-compose.yaml
  db      echo postgres -D data   # the database
  _seed   echo seeded

Procfile
  web   node server.js

Groups (hum up)
  data   db, _seed   # process-compose namespace data
`
	assert.Equal(t, want, stdout.String(), "got\n%s\nwant\n%s", stdout.String(), want)
}

func TestScriptsJSONProcessCompose(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code, _ := Run([]string{"scripts", "--json", pcProject(t)}, &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())

	// The same shape as every other source's scripts.
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &raw))
	var scripts []map[string]any
	require.NoError(t, json.Unmarshal(raw["scripts"], &scripts))
	keys := []string{"id", "source", "name", "selector", "command", "run", "argv", "env", "envFiles", "dir", "runner", "description"}
	for _, s := range scripts {
		got := slices.Collect(mapsKeys(s))
		assert.ElementsMatch(t, keys, got, "got %v, want %v", got, keys)
	}

	var doc Document
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &doc))
	require.Len(t, doc.Scripts, 3)
	seed := doc.Scripts[1]
	assert.Equal(t, "process-compose:process-compose.yaml:_seed", seed.ID)
	assert.Equal(t, stack.ProcessComposeSource, seed.Source)
	assert.Equal(t, "_seed", seed.Selector)
	assert.Equal(t, "echo seeded", seed.Run)
	assert.Equal(t, "_seed", seed.Env["PC_PROC_NAME"])
	require.Len(t, doc.Groups, 1)
	assert.Equal(t, []string{"process-compose:process-compose.yaml:db", "process-compose:process-compose.yaml:_seed"}, doc.Groups[0].Members)
	assert.Empty(t, doc.Problems)
}

func TestRunTakesAProcessComposeNameWithUnderscore(t *testing.T) {
	dir := pcProject(t)
	var stdout, stderr syncBuffer
	ctx := stopContexts{stop: context.Background(), force: context.Background()}
	code := runCmd(ctx, []string{dir, "_seed"}, &stdout, &stderr, false)
	require.Equal(t, 0, code, "stderr %q", stderr.String())
	assert.Contains(t, stdout.String(), "_seed | seeded\n", "got %q", stdout.String())
	assert.Contains(t, stdout.String(), "db    | postgres -D data\n", "its dependency runs first; got %q", stdout.String())

	stdout = syncBuffer{}
	code = runCmd(ctx, []string{dir, "process-compose:_seed"}, &stdout, &stderr, false)
	require.Equal(t, 0, code, "stderr %q", stderr.String())
	assert.Contains(t, stdout.String(), "seeded\n", "got %q", stdout.String())
}
