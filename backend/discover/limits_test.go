package discover

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/wine"
)

// scanWithin scans dir and fails the test if the scan takes longer than
// limit: a generous bound, far above what a linear scan needs on a loaded
// machine and far below the minutes the quadratic one took.
func scanWithin(t *testing.T, dir string, limit time.Duration) Project {
	t.Helper()
	done := make(chan Project, 1)
	go func() {
		p, err := Scan(context.Background(), dir)
		if err != nil {
			t.Error(err)
		}
		done <- p
	}()
	select {
	case p := <-done:
		return p
	case <-time.After(limit):
		t.Fatalf("Scan took longer than %s", limit)
		return Project{}
	}
}

// budgetSpent reports whether the scan's time ran out: on a loaded machine
// under the race detector a 4 MiB file can take longer than Budget. The
// scan then still returns in time and within the caps, which is checked,
// but the exact counts are not there to compare.
func budgetSpent(t *testing.T, p Project) bool {
	t.Helper()
	assert.LessOrEqual(t, len(p.Scripts), MaxScriptsPerProject)
	assert.LessOrEqual(t, len(p.Problems), MaxProblemsPerProject+3)
	for _, pr := range p.Problems {
		if strings.Contains(pr.Message, "time ran out") || strings.HasPrefix(pr.Message, "scan stopped after") {
			t.Logf("the scan's budget was spent (a loaded machine): %s; exact counts not checked", pr)
			return true
		}
	}
	return false
}

// problemStrings renders problems as a person reads them.
func problemStrings(ps []Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func TestScanHugePackageJSONIsQuickAndCapped(t *testing.T) {
	data := hugePackageJSON(hugeSize)
	dir := writeHuge(t, "package.json", data)
	p := scanWithin(t, dir, 4*Budget)
	if budgetSpent(t, p) {
		return
	}

	// Half of the ~110,000 scripts are strings: more than a file may list.
	require.Equal(t, MaxScriptsPerFile, len(p.Scripts))
	assert.Equal(t, "s0", p.Scripts[0].Name)
	assert.Equal(t, "npm run s0", p.Scripts[0].Run)
	// The other half are numbers: problems, each at its own line.
	require.Equal(t, MaxProblemsPerFile+2, len(p.Problems), "got %v", problemStrings(p.Problems[MaxProblemsPerFile:]))
	assert.Equal(t, Problem{File: "package.json", Line: 4, Message: `script "s1" should be a string, found a number`}, p.Problems[0])
	assert.Equal(t, 6, p.Problems[1].Line)
	nScripts := strings.Count(string(data), "\n    \"s")
	assert.Equal(t, fmt.Sprintf("package.json: %s scripts; listing the first 2,000", count((nScripts+1)/2)), p.Problems[MaxProblemsPerFile].String())
	assert.Equal(t, fmt.Sprintf("package.json: %s problems; showing the first 100", count(nScripts/2)), p.Problems[MaxProblemsPerFile+1].String())
}

func TestScanHugeMakefileCapsProblems(t *testing.T) {
	dir := writeHuge(t, "Makefile", hugeMakefile(hugeSize))
	p := scanWithin(t, dir, 4*Budget)
	if budgetSpent(t, p) {
		return
	}

	assert.Empty(t, p.Scripts)
	require.Equal(t, MaxProblemsPerFile+1, len(p.Problems))
	assert.Equal(t, Problem{File: "Makefile", Line: 1, Message: "missing separator: neither a rule nor an assignment"}, p.Problems[0])
	assert.Equal(t, "Makefile: 2,097,152 problems; showing the first 100", p.Problems[MaxProblemsPerFile].String())
	// What reaches the window stays small: it was 196 MB of JSON.
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Less(t, len(b), 64<<10, "JSON of the project is %d bytes", len(b))
}

func TestScanHugeMakefileCapsTargets(t *testing.T) {
	dir := writeHuge(t, "Makefile", hugeTargets(hugeSize))
	p := scanWithin(t, dir, 4*Budget)
	if budgetSpent(t, p) {
		return
	}

	require.Equal(t, MaxScriptsPerFile, len(p.Scripts))
	assert.Equal(t, Script{ID: "makefile:Makefile:t0", Source: SourceMakefile, Name: "t0", Command: "echo 0", Run: "make t0", Dir: "."}, p.Scripts[0])
	require.Equal(t, 1, len(p.Problems))
	assert.Regexp(t, `^Makefile: \d{3},\d{3} targets; listing the first 2,000$`, p.Problems[0].String())
}

// A continued line of a million parts used to be re-copied for each part.
func TestScanLongContinuedMakefileLine(t *testing.T) {
	src := "all: " + strings.Repeat("a \\\n", hugeSize/4-8) + "\n\techo done\n"
	dir := writeHuge(t, "Makefile", []byte(src))
	p := scanWithin(t, dir, 4*Budget)
	if budgetSpent(t, p) {
		return
	}
	require.Equal(t, 1, len(p.Scripts))
	assert.Equal(t, Script{ID: "makefile:Makefile:all", Source: SourceMakefile, Name: "all", Command: "echo done", Run: "make all", Dir: "."}, p.Scripts[0])
	assert.Empty(t, p.Problems)
}

// Targets that share one huge recipe, or tasks that alias one huge list,
// each show a Command of at most maxCommand bytes, not a copy of it all.
func TestSharedCommandsAreCapped(t *testing.T) {
	targets := make([]string, 500)
	for i := range targets {
		targets[i] = fmt.Sprintf("t%d", i)
	}
	mk := strings.Join(targets, " ") + ":\n" + strings.Repeat("\techo a long recipe line\n", 50000)
	tf := "version: '3'\ntasks:\n  base: &cmds\n" + strings.Repeat("    - echo a long command line\n", 5000)
	for i := range 500 {
		tf += fmt.Sprintf("  t%d: *cmds\n", i)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"Makefile": mk, "Taskfile.yml": tf})
	p := scanWithin(t, dir, 4*Budget)
	if budgetSpent(t, p) {
		return
	}
	require.Equal(t, 1001, len(p.Scripts))
	for _, s := range p.Scripts {
		require.LessOrEqual(t, len(s.Command), maxCommand+len("…"), "%s", s.ID)
	}
	assert.True(t, strings.HasPrefix(p.Scripts[0].Command, "echo a long recipe line && echo a long recipe line"), p.Scripts[0].Command[:80])
	assert.True(t, strings.HasSuffix(p.Scripts[0].Command, "…"))
	assert.Empty(t, p.Problems)
}

func TestScanCapsScriptsPerProject(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"package.json": `{"workspaces":["packages/*"]}`}
	for i := range 6 {
		var scripts []string
		for j := range MaxScriptsPerFile {
			scripts = append(scripts, fmt.Sprintf(`"s%d":"x"`, j))
		}
		files[fmt.Sprintf("packages/p%d/package.json", i)] = "{\"scripts\":{" + strings.Join(scripts, ",") + "}}"
	}
	writeFiles(t, dir, files)
	p := scan(t, dir)
	require.Equal(t, MaxScriptsPerProject, len(p.Scripts))
	require.Equal(t, 1, len(p.Problems))
	assert.Equal(t, ".: 12,000 scripts in the project; listing the first 10,000", p.Problems[0].String())
}

func TestScanCapsProblemsPerProject(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"package.json": `{"workspaces":["packages/*"]}`}
	for i := range 8 {
		var scripts []string
		for j := range MaxProblemsPerFile {
			scripts = append(scripts, fmt.Sprintf(`"s%d":1`, j))
		}
		files[fmt.Sprintf("packages/p%d/package.json", i)] = "{\"scripts\":{" + strings.Join(scripts, ",") + "}}"
	}
	writeFiles(t, dir, files)
	p := scan(t, dir)
	require.Equal(t, MaxProblemsPerProject+1, len(p.Problems))
	assert.Equal(t, ".: 800 problems in the project; showing the first 500", p.Problems[MaxProblemsPerProject].String())
}

// Each parser checks the scan's deadline as it reads: with the context
// already done it lists nothing and says where it stopped.
func TestParsersStopAtTheDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), -time.Second)
	defer cancel()
	cancelled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	parsers := []struct {
		name, file string
		data       string
		parse      func(ctx context.Context, file string, data []byte) ([]Script, []Problem)
	}{
		{"package.json", "package.json", `{"scripts":{"a":"b"}}`, func(ctx context.Context, file string, data []byte) ([]Script, []Problem) {
			m, ps := parsePackageJSON(ctx, file, ".", RunnerNPM, data)
			return m.Scripts, ps
		}},
		{"Makefile", "Makefile", "a:\n\tb\n", parseMakefile},
		{"Procfile", "Procfile", "a: b\n", parseProcfile},
		{"Taskfile", "Taskfile.yml", "version: '3'\ntasks:\n  a: b\n", parseTaskfile},
		{"justfile", "justfile", "a:\n  b\n", parseJustfile},
		{"VS Code", vscodeTasksFile, `{"tasks":[{"label":"a","type":"shell","command":"b"}]}`, func(ctx context.Context, file string, data []byte) ([]Script, []Problem) {
			return parseVSCodeTasks(ctx, file, "/p", data, func() string { return RunnerNPM })
		}},
		{"pnpm-workspace", "pnpm-workspace.yaml", "packages:\n  - a\n", func(ctx context.Context, _ string, data []byte) ([]Script, []Problem) {
			_, ps := parsePNPMWorkspace(ctx, data)
			return nil, ps
		}},
		{"deno.json", "deno.json", `{"tasks":{"a":"b"}}`, parseDenoJSON},
		{"Rakefile", "Rakefile", "task :a\n", func(ctx context.Context, file string, data []byte) ([]Script, []Problem) {
			return parseRakefile(ctx, file, "rake", data)
		}},
		{"compose", "compose.yaml", "services:\n  a: {}\n", func(ctx context.Context, file string, data []byte) ([]Script, []Problem) {
			scripts, ps := parseCompose(ctx, file, data)
			if len(scripts) > 0 {
				scripts = scripts[1:] // "up", every service
			}
			return scripts, ps
		}},
		{"composer.json", "composer.json", `{"scripts":{"a":"b"}}`, parseComposerJSON},
		{"Cargo.toml", "Cargo.toml", "[[bin]]\nname = \"a\"\n", func(ctx context.Context, file string, data []byte) ([]Script, []Problem) {
			m, ps := parseCargoToml(ctx, file, data)
			var scripts []Script
			for _, b := range m.bins {
				scripts = append(scripts, Script{Name: b})
			}
			return scripts, ps
		}},
		{"pyproject.toml", "pyproject.toml", "[project.scripts]\na = \"m:f\"\n", func(ctx context.Context, file string, data []byte) ([]Script, []Problem) {
			m, ps := parsePyproject(ctx, file, data)
			return m.scripts, ps
		}},
	}
	for _, c := range parsers {
		t.Run(c.name, func(t *testing.T) {
			scripts, problems := c.parse(ctx0, c.file, []byte(c.data))
			require.Empty(t, problems, "the sample must be valid")
			if c.name != "pnpm-workspace" && c.name != ".gitignore" {
				require.Len(t, scripts, 1)
			}
			for _, tc := range []struct {
				ctx context.Context
				why string
			}{{ctx, "the scan's time ran out"}, {cancelled, "the scan was cancelled"}} {
				scripts, problems = c.parse(tc.ctx, c.file, []byte(c.data))
				assert.Empty(t, scripts)
				require.Len(t, problems, 1)
				assert.Equal(t, c.file, problems[0].File)
				assert.True(t, strings.HasPrefix(problems[0].Message, tc.why), problems[0].Message)
			}
		})
	}
}

// A workspace glob never follows a symlink out of the project: "**"
// through a link to the home folder would walk the whole disk.
func TestWorkspaceGlobsStayInTheProject(t *testing.T) {
	wine.Skip(t, wine.Symlinks)
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{
		"package.json":       `{"scripts":{"outside":"x"}}`,
		"deep/package.json":  `{"scripts":{"deep":"x"}}`,
		"other/package.json": `{"scripts":{"other":"x"}}`,
	})
	for _, glob := range []string{"packages/*", "packages/**", "**", "packages/out", "packages/out/deep"} {
		t.Run(glob, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{
				"package.json":             `{"workspaces":["` + glob + `"]}`,
				"packages/in/package.json": `{"scripts":{"in":"x"}}`,
			})
			require.NoError(t, os.Symlink(outside, filepath.Join(dir, "packages", "out")))
			// A link inside the project is still followed.
			require.NoError(t, os.Symlink("in", filepath.Join(dir, "packages", "alias")))
			p := scan(t, dir)
			for _, s := range p.Scripts {
				assert.Equal(t, "in", s.Name, "listed %s from outside the project", s.ID)
			}
			require.Equal(t, 1, len(p.Problems), "got %v", p.Problems)
			assert.Equal(t, "packages/out: links outside the project; workspace globs do not follow it", p.Problems[0].String())
		})
	}
}

func TestGlobWithTooManyStarsIsRefused(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"package.json": `{"workspaces":["` + strings.Repeat("**/a/", 5) + `x"]}`})
	p := scan(t, dir)
	require.Equal(t, 1, len(p.Problems))
	assert.Contains(t, p.Problems[0].Message, `has more than 4 "**"; ignored`)
}

func TestScanReportsProgress(t *testing.T) {
	dir := t.TempDir()
	genMonorepo(t, dir, 50)
	var got []int
	p, err := ScanWith(context.Background(), dir, ScanOptions{Progress: func(n int) { got = append(got, n) }})
	require.NoError(t, err)
	require.NotEmpty(t, p.Scripts)
	require.NotEmpty(t, got)
	for i := 1; i < len(got); i++ {
		require.GreaterOrEqual(t, got[i], got[i-1], "progress went back: %v", got)
	}
	// Every package.json and every folder on the way was examined.
	assert.Greater(t, got[len(got)-1], 50+7, "got %v", got)
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 100: "100", 1000: "1,000", 2097152: "2,097,152", -1234: "-1,234"} {
		assert.Equal(t, want, count(n))
	}
}

func TestLineIndex(t *testing.T) {
	data := []byte("a\nbc\n\nd")
	idx := newLineIndex(data)
	for off, want := range []int{1, 1, 2, 2, 2, 3, 4, 4, 4} { // offset 8 is past the end
		assert.Equal(t, want, idx.line(int64(off)), "offset %d", off)
	}
	assert.Equal(t, 1, idx.line(-5))
}

func TestScanHugeCargoTomlIsQuickAndCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("[package]\nname = \"big\"\n")
	for i := 0; b.Len() < hugeSize-64; i++ {
		fmt.Fprintf(&b, "[[bin]]\nname = \"b%d\" # x\nbad = = 1\n", i)
	}
	dir := writeHuge(t, "Cargo.toml", []byte(b.String()))
	p := scanWithin(t, dir, 4*Budget)
	if budgetSpent(t, p) {
		return
	}
	assert.Len(t, p.Scripts, MaxScriptsPerFile+1, "every binary up to the cap, and cargo test")
	msgs := problemStrings(p.Problems)
	assert.Contains(t, msgs, "Cargo.toml:5: invalid TOML: expected a value, found '='")
	assert.Contains(t, msgs, fmt.Sprintf("Cargo.toml: %s binaries; listing the first %s", count(strings.Count(b.String(), "[[bin]]")), count(MaxScriptsPerFile)))
}
