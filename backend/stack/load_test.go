package stack

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/discover"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return data
}

func TestParseFullFixture(t *testing.T) {
	f := Parse(readFixture(t, "full.yaml"))
	require.Empty(t, f.Problems, "got problems %v, want none", f.Problems)

	require.Len(t, f.Processes, 3)
	db, api, worker := f.Processes[0], f.Processes[1], f.Processes[2]
	assert.Equal(t, Process{Name: "db", Command: "docker compose up postgres", Dir: ".", Description: "Postgres on 5432", Pos: Pos{6, 3}}, db)
	assert.Equal(t, Process{
		Name: "api", Argv: []string{"go", "run", "./cmd/api"}, Dir: "api",
		Env:      map[string]string{"PORT": "8080", "LOG_LEVEL": "debug"},
		EnvFiles: []string{".env.api"}, Pos: Pos{10, 3},
	}, api)
	assert.Equal(t, []string{".env", ".env.worker"}, worker.EnvFiles)

	require.Len(t, f.Scripts, 1)
	assert.Equal(t, "web:dev", f.Scripts[0].Ref)
	assert.Equal(t, map[string]string{"NEXT_TELEMETRY_DISABLED": "1"}, f.Scripts[0].Env)

	require.Len(t, f.Groups, 2)
	assert.Equal(t, "dev", f.Groups[0].Name)
	assert.Equal(t, "db, api and the web app", f.Groups[0].Description)
	assert.Equal(t, []Member{{"db", Pos{36, 9}}, {"api", Pos{37, 9}}, {"web:dev", Pos{38, 9}}}, f.Groups[0].Members)
	assert.Equal(t, []Member{{"db", Pos{41, 15}}, {"worker", Pos{41, 19}}}, f.Groups[1].Members)

	assert.Equal(t, Defaults{GracePeriod: 10 * time.Second, Autostart: "dev"}, f.Defaults)
}

// TestParseMistakes checks that each kind of mistake is reported where it
// is, with line and column, and hides nothing else: the good process and
// group beside it are still there.
func TestParseMistakes(t *testing.T) {
	const good = `
  ok:
    command: echo ok
`
	const goodGroup = `
  fine:
    members: [ok]
`
	cases := []struct {
		name, processes, groups, extra string
		want                           string // the problem, as String prints it
	}{
		{"unknown key", "  bad:\n    comand: echo\n", "", "", "hum.yaml:3:5: processes.bad: unknown key \"comand\" (accepted: command, argv, dir, env, env_file, description, tty, depends_on, readiness, restart, watch, disabled)"},
		{"tty not a boolean", "  bad:\n    command: echo\n    tty: sometimes\n", "", "", "hum.yaml:4:10: processes.bad.tty must be true or false, not a string (\"sometimes\")"},
		{"both command and argv", "  bad:\n    command: echo\n    argv: [echo]\n", "", "", "hum.yaml:4:5: processes.bad has both command and argv; give one: command is a shell line, argv a program and its arguments"},
		{"neither", "  bad:\n    dir: web\n", "", "", "hum.yaml:2:3: processes.bad needs a command (a shell line) or argv (a program and its arguments)"},
		{"wrong type", "  bad:\n    command: [echo]\n", "", "", "hum.yaml:3:14: processes.bad.command must be a string, not a list"},
		{"dir escaping", "  bad:\n    command: echo\n    dir: ../elsewhere\n", "", "", `hum.yaml:4:10: processes.bad.dir "../elsewhere" leads out of the project`},
		{"absolute dir", "  bad:\n    command: echo\n    dir: /etc\n", "", "", `hum.yaml:4:10: processes.bad.dir "/etc" is absolute; write it relative to the project root`},
		{"env_file escaping", "  bad:\n    command: echo\n    env_file: [a.env, ../../secret.env]\n", "", "", `hum.yaml:4:23: processes.bad.env_file "../../secret.env" leads out of the project`},
		{"duplicate name", "  ok:\n    command: echo again\n", "", "", `hum.yaml:4:3: processes: "ok" is given twice (first at line 2)`},
		{"hostile name", "  \"a b;rm\":\n    command: echo\n", "", "", `hum.yaml:2:3: process name "a b;rm" may hold only letters, digits, '.', '_' and '-', and starts with a letter or digit`},
		{"env of a list", "  bad:\n    command: echo\n    env: [A=1]\n", "", "", "hum.yaml:4:10: processes.bad.env must be a mapping of NAME: value, not a list"},
		{"group of a list", "", "  bad: [ok]\n", "", "hum.yaml:5:8: groups.bad must be a mapping with description and members, not a list"},
		{"bad autostart", "", "", "defaults:\n  autostart: nope\n", `hum.yaml:8:14: defaults.autostart: no group "nope" in hum.yaml`},
		{"bad grace", "", "", "defaults:\n  grace_period: soon\n", `hum.yaml:8:17: defaults.grace_period "soon" is not a duration such as 5s or 1m30s`},
		{"unknown top key", "", "", "version: 3\n", "hum.yaml:7:1: hum.yaml: unknown key \"version\" (accepted: processes, scripts, groups, defaults, agents)"},
		{"run_command allowed in hum.yaml", "", "", "agents:\n  allow: [start, run_command]\n", "hum.yaml:8:18: agents.allow: run_command cannot be allowed in hum.yaml: it runs any command an agent asks for, and a hum.yaml comes with the repository; whoever runs hum mcp can pass --allow run_command"},
		{"unknown agent tool", "", "", "agents:\n  allow: [rm]\n", `hum.yaml:8:11: agents.allow: unknown tool "rm" (hum.yaml may allow start, stop, restart)`},
		{"agents key", "", "", "agents:\n  approve: [start]\n", `hum.yaml:8:3: agents: unknown key "approve" (accepted: allow)`},
		{"compose's name", "", "", "services:\n  x: {}\n", "hum.yaml:7:1: hum.yaml: unknown key \"services\"; hum.yaml calls it \"processes\""},
		{"process-compose's name", "  bad:\n    command: echo\n    working_dir: web\n", "", "", "hum.yaml:4:5: processes.bad: unknown key \"working_dir\"; hum.yaml calls it \"dir\""},
		{"merge key", "  bad:\n    <<: {command: echo}\n", "", "", "hum.yaml:3:5: processes.bad: merge keys (<<) are not supported; write the entries out, or use an alias as a whole value"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := "processes:\n" + tc.processes + strings.TrimPrefix(good, "\n") + "groups:\n" + tc.groups + strings.TrimPrefix(goodGroup, "\n") + tc.extra
			f := Parse([]byte(src))
			var got []string
			for _, p := range f.Problems {
				got = append(got, p.String())
			}
			require.NotEmpty(t, got, "in:\n%s", src)
			assert.Equal(t, tc.want, got[0], "in:\n%s", src)
			for _, p := range f.Problems {
				assert.True(t, p.Line > 0 && p.Column > 0, "got %v, want a line and a column", p)
			}
			names := []string{}
			for _, p := range f.Processes {
				names = append(names, p.Name)
			}
			assert.Contains(t, names, "ok", "the good process is still there")
			found := false
			for _, g := range f.Groups {
				found = found || g.Name == "fine"
			}
			assert.True(t, found, "the good group is still there")
		})
	}
}

// TestParseAgentsAllow: hum.yaml may let a headless hum mcp start, stop and
// restart, and nothing else; run_command is refused, the rest kept.
func TestParseAgentsAllow(t *testing.T) {
	f := Parse([]byte("agents:\n  allow: [start, stop, restart]\n"))
	require.Empty(t, f.Problems)
	assert.Equal(t, []string{"start", "stop", "restart"}, f.Agents.Allow)
	assert.Equal(t, []string{"start", "stop", "restart"}, Compose(discover.Project{}, f).Agents.Allow)

	f = Parse([]byte("agents:\n  allow: [run_command, restart]\n"))
	require.Len(t, f.Problems, 1)
	assert.Contains(t, f.Problems[0].Message, "run_command cannot be allowed in hum.yaml")
	assert.Equal(t, []string{"restart"}, f.Agents.Allow, "run_command is never allowed")

	assert.Empty(t, Parse([]byte("agents:\n")).Agents.Allow)
	assert.Empty(t, Parse([]byte("agents:\n  allow:\n")).Problems)
}

func TestParseSyntaxErrorHasLine(t *testing.T) {
	f := Parse([]byte("processes:\n  a:\n    command: echo\n  b: [unclosed\n"))
	require.Len(t, f.Problems, 1)
	p := f.Problems[0]
	assert.Equal(t, FileName, p.File)
	assert.Positive(t, p.Line, "got %v, want a line", p)
	assert.Contains(t, p.Message, "not valid YAML")
}

func TestParseEmptyAndCommentOnly(t *testing.T) {
	for _, src := range []string{"", "# nothing yet\n", "---\n", "processes:\ngroups:\n"} {
		f := Parse([]byte(src))
		assert.Empty(t, f.Problems, "%q: got %v", src, f.Problems)
		assert.Empty(t, f.Processes)
	}
}

func TestParseTopLevelNotAMapping(t *testing.T) {
	f := Parse([]byte("- a\n- b\n"))
	require.Len(t, f.Problems, 1)
	assert.Equal(t, "hum.yaml:1:1: hum.yaml must be a mapping of processes, scripts, groups, defaults, agents, not a list", f.Problems[0].String())
}

func TestParseSecondDocument(t *testing.T) {
	f := Parse([]byte("processes:\n  a:\n    command: echo\n---\nprocesses: {}\n"))
	require.Len(t, f.Problems, 1)
	assert.Equal(t, 4, f.Problems[0].Line, "got %v", f.Problems[0])
	assert.Len(t, f.Processes, 1)
}

func TestParseAliasesShareValues(t *testing.T) {
	f := Parse([]byte(`
processes:
  a:
    command: echo a
    env: &common
      A: "1"
  b:
    command: echo b
    env: *common
groups:
  x:
    members: &both [a, b]
  y:
    members: *both
`))
	require.Empty(t, f.Problems)
	assert.Equal(t, map[string]string{"A": "1"}, f.Processes[1].Env)
	assert.Len(t, f.Groups[1].Members, 2)
}

func TestParseCaps(t *testing.T) {
	var b strings.Builder
	b.WriteString("processes:\n")
	for i := range MaxProcesses + 5 {
		fmt.Fprintf(&b, "  p%d: {command: echo}\n", i)
	}
	f := Parse([]byte(b.String()))
	assert.Len(t, f.Processes, MaxProcesses)
	require.Len(t, f.Problems, 1)
	assert.Contains(t, f.Problems[0].Message, fmt.Sprintf("more than %d processes", MaxProcesses))

	b.Reset()
	b.WriteString("processes:\n")
	for i := range discover.MaxProblemsPerFile + 10 {
		fmt.Fprintf(&b, "  p%d: {}\n", i)
	}
	f = Parse([]byte(b.String()))
	require.Len(t, f.Problems, discover.MaxProblemsPerFile+1)
	assert.Equal(t, "hum.yaml: 110 problems; showing the first 100", f.Problems[discover.MaxProblemsPerFile].String())

	f = Parse(make([]byte, discover.MaxFileSize+1))
	require.Len(t, f.Problems, 1)
	assert.Contains(t, f.Problems[0].Message, "larger than")
}

func TestLoadRefusesHugeAndOddFiles(t *testing.T) {
	dir := t.TempDir()
	assert.False(t, Load(dir).Found, "no hum.yaml")

	require.NoError(t, os.WriteFile(filepath.Join(dir, FileName), make([]byte, discover.MaxFileSize+1), 0o644))
	f := Load(dir)
	assert.True(t, f.Found)
	require.Len(t, f.Problems, 1)
	assert.Contains(t, f.Problems[0].Message, "larger than the 4194304 byte limit")

	require.NoError(t, os.Remove(filepath.Join(dir, FileName)))
	require.NoError(t, os.Mkdir(filepath.Join(dir, FileName), 0o755))
	f = Load(dir)
	require.Len(t, f.Problems, 1)
	assert.Equal(t, "hum.yaml: not a regular file; skipped", f.Problems[0].String())
}

func TestLoadRefusesASymlinkOutOfTheProject(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "out")); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	require.NoError(t, os.Mkdir(filepath.Join(dir, "in"), 0o755))
	writeFile(t, dir, FileName, "processes:\n  bad:\n    command: pwd\n    dir: out\n  good:\n    command: pwd\n    dir: in\ngroups:\n  g:\n    members: [bad, good]\n")
	st := Compose(discover.Project{Root: dir}, Load(dir))
	require.Len(t, st.Project.Problems, 1, "got %v", st.Project.Problems)
	assert.Equal(t, `hum.yaml:2:3: processes.bad: dir "out" leads out of the project through a symlink`, st.Project.Problems[0].String())
	require.Len(t, st.Project.Scripts, 1)
	assert.Equal(t, "good", st.Project.Scripts[0].Name)
	assert.Equal(t, []string{ID("good")}, st.Groups[0].Members, "the refused process is left out without a second problem")
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(name))
	require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
	require.NoError(t, os.WriteFile(full, []byte(content), 0o644))
}

// TestScanComposesTheProject reads a real project folder: a package.json
// in web/, a Procfile, and a hum.yaml that adds processes, sets a
// discovered script's env and groups both.
// TestTTYFalseRunsOnPipes: `tty: false` on a process or on a discovered
// script's settings reaches the script Hum runs; every other script stays
// on a terminal.
func TestTTYFalseRunsOnPipes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "Procfile", "web: node server.js\nclock: node clock.js\n")
	writeFile(t, dir, FileName, `
processes:
  db: {command: postgres, tty: false}
  api: {command: go run ., tty: true}
  worker: {command: node worker.js}
scripts:
  procfile:clock: {tty: false}
`)
	st, err := Scan(context.Background(), dir, discover.ScanOptions{})
	require.NoError(t, err)
	require.Empty(t, st.Project.Problems)
	pipes := map[string]bool{}
	for _, sc := range st.Project.Scripts {
		pipes[sc.Name] = sc.Pipes
	}
	want := map[string]bool{"db": true, "api": false, "worker": false, "web": false, "clock": true}
	assert.Equal(t, want, pipes, "got pipes %v, want %v", pipes, want)
}

func TestScanComposesTheProject(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "package.json", `{"workspaces": ["web"], "scripts": {"dev": "turbo dev"}}`)
	writeFile(t, dir, "web/package.json", `{"scripts": {"dev": "vite", "build": "vite build"}}`)
	writeFile(t, dir, "Procfile", "web: node server.js\nclock: node clock.js\n")
	writeFile(t, dir, FileName, `
processes:
  db:
    command: postgres -D data
  api:
    argv: [go, run, "./cmd/api server"]
    dir: api
    env: {PORT: 8080}
    env_file: [.env.api]
scripts:
  web:dev:
    description: hot reload
    env: {NODE_ENV: development}
    env_file: web/.env
  procfile:clock:
    env: {TZ: UTC}
groups:
  dev:
    members: [db, api, web:dev, clock, nope, dev]
defaults:
  autostart: dev
`)
	st, err := Scan(context.Background(), dir, discover.ScanOptions{})
	require.NoError(t, err)
	assert.True(t, st.HasFile)
	byID := map[string]discover.Script{}
	var order []string
	for _, s := range st.Project.Scripts {
		byID[s.ID] = s
		order = append(order, s.ID)
	}
	assert.Equal(t, []string{"hum.yaml:hum.yaml:db", "hum.yaml:hum.yaml:api"}, order[:2], "hum.yaml's processes come first")

	api := byID["hum.yaml:hum.yaml:api"]
	assert.Equal(t, "hum.yaml", api.Source)
	assert.Equal(t, []string{"go", "run", "./cmd/api server"}, api.Argv)
	assert.Equal(t, "go run './cmd/api server'", api.Run)
	assert.Equal(t, "api", api.Dir)
	assert.Equal(t, map[string]string{"PORT": "8080"}, api.Env)
	assert.Equal(t, []string{".env.api"}, api.EnvFiles)
	assert.Equal(t, "postgres -D data", byID["hum.yaml:hum.yaml:db"].Run)

	dev := byID["package.json:web/package.json:dev"]
	assert.Equal(t, "hot reload", dev.Description)
	assert.Equal(t, map[string]string{"NODE_ENV": "development"}, dev.Env)
	assert.Equal(t, []string{"web/.env"}, dev.EnvFiles)
	assert.Equal(t, map[string]string{"TZ": "UTC"}, byID["procfile:Procfile:clock"].Env)

	require.Len(t, st.Groups, 1)
	assert.Equal(t, []string{"hum.yaml:hum.yaml:db", "hum.yaml:hum.yaml:api", "package.json:web/package.json:dev", "procfile:Procfile:clock"}, st.Groups[0].Members)
	assert.Equal(t, []string{"db", "api", "web:dev", "clock"}, st.Groups[0].Refs, "each member as written")

	// The name an edit writes for a member: a process's own, else the
	// shortest that names only that script, and the same script again.
	for id, want := range map[string]string{
		"hum.yaml:hum.yaml:db":              "db",
		"procfile:Procfile:clock":           "clock",
		"procfile:Procfile:web":             "web",
		"package.json:web/package.json:dev": "web:dev",
		"package.json:package.json:dev":     ".:dev",
	} {
		ref, ok := Ref(st.Project, id)
		require.True(t, ok, id)
		assert.Equal(t, want, ref, "%s: got %q, want %q", id, ref, want)
		found := discover.Resolve(st.Project.Scripts, ref)
		require.Len(t, found, 1, "%q names one script", ref)
		assert.Equal(t, id, found[0].ID)
	}
	_, ok := Ref(st.Project, "procfile:Procfile:gone")
	assert.False(t, ok)
	var got []string
	for _, p := range st.Project.Problems {
		got = append(got, p.String())
	}
	assert.Equal(t, []string{
		`hum.yaml:19:40: groups.dev: no process or script "nope"`,
		`hum.yaml:19:46: groups.dev: "dev" names 2 scripts; use one of their IDs: package.json:package.json:dev, package.json:web/package.json:dev`,
	}, got, "dev is ambiguous: the root and web/ both have one")
	assert.Equal(t, "dev", st.Defaults.Autostart)
}

func TestComposeSettingsProblems(t *testing.T) {
	p := discover.Project{Scripts: []discover.Script{
		{ID: "procfile:Procfile:web", Source: "procfile", Name: "web", Dir: "."},
		{ID: "makefile:Makefile:web", Source: "makefile", Name: "web", Dir: "."},
	}}
	f := Parse([]byte("scripts:\n  web: {description: x}\n  ghost: {description: y}\n  procfile:web: {description: z}\n  procfile:Procfile:web: {description: again}\n"))
	require.Empty(t, f.Problems)
	st := Compose(p, f)
	var got []string
	for _, pr := range st.Project.Problems {
		got = append(got, pr.String())
	}
	assert.Equal(t, []string{
		`hum.yaml:2:3: scripts: "web" names 2 scripts; use one of their IDs: procfile:Procfile:web, makefile:Makefile:web`,
		"hum.yaml:3:3: scripts: no discovered script \"ghost\" (`hum scripts` lists them)",
		`hum.yaml:5:3: scripts: "procfile:Procfile:web" is procfile:Procfile:web, whose settings are given already at line 4`,
	}, got)
	assert.Equal(t, "z", st.Project.Scripts[0].Description)
	assert.Empty(t, p.Scripts[0].Description, "the discovered project is not modified")
}

func TestBySourcePutsHumYAMLFirst(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "Procfile", "web: node server.js\n")
	writeFile(t, dir, "Makefile", "build:\n\tgo build\n")
	writeFile(t, dir, FileName, "processes:\n  db:\n    command: postgres\n  bad: {}\n")
	st, err := Scan(context.Background(), dir, discover.ScanOptions{})
	require.NoError(t, err)
	groups, loose := BySource(st)
	var labels []string
	for _, g := range groups {
		labels = append(labels, g.Label)
	}
	assert.Equal(t, []string{"hum.yaml", "Makefile", "Procfile"}, labels)
	require.Len(t, groups[0].Scripts, 1)
	assert.Equal(t, "db", groups[0].Scripts[0].Name)
	require.Len(t, groups[0].Problems, 1, "the problem sits beside hum.yaml's processes")
	assert.Equal(t, "hum.yaml:4:3: processes.bad needs a command (a shell line) or argv (a program and its arguments)", groups[0].Problems[0].String())
	assert.Empty(t, loose)

	only := discover.Project{Problems: []discover.Problem{{File: FileName, Line: 1, Column: 1, Message: "not valid YAML"}}}
	groups, _ = BySource(Stack{Project: only})
	require.Len(t, groups, 1, "a hum.yaml with only problems still has its group")
	assert.Empty(t, groups[0].Scripts)
}

// TestComposeHostileFileIsBounded composes the most a hum.yaml may declare
// (500 groups of 1,000 members, most naming nothing) over 10,000
// discovered scripts: the problems stay capped and composing stays linear.
func TestComposeHostileFileIsBounded(t *testing.T) {
	var p discover.Project
	for i := range discover.MaxScriptsPerProject {
		name := fmt.Sprintf("s%d", i)
		p.Scripts = append(p.Scripts, discover.Script{ID: "procfile:Procfile:" + name, Source: "procfile", Name: name, Dir: "."})
	}
	var b strings.Builder
	b.WriteString("groups:\n")
	for g := range MaxGroups {
		fmt.Fprintf(&b, "  g%d:\n    members: [", g)
		for m := range MaxMembers {
			if m > 0 {
				b.WriteString(", ")
			}
			if m%10 == 0 {
				fmt.Fprintf(&b, "s%d", m)
			} else {
				fmt.Fprintf(&b, "x%d", m)
			}
		}
		b.WriteString("]\n")
	}
	f := Parse([]byte(b.String()))
	require.Empty(t, f.Problems)
	start := time.Now()
	st := Compose(p, f)
	// Generous: a quadratic resolve takes minutes here, a linear one milliseconds.
	assert.Less(t, time.Since(start), 30*time.Second)
	require.Len(t, st.Groups, MaxGroups)
	assert.Len(t, st.Groups[0].Members, MaxMembers/10)
	require.Len(t, st.Project.Problems, discover.MaxProblemsPerFile+1)
	assert.Equal(t, fmt.Sprintf("hum.yaml: %d more problems with what hum.yaml names; fix the ones shown first", MaxGroups*MaxMembers*9/10-discover.MaxProblemsPerFile),
		st.Project.Problems[discover.MaxProblemsPerFile].String())
}

func TestParseKeysWrittenAsNumbers(t *testing.T) {
	f := Parse([]byte("processes:\n  8080:\n    command: serve\n  ~:\n    command: x\ngroups:\n  1:\n    members: [\"8080\"]\n"))
	require.Len(t, f.Processes, 1)
	assert.Equal(t, "8080", f.Processes[0].Name)
	require.Len(t, f.Problems, 1)
	assert.Equal(t, "hum.yaml:4:3: processes: keys must be strings, not nothing", f.Problems[0].String())
	st := Compose(discover.Project{}, f)
	assert.Equal(t, []string{ID("8080")}, st.Groups[0].Members)
}
