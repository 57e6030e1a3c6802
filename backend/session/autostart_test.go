//go:build unix

package session

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/discover"
)

func TestAutostartDigestCoversEveryField(t *testing.T) {
	base := func() []discover.Script {
		return []discover.Script{
			{ID: "hum.yaml:hum.yaml:db", Name: "db", Run: "exec postgres", Dir: ".", EnvFiles: []string{"db.env"}, Env: map[string]string{"PORT": "5432", "A": "1"}},
			{ID: "procfile:Procfile:web", Name: "web", Run: "npm start", Argv: []string{"npm", "start"}, Dir: "web"},
		}
	}
	root := t.TempDir()
	want := AutostartDigest(root, base())
	assert.Regexp(t, `^sha256:[0-9a-f]{64}$`, want)

	// Stable: the same set again, with its map built in another order and
	// fields the digest does not cover changed.
	same := base()
	same[0].Env = map[string]string{"A": "1", "PORT": "5432"}
	same[0].Description, same[0].Command, same[0].Name = "the database", "postgres", "database"
	assert.Equal(t, want, AutostartDigest(root, same), "got another digest for the same commands")

	changes := map[string]func(s []discover.Script) []discover.Script{
		"run":           func(s []discover.Script) []discover.Script { s[0].Run = "exec postgres -p 1"; return s },
		"argv":          func(s []discover.Script) []discover.Script { s[1].Argv = []string{"npm", "run", "start"}; return s },
		"argv to none":  func(s []discover.Script) []discover.Script { s[1].Argv = nil; return s },
		"dir":           func(s []discover.Script) []discover.Script { s[1].Dir = "."; return s },
		"env file":      func(s []discover.Script) []discover.Script { s[0].EnvFiles = []string{"other.env"}; return s },
		"env file more": func(s []discover.Script) []discover.Script { s[1].EnvFiles = []string{".env.web"}; return s },
		"env value":     func(s []discover.Script) []discover.Script { s[0].Env["PORT"] = "5433"; return s },
		"env name":      func(s []discover.Script) []discover.Script { s[1].Env = map[string]string{"X": ""}; return s },
		"id":            func(s []discover.Script) []discover.Script { s[1].ID = "procfile:web/Procfile:web"; return s },
		"order":         func(s []discover.Script) []discover.Script { s[0], s[1] = s[1], s[0]; return s },
		"one less":      func(s []discover.Script) []discover.Script { return s[:1] },
		"one more":      func(s []discover.Script) []discover.Script { return append(s, discover.Script{ID: "x", Run: "true"}) },
	}
	seen := map[string]string{want: "unchanged"}
	for name, change := range changes {
		got := AutostartDigest(root, change(base()))
		assert.NotEqual(t, want, got, "%s: the digest did not change", name)
		if prev, dup := seen[got]; dup {
			t.Errorf("%s gives the digest of %s", name, prev)
		}
		seen[got] = name
	}
	// A value moved from one field to the next is another set.
	a := []discover.Script{{ID: "a", Run: "x y"}}
	b := []discover.Script{{ID: "a", Run: "x", Argv: []string{"y"}}}
	assert.NotEqual(t, AutostartDigest(root, a), AutostartDigest(root, b))
}

func TestAutostartDigestCoversTheEnvFilesContents(t *testing.T) {
	root := t.TempDir()
	set := []discover.Script{{ID: "hum.yaml:hum.yaml:api", Run: "node api.js", Dir: ".", EnvFiles: []string{"config/api.env"}}}
	write := func(name, body string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	seen := map[string]string{}
	step := func(what string) {
		t.Helper()
		d := AutostartDigest(root, set)
		if prev, dup := seen[d]; dup {
			t.Errorf("%s: the digest of %s again", what, prev)
		}
		seen[d] = what
		assert.Equal(t, d, AutostartDigest(root, set), "%s: the same files give the same digest", what)
	}
	step("no env files")
	write(".env", "PORT=1\n")
	step(".env created")
	write(".env", "PORT=1\nNODE_OPTIONS=--require ./evil.js\n")
	step(".env changed")
	write(".env.local", "TOKEN=x\n")
	step(".env.local created")
	write("config/api.env", "A=1\n")
	step("its own env file created")
	require.NoError(t, os.Remove(filepath.Join(root, ".env")))
	step(".env removed")
	require.NoError(t, os.Mkdir(filepath.Join(root, ".env"), 0o755))
	step(".env a folder")
}

func TestAutostartPlanShowsWhatWouldRun(t *testing.T) {
	dir := stackProject(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".env"), []byte("A=1\n"), 0o644))
	s := open(t, dir, Options{})
	plan, err := s.AutostartPlan("dev")
	require.NoError(t, err)
	assert.Equal(t, "dev", plan.Group)
	require.Len(t, plan.Members, 2)
	db, api := plan.Members[0], plan.Members[1]
	assert.Equal(t, AutostartMember{ScriptID: "hum.yaml:hum.yaml:db", Name: "db", Source: "hum.yaml",
		Command: `echo "db ready on $DB_PORT" && exec sleep 60`, Dir: ".", EnvFiles: []string{".env"},
		Env: map[string]string{"DB_PORT": "5432"}}, db)
	assert.Equal(t, "api", api.Name)
	assert.Equal(t, "api", api.Dir)
	assert.Contains(t, api.Command, "sh -c", "an argv is shown as the line it is")

	sdb, _ := s.Script("hum.yaml:hum.yaml:db")
	sapi, _ := s.Script("hum.yaml:hum.yaml:api")
	assert.Equal(t, AutostartDigest(dir, []discover.Script{sdb, sapi}), plan.Digest)
	assert.Empty(t, s.Processes(), "a plan starts nothing")

	_, err = s.AutostartPlan("nope")
	assert.ErrorIs(t, err, ErrUnknownGroup)
}

func TestAutostartDigestNeverOpensAFIFO(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, syscall.Mkfifo(filepath.Join(root, ".env"), 0o644))
	set := []discover.Script{{ID: "a", Run: "true", Dir: "."}}
	done := make(chan string, 1)
	go func() { done <- AutostartDigest(root, set) }()
	select {
	case d := <-done:
		assert.Regexp(t, `^sha256:`, d)
	case <-time.After(20 * time.Second):
		t.Fatal("AutostartDigest blocked opening a FIFO named .env")
	}
}
