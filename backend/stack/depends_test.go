package stack

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/discover"
)

// discovered is a project with a Procfile's web and clock, and a dev
// script in two package.json files (so "dev" alone is ambiguous).
func discovered() discover.Project {
	return discover.Project{Scripts: []discover.Script{
		{ID: "procfile:Procfile:web", Source: "procfile", Name: "web", Dir: "."},
		{ID: "procfile:Procfile:clock", Source: "procfile", Name: "clock", Dir: "."},
		{ID: "package.json:package.json:dev", Source: "package.json", Name: "dev", Dir: "."},
		{ID: "package.json:web/package.json:dev", Source: "package.json", Name: "dev", Dir: "web"},
	}}
}

func problems(st Stack) []string {
	out := []string{}
	for _, p := range st.Project.Problems {
		out = append(out, p.String())
	}
	return out
}

func TestComposeResolvesDependencies(t *testing.T) {
	f := Parse([]byte(`processes:
  db:
    command: postgres
    readiness: {tcp: "localhost:5432"}
  api:
    command: ./api
    depends_on:
      db: ready
      procfile:Procfile:clock: started
      .:dev: {log_ready: ready}
  web:
    command: ./web
    depends_on: [api]
  plain:
    command: echo
scripts:
  web:dev:
    depends_on: {db: ready, web: started}
    restart: always
  clock:
    description: no policy
`))
	require.Empty(t, f.Problems)
	st := Compose(discovered(), f)
	assert.Empty(t, problems(st))
	assert.Empty(t, st.Cycles)

	assert.Equal(t, []Dependency{
		{Ref: "db", ID: ID("db"), Condition: ConditionReady, Pos: Pos{8, 7}},
		{Ref: "procfile:Procfile:clock", ID: "procfile:Procfile:clock", Condition: ConditionStarted, Pos: Pos{9, 7}},
		{Ref: ".:dev", ID: "package.json:package.json:dev", Condition: ConditionLogReady, Pattern: "ready", Pos: Pos{10, 7}},
	}, st.Policies[ID("api")].DependsOn, "a process name, a script ID and a selector")
	assert.Equal(t, []Dependency{{Ref: "api", ID: ID("api"), Condition: ConditionStarted, Pos: Pos{13, 18}}}, st.Policies[ID("web")].DependsOn)
	assert.Equal(t, &Probe{Kind: ProbeTCP, Address: "localhost:5432", Pos: Pos{4, 16}}, st.Policies[ID("db")].Readiness)

	dev := st.Policies["package.json:web/package.json:dev"]
	assert.Equal(t, RestartAlways, dev.Restart.Policy, "a discovered script's settings give it its policy")
	assert.Equal(t, []Dependency{
		{Ref: "db", ID: ID("db"), Condition: ConditionReady, Pos: Pos{18, 18}},
		{Ref: "web", ID: ID("web"), Condition: ConditionStarted, Pos: Pos{18, 29}},
	}, dev.DependsOn, "web is hum.yaml's process, not the Procfile's web: a process name wins")

	assert.NotContains(t, st.Policies, ID("plain"), "a process with no policy has no entry")
	assert.NotContains(t, st.Policies, "procfile:Procfile:clock", "settings with no policy give none")
	assert.Len(t, st.Policies, 4)
	assert.Empty(t, f.Processes[1].Policy.DependsOn[0].ID, "the File is not modified")
}

func TestComposeDependencyProblems(t *testing.T) {
	f := Parse([]byte(`processes:
  api:
    command: ./api
    depends_on:
      nope: ready
      dev: started
      web: ready
      procfile:Procfile:web: ready
      broken: ready
      db: ready
  broken:
    comand: oops
  db:
    command: postgres
scripts:
  clock:
    depends_on: [ghost]
`))
	require.Len(t, f.Problems, 2, "got %v", f.Problems)
	st := Compose(discovered(), f)
	assert.Equal(t, []string{
		`hum.yaml:12:5: processes.broken: unknown key "comand" (accepted: command, argv, dir, env, env_file, description, tty, depends_on, readiness, restart, watch, disabled)`,
		"hum.yaml:11:3: processes.broken needs a command (a shell line) or argv (a program and its arguments)",
		`hum.yaml:5:7: processes.api.depends_on: no process or script "nope"`,
		`hum.yaml:6:7: processes.api.depends_on: "dev" names 2 scripts; use one of their IDs: package.json:package.json:dev, package.json:web/package.json:dev`,
		`hum.yaml:8:7: processes.api.depends_on: "procfile:Procfile:web" is procfile:Procfile:web, which "web" names already`,
		`hum.yaml:17:18: scripts.clock.depends_on: no process or script "ghost"`,
	}, problems(st), "broken has its own problem, and is not also unknown")
	assert.Equal(t, []Dependency{
		{Ref: "web", ID: "procfile:Procfile:web", Condition: ConditionReady, Pos: Pos{7, 7}},
		{Ref: "db", ID: ID("db"), Condition: ConditionReady, Pos: Pos{10, 7}},
	}, st.Policies[ID("api")].DependsOn, "the good dependencies are kept")
	assert.NotContains(t, st.Policies, "procfile:Procfile:clock", "a policy left with nothing is none")
}

func TestComposeFindsCycles(t *testing.T) {
	cases := []struct {
		name, processes string
		cycles          [][]string // by process name
		problems        []string
	}{
		{"a → b → a", "  a: {command: x, depends_on: [b]}\n  b: {command: x, depends_on: {a: ready}}\n",
			[][]string{{"a", "b", "a"}}, []string{"hum.yaml:2:32: dependency cycle: a → b → a"}},
		{"a self-cycle", "  a: {command: x, depends_on: [a]}\n",
			[][]string{{"a", "a"}}, []string{"hum.yaml:2:32: dependency cycle: a → a"}},
		{"two disjoint cycles", "  a: {command: x, depends_on: [b]}\n  b: {command: x, depends_on: [a]}\n  c: {command: x, depends_on: [d]}\n  d: {command: x, depends_on: [e]}\n  e: {command: x, depends_on: [c]}\n",
			[][]string{{"a", "b", "a"}, {"c", "d", "e", "c"}}, []string{"hum.yaml:2:32: dependency cycle: a → b → a", "hum.yaml:4:32: dependency cycle: c → d → e → c"}},
		{"a cycle and an innocent dependent", "  web: {command: x, depends_on: [api]}\n  api: {command: x, depends_on: {db: ready}}\n  db: {command: x, depends_on: [api]}\n",
			[][]string{{"api", "db", "api"}}, []string{"hum.yaml:3:34: dependency cycle: api → db → api"}},
		{"two cycles through one process, each once", "  a: {command: x, depends_on: [b, c]}\n  b: {command: x, depends_on: [a]}\n  c: {command: x, depends_on: [a, b]}\n",
			[][]string{{"a", "b", "a"}, {"a", "c", "a"}, {"a", "c", "b", "a"}},
			[]string{"hum.yaml:2:32: dependency cycle: a → b → a", "hum.yaml:2:35: dependency cycle: a → c → a", "hum.yaml:2:35: dependency cycle: a → c → b → a"}},
		{"no cycle in a diamond", "  a: {command: x, depends_on: [b, c]}\n  b: {command: x, depends_on: [d]}\n  c: {command: x, depends_on: [d]}\n  d: {command: x}\n", nil, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := Parse([]byte("processes:\n" + tc.processes))
			require.Empty(t, f.Problems)
			st := Compose(discover.Project{}, f)
			want := [][]string{}
			for _, cy := range tc.cycles {
				ids := make([]string, len(cy))
				for i, n := range cy {
					ids[i] = ID(n)
				}
				want = append(want, ids)
			}
			assert.Equal(t, want, st.Cycles)
			assert.Equal(t, tc.problems, problems(st))
		})
	}
}

// TestComposeCycleThroughADiscoveredScript names a discovered script in
// the cycle by the selector hum.yaml would write for it.
func TestComposeCycleThroughADiscoveredScript(t *testing.T) {
	f := Parse([]byte("processes:\n  api:\n    command: x\n    depends_on: [web:dev]\nscripts:\n  package.json:web/package.json:dev:\n    depends_on: {api: ready}\n"))
	require.Empty(t, f.Problems)
	st := Compose(discovered(), f)
	assert.Equal(t, [][]string{{ID("api"), "package.json:web/package.json:dev", ID("api")}}, st.Cycles)
	assert.Equal(t, []string{"hum.yaml:4:18: dependency cycle: api → web:dev → api"}, problems(st))
}

// TestComposeCyclesAreBounded composes processes that all depend on one
// another: the cycles are capped, said so, and found quickly.
func TestComposeCyclesAreBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("processes:\n")
	const n = 60
	for i := range n {
		fmt.Fprintf(&b, "  p%d:\n    command: x\n    depends_on: [", i)
		for j := range n {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "p%d", j)
		}
		b.WriteString("]\n")
	}
	f := Parse([]byte(b.String()))
	require.Empty(t, f.Problems)
	start := time.Now()
	st := Compose(discover.Project{}, f)
	assert.Less(t, time.Since(start), 30*time.Second)
	require.Len(t, st.Cycles, MaxCycles)
	assert.Equal(t, []string{ID("p0"), ID("p0")}, st.Cycles[0], "p0 depends on itself first")
	seen := map[string]bool{}
	for _, cy := range st.Cycles {
		key := strings.Join(cy, " ")
		assert.False(t, seen[key], "%s is found once", key)
		seen[key] = true
		assert.Equal(t, cy[0], cy[len(cy)-1])
	}
	ps := problems(st)
	require.Len(t, ps, MaxCycles+1)
	assert.Equal(t, "hum.yaml:4:18: dependency cycle: p0 → p0", ps[0])
	assert.Equal(t, fmt.Sprintf("hum.yaml: at least %d dependency cycles; fix the ones shown first", MaxCycles), ps[len(ps)-1])
}

// TestComposeLargeAcyclicFileIsQuick composes the most processes a file
// may declare, each depending on the next hundred: no cycle, and the
// search for them stays linear in the file.
func TestComposeLargeAcyclicFileIsQuick(t *testing.T) {
	var b strings.Builder
	b.WriteString("processes:\n")
	for i := range MaxProcesses {
		fmt.Fprintf(&b, "  p%d:\n    command: x\n    depends_on: [", i)
		for j := i + 1; j < min(i+1+MaxDependencies, MaxProcesses); j++ {
			if j > i+1 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "p%d", j)
		}
		b.WriteString("]\n")
	}
	f := Parse([]byte(b.String()))
	require.Empty(t, f.Problems)
	start := time.Now()
	st := Compose(discover.Project{}, f)
	// Generous: a search from every process through everything after it
	// takes seconds here, the linear one milliseconds.
	assert.Less(t, time.Since(start), 30*time.Second)
	assert.Empty(t, st.Cycles)
	assert.Empty(t, problems(st))
	assert.Len(t, st.Policies, MaxProcesses-1, "the last depends on nothing")
}

// TestComposeExecProbeLineBreak: cmd.exe cannot run a probe with a line
// break as one command, so on Windows the probe is left out and said to
// be; sh runs it as written.
func TestComposeExecProbeLineBreak(t *testing.T) {
	f := Parse([]byte("processes:\n  a:\n    command: x\n    readiness:\n      exec: \"test -f a\\ntest -f b\"\n"))
	require.Empty(t, f.Problems)
	st := Compose(discover.Project{}, f)
	if runtime.GOOS == "windows" {
		assert.Equal(t, []string{"hum.yaml:5:7: processes.a.readiness.exec is left out: cmd.exe cannot run a command with a line break in it"}, problems(st))
		assert.NotContains(t, st.Policies, ID("a"))
		return
	}
	assert.Empty(t, problems(st))
	assert.Equal(t, "test -f a\ntest -f b", st.Policies[ID("a")].Readiness.Command)
}
