package stack

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/discover"
)

const pcName = "process-compose.yaml"

func pcID(name string) string { return ProcessComposeID(pcName, name) }

// parsePC reads a process-compose file that must have no problems of its
// own, so that those a test sees are the composer's.
func parsePC(t *testing.T, text string) File {
	t.Helper()
	f := ParseProcessCompose([]byte(text), pcName)
	require.Empty(t, f.Problems, "the file itself is fine")
	return f
}

func scriptIDs(st Stack) []string {
	out := []string{}
	for _, sc := range st.Project.Scripts {
		out = append(out, sc.ID)
	}
	return out
}

func TestComposeProcessComposeScripts(t *testing.T) {
	pc := parsePC(t, `processes:
  db:
    command: postgres -D data
    readiness_probe:
      exec: {command: pg_isready -q}
  api:
    command: ./api
    working_dir: svc
    environment: [PORT=8080]
    description: the API
    depends_on:
      db: {condition: process_healthy}
  _setup:
    command: ./setup
`)
	hum := Parse([]byte("processes:\n  web:\n    command: ./web\n"))
	st := Compose(discovered(), hum, pc)
	assert.Empty(t, problems(st))

	want := []string{ID("web"), pcID("db"), pcID("api"), pcID("_setup"),
		"procfile:Procfile:web", "procfile:Procfile:clock", "package.json:package.json:dev", "package.json:web/package.json:dev"}
	assert.Equal(t, want, scriptIDs(st), "hum.yaml's first, then process-compose's, then the discovered")
	api := st.Project.Scripts[2]
	assert.Equal(t, "process-compose:process-compose.yaml:api", api.ID)
	assert.Equal(t, ProcessComposeSource, api.Source)
	assert.Equal(t, "api", api.Name)
	assert.Equal(t, "./api", api.Run)
	assert.Equal(t, "./api", api.Command)
	assert.Equal(t, "svc", api.Dir)
	assert.Equal(t, "8080", api.Env["PORT"])
	assert.Equal(t, "the API", api.Description)
	assert.Equal(t, pcName, discover.FileOf(api), "the ID names the file")

	require.Contains(t, st.Policies, pcID("api"))
	deps := st.Policies[pcID("api")].DependsOn
	require.Len(t, deps, 1)
	assert.Equal(t, pcID("db"), deps[0].ID)
	assert.Equal(t, ConditionReady, deps[0].Condition)
	require.NotNil(t, st.Policies[pcID("db")].Readiness)
	assert.Equal(t, ProbeExec, st.Policies[pcID("db")].Readiness.Kind)
	assert.Equal(t, [][]string{}, st.Cycles)

	// In the sidebar and `hum scripts`: a heading of its own, titled by
	// its file, after hum.yaml's.
	groups, loose := BySource(st)
	var labels []string
	for _, g := range groups {
		labels = append(labels, g.Source+"/"+g.Label)
	}
	assert.Equal(t, []string{"hum.yaml/hum.yaml", "process-compose/process-compose.yaml", "package.json/package.json", "procfile/Procfile"}, labels)
	require.Len(t, groups[1].Scripts, 3)
	assert.Equal(t, "_setup", groups[1].Scripts[2].Name)
	assert.Empty(t, loose)

	// A name with a leading '_' is a selector `hum run` takes.
	sel := discover.Selectors(st.Project.Scripts)
	assert.Equal(t, "_setup", sel[3])
	found := discover.Resolve(st.Project.Scripts, "_setup")
	require.Len(t, found, 1)
	assert.Equal(t, pcID("_setup"), found[0].ID)
}

func TestComposeProcessComposeRefsStayInTheirFile(t *testing.T) {
	// hum.yaml and process-compose.yaml both have a db: each file's
	// dependencies name its own.
	hum := Parse([]byte(`processes:
  db:
    command: sqlite3 hum.db
  web:
    command: ./web
    depends_on: [db]
`))
	pc := parsePC(t, `processes:
  db:
    command: postgres
  api:
    command: ./api
    depends_on:
      db: {condition: process_started}
      web: {condition: process_started}
`)
	st := Compose(discover.Project{}, hum, pc)
	assert.Equal(t, []string{"process-compose.yaml:8:7: processes.api.depends_on: process-compose.yaml has no process \"web\""}, problems(st),
		"process-compose cannot name hum.yaml's web")
	api := st.Policies[pcID("api")].DependsOn
	require.Len(t, api, 1)
	assert.Equal(t, pcID("db"), api[0].ID, "its db is its own")
	web := st.Policies[ID("web")].DependsOn
	require.Len(t, web, 1)
	assert.Equal(t, ID("db"), web[0].ID, "hum.yaml's db wins a bare name in hum.yaml")
}

func TestComposeProcessComposeNamespaces(t *testing.T) {
	pc := parsePC(t, `processes:
  db:
    command: postgres
    namespace: data
  cache:
    command: redis-server
    namespace: [data, fast]
  api:
    command: ./api
  web:
    command: ./web
    namespace: fast
`)
	hum := Parse([]byte(`processes:
  web:
    command: ./web
groups:
  fast:
    members: [web]
  dev:
    members: [api, "process-compose:process-compose.yaml:db", web]
`))
	st := Compose(discovered(), hum, pc)
	assert.Equal(t, []string{"process-compose.yaml:7:16: namespace fast: hum.yaml has a group of that name, which is used instead"}, problems(st))

	var names []string
	for _, g := range st.Groups {
		names = append(names, g.Name)
	}
	assert.Equal(t, []string{"fast", "dev", "data", "default"}, names, "hum.yaml's groups, then the namespaces")
	fast, _ := st.Group("fast")
	assert.Equal(t, []string{ID("web")}, fast.Members, "hum.yaml's group, not the namespace")
	dev, _ := st.Group("dev")
	assert.Equal(t, []string{pcID("api"), pcID("db"), ID("web")}, dev.Members,
		"a process-compose process by its name or its ID; a name hum.yaml's process has is that process")
	data, _ := st.Group("data")
	assert.Equal(t, []string{pcID("db"), pcID("cache")}, data.Members)
	def, _ := st.Group("default")
	assert.Equal(t, []string{pcID("api")}, def.Members)
}

func TestComposeProcessComposeAmbiguousName(t *testing.T) {
	// A process-compose process that shares its name with a discovered
	// script is named by a longer selector in hum.yaml.
	pc := parsePC(t, "processes:\n  clock:\n    command: ./clock\n")
	hum := Parse([]byte("groups:\n  g:\n    members: [clock, process-compose:clock]\n"))
	st := Compose(discovered(), hum, pc)
	assert.Equal(t, []string{`hum.yaml:3:15: groups.g: "clock" names 2 scripts; use one of their IDs: process-compose:process-compose.yaml:clock, procfile:Procfile:clock`}, problems(st))
	g, _ := st.Group("g")
	assert.Equal(t, []string{pcID("clock")}, g.Members)
}

func TestComposeCycleAcrossFiles(t *testing.T) {
	// api (process-compose) waits for db (process-compose), which hum.yaml
	// makes wait for web (hum.yaml), which waits for api.
	pc := parsePC(t, `processes:
  api:
    command: ./api
    depends_on:
      db: {condition: process_started}
  db:
    command: postgres
`)
	hum := Parse([]byte(`processes:
  web:
    command: ./web
    depends_on: [process-compose:api]
scripts:
  process-compose:db:
    depends_on: [web]
`))
	require.Empty(t, hum.Problems)
	st := Compose(discover.Project{}, hum, pc)
	require.Equal(t, [][]string{{ID("web"), pcID("api"), pcID("db"), ID("web")}}, st.Cycles)
	assert.Equal(t, []string{"hum.yaml:4:18: dependency cycle: web → api → db → web"}, problems(st),
		"the cycle starts in hum.yaml, at web's dependency")

	// The same cycle with only process-compose's edges: its problem is in
	// process-compose.yaml.
	pc = parsePC(t, `processes:
  a:
    command: ./a
    depends_on:
      b: {condition: process_started}
  b:
    command: ./b
    depends_on:
      a: {condition: process_started}
`)
	st = Compose(discover.Project{}, File{}, pc)
	require.Len(t, st.Cycles, 1)
	assert.Equal(t, []string{"process-compose.yaml:5:7: dependency cycle: a → b → a"}, problems(st))
}

func TestComposeHumYAMLSettingsOverProcessCompose(t *testing.T) {
	pc := parsePC(t, `processes:
  db:
    command: postgres
  api:
    command: ./api
    environment: [PORT=8080, MODE=dev]
    depends_on:
      db: {condition: process_started}
    availability:
      restart: on_failure
      max_restarts: 3
    readiness_probe:
      http_get: {host: localhost, port: 8080, path: /health}
    shutdown:
      timeout_seconds: 20
`)
	hum := Parse([]byte(`defaults:
  grace_period: 3s
processes:
  cache:
    command: redis-server
scripts:
  api:
    env: {PORT: "9090"}
    description: the API, as hum.yaml says
    depends_on: {cache: started}
    restart: always
    watch: ["**/*.go"]
`))
	require.Empty(t, hum.Problems)
	st := Compose(discover.Project{}, hum, pc)
	assert.Empty(t, problems(st))

	api := st.Project.Scripts[2]
	require.Equal(t, pcID("api"), api.ID)
	assert.Equal(t, map[string]string{"PORT": "9090", "MODE": "dev", "PC_PROC_NAME": "api", "PC_REPLICA_NUM": "0"}, api.Env, "hum.yaml's env wins")
	assert.Equal(t, "the API, as hum.yaml says", api.Description)

	pol := st.Policies[pcID("api")]
	var deps []string
	for _, d := range pol.DependsOn {
		deps = append(deps, d.ID)
	}
	assert.Equal(t, []string{pcID("db"), ID("cache")}, deps, "hum.yaml's dependencies join the file's")
	assert.Equal(t, RestartAlways, pol.Restart.Policy, "hum.yaml's restart replaces the file's")
	assert.Zero(t, pol.Restart.MaxRestarts)
	require.NotNil(t, pol.Readiness, "the file's probe stays when hum.yaml gives none")
	assert.Equal(t, "http://localhost:8080/health", pol.Readiness.URL)
	require.NotNil(t, pol.Watch)
	assert.Equal(t, []string{"**/*.go"}, pol.Watch.Paths)

	assert.Equal(t, 3*time.Second, st.Defaults.GracePeriod, "hum.yaml's grace period wins")
	st = Compose(discover.Project{}, File{}, pc)
	assert.Equal(t, 20*time.Second, st.Defaults.GracePeriod, "without one, the file's")
}

func TestComposeProcessComposeProblemsNameTheirFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "process-compose.yaml", `processes:
  api:
    command: ./api
`)
	writeFile(t, dir, "process-compose.override.yaml", `processes:
  worker:
    command: ./worker
    depends_on:
      ghost: {condition: process_started}
  api:
    depends_on:
      phantom: {condition: process_started}
`)
	writeFile(t, dir, "Procfile", "web: node server.js\n")
	st, err := Scan(context.Background(), dir, discover.ScanOptions{})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{
		`process-compose.override.yaml:5:7: processes.worker.depends_on: process-compose.yaml has no process "ghost"`,
		`process-compose.override.yaml:8:7: processes.api.depends_on: process-compose.yaml has no process "phantom"`,
	}, problems(st))
	assert.Equal(t, []string{pcID("api"), pcID("worker"), "procfile:Procfile:web"}, scriptIDs(st))

	groups, loose := BySource(st)
	require.Len(t, groups, 2)
	assert.Equal(t, pcName, groups[0].Label)
	assert.Len(t, groups[0].Problems, 2, "the override's problems sit with the file it overrides")
	assert.Empty(t, loose)
	assert.True(t, st.IsFileProblem(st.Project.Problems[0]))
	assert.Contains(t, st.Files(), "process-compose.override.yaml")
	assert.Contains(t, st.Files(), FileName)
}

// TestDocsProcessComposeExample reads the example at the top of
// docs/process-compose.md: it must load without a problem and wait in the
// order the page says.
func TestDocsProcessComposeExample(t *testing.T) {
	data, err := os.ReadFile("../../docs/process-compose.md")
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(data), "```yaml\n")
	require.True(t, ok, "the page has a yaml example")
	example, _, ok := strings.Cut(rest, "```")
	require.True(t, ok)
	st := Compose(discover.Project{}, File{}, parsePC(t, example))
	assert.Empty(t, problems(st))
	assert.Equal(t, []string{pcID("db"), pcID("migrate"), pcID("api"), pcID("web")}, scriptIDs(st))
	wants := map[string]Dependency{
		"migrate": {ID: pcID("db"), Condition: ConditionReady},
		"api":     {ID: pcID("migrate"), Condition: ConditionCompletedSuccessfully},
		"web":     {ID: pcID("api"), Condition: ConditionReady},
	}
	for name, want := range wants {
		deps := st.Policies[pcID(name)].DependsOn
		require.Len(t, deps, 1, "%s", name)
		assert.Equal(t, want.ID, deps[0].ID, "%s: got %v, want %v", name, deps[0].ID, want.ID)
		assert.Equal(t, want.Condition, deps[0].Condition, "%s: got %v, want %v", name, deps[0].Condition, want.Condition)
	}
	assert.Equal(t, RestartOnFailure, st.Policies[pcID("api")].Restart.Policy)
	assert.Equal(t, "web", st.Project.Scripts[3].Dir)
	assert.Empty(t, st.Cycles)
}

// FuzzComposeProcessCompose composes a process-compose file and a hum.yaml
// over a discovered project: whatever they say, every ID is listed once,
// every reference resolves to a listed script, a process-compose
// process's own dependencies stay in its file, and the problems are
// bounded and name a file.
func FuzzComposeProcessCompose(f *testing.F) {
	f.Add("processes:\n  a: {command: x, depends_on: {b: {condition: process_started}}}\n  b: {command: y, namespace: n}\n",
		"scripts:\n  process-compose:b:\n    depends_on: [a]\ngroups:\n  g: {members: [a, b, web]}\n")
	f.Add("processes:\n  db: {command: x}\n  _s: {command: y, replicas: 2, depends_on: {db: {}}, namespace: [g, h]}\n",
		"processes:\n  db: {command: z, depends_on: [process-compose:db]}\ngroups:\n  g: {members: [_s-0, db]}\n")
	f.Add("processes:\n  a: {command: \"x\\ny\"}\n  b: {command: y, depends_on: {a: {}, c: {}}}\n", "")
	f.Add("", "processes:\n  a: {command: x}\n")
	f.Fuzz(func(t *testing.T, pcSrc, humSrc string) {
		pc := ParseProcessCompose([]byte(pcSrc), pcName)
		st := Compose(discovered(), Parse([]byte(humSrc)), pc)
		listed := map[string]discover.Script{}
		for _, sc := range st.Project.Scripts {
			if _, dup := listed[sc.ID]; dup {
				t.Fatalf("%s listed twice", sc.ID)
			}
			listed[sc.ID] = sc
		}
		own := map[string]bool{}
		for _, pr := range pc.Processes {
			own[pr.Name] = true
		}
		for id, pol := range st.Policies {
			if _, ok := listed[id]; !ok {
				t.Fatalf("a policy for %s, which is not listed", id)
			}
			for _, d := range pol.DependsOn {
				if _, ok := listed[d.ID]; !ok {
					t.Fatalf("%s depends on %s, which is not listed", id, d.ID)
				}
			}
		}
		for _, pr := range pc.Processes {
			id := ProcessComposeID(pcName, pr.Name)
			for _, d := range pr.Policy.DependsOn {
				for _, got := range st.Policies[id].DependsOn {
					if got.Ref == d.Ref && got.Pos == d.Pos && got.ID != ProcessComposeID(pcName, d.Ref) {
						t.Fatalf("%s's dependency %q resolved out of its file, to %s", id, d.Ref, got.ID)
					}
				}
			}
		}
		for _, g := range st.Groups {
			seen := map[string]bool{}
			for _, m := range g.Members {
				if _, ok := listed[m]; !ok || seen[m] {
					t.Fatalf("group %s: member %s unlisted or twice", g.Name, m)
				}
				seen[m] = true
			}
		}
		for _, cy := range st.Cycles {
			for i := 0; i+1 < len(cy); i++ {
				if !slices.ContainsFunc(st.Policies[cy[i]].DependsOn, func(d Dependency) bool { return d.ID == cy[i+1] }) {
					t.Fatalf("cycle %v: %s does not depend on %s", cy, cy[i], cy[i+1])
				}
			}
		}
		n := 0
		for _, p := range st.Project.Problems {
			if p.File == "" || p.Message == "" {
				t.Fatalf("got problem %+v, want one naming a file, with a message", p)
			}
			if st.IsFileProblem(p) {
				n++
			}
		}
		if max := 2 * (discover.MaxProblemsPerFile + 2); n > max {
			t.Fatalf("got %d problems, want at most %d", n, max)
		}
	})
}

// TestComposeLargeProcessComposeFileIsQuick composes the most processes a
// file may declare, all in one namespace and each depending on the one
// before: composing stays well under a second's work per thousand.
func TestComposeLargeProcessComposeFileIsQuick(t *testing.T) {
	var b strings.Builder
	b.WriteString("processes:\n")
	for i := range MaxProcesses {
		fmt.Fprintf(&b, "  p%d:\n    command: x\n    namespace: all\n", i)
		if i > 0 {
			fmt.Fprintf(&b, "    depends_on: {p%d: {condition: process_started}}\n", i-1)
		}
	}
	pc := parsePC(t, b.String())
	start := time.Now()
	st := Compose(discovered(), File{}, pc)
	took := time.Since(start)
	assert.Empty(t, problems(st))
	assert.Len(t, st.Policies, MaxProcesses-1)
	all, ok := st.Group("all")
	require.True(t, ok)
	assert.Len(t, all.Members, MaxMembers, "a group holds at most MaxMembers")
	assert.Less(t, took, 20*time.Second, "got %v", took)
}
