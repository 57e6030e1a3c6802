package stack

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/discover"
)

// TestDependencyEditsKeepEverythingElse adds and removes dependencies on
// the commented fixture and compares the whole file with the fixture plus
// exactly the change: comments, blank lines and order stay.
func TestDependencyEditsKeepEverythingElse(t *testing.T) {
	fixture := string(readFixture(t, "full.yaml"))
	cases := []struct {
		name string
		edit func(*Doc) error
		want func(string) string
	}{
		{"a process's first dependency", func(d *Doc) error { return d.SetDependency("api", "db", ConditionReady) },
			func(s string) string {
				return replaceOnce(t, s, "    env_file: .env.api\n", "    env_file: .env.api\n    depends_on:\n      db: ready\n")
			}},
		{"a discovered script's existing settings", func(d *Doc) error {
			return d.SetDependency("web:dev", "api", ConditionCompletedSuccessfully)
		}, func(s string) string {
			return replaceOnce(t, s, "      NEXT_TELEMETRY_DISABLED: \"1\"\n",
				"      NEXT_TELEMETRY_DISABLED: \"1\"\n    depends_on:\n      api: completed_successfully\n")
		}},
		{"a discovered script without settings gets an entry by its ID", func(d *Doc) error {
			return d.SetDependency("npm:package.json:dev", "api", ConditionReady)
		}, func(s string) string {
			return replaceOnce(t, s, "      NEXT_TELEMETRY_DISABLED: \"1\"\n",
				"      NEXT_TELEMETRY_DISABLED: \"1\"\n  npm:package.json:dev:\n    depends_on:\n      api: ready\n")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDoc([]byte(fixture))
			require.NoError(t, tc.edit(d))
			assert.Equal(t, tc.want(fixture), string(d.Bytes()))
		})
	}
}

// TestDependencyEditForms runs the edits on each way depends_on can be
// written, and checks the text each leaves.
func TestDependencyEditForms(t *testing.T) {
	const head = "processes:\n  db:\n    command: postgres # the database\n  api:\n    command: ./api\n"
	for _, tc := range []struct {
		name, src string
		edit      func(*Doc) error
		want      string
	}{
		{"add to a block mapping", head + "    depends_on:\n      db: ready # first\n",
			func(d *Doc) error { return d.SetDependency("api", "cache", ConditionStarted) },
			head + "    depends_on:\n      db: ready # first\n      cache: started\n"},
		{"change a condition in place", head + "    depends_on:\n      db: started # first\n",
			func(d *Doc) error { return d.SetDependency("api", "db", ConditionCompleted) },
			head + "    depends_on:\n      db: completed # first\n"},
		{"replace a log_ready condition", head + "    depends_on:\n      db:\n        log_ready: \"ready\"\n      x: ready\n",
			func(d *Doc) error { return d.SetDependency("api", "db", ConditionReady) },
			head + "    depends_on:\n      db: ready\n      x: ready\n"},
		{"add to a flow mapping", head + "    depends_on: {db: ready}\n",
			func(d *Doc) error { return d.SetDependency("api", "cache", ConditionReady) },
			head + "    depends_on: {db: ready, cache: ready}\n"},
		{"started appends to a short list", head + "    depends_on: [db]\n",
			func(d *Doc) error { return d.SetDependency("api", "cache", ConditionStarted) },
			head + "    depends_on: [db, cache]\n"},
		{"started appends to a block list", head + "    depends_on:\n      - db\n",
			func(d *Doc) error { return d.SetDependency("api", "cache", ConditionStarted) },
			head + "    depends_on:\n      - db\n      - cache\n"},
		{"another condition rewrites a list as the mapping", head + "    depends_on: [db, cache]\n    env: {A: b}\n",
			func(d *Doc) error { return d.SetDependency("api", "db", ConditionReady) },
			head + "    depends_on:\n      db: ready\n      cache: started\n    env: {A: b}\n"},
		{"remove from a block mapping", head + "    depends_on:\n      db: ready\n      cache: started # keep\n",
			func(d *Doc) error { return d.RemoveDependency("api", "db") },
			head + "    depends_on:\n      cache: started # keep\n"},
		{"remove the last one takes depends_on", head + "    depends_on:\n      db: ready\n    env:\n      A: b\n",
			func(d *Doc) error { return d.RemoveDependency("api", "db") },
			head + "    env:\n      A: b\n"},
		{"remove from a flow mapping", head + "    depends_on: {db: ready, cache: started}\n",
			func(d *Doc) error { return d.RemoveDependency("api", "cache") },
			head + "    depends_on: {db: ready}\n"},
		{"remove from a flow list", head + "    depends_on: [db, cache]\n",
			func(d *Doc) error { return d.RemoveDependency("api", "db") },
			head + "    depends_on: [cache]\n"},
		{"remove from a block list", head + "    depends_on:\n      - db\n      - cache\n",
			func(d *Doc) error { return d.RemoveDependency("api", "cache") },
			head + "    depends_on:\n      - db\n"},
		{"a settings entry that held only depends_on goes", head + "scripts:\n  web:dev:\n    depends_on: {api: ready}\n  web:build:\n    description: x\n",
			func(d *Doc) error { return d.RemoveDependency("web:dev", "api") },
			head + "scripts:\n  web:build:\n    description: x\n"},
		{"the last settings entry takes the scripts section", head + "\nscripts:\n  web:dev:\n    depends_on: {api: ready}\n",
			func(d *Doc) error { return d.RemoveDependency("web:dev", "api") },
			head},
		{"a quoted script ID is found", head + "scripts:\n  \"npm:package.json:dev\":\n    depends_on: {api: ready}\n",
			func(d *Doc) error { return d.SetDependency("npm:package.json:dev", "db", ConditionStarted) },
			head + "scripts:\n  \"npm:package.json:dev\":\n    depends_on: {api: ready, db: started}\n"},
		{"an empty file", "",
			func(d *Doc) error { return d.SetDependency("web:dev", "npm:api:start", ConditionReady) },
			"scripts:\n  web:dev:\n    depends_on:\n      npm:api:start: ready\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDoc([]byte(tc.src))
			require.NoError(t, tc.edit(d))
			assert.Equal(t, tc.want, string(d.Bytes()))
		})
	}
}

// TestDependencyRoundTrip adds a dependency and removes it again: the
// file is what it was, byte for byte.
func TestDependencyRoundTrip(t *testing.T) {
	fixture := readFixture(t, "full.yaml")
	for _, ref := range []string{"api", "web:dev", "npm:package.json:dev"} {
		d := NewDoc(fixture)
		require.NoError(t, d.SetDependency(ref, "db", ConditionReady), ref)
		require.NotEqual(t, string(fixture), string(d.Bytes()), ref)
		require.NoError(t, d.RemoveDependency(ref, "db"), ref)
		assert.Equal(t, string(fixture), string(d.Bytes()), "%s: got the text above, want the fixture", ref)
	}
}

// TestDependencyEditsReadBack reads what the edits wrote through Parse and
// Compose: the dependencies resolve to the scripts meant, in the
// conditions asked, and nothing else of the file changed.
func TestDependencyEditsReadBack(t *testing.T) {
	fixture := readFixture(t, "full.yaml")
	d := NewDoc(fixture)
	require.NoError(t, d.SetDependency("api", "db", ConditionReady))
	require.NoError(t, d.SetDependency("api", "worker", ConditionStarted))
	require.NoError(t, d.SetDependency("worker", "db", ConditionCompletedSuccessfully))
	require.NoError(t, d.SetDependency("web:dev", "api", ConditionReady))
	require.NoError(t, d.SetDependency("procfile:Procfile:clock", "db", ConditionCompleted))
	require.NoError(t, d.SetDependency("api", "worker", ConditionCompleted), "a new condition for one it has")
	require.NoError(t, d.RemoveDependency("api", "db"))

	f := Parse(d.Bytes())
	require.Empty(t, f.Problems, "got the file:\n%s", d.Bytes())
	p := discover.Project{Scripts: []discover.Script{
		{ID: "package.json:web/package.json:dev", Source: "package.json", Name: "dev", Dir: "web"},
		{ID: "procfile:Procfile:clock", Source: "procfile", Name: "clock", Dir: "."},
	}}
	st := Compose(p, f)
	conds := func(id string) map[string]Condition {
		out := map[string]Condition{}
		for _, dp := range st.Policies[id].DependsOn {
			out[dp.ID] = dp.Condition
		}
		return out
	}
	assert.Equal(t, map[string]Condition{ID("worker"): ConditionCompleted}, conds(ID("api")))
	assert.Equal(t, map[string]Condition{ID("db"): ConditionCompletedSuccessfully}, conds(ID("worker")))
	assert.Equal(t, map[string]Condition{ID("api"): ConditionReady}, conds("package.json:web/package.json:dev"))
	assert.Equal(t, map[string]Condition{ID("db"): ConditionCompleted}, conds("procfile:Procfile:clock"))
	assert.Empty(t, st.Cycles)

	// Everything else reads as the fixture did.
	was := Parse(fixture)
	for i := range f.Processes {
		f.Processes[i].Policy.DependsOn = nil
	}
	for i := range f.Scripts {
		f.Scripts[i].Policy.DependsOn = nil
	}
	f.Scripts = slices.DeleteFunc(f.Scripts, func(s Settings) bool { return s.Ref == "procfile:Procfile:clock" })
	assert.True(t, sameModel(was, f), "got %+v, want %+v", f, was)

	// A settings key written as a selector is the entry that is edited.
	assert.Equal(t, "web:dev", SettingsKey(st.Project, f, "package.json:web/package.json:dev"))
	assert.Equal(t, "procfile:Procfile:clock", SettingsKey(st.Project, Parse(fixture), "procfile:Procfile:clock"), "none: the ID")
}

func TestDependencyEditRefusals(t *testing.T) {
	fixture := readFixture(t, "full.yaml")
	d := NewDoc(fixture)
	for _, tc := range []struct {
		name     string
		ref, dep string
		cond     Condition
	}{
		{"no dependency", "api", "", ConditionReady},
		{"no process", "", "db", ConditionReady},
		{"a line break in the dependency", "api", "db\n    command: rm -rf /", ConditionReady},
		{"a line break in the process", "api\nx", "db", ConditionReady},
		{"a NUL", "api", "d\x00b", ConditionReady},
		{"too long", "api", strings.Repeat("a", MaxRefLength+1), ConditionReady},
		{"itself", "api", "api", ConditionReady},
		{"an unknown condition", "api", "db", "healthy"},
		{"log_ready needs a pattern", "api", "db", ConditionLogReady},
		{"a condition that is YAML", "api", "db", "ready\n    command: x"},
	} {
		assert.Error(t, d.SetDependency(tc.ref, tc.dep, tc.cond), tc.name)
	}
	assert.ErrorIs(t, d.RemoveDependency("api", "db"), ErrNoSuch)
	assert.ErrorIs(t, d.RemoveDependency("nope", "db"), ErrNoSuch)
	assert.Equal(t, string(fixture), string(d.Bytes()), "a refused edit changes nothing")

	// Names that YAML would read as something else are quoted, not refused.
	odd := NewDoc([]byte("processes:\n  api:\n    command: x\n"))
	for _, dep := range []string{"a: b", "#x", "[x]", "{x}", "- x", "*x", "&x", "'x'", "yes", "~"} {
		require.NoError(t, odd.SetDependency("api", dep, ConditionReady), "%q", dep)
	}
	got, err := plain(odd.Bytes())
	require.NoError(t, err)
	deps := dependencies(got, "processes", "api")
	assert.Len(t, deps, 10, "got %v, want each name as one dependency", deps)

	broken := NewDoc([]byte("processes:\n  api:\n    command: x\n    depends_on:\n"))
	assert.ErrorIs(t, broken.SetDependency("api", "db", ConditionReady), ErrLayout, "a file with problems is not edited")

	flow := NewDoc([]byte("processes:\n  api:\n    command: x\n    depends_on: {db: ready}\n"))
	require.NoError(t, flow.SetDependency("api", "a,b", ConditionReady))
	assert.Equal(t, "processes:\n  api:\n    command: x\n    depends_on: {db: ready, \"a,b\": ready}\n", string(flow.Bytes()))
}

func FuzzSetDependency(f *testing.F) {
	f.Add("processes:\n  api:\n    command: x\n    depends_on: [db]\n", "api", "db", "ready")
	f.Add("scripts:\n  web:dev:\n    depends_on: {api: ready}\n", "web:dev", "api", "started")
	f.Add("", "x", "y", "completed")
	f.Fuzz(func(t *testing.T, src, ref, dep, cond string) {
		d := NewDoc([]byte(src))
		if err := d.SetDependency(ref, dep, Condition(cond)); err != nil {
			return
		}
		got, err := plain(d.Bytes())
		require.NoError(t, err, "an edit left unreadable YAML:\n%s", d.Bytes())
		section := "scripts"
		if procs, ok := got["processes"].(map[string]any); ok {
			if _, ok := procs[ref]; ok {
				section = "processes"
			}
		}
		assert.Equal(t, cond, dependencies(got, section, ref)[dep], "got the file:\n%s", d.Bytes())
	})
}
