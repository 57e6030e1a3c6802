package stack

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"hum/backend/discover"
)

// FuzzParse checks that no input makes Parse panic or hang, that every
// problem names hum.yaml, and that what it keeps obeys the rules it
// enforces: valid names, one of command or argv, paths inside the project,
// the caps.
func FuzzParse(f *testing.F) {
	f.Add(string(readFixture(f, "full.yaml")))
	f.Add(string(readFixture(f, "policies.yaml")))
	for _, seed := range []string{
		"", "processes:\n  a: {command: echo}\n", "processes: [a]\n", "groups:\n  g: {members: [a, *x]}\n",
		"a: &a [*a]\n", "processes:\n  a:\n    <<: *b\n", "defaults: {grace_period: -1s, autostart: 7}\n",
		"scripts:\n  'x:y': {env: {A: 1, B: true, C: ~}, env_file: [../a]}\n", "---\n---\n", "{{{{{{{{",
		"processes:\n  a:\n    argv: []\n    dir: ./x/../..\n", "groups:\n  g:\n    members: \"a\"\n",
		"processes:\n  a: {command: x, depends_on: [a, b]}\n  b: {command: x, depends_on: {a: ready, c: {log_ready: '(x'}}}\n",
		"processes:\n  a: {command: x, depends_on: {b: completed_successfully, c: {condition: log_ready, log_ready: up}}}\n",
		"processes:\n  a:\n    command: x\n    readiness: {tcp: 'h:99999', http: 'ftp://', statuses: [1], period: 5 seconds, timeout: -1, failure_threshold: 1e9}\n",
		"processes:\n  a:\n    command: x\n    readiness: {exec: [pg_isready], initial_delay: 1.5, period: .inf}\n",
		"processes:\n  a:\n    command: x\n    restart: {policy: on-failure, backoff: 90s, max_backoff: 1s, max_restarts: -3, success_exit_codes: [0, 256], crash_loop: {failures: 5, window: 60s}}\n",
		"processes:\n  a:\n    command: x\n    restart: no\n    watch: {paths: ['**/*.go', 'a**', '[', '/x'], ignore: [''], debounce: 2m, restart_dependents: yes}\n    disabled: true\n",
		"processes:\n  a: {command: x, tty: false}\n  b: {command: x, tty: 1}\nscripts:\n  c: {tty: no}\n",
		"scripts:\n  'npm:package.json:dev': {depends_on: {api: ready}, watch: [src/**], restart: always}\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file := Parse([]byte(src))
		for _, p := range file.Problems {
			if p.File != FileName || p.Message == "" {
				t.Fatalf("got problem %+v, want one about hum.yaml with a message", p)
			}
		}
		if len(file.Problems) > discover.MaxProblemsPerFile+1 {
			t.Fatalf("got %d problems, want at most %d", len(file.Problems), discover.MaxProblemsPerFile+1)
		}
		if len(file.Processes) > MaxProcesses || len(file.Groups) > MaxGroups {
			t.Fatalf("over the caps: %d processes, %d groups", len(file.Processes), len(file.Groups))
		}
		for _, pr := range file.Processes {
			if !validName.MatchString(pr.Name) || (pr.Command == "") == (len(pr.Argv) == 0) {
				t.Fatalf("kept a bad process %+v", pr)
			}
			for _, d := range append([]string{pr.Dir}, pr.EnvFiles...) {
				if _, err := LocalPath(d); err != nil || d == ".." || strings.HasPrefix(d, "../") {
					t.Fatalf("kept a path out of the project: %q", d)
				}
			}
			checkPolicy(t, pr.Policy)
		}
		for _, st := range file.Scripts {
			checkPolicy(t, st.Policy)
		}
		for _, g := range file.Groups {
			if len(g.Members) > MaxMembers {
				t.Fatalf("group %s has %d members", g.Name, len(g.Members))
			}
		}
		st := Compose(discover.Project{Scripts: []discover.Script{
			{ID: "package.json:package.json:dev", Source: "package.json", Name: "dev", Dir: "."},
		}}, file) // must not panic either
		for id, pol := range st.Policies {
			for _, d := range pol.DependsOn {
				if d.ID == "" || d.Ref == "" {
					t.Fatalf("%s: an unresolved dependency %+v", id, d)
				}
			}
		}
		for _, cy := range st.Cycles {
			if len(cy) < 2 || cy[0] != cy[len(cy)-1] {
				t.Fatalf("got cycle %v, want one that ends where it starts", cy)
			}
			for i := 0; i+1 < len(cy); i++ {
				if !slices.ContainsFunc(st.Policies[cy[i]].DependsOn, func(d Dependency) bool { return d.ID == cy[i+1] }) {
					t.Fatalf("cycle %v: %s does not depend on %s", cy, cy[i], cy[i+1])
				}
			}
		}
	})
}

// checkPolicy fails t when a policy Parse kept breaks a rule Parse
// enforces.
func checkPolicy(t *testing.T, p Policy) {
	t.Helper()
	if len(p.DependsOn) > MaxDependencies {
		t.Fatalf("kept %d dependencies", len(p.DependsOn))
	}
	seen := map[string]bool{}
	for _, d := range p.DependsOn {
		if d.Ref == "" || seen[d.Ref] || !slices.Contains(conditionNames, d.Condition) || (d.Condition == ConditionLogReady) != (d.Pattern != "") {
			t.Fatalf("kept a bad dependency %+v", d)
		}
		seen[d.Ref] = true
		if d.Pattern != "" {
			if _, err := regexp.Compile(d.Pattern); err != nil {
				t.Fatalf("kept a pattern that does not compile: %q", d.Pattern)
			}
		}
	}
	if r := p.Readiness; r != nil {
		set := 0
		for _, s := range []string{r.URL, r.Address, r.Command + strings.Join(r.Argv, ""), r.Pattern} {
			if s != "" {
				set++
			}
		}
		if set != 1 || r.FailureThreshold < 0 || r.FailureThreshold > MaxFailureThreshold ||
			r.InitialDelay < 0 || r.Period < 0 || r.Timeout < 0 || max(r.InitialDelay, r.Period, r.Timeout) > MaxPolicyDuration ||
			(len(r.Statuses) > 0 && r.Kind != ProbeHTTP) {
			t.Fatalf("kept a bad probe %+v", r)
		}
	}
	rs := p.Restart
	if !slices.Contains([]RestartPolicy{"", RestartNo, RestartOnFailure, RestartAlways}, rs.Policy) ||
		rs.Backoff < 0 || rs.MaxBackoff < 0 || max(rs.Backoff, rs.MaxBackoff, rs.CrashLoopWindow) > MaxPolicyDuration ||
		rs.MaxRestarts < 0 || rs.MaxRestarts > MaxRestarts || (rs.MaxBackoff != 0 && rs.MaxBackoff < rs.Backoff) {
		t.Fatalf("kept a bad restart %+v", rs)
	}
	for _, c := range rs.SuccessCodes {
		if c < 0 || c > 255 {
			t.Fatalf("kept exit code %d", c)
		}
	}
	if w := p.Watch; w != nil {
		if len(w.Paths) == 0 || len(w.Paths) > MaxWatchGlobs || len(w.Ignore) > MaxWatchGlobs || w.Debounce < 0 || w.Debounce > MaxDebounce {
			t.Fatalf("kept a bad watch %+v", w)
		}
		for _, g := range append(slices.Clone(w.Paths), w.Ignore...) {
			if CheckGlob(g) != nil {
				t.Fatalf("kept a bad glob %q", g)
			}
		}
	}
}

// FuzzEdit runs every edit on arbitrary files: none may panic, and an edit
// that succeeds leaves a file without problems (apply checks the model).
func FuzzEdit(f *testing.F) {
	f.Add(string(readFixture(f, "full.yaml")), "dev", "web:dev")
	f.Add("groups:\n  dev:\n    members:\n", "dev", "db")
	f.Add("groups: {dev: {members: ['a''b', \"c\\\"d\"]}}\n", "dev", "a'b")
	f.Add("groups:\n  dev:\n    members:\n    - a\n    -\n      b\n", "dev", "b")
	f.Add("defaults:\n  autostart:\ngroups:\n  x: {}\n", "x", "é")
	f.Fuzz(func(t *testing.T, src, group, ref string) {
		edits := []func(*Doc) error{
			func(d *Doc) error { return d.AddMember(group, ref) },
			func(d *Doc) error { return d.RemoveMember(group, ref) },
			func(d *Doc) error { return d.CreateGroup(group, ref, []string{ref}) },
			func(d *Doc) error { return d.DeleteGroup(group) },
			func(d *Doc) error { return d.SetAutostart(group) },
			func(d *Doc) error { return d.SetAutostart("") },
			func(d *Doc) error { return d.AddProcess(Process{Name: group, Command: ref}) },
		}
		for _, e := range edits {
			d := NewDoc([]byte(src))
			if e(d) != nil {
				if string(d.Bytes()) != src {
					t.Fatalf("a failed edit changed the text")
				}
				continue
			}
			if ps := Parse(d.Bytes()).Problems; len(ps) > 0 && string(d.Bytes()) != src {
				t.Fatalf("an edit of %q made %q, which has problems: %v", src, d.Bytes(), ps)
			}
		}
	})
}
