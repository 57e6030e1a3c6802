package stack

import (
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
	for _, seed := range []string{
		"", "processes:\n  a: {command: echo}\n", "processes: [a]\n", "groups:\n  g: {members: [a, *x]}\n",
		"a: &a [*a]\n", "processes:\n  a:\n    <<: *b\n", "defaults: {grace_period: -1s, autostart: 7}\n",
		"scripts:\n  'x:y': {env: {A: 1, B: true, C: ~}, env_file: [../a]}\n", "---\n---\n", "{{{{{{{{",
		"processes:\n  a:\n    argv: []\n    dir: ./x/../..\n", "groups:\n  g:\n    members: \"a\"\n",
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
				if _, err := LocalPath(d); err != nil || strings.HasPrefix(d, "..") {
					t.Fatalf("kept a path out of the project: %q", d)
				}
			}
		}
		for _, g := range file.Groups {
			if len(g.Members) > MaxMembers {
				t.Fatalf("group %s has %d members", g.Name, len(g.Members))
			}
		}
		Compose(discover.Project{}, file) // must not panic either
	})
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
