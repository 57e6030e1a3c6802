package stack

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// replaceOnce is strings.Replace that insists old occurs exactly once, so
// an expected file below is the fixture with exactly one visible change.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	require.Equal(t, 1, strings.Count(s, old), "%q must occur once in the fixture", old)
	return strings.Replace(s, old, new, 1)
}

// TestEditKeepsEverythingElse runs each edit on the commented fixture and
// compares the whole file after it with the fixture plus exactly the
// change asked for: every comment, blank line, key order and quoting stays.
func TestEditKeepsEverythingElse(t *testing.T) {
	fixture := string(readFixture(t, "full.yaml"))
	cases := []struct {
		name string
		edit func(*Doc) error
		want func(string) string
	}{
		{"add a member to a block list", func(d *Doc) error { return d.AddMember("dev", "worker") },
			func(s string) string {
				return replaceOnce(t, s, "      - web:dev   # the package.json script in web/\n",
					"      - web:dev   # the package.json script in web/\n      - worker\n")
			}},
		{"add a member to a flow list", func(d *Doc) error { return d.AddMember("jobs", "api") },
			func(s string) string { return replaceOnce(t, s, "members: [db, worker]", "members: [db, worker, api]") }},
		{"remove a member from a block list", func(d *Doc) error { return d.RemoveMember("dev", "api") },
			func(s string) string { return replaceOnce(t, s, "      - api\n", "") }},
		{"remove the last member of a flow list", func(d *Doc) error { return d.RemoveMember("jobs", "worker") },
			func(s string) string { return replaceOnce(t, s, "members: [db, worker]", "members: [db]") }},
		{"remove the first member of a flow list", func(d *Doc) error { return d.RemoveMember("jobs", "db") },
			func(s string) string { return replaceOnce(t, s, "members: [db, worker]", "members: [worker]") }},
		{"create a group", func(d *Doc) error { return d.CreateGroup("ci", "what CI runs", []string{"api", "web:build"}) },
			func(s string) string {
				return replaceOnce(t, s, "    members: [db, worker]\n",
					"    members: [db, worker]\n  ci:\n    description: what CI runs\n    members: [api, 'web:build']\n")
			}},
		{"delete a group with its comment", func(d *Doc) error { return d.DeleteGroup("jobs") },
			func(s string) string { return replaceOnce(t, s, "\n  jobs:\n    members: [db, worker]\n", "") }},
		{"delete the autostart group", func(d *Doc) error { return d.DeleteGroup("dev") },
			func(s string) string {
				s = replaceOnce(t, s, `  # Everything for local development.
  dev:
    description: db, api and the web app
    members:
      - db
      - api
      - web:dev   # the package.json script in web/

`, "")
				return replaceOnce(t, s, "  autostart: dev\n", "")
			}},
		{"set the autostart group", func(d *Doc) error { return d.SetAutostart("jobs") },
			func(s string) string { return replaceOnce(t, s, "autostart: dev", "autostart: jobs") }},
		{"clear the autostart group", func(d *Doc) error { return d.SetAutostart("") },
			func(s string) string { return replaceOnce(t, s, "  autostart: dev\n", "") }},
		{"add a process", func(d *Doc) error {
			return d.AddProcess(Process{Name: "mail", Argv: []string{"mailpit", "--listen", ":1025"}, Env: map[string]string{"TZ": "UTC"}, Description: "catches mail: all of it"})
		}, func(s string) string {
			return replaceOnce(t, s, "      - .env.worker\n",
				"      - .env.worker\n  mail:\n    argv: [mailpit, --listen, ':1025']\n    env:\n      TZ: UTC\n    description: 'catches mail: all of it'\n")
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

func TestEditRefusals(t *testing.T) {
	fixture := readFixture(t, "full.yaml")
	d := NewDoc(fixture)
	assert.ErrorIs(t, d.AddMember("nope", "db"), ErrNoSuch)
	assert.ErrorIs(t, d.AddMember("dev", "db"), ErrExists)
	assert.ErrorIs(t, d.RemoveMember("dev", "nope"), ErrNoSuch)
	assert.ErrorIs(t, d.CreateGroup("dev", "", nil), ErrExists)
	assert.Error(t, d.CreateGroup("bad name", "", nil))
	assert.ErrorIs(t, d.DeleteGroup("nope"), ErrNoSuch)
	assert.ErrorIs(t, d.SetAutostart("nope"), ErrNoSuch)
	assert.ErrorIs(t, d.AddProcess(Process{Name: "db", Command: "x"}), ErrExists)
	assert.Error(t, d.AddProcess(Process{Name: "x", Command: "a", Argv: []string{"b"}}))
	assert.Equal(t, string(fixture), string(d.Bytes()), "a refused edit changes nothing")

	broken := NewDoc([]byte("groups:\n  dev:\n    members: [a]\n    colour: red\n"))
	assert.ErrorIs(t, broken.AddMember("dev", "b"), ErrLayout, "a file with problems is not edited")

	flow := NewDoc([]byte("groups: {dev: {members: [a]}}\n"))
	assert.ErrorIs(t, flow.CreateGroup("ci", "", nil), ErrLayout)
	assert.NoError(t, flow.AddMember("dev", "b"), "a flow list inside is still edited in place")
	assert.Equal(t, "groups: {dev: {members: [a, b]}}\n", string(flow.Bytes()))
}

func TestEditBuildsAFileFromNothing(t *testing.T) {
	d := NewDoc(nil)
	require.NoError(t, d.AddProcess(Process{Name: "db", Command: "postgres"}))
	require.NoError(t, d.CreateGroup("dev", "", nil))
	require.NoError(t, d.AddMember("dev", "db"))
	require.NoError(t, d.SetAutostart("dev"))
	assert.Equal(t, "processes:\n  db:\n    command: postgres\n\ngroups:\n  dev:\n    members: [db]\n\ndefaults:\n  autostart: dev\n", string(d.Bytes()))
}

func TestEditEmptySections(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"groups:\n  dev:\n    members:\n", "groups:\n  dev:\n    members: [db]\n"},
		{"groups:\n  dev:\n    members: []\n", "groups:\n  dev:\n    members: [db]\n"},
		{"groups:\n  dev:\n    description: x\n", "groups:\n  dev:\n    description: x\n    members: [db]\n"},
		{"groups:\n  dev:\n", "groups:\n  dev:\n    members: [db]\n"},
		{"groups:\n  dev:\n    members:\n    - a\n", "groups:\n  dev:\n    members:\n    - a\n    - db\n"},
		{"groups:\r\n  dev:\r\n    members:\r\n      - a\r\n", "groups:\r\n  dev:\r\n    members:\r\n      - a\r\n      - db\r\n"},
		{"groups:\n    dev:\n        members:\n            -   a", "groups:\n    dev:\n        members:\n            -   a\n            -   db\n"},
	} {
		d := NewDoc([]byte(tc.src))
		require.NoError(t, d.AddMember("dev", "db"), "%q", tc.src)
		assert.Equal(t, tc.want, string(d.Bytes()), "from %q", tc.src)
	}
	d := NewDoc([]byte("# my stack\ngroups: {}\n"))
	require.NoError(t, d.CreateGroup("dev", "", []string{"a"}))
	assert.Equal(t, "# my stack\ngroups:\n  dev:\n    members: [a]\n", string(d.Bytes()))
	d = NewDoc([]byte("groups:\n    dev:\n        members: [a]\n"))
	require.NoError(t, d.CreateGroup("ci", "", nil))
	assert.Equal(t, "groups:\n    dev:\n        members: [a]\n    ci:\n        members: []\n", string(d.Bytes()), "the file's own indentation")
}

// TestEditWritesAtomically edits a real file and checks its contents and
// mode, that no temporary file is left, and that a failed edit leaves the
// file as it was.
func TestEditWritesAtomically(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, FileName)
	fixture := readFixture(t, "full.yaml")
	require.NoError(t, os.WriteFile(full, fixture, 0o640))

	require.NoError(t, Edit(dir, func(d *Doc) error { return d.AddMember("jobs", "api") }))
	got, err := os.ReadFile(full)
	require.NoError(t, err)
	assert.Equal(t, strings.Replace(string(fixture), "[db, worker]", "[db, worker, api]", 1), string(got))
	info, err := os.Stat(full)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), info.Mode().Perm(), "the file keeps its mode")

	boom := errors.New("boom")
	assert.ErrorIs(t, Edit(dir, func(d *Doc) error {
		if err := d.AddMember("dev", "worker"); err != nil {
			return err
		}
		return boom
	}), boom)
	again, err := os.ReadFile(full)
	require.NoError(t, err)
	assert.Equal(t, string(got), string(again), "nothing is written when the change fails")

	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, ents, 1, "no temporary file is left: %v", ents)

	fresh := t.TempDir()
	require.NoError(t, Edit(fresh, func(d *Doc) error { return d.CreateGroup("dev", "", []string{"a"}) }))
	f := Load(fresh)
	require.True(t, f.Found)
	require.Len(t, f.Groups, 1)
	assert.Equal(t, "dev", f.Groups[0].Name)
}

func TestEditRefusesASymlinkedFile(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	target := filepath.Join(elsewhere, "hum.yaml")
	require.NoError(t, os.WriteFile(target, []byte("groups:\n  dev:\n    members: [a]\n"), 0o644))
	if err := os.Symlink(target, filepath.Join(dir, FileName)); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	err := Edit(dir, func(d *Doc) error { return d.AddMember("dev", "b") })
	assert.ErrorIs(t, err, ErrLayout)
	got, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "groups:\n  dev:\n    members: [a]\n", string(got), "the file the link points at is untouched")
	info, err := os.Lstat(filepath.Join(dir, FileName))
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&os.ModeSymlink, "the link is still a link")
}

// TestConcurrentEditsKeepEachOther runs edits from many goroutines: every
// member added must be in the file at the end.
func TestConcurrentEditsKeepEachOther(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, Edit(dir, func(d *Doc) error { return d.CreateGroup("dev", "", nil) }))
	const n = 20
	errs := make(chan error, n)
	for i := range n {
		go func() {
			errs <- Edit(dir, func(d *Doc) error { return d.AddMember("dev", fmt.Sprintf("m%d", i)) })
		}()
	}
	for range n {
		require.NoError(t, <-errs)
	}
	f := Load(dir)
	require.Empty(t, f.Problems)
	assert.Len(t, f.Groups[0].Members, n)
}

func TestEditCreatesAFileWithAHeader(t *testing.T) {
	dir := t.TempDir()
	assert.ErrorIs(t, Edit(dir, func(d *Doc) error { return d.AddMember("dev", "a") }), ErrNoSuch)
	_, err := os.Stat(filepath.Join(dir, FileName))
	assert.ErrorIs(t, err, os.ErrNotExist, "a failed edit creates no file")

	require.NoError(t, Edit(dir, func(d *Doc) error { return d.CreateGroup("dev", "", []string{"a"}) }))
	got, err := os.ReadFile(filepath.Join(dir, FileName))
	require.NoError(t, err)
	assert.Equal(t, Header+"\ngroups:\n  dev:\n    members: [a]\n", string(got))
	require.NoError(t, Edit(dir, func(d *Doc) error { return d.AddProcess(Process{Name: "db", Command: "postgres"}) }))
	got, err = os.ReadFile(filepath.Join(dir, FileName))
	require.NoError(t, err)
	assert.Equal(t, Header+"\ngroups:\n  dev:\n    members: [a]\n\nprocesses:\n  db:\n    command: postgres\n", string(got))
}

func TestEditNeverOverwritesASaveMadeMeanwhile(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, FileName)
	require.NoError(t, os.WriteFile(full, []byte("groups:\n  dev:\n    members: [a]\n"), 0o644))
	saved := "# saved in an editor\ngroups:\n  dev:\n    members: [a, b]\n"
	err := Edit(dir, func(d *Doc) error {
		require.NoError(t, os.WriteFile(full, []byte(saved), 0o644)) // the editor saves while the edit is made
		return d.AddMember("dev", "c")
	})
	assert.ErrorIs(t, err, ErrChanged)
	got, err := os.ReadFile(full)
	require.NoError(t, err)
	assert.Equal(t, saved, string(got), "the editor's save stays")

	// Created meanwhile, too.
	fresh := t.TempDir()
	err = Edit(fresh, func(d *Doc) error {
		require.NoError(t, os.WriteFile(filepath.Join(fresh, FileName), []byte(saved), 0o644))
		return d.CreateGroup("ci", "", nil)
	})
	assert.ErrorIs(t, err, ErrChanged)
	got, err = os.ReadFile(filepath.Join(fresh, FileName))
	require.NoError(t, err)
	assert.Equal(t, saved, string(got))
}

// TestEditsKeepAFileWithPolicies runs every edit on a file whose processes
// have depends_on, readiness, restart, watch and disabled, below the
// groups: each edit succeeds, moves the policies' lines without changing
// them, and changes only what it is about.
func TestEditsKeepAFileWithPolicies(t *testing.T) {
	src := readFixture(t, "policies.yaml")
	before := Parse(src)
	require.Empty(t, before.Problems)
	require.Len(t, before.Processes, 5)
	policies := func(f File) map[string]Policy {
		out := map[string]Policy{}
		for _, pr := range f.Processes {
			out[pr.Name] = policyWithoutPos(pr.Policy)
		}
		for _, st := range f.Scripts {
			out[st.Ref] = policyWithoutPos(st.Policy)
		}
		return out
	}
	want := policies(before)
	require.NotEmpty(t, want["api"].DependsOn)
	edits := map[string]func(*Doc) error{
		"add a member":     func(d *Doc) error { return d.AddMember("data", "cache") },
		"remove a member":  func(d *Doc) error { return d.RemoveMember("dev", "migrate") },
		"create a group":   func(d *Doc) error { return d.CreateGroup("ci", "what CI runs", []string{"api", "makefile:lint"}) },
		"delete a group":   func(d *Doc) error { return d.DeleteGroup("data") },
		"delete the first": func(d *Doc) error { return d.DeleteGroup("dev") },
		"set autostart":    func(d *Doc) error { return d.SetAutostart("data") },
		"add a process":    func(d *Doc) error { return d.AddProcess(Process{Name: "worker", Command: "./worker"}) },
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			d := NewDoc(src)
			require.NoError(t, edit(d))
			after := Parse(d.Bytes())
			require.Empty(t, after.Problems)
			got := policies(after)
			delete(got, "worker")
			assert.Equal(t, want, got, "the policies are as they were")
			// Every line of the policies is still there, byte for byte.
			for _, line := range []string{
				"      tcp: localhost:5432   # ready once it accepts\n",
				"        log_ready: \"Ready to accept connections\"\n",
				"      crash_loop: {failures: 5, window: 60s}\n",
				"    readiness: {exec: [curl, -fs, \"http://localhost:5173\"]}\n",
				"    restart: \"no\"\n",
			} {
				assert.Contains(t, string(d.Bytes()), line)
			}
		})
	}
}
