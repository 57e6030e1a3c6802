package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/discover"
	"hum/backend/poll"
)

const allFixture = "../discover/testdata/all"

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a run.
type syncBuffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, timeout time.Duration, cond func() bool, format string, args ...any) {
	t.Helper()
	poll.Until(t, timeout, cond, format, args...)
}

// notExist is this system's message for a missing path, as an error about
// it ends ("no such file or directory", "The system cannot find the path
// specified.").
func notExist(path string) string {
	_, err := os.Stat(path)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return "no such file or directory"
}

func writeProject(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(body), 0o644))
	}
	return dir
}

func TestRunDispatch(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		handled   bool
		code      int
		stdout    string // substring; "" means nothing is written
		stderr    string
		usageTo   string // "stdout", "stderr" or ""
		noWritten bool
	}{
		{name: "no args opens the window", args: nil, handled: false, noWritten: true},
		{name: "a folder opens the window", args: []string{"."}, handled: false, noWritten: true},
		{name: "window flags pass through", args: []string{"-devserver", "127.0.0.1:1"}, handled: false, noWritten: true},
		{name: "assetdir flag", args: []string{"-assetdir", "frontend/dist"}, handled: false, noWritten: true},
		{name: "--version", args: []string{"--version"}, handled: true, stdout: "hum dev\n"},
		{name: "-v", args: []string{"-v"}, handled: true, stdout: "hum dev\n"},
		{name: "help", args: []string{"help"}, handled: true, usageTo: "stdout"},
		{name: "-h", args: []string{"-h"}, handled: true, usageTo: "stdout"},
		{name: "unknown command", args: []string{"frobnicate"}, handled: true, code: 2, stderr: `hum: unknown command "frobnicate"`, usageTo: "stderr"},
		{name: "scripts unknown flag", args: []string{"scripts", "--yaml"}, handled: true, code: 2, stderr: "hum: scripts: unknown flag --yaml", usageTo: "stderr"},
		{name: "scripts two folders", args: []string{"scripts", ".", ".."}, handled: true, code: 2, stderr: "at most one folder", usageTo: "stderr"},
		{name: "scripts missing folder", args: []string{"scripts", "/no/such/folder"}, handled: true, code: 1, stderr: notExist("/no/such/folder")},
		{name: "scripts --help", args: []string{"scripts", "--help"}, handled: true, usageTo: "stdout"},
		{name: "run without names", args: []string{"run"}, handled: true, code: 2, stderr: "run: name at least one script", usageTo: "stderr"},
		{name: "run with only a folder", args: []string{"run", allFixture}, handled: true, code: 2, stderr: "run: name the scripts to run in " + allFixture, usageTo: "stderr"},
		{name: "run unknown flag", args: []string{"run", "--fast", "dev"}, handled: true, code: 2, stderr: "run: unknown flag --fast", usageTo: "stderr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code, handled := Run(tt.args, &stdout, &stderr)
			assert.Equal(t, tt.handled, handled, "handled: got %v, want %v", handled, tt.handled)
			assert.Equal(t, tt.code, code, "code: got %v, want %v (stderr %q)", code, tt.code, stderr.String())
			if tt.noWritten {
				assert.Empty(t, stdout.String()+stderr.String())
			}
			if tt.stdout != "" {
				assert.Contains(t, stdout.String(), tt.stdout)
			}
			if tt.stderr != "" {
				first, _, _ := strings.Cut(stderr.String(), "\n")
				assert.Contains(t, first, tt.stderr, "the error is one line: got %q", first)
			}
			switch tt.usageTo {
			case "stdout":
				assert.Contains(t, stdout.String(), "Usage:")
			case "stderr":
				assert.Contains(t, stderr.String(), "Usage:")
				assert.Empty(t, stdout.String())
			}
		})
	}
}

func TestScriptsHuman(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code, handled := Run([]string{"scripts", allFixture}, &stdout, &stderr)
	require.True(t, handled)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())
	abs, _ := filepath.Abs(allFixture)
	want := "Scripts in " + abs + `

package.json (bun)
  start                node index.js
  package.json:build   tsc

Makefile
  makefile:build   go build ./...   # Build with make

Procfile
  Procfile:web       node index.js
  worker             node worker.js --queue=default
  Procfile.dev:web   nodemon index.js

Taskfile
  default          task build
  taskfile:build   go build -o {{.OUT}}/app . && echo built   # Build the binary
  lint             golangci-lint run
  check            go vet ./... && go test ./...
  release          goreleaser release                         # Cut a release.

justfile
  justfile:build   cargo build --release                                            # Build everything
  serve            echo "serving on :{{port}}" && python3 -m http.server {{port}}   # Serve the docs
  test             cargo test {{args}}
  script           just script

VS Code tasks
  hello   echo hello
`
	assert.Equal(t, want, stdout.String(), "got\n%s\nwant\n%s", stdout.String(), want)
}

func TestScriptsHumanShowsProblems(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code, _ := Run([]string{"scripts", "../discover/testdata/bad"}, &stdout, &stderr)
	require.Equal(t, 0, code, "bad files are reported, not fatal")
	out := stdout.String()
	assert.Contains(t, out, "\nProblems\n  package.json:5: script \"num\" should be a string")
	assert.Contains(t, out, "  Procfile:2: expected \"name: command\"")
}

func TestScriptsJSON(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code, _ := Run([]string{"scripts", "--json", "../discover/testdata/vscode"}, &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())

	// The documented shape: every key present on every script.
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &raw))
	assert.ElementsMatch(t, []string{"root", "scripts", "groups", "problems"}, slices.Collect(mapsKeys(raw)))
	var scripts []map[string]any
	require.NoError(t, json.Unmarshal(raw["scripts"], &scripts))
	require.NotEmpty(t, scripts)
	keys := []string{"id", "source", "name", "selector", "command", "run", "argv", "env", "envFiles", "dir", "runner", "description"}
	for _, s := range scripts {
		got := slices.Collect(mapsKeys(s))
		assert.ElementsMatch(t, keys, got, "got %v, want %v", got, keys)
		assert.Contains(t, discover.Sources, s["source"])
	}

	var doc Document
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &doc))
	abs, _ := filepath.Abs("../discover/testdata/vscode")
	assert.Equal(t, abs, doc.Root)
	i := slices.IndexFunc(doc.Scripts, func(s DocumentScript) bool { return s.Name == "serve web" })
	require.GreaterOrEqual(t, i, 0, "got %v", doc.Scripts)
	serve := doc.Scripts[i]
	assert.Equal(t, []string{"node", "server.js", "--port", "3000", "a b"}, serve.Argv)
	assert.Equal(t, "3000", serve.Env["PORT"])
	assert.Len(t, doc.Problems, 2)
	assert.Equal(t, 41, doc.Problems[0].Line)
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestResolveAndSelectors(t *testing.T) {
	p, err := discover.Scan(context.Background(), allFixture)
	require.NoError(t, err)
	sels := Selectors(p.Scripts)
	for i, s := range p.Scripts {
		got := Resolve(p.Scripts, sels[i])
		require.Len(t, got, 1, "selector %q of %s: got %d matches, want 1", sels[i], s.ID, len(got))
		assert.Equal(t, s.ID, got[0].ID, "selector %q: got %v, want %v", sels[i], got[0].ID, s.ID)
		// The ID always works too.
		byID := Resolve(p.Scripts, s.ID)
		require.Len(t, byID, 1)
	}
	tests := []struct {
		sel  string
		want []string
	}{
		{"build", []string{"package.json:package.json:build", "makefile:Makefile:build", "taskfile:Taskfile.yml:build", "justfile:justfile:build"}},
		{"web", []string{"procfile:Procfile:web", "procfile:Procfile.dev:web"}},
		{"procfile:web", []string{"procfile:Procfile:web", "procfile:Procfile.dev:web"}},
		{"Procfile.dev:web", []string{"procfile:Procfile.dev:web"}},
		{"makefile:build", []string{"makefile:Makefile:build"}},
		{".:start", []string{"package.json:package.json:start"}},
		{"package.json:.:start", []string{"package.json:package.json:start"}},
		{"nope", nil},
		{"makefile:start", nil},
	}
	for _, tt := range tests {
		var ids []string
		for _, s := range Resolve(p.Scripts, tt.sel) {
			ids = append(ids, s.ID)
		}
		assert.Equal(t, tt.want, ids, "Resolve(%q): got %v, want %v", tt.sel, ids, tt.want)
	}

	// Names with colons and workspace folders.
	mono, err := discover.Scan(context.Background(), "../discover/testdata/yarn-monorepo")
	require.NoError(t, err)
	got := Selectors(mono.Scripts)
	want := []string{".:dev", ".:build", "test:unit", "start", "apps/web:dev", "apps/web:build", "packages/ui:build", "storybook"}
	assert.Equal(t, want, got, "got %v, want %v", got, want)
}

func TestRunNameErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr []string
	}{
		{"ambiguous lists candidates", []string{allFixture, "build"}, []string{
			`hum: "build" is ambiguous`, "package.json:build", "makefile:build", "taskfile:build", "justfile:build"}},
		{"unknown suggests similar", []string{allFixture, "buil"}, []string{`hum: no script "buil"`, "did you mean", "makefile:build"}},
		{"unknown without suggestion", []string{allFixture, "zzz"}, []string{`hum: no script "zzz"`, "`hum scripts` lists them"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr syncBuffer
			ctx := stopContexts{stop: context.Background(), force: context.Background()}
			code := runCmd(ctx, tt.args, &stdout, &stderr, false)
			assert.Equal(t, 2, code, "got %v, want 2", code)
			for _, w := range tt.stderr {
				assert.Contains(t, stderr.String(), w)
			}
			assert.Empty(t, stdout.String(), "nothing runs")
		})
	}
}

func TestRunStartFailureIsExitCode1(t *testing.T) {
	dir := writeProject(t, map[string]string{
		".vscode/tasks.json": `{"tasks":[{"label":"ghost","type":"process","command":"/no/such/binary-for-hum"}]}`,
	})
	var stdout, stderr syncBuffer
	ctx := stopContexts{stop: context.Background(), force: context.Background()}
	code := runCmd(ctx, []string{dir, "ghost"}, &stdout, &stderr, false)
	assert.Equal(t, 1, code, "got %v, want 1 (stdout %q)", code, stdout.String())
	assert.Contains(t, stdout.String(), "ghost | failed to start")
}

func TestRunGivesScriptsTheProjectsDotenv(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile":   "show: " + printABColour + "\n",
		".env":       "A=from-env\nB=${A}-again\n",
		".env.local": "B=local\n",
	})
	var stdout, stderr syncBuffer
	ctx := stopContexts{stop: context.Background(), force: context.Background()}
	code := runCmd(ctx, []string{dir, "show"}, &stdout, &stderr, false)
	require.Equal(t, 0, code, "stderr %q", stderr.String())
	assert.Contains(t, stdout.String(), "show | from-env|local|0\n", "got %q", stdout.String())

	// A project's own FORCE_COLOR wins over the one hum run sets for a pipe.
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".env.local"), []byte("FORCE_COLOR=3\n"), 0o644))
	stdout = syncBuffer{}
	code = runCmd(ctx, []string{dir, "show"}, &stdout, &stderr, false)
	require.Equal(t, 0, code, "stderr %q", stderr.String())
	assert.Contains(t, stdout.String(), "show | from-env|from-env-again|3\n", "got %q", stdout.String())
}

func TestRunRefusesABrokenDotenv(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "show: echo should not run\n", ".env": "BAD NAME=1\n"})
	var stdout, stderr syncBuffer
	ctx := stopContexts{stop: context.Background(), force: context.Background()}
	code := runCmd(ctx, []string{dir, "show"}, &stdout, &stderr, false)
	assert.Equal(t, 1, code)
	assert.Contains(t, stdout.String(), `show | failed to start: show's environment: .env, line 1: not a variable name: "BAD NAME" has a space in it`)
	assert.NotContains(t, stdout.String(), "should not run")
}
