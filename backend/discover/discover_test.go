package discover

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/wine"
)

// row is the part of a Script most tests compare.
type row struct {
	ID, Dir, Run, Command, Description string
}

func rows(scripts []Script) []row {
	out := make([]row, len(scripts))
	for i, s := range scripts {
		out[i] = row{s.ID, s.Dir, s.Run, s.Command, s.Description}
	}
	return out
}

func scan(t *testing.T, dir string) Project {
	t.Helper()
	p, err := Scan(context.Background(), dir)
	require.NoError(t, err)
	return p
}

// writeFiles creates files (slash paths relative to dir) with their contents.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(body), 0o644))
	}
}

func TestScanYarnMonorepo(t *testing.T) {
	p := scan(t, "testdata/yarn-monorepo")
	want := []row{
		{"package.json:package.json:dev", ".", "yarn run dev", "turbo run dev", ""},
		{"package.json:package.json:build", ".", "yarn run build", "turbo run build", ""},
		{"package.json:package.json:test:unit", ".", "yarn run test:unit", "vitest run", ""},
		// apps/** reaches nested packages but never node_modules, and the
		// "!**/fixtures/**" negation removes apps/fixtures/demo.
		{"package.json:apps/services/api/package.json:start", "apps/services/api", "yarn run start", "node server.js", ""},
		{"package.json:apps/web/package.json:dev", "apps/web", "yarn run dev", "next dev", ""},
		{"package.json:apps/web/package.json:build", "apps/web", "yarn run build", "next build", ""},
		// packages/excluded is negated; packages/utils has no scripts;
		// packages/notapkg has no package.json.
		{"package.json:packages/ui/package.json:build", "packages/ui", "yarn run build", "tsc -b", ""},
		{"package.json:packages/ui/package.json:storybook", "packages/ui", "yarn run storybook", "storybook dev -p 6006", ""},
	}
	assert.Equal(t, want, rows(p.Scripts), "got %v, want %v", rows(p.Scripts), want)
	assert.Empty(t, p.Problems)
	for _, s := range p.Scripts {
		assert.Equal(t, RunnerYarn, s.Runner, "got %v, want %v", s.Runner, RunnerYarn)
		assert.Equal(t, SourcePackageJSON, s.Source)
	}
	abs, _ := filepath.Abs("testdata/yarn-monorepo")
	assert.Equal(t, abs, p.Root, "got %v, want %v", p.Root, abs)
}

// spaced is how discovery quotes a word with a blank in it for the host's
// shell: single quotes for sh, double quotes for cmd.exe.
func spaced(s string) string {
	if runtime.GOOS == "windows" {
		return `"` + s + `"`
	}
	return "'" + s + "'"
}

func TestScanPNPMMonorepo(t *testing.T) {
	p := scan(t, "testdata/pnpm-monorepo")
	// packageManager wins over the package-lock.json that is also there.
	want := []row{
		{"package.json:package.json:lint", ".", "pnpm run lint", "eslint .", ""},
		{"package.json:packages/core/package.json:build", "packages/core", "pnpm run build", "tsup", ""},
		{"package.json:packages/core/package.json:test watch", "packages/core", "pnpm run " + spaced("test watch"), "vitest --watch", ""},
		{"package.json:tools/cli/package.json:start", "tools/cli", "pnpm run start", "node cli.js", ""},
		{"package.json:tools/lint/package.json:check", "tools/lint", "pnpm run check", "eslint", ""},
	}
	assert.Equal(t, want, rows(p.Scripts), "got %v, want %v", rows(p.Scripts), want)
	assert.Empty(t, p.Problems)
}

func TestScanPNPMWithoutRootPackageJSON(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"pnpm-workspace.yaml":   "packages: ['apps/*']\n",
		"apps/a/package.json":   `{"scripts":{"dev":"vite"}}`,
		"apps/b/package.json":   `{"scripts":{"dev":"vite"}}`,
		"other/c/package.json":  `{"scripts":{"dev":"no"}}`,
		"apps/a/node_modules/x": "",
	})
	p := scan(t, dir)
	want := []row{
		{"package.json:apps/a/package.json:dev", "apps/a", "pnpm run dev", "vite", ""},
		{"package.json:apps/b/package.json:dev", "apps/b", "pnpm run dev", "vite", ""},
	}
	assert.Equal(t, want, rows(p.Scripts), "got %v, want %v", rows(p.Scripts), want)
}

func TestRunnerDetection(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no lockfile is npm", nil, RunnerNPM},
		{"package-lock", map[string]string{"package-lock.json": "{}"}, RunnerNPM},
		{"yarn.lock", map[string]string{"yarn.lock": ""}, RunnerYarn},
		{"pnpm-lock", map[string]string{"pnpm-lock.yaml": ""}, RunnerPNPM},
		{"bun.lock", map[string]string{"bun.lock": ""}, RunnerBun},
		{"bun.lockb", map[string]string{"bun.lockb": ""}, RunnerBun},
		{"bun before pnpm", map[string]string{"bun.lockb": "", "pnpm-lock.yaml": ""}, RunnerBun},
		{"pnpm before yarn", map[string]string{"pnpm-lock.yaml": "", "yarn.lock": ""}, RunnerPNPM},
		{"yarn before npm", map[string]string{"yarn.lock": "", "package-lock.json": "{}"}, RunnerYarn},
		{"packageManager wins", map[string]string{"yarn.lock": "", "pm": "bun@1.1.0"}, RunnerBun},
		{"unknown packageManager falls back", map[string]string{"yarn.lock": "", "pm": "cargo@1"}, RunnerYarn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			pkg := `{"scripts":{"dev":"x"}}`
			files := map[string]string{}
			for k, v := range tt.files {
				if k == "pm" {
					pkg = `{"packageManager":"` + v + `","scripts":{"dev":"x"}}`
					continue
				}
				files[k] = v
			}
			files["package.json"] = pkg
			writeFiles(t, dir, files)
			p := scan(t, dir)
			require.Len(t, p.Scripts, 1)
			got := p.Scripts[0]
			assert.Equal(t, tt.want, got.Runner, "got %v, want %v", got.Runner, tt.want)
			assert.Equal(t, tt.want+" run dev", got.Run, "got %v, want %v", got.Run, tt.want+" run dev")
		})
	}
}

func TestScanMakefile(t *testing.T) {
	p := scan(t, "testdata/makefiles")
	want := []row{
		{"makefile:Makefile:all", ".", "make all", "make all", "Build and test everything"},
		{"makefile:Makefile:build", ".", "make build", "mkdir -p bin && go build $(GOFLAGS) -o $(BIN) .", "Compile the binary."},
		{"makefile:Makefile:test", ".", "make test", "go test -race ./...", "Run the unit tests"},
		{"makefile:Makefile:lint", ".", "make lint", "golangci-lint run", "Check style"},
		{"makefile:Makefile:fmt", ".", "make fmt", "golangci-lint run", "Check style"},
		{"makefile:Makefile:clean", ".", "make clean", "rm -rf bin", "Remove generated docs too"},
		{"makefile:Makefile:release", ".", "make release", "echo windows", ""},
		{"makefile:Makefile:serve", ".", "make serve", "python3 -m http.server 8080", ""},
		{"makefile:Makefile:help", ".", "make help", `grep -E "^[a-z]+:.*##" $(MAKEFILE_LIST)`, ""},
		{"makefile:Makefile:gen/a.txt", ".", "make gen/a.txt", "./gen.sh", ""},
		{"makefile:Makefile:gen/b.txt", ".", "make gen/b.txt", "./gen.sh", ""},
	}
	assert.Equal(t, want, rows(p.Scripts), "got %v, want %v", rows(p.Scripts), want)
	assert.Empty(t, p.Problems)
}

func TestParseMakefileCases(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		want  []string // target names
		descs []string
	}{
		{"assignments are not targets", "A = b:c\nB := x\nC ?= y\nD += z\nE != ls\nF ::= 1\n", nil, nil},
		{"variable and pattern targets", "$(BIN): x\n${OUT}/a: y\n%.o: %.c\nok: ; true\n", []string{"ok"}, []string{""}},
		{"special and suffix targets", ".PHONY: a\n.SUFFIXES:\n.c.o:\n\ttrue\na:\n", []string{"a"}, []string{""}},
		{"colon inside a function call", "$(subst a:b,c,d): x\nreal: $(patsubst %:x,%,y)\n", []string{"real"}, []string{""}},
		{"comment above needs no blank line", "# First\n\nbuild:\n# Second\ntest:\n", []string{"build", "test"}, []string{"", "Second"}},
		{"trailing ## beats comment above", "# above\nx: ## trailing\n", []string{"x"}, []string{"trailing"}},
		{"comment block is joined", "# Build it\n# fast\nb:\n", []string{"b"}, []string{"Build it fast"}},
		{"escaped hash is not a comment", "a\\#b: ## d\nc: # x \\# y\n", []string{"c"}, []string{""}},
		{"wildcard targets", "*.txt: x\nfile?: y\n", nil, nil},
		{"continued rule line", "a \\\n  b: c\n", []string{"a", "b"}, []string{"", ""}},
		{"static pattern rule keeps explicit targets", "foo.o bar.o: %.o: %.c\n", []string{"foo.o", "bar.o"}, []string{"", ""}},
		{"crlf", "build:\r\n\tgo build\r\n", []string{"build"}, []string{""}},
		{"export define", "export define X\na: b\nendef\nc:\n", []string{"c"}, []string{""}},
		{"comment above .PHONY describes the rule below", "# Build the binary\n.PHONY: build\nbuild:\n\tgo build\n# Run it\n.PHONY: run clean\nrun: build\n",
			[]string{"build", "run"}, []string{"Build the binary", "Run it"}},
		{"comment above .PHONY is not given to another target", "# Phony targets\n.PHONY: a\nb:\n", []string{"b"}, []string{""}},
		{"a blank line after .PHONY ends its comment", "# x\n.PHONY: a\n\n# Build b\nb:\na:\n", []string{"b", "a"}, []string{"Build b", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scripts, _ := parseMakefile(ctx0, "Makefile", []byte(tt.src))
			var names, descs []string
			for _, s := range scripts {
				names = append(names, s.Name)
				descs = append(descs, s.Description)
			}
			assert.Equal(t, tt.want, names, "got %v, want %v", names, tt.want)
			if tt.descs != nil {
				assert.Equal(t, tt.descs, descs, "got %v, want %v", descs, tt.descs)
			}
		})
	}
}

func TestScanAllSources(t *testing.T) {
	p := scan(t, "testdata/all")
	want := []row{
		{"package.json:package.json:start", ".", "bun run start", "node index.js", ""},
		{"package.json:package.json:build", ".", "bun run build", "tsc", ""},
		{"makefile:Makefile:build", ".", "make build", "go build ./...", "Build with make"},
		{"procfile:Procfile:web", ".", "node index.js", "node index.js", ""},
		{"procfile:Procfile:worker", ".", "node worker.js --queue=default", "node worker.js --queue=default", ""},
		{"procfile:Procfile.dev:web", ".", "nodemon index.js", "nodemon index.js", ""},
		{"taskfile:Taskfile.yml:default", ".", "task default", "task build", ""},
		{"taskfile:Taskfile.yml:build", ".", "task build", "go build -o {{.OUT}}/app . && echo built", "Build the binary"},
		{"taskfile:Taskfile.yml:lint", ".", "task lint", "golangci-lint run", ""},
		{"taskfile:Taskfile.yml:check", ".", "task check", "go vet ./... && go test ./...", ""},
		{"taskfile:Taskfile.yml:release", ".", "task release", "goreleaser release", "Cut a release."},
		{"justfile:justfile:build", ".", "just build", "cargo build --release", "Build everything"},
		{"justfile:justfile:serve", ".", "just serve", `echo "serving on :{{port}}" && python3 -m http.server {{port}}`, "Serve the docs"},
		{"justfile:justfile:test", ".", "just test", "cargo test {{args}}", ""},
		{"justfile:justfile:script", ".", "just script", "just script", ""},
		{"vscode:.vscode/tasks.json:hello", ".", "echo hello", "echo hello", ""},
	}
	assert.Equal(t, want, rows(p.Scripts), "got %v, want %v", rows(p.Scripts), want)
	assert.Empty(t, p.Problems)

	// Scanning twice gives the same answer: IDs and order are stable.
	again := scan(t, "testdata/all")
	assert.Equal(t, p, again)
}

func TestScanVSCodeTasks(t *testing.T) {
	p := scan(t, "testdata/vscode")
	want := []Script{
		// web/ is a folder of its own with a package.json, run with the
		// root's lockfile's pnpm.
		{
			ID: "package.json:web/package.json:dev", Source: SourcePackageJSON, Name: "dev",
			Command: "node server.js", Run: "pnpm run dev", Dir: "web", Runner: RunnerPNPM,
		},
		{
			ID: "vscode:.vscode/tasks.json:build", Source: SourceVSCode, Name: "build",
			Command: "go build -o bin/app ./cmd/app", Run: "go build -o bin/app ./cmd/app",
			Env: map[string]string{"HUM_MODE": "dev"}, Dir: ".", Description: "Compile the app",
		},
		{
			ID: "vscode:.vscode/tasks.json:echo url", Source: SourceVSCode, Name: "echo url",
			Command: `echo 'http://localhost:3000/*not a comment*/' 'it'\''s quoted'`,
			Run:     `echo 'http://localhost:3000/*not a comment*/' 'it'\''s quoted'`,
			Env:     map[string]string{"HUM_MODE": "dev"}, Dir: ".",
		},
		{
			ID: "vscode:.vscode/tasks.json:serve web", Source: SourceVSCode, Name: "serve web",
			Command: "node server.js --port 3000 " + spaced("a b"), Run: "node server.js --port 3000 " + spaced("a b"),
			Argv: []string{"node", "server.js", "--port", "3000", "a b"},
			Env:  map[string]string{"HUM_MODE": "dev", "PORT": "3000"}, Dir: "web",
		},
		{
			ID: "vscode:.vscode/tasks.json:npm: dev", Source: SourceVSCode, Name: "npm: dev",
			Command: "pnpm run dev", Run: "pnpm run dev", Runner: RunnerPNPM,
			Env: map[string]string{"HUM_MODE": "dev"}, Dir: "web",
		},
	}
	assert.Equal(t, want, p.Scripts, "got %v, want %v", p.Scripts, want)
	wantProblems := []Problem{
		{File: ".vscode/tasks.json", Line: 41, Message: `task "from elsewhere": cwd "${input:pickDir}" uses a variable Hum cannot resolve; task skipped`},
		{File: ".vscode/tasks.json", Line: 47, Message: `task label "build" is used twice; this one is ignored`},
	}
	assert.Equal(t, wantProblems, p.Problems, "got %v, want %v", p.Problems, wantProblems)
}

func TestScanBadFilesKeepGoodOnes(t *testing.T) {
	p := scan(t, "testdata/bad")
	wantScripts := []string{
		"package.json:package.json:ok",
		"package.json:package.json:also-ok",
		"makefile:Makefile:ok",
		"makefile:Makefile:broken",
		"procfile:Procfile:web",
		"procfile:Procfile:worker",
		"justfile:justfile:good",
	}
	var ids []string
	for _, s := range p.Scripts {
		ids = append(ids, s.ID)
	}
	assert.Equal(t, wantScripts, ids, "got %v, want %v", ids, wantScripts)

	type where struct {
		File string
		Line int
	}
	want := []struct {
		where
		contains string
	}{
		{where{"package.json", 5}, `script "num" should be a string`},
		{where{"package.json", 8}, `unknown "packageManager"`},
		{where{"package.json", 9}, `"workspaces" should be an array`},
		{where{"Makefile", 5}, "must start with a tab"},
		{where{"Procfile", 2}, `expected "name: command"`},
		{where{"Procfile", 3}, "invalid process name"},
		{where{"Procfile", 4}, "has no command"},
		{where{"Procfile", 5}, "already defined on line 1"},
		{where{"Taskfile.yml", 4}, "invalid YAML"},
		{where{"justfile", 1}, "indented line outside a recipe"},
		{where{"justfile", 6}, "unterminated attribute"},
		{where{"justfile", 7}, "expected a recipe"},
		{where{".vscode/tasks.json", 3}, "unterminated /* comment"},
	}
	require.Len(t, p.Problems, len(want), "got %v", p.Problems)
	for i, w := range want {
		got := p.Problems[i]
		assert.Equal(t, w.where, where{got.File, got.Line}, "problem %d: got %v, want %v", i, got, w.where)
		assert.Contains(t, got.Message, w.contains, "problem %d: got %v, want it to contain %q", i, got.Message, w.contains)
	}
}

func TestScanInvalidJSONStillListsEarlierScripts(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"package.json": "{\n  \"scripts\": {\n    \"dev\": \"vite\"\n  },\n  \"name\": oops\n}\n",
		"Procfile":     "web: node server.js\n",
	})
	p := scan(t, dir)
	require.Len(t, p.Problems, 1)
	assert.Equal(t, 5, p.Problems[0].Line, "got %v, want %v", p.Problems[0].Line, 5)
	assert.Contains(t, p.Problems[0].Message, "invalid JSON")
	require.Len(t, p.Scripts, 2)
	assert.Equal(t, "dev", p.Scripts[0].Name)
	assert.Equal(t, "web", p.Scripts[1].Name)
}

func TestScanErrorsOnlyForTheFolder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	for _, bad := range []string{filepath.Join(dir, "missing"), file} {
		_, err := Scan(context.Background(), bad)
		assert.Error(t, err, "Scan(%s): got nil error, want one", bad)
	}
	p, err := Scan(context.Background(), dir)
	require.NoError(t, err)
	assert.Empty(t, p.Scripts)
	assert.NotNil(t, p.Problems, "problems must marshal as [] not null")
	assert.NotNil(t, p.Scripts, "scripts must marshal as [] not null")
}

func TestScanSymlinkLoop(t *testing.T) {
	wine.Skip(t, wine.Symlinks)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"package.json":            `{"workspaces":["packages/**"]}`,
		"packages/a/package.json": `{"scripts":{"build":"tsc"}}`,
	})
	require.NoError(t, os.Symlink("..", filepath.Join(dir, "packages", "a", "up")))
	require.NoError(t, os.Symlink("loop", filepath.Join(dir, "packages", "loop")))
	require.NoError(t, os.Symlink("../packages", filepath.Join(dir, "packages", "a", "self")))

	done := make(chan Project)
	go func() {
		p, _ := Scan(context.Background(), dir)
		done <- p
	}()
	select {
	case p := <-done:
		var ids []string
		for _, s := range p.Scripts {
			ids = append(ids, s.ID)
		}
		// The loops lead back to packages/a under other names: each name
		// is a real path a person could cd into, but each real folder is
		// expanded at most once per glob, so the scan ends.
		assert.Contains(t, ids, "package.json:packages/a/package.json:build")
		assert.Less(t, len(ids), 10, "got %v", ids)
	case <-time.After(30 * time.Second):
		t.Fatal("Scan did not finish on a symlink loop")
	}
}

func TestScanDeepTreeIsBounded(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"package.json": `{"workspaces":["**"]}`}
	deep := "d"
	for i := 1; i <= maxDepth+10; i++ {
		if i == 5 || i == maxDepth+8 {
			files[deep+"/package.json"] = `{"scripts":{"x":"y"}}`
		}
		deep += "/d"
	}
	writeFiles(t, dir, files)
	p := scan(t, dir)
	require.Len(t, p.Scripts, 1, "got %v", p.Scripts)
	assert.Equal(t, 5, strings.Count(p.Scripts[0].Dir, "d"), "got %v", p.Scripts[0].Dir)
}

func TestScanCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p, err := Scan(ctx, "testdata/yarn-monorepo")
	require.NoError(t, err)
	require.NotEmpty(t, p.Problems)
	assert.Contains(t, p.Problems[len(p.Problems)-1].Message, "cancelled")
	// Once cancelled, a scan reads nothing more: not even the root files.
	assert.Empty(t, p.Scripts)
	assert.Len(t, p.Problems, 1, "got %v", p.Problems)
}

func TestProjectJSONShape(t *testing.T) {
	p := scan(t, "testdata/vscode")
	b, err := json.Marshal(p)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	for _, k := range []string{"root", "scripts", "problems"} {
		assert.Contains(t, doc, k)
	}
	s := doc["scripts"].([]any)[3].(map[string]any) // "serve web", which has argv
	for _, k := range []string{"id", "source", "name", "command", "run", "dir", "argv", "env"} {
		assert.Contains(t, s, k)
	}
}

func TestStripJSONC(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"line comment", "{\"a\": 1 // c\n}", "{\"a\": 1     \n}"},
		{"block comment keeps newlines", "{/* a\nb */\"a\":1}", "{    \n    \"a\":1}"},
		{"comment markers in strings", `{"u":"http://x/*y*/"}`, `{"u":"http://x/*y*/"}`},
		{"escaped quote in string", `{"q":"a\"//b"}`, `{"q":"a\"//b"}`},
		{"trailing comma object", `{"a":1,}`, `{"a":1 }`},
		{"trailing comma array with space", "[1,2, \n]", "[1,2  \n]"},
		{"comma then comment then bracket", "[1, // x\n]", "[1      \n]"},
		{"comma inside string", `["a,]"]`, `["a,]"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := stripJSONC([]byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got), "got %q, want %q", got, tt.want)
		})
	}
	_, off, err := stripJSONC([]byte("{\n /* open"))
	require.ErrorIs(t, err, errUnterminatedComment)
	assert.Equal(t, int64(3), off, "got %v, want %v", off, 3)
}

func TestGlobs(t *testing.T) {
	tests := []struct {
		glob, path string
		want       bool
	}{
		{"packages/*", "packages/a", true},
		{"packages/*", "packages/a/b", false},
		{"packages/*", "packages/.hidden", false},
		{"apps/**", "apps", true},
		{"apps/**", "apps/a/b/c", true},
		{"**/fixtures/**", "apps/fixtures/demo", true},
		{"**/fixtures/**", "apps/fixture/demo", false},
		{"./tools/cli/", "tools/cli", true},
		{"pkg-[ab]", "pkg-a", true},
		{"pkg-[ab]", "pkg-c", false},
	}
	for _, tt := range tests {
		segs, msg := splitGlob(tt.glob)
		require.Empty(t, msg, tt.glob)
		got := globMatch(segs, strings.Split(tt.path, "/"))
		assert.Equal(t, tt.want, got, "globMatch(%q, %q): got %v, want %v", tt.glob, tt.path, got, tt.want)
	}
	for _, bad := range []string{"", "/abs", "../up", "a/../../b", "pkg-["} {
		_, msg := splitGlob(bad)
		assert.NotEmpty(t, msg, "splitGlob(%q): got no complaint, want one", bad)
	}
	got := expandBraces("a/{b,c}/{d,e}")
	want := []string{"a/b/d", "a/b/e", "a/c/d", "a/c/e"}
	assert.Equal(t, want, got, "got %v, want %v", got, want)
	assert.LessOrEqual(t, len(expandBraces(strings.Repeat("{a,b,c,d}", 20))), maxBraceExpansions)
}

func TestParseVSCodeCompoundTasks(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		want     []string // labels listed
		problems int
	}{
		{"dependsOn only is not a problem", `{"tasks": [
			{"label": "a", "type": "shell", "command": "echo a"},
			{"label": "all", "dependsOn": ["a"], "dependsOrder": "sequence",},
		]}`, []string{"a"}, 0},
		{"dependsOn with a command is listed", `{"tasks": [
			{"label": "b", "type": "shell", "command": "echo b", "dependsOn": "a"},
		]}`, []string{"b"}, 0},
		{"no command and no dependsOn is a problem", `{"tasks": [
			{"label": "c", "type": "shell"},
		]}`, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scripts, problems := parseVSCodeTasks(ctx0, ".vscode/tasks.json", "/p", []byte(tt.src), func() string { return RunnerNPM })
			var names []string
			for _, s := range scripts {
				names = append(names, s.Name)
			}
			assert.Equal(t, tt.want, names, "got %v, want %v", names, tt.want)
			assert.Len(t, problems, tt.problems, "got %v, want %d problems", problems, tt.problems)
		})
	}
}

func TestVSCodeNPMTaskUsesTheProjectPackageManager(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"packageManager field", map[string]string{"package.json": `{"packageManager": "yarn@4.1.0"}`}, RunnerYarn},
		{"packageManager beats the lockfile", map[string]string{"package.json": `{"packageManager": "bun@1.1.0"}`, "package-lock.json": "{}"}, RunnerBun},
		{"lockfile", map[string]string{"package.json": `{}`, "pnpm-lock.yaml": ""}, RunnerPNPM},
		{"pnpm workspace without a root package.json", map[string]string{"pnpm-workspace.yaml": "packages: [web]\n", "web/package.json": `{}`}, RunnerPNPM},
		{"nothing", nil, RunnerNPM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{".vscode/tasks.json": `{"tasks": [{"type": "npm", "script": "dev"}]}`}
			for k, v := range tt.files {
				files[k] = v
			}
			writeFiles(t, dir, files)
			p := scan(t, dir)
			i := slices.IndexFunc(p.Scripts, func(s Script) bool { return s.Source == SourceVSCode })
			require.GreaterOrEqual(t, i, 0, "no VS Code task in %v", p.Scripts)
			got := p.Scripts[i]
			assert.Equal(t, tt.want, got.Runner, "got %v, want %v", got.Runner, tt.want)
			assert.Equal(t, tt.want+" run dev", got.Run, "got %v, want %v", got.Run, tt.want+" run dev")
		})
	}
}

func TestSourceTitle(t *testing.T) {
	for _, src := range Sources {
		assert.NotEmpty(t, sourceTitles[src], "source %q has no title", src)
	}
	assert.Equal(t, "Makefile", SourceTitle(SourceMakefile))
	assert.Equal(t, "VS Code tasks", SourceTitle(SourceVSCode))
	assert.Equal(t, "other", SourceTitle("other"), "an unknown source is shown as it is")
}
