package session

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/discover"
	"hum/backend/logs"
	"hum/backend/poll"
	"hum/backend/process"
)

// project writes files into a fresh folder and returns it.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return dir
}

func open(t *testing.T, dir string, opts Options) *Session {
	t.Helper()
	if opts.GracePeriod == 0 {
		opts.GracePeriod = 2 * time.Second
	}
	s, err := Open(context.Background(), dir, opts)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		s.Close(ctx)
	})
	return s
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	poll.Until(t, 15*time.Second, cond, "waiting for %s", what)
}

func state(s *Session, id string) process.State {
	for _, st := range s.Processes() {
		if st.ID == id {
			return st
		}
	}
	return process.State{}
}

func logText(s *Session, id string) string {
	var b strings.Builder
	for _, l := range s.Logs().Tail(id, 1000).Lines {
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

var procfile = "web: echo serving on http://localhost:4321/ && " + sleepLine + "\nonce: echo done\n"

func scriptID(t *testing.T, s *Session, name string) string {
	t.Helper()
	for _, sc := range s.Project().Scripts {
		if sc.Name == name {
			return sc.ID
		}
	}
	t.Fatalf("no script %q in %v", name, s.Project().Scripts)
	return ""
}

func TestOpenFailsOnlyForUnusableFolders(t *testing.T) {
	_, err := Open(context.Background(), filepath.Join(t.TempDir(), "missing"), Options{})
	require.Error(t, err)
	assert.True(t, errors.Is(err, os.ErrNotExist), "got %v, want a not-exist error", err)

	s := open(t, project(t, map[string]string{"Procfile": procfile, "package.json": "{ not json"}), Options{})
	names := []string{}
	for _, sc := range s.Project().Scripts {
		names = append(names, sc.Name)
	}
	assert.ElementsMatch(t, []string{"web", "once"}, names, "got %v", names)
	require.NotEmpty(t, s.Project().Problems, "the broken package.json is a problem, not a failure")
	assert.Equal(t, "package.json", s.Project().Problems[0].File)
}

func TestStartRecordsURLAndReusesTheScriptsProcess(t *testing.T) {
	s := open(t, project(t, map[string]string{"Procfile": procfile}), Options{})
	web := scriptID(t, s, "web")

	st, err := s.Start(web)
	require.NoError(t, err)
	assert.Equal(t, web, st.ScriptID)
	assert.Equal(t, s.Root(), st.Dir, "got %v, want the root", st.Dir)
	eventually(t, "the URL in the state", func() bool {
		return slices.Contains(state(s, st.ID).URLs, "http://localhost:4321")
	})
	assert.Contains(t, logText(s, st.ID), "serving on")

	again, err := s.Start(web)
	require.NoError(t, err)
	assert.Equal(t, st.ID, again.ID, "a running script is not started twice")
	assert.Len(t, s.Processes(), 1)

	stopped, err := s.Stop(st.ID)
	require.NoError(t, err)
	assert.Equal(t, process.StatusStopped, stopped.Status, "got %v, want stopped", stopped.Status)

	restarted, err := s.Start(web)
	require.NoError(t, err)
	assert.Equal(t, st.ID, restarted.ID, "an ended script restarts under the same ID")
	assert.Equal(t, 1, restarted.Restarts, "got %v, want 1", restarted.Restarts)
	assert.Len(t, s.Processes(), 1)
}

func TestStartUnknownScript(t *testing.T) {
	s := open(t, project(t, map[string]string{"Procfile": procfile}), Options{})
	_, err := s.Start("procfile:Procfile:nope")
	assert.True(t, errors.Is(err, ErrUnknownScript), "got %v, want ErrUnknownScript", err)
}

func TestStartCommandResolvesDir(t *testing.T) {
	dir := project(t, map[string]string{"sub/keep": ""})
	s := open(t, dir, Options{})
	cases := []struct {
		name, dir, want string
	}{
		{"root", "", s.Root()},
		{"relative", "sub", filepath.Join(s.Root(), "sub")},
		{"absolute", filepath.Join(s.Root(), "sub"), filepath.Join(s.Root(), "sub")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, err := s.StartCommand(pwdLine, c.dir)
			require.NoError(t, err)
			assert.Equal(t, SourceCommand, st.Source)
			got, err := s.mgr.Wait(context.Background(), st.ID)
			require.NoError(t, err)
			assert.Equal(t, process.StatusSucceeded, got.Status)
			eventually(t, "pwd's output", func() bool { return strings.TrimSpace(logText(s, st.ID)) != "" })
			out := strings.TrimSpace(logText(s, st.ID))
			want, _ := filepath.EvalSymlinks(c.want)
			out, _ = filepath.EvalSymlinks(out)
			assert.Equal(t, want, out, "got %v, want %v", out, want)
		})
	}
	_, err := s.StartCommand("   ", "")
	assert.True(t, errors.Is(err, ErrEmptyCommand), "got %v, want ErrEmptyCommand", err)
}

func TestErrorsReachOnError(t *testing.T) {
	var (
		mu  sync.Mutex
		got []logs.ErrorEntry
	)
	s := open(t, t.TempDir(), Options{OnError: func(e logs.ErrorEntry) {
		mu.Lock()
		got = append(got, e)
		mu.Unlock()
	}})
	st, err := s.StartCommand(errorLine, "")
	require.NoError(t, err)
	final, err := s.mgr.Wait(context.Background(), st.ID)
	require.NoError(t, err)
	assert.Equal(t, process.StatusFailed, final.Status)
	eventually(t, "the error", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) > 0
	})
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, st.ID, got[0].Proc)
	assert.Contains(t, got[0].Title, "kaboom")
	assert.NotEmpty(t, s.Logs().Errors(st.ID))
}

func TestMetricsReachTheState(t *testing.T) {
	s := open(t, t.TempDir(), Options{MetricsInterval: 100 * time.Millisecond})
	st, err := s.StartCommand(sleepLine, "")
	require.NoError(t, err)
	eventually(t, "RSS in the state", func() bool { return state(s, st.ID).RSS > 0 })
	eventually(t, "a history", func() bool { return len(s.Metrics().History(st.ID)) > 1 })
}

func TestRemoveForgetsLogsAndHistory(t *testing.T) {
	s := open(t, t.TempDir(), Options{})
	st, err := s.StartCommand("echo hello", "")
	require.NoError(t, err)
	_, err = s.mgr.Wait(context.Background(), st.ID)
	require.NoError(t, err)
	eventually(t, "the line", func() bool { return strings.Contains(logText(s, st.ID), "hello") })

	run, err := s.StartCommand(sleepLine, "")
	require.NoError(t, err)
	err = s.Remove(run.ID)
	assert.True(t, errors.Is(err, process.ErrNotFinished), "removing a running process: got %v", err)

	require.NoError(t, s.Remove(st.ID))
	assert.Empty(t, logText(s, st.ID))
	assert.Equal(t, process.State{}, state(s, st.ID))
}

func TestWatchAndClose(t *testing.T) {
	s, err := Open(context.Background(), t.TempDir(), Options{GracePeriod: 2 * time.Second})
	require.NoError(t, err)
	w1, _ := s.Watch()
	w2, unwatch2 := s.Watch()
	unwatch2()
	_, ok := <-w2
	assert.False(t, ok, "an ended watch is closed")

	st, err := s.StartCommand(sleepLine, "")
	require.NoError(t, err)
	select {
	case <-w1:
	case <-time.After(10 * time.Second):
		t.Fatal("no wake-up after a start")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	require.NoError(t, s.Close(ctx))
	assert.True(t, state(s, st.ID).Status.Final(), "got %v, want a final status after Close", state(s, st.ID).Status)
	eventually(t, "the watch to close", func() bool {
		select {
		case _, ok := <-w1:
			return !ok
		default:
			return false
		}
	})
	_, err = s.StartCommand("true", "")
	assert.True(t, errors.Is(err, ErrClosed), "got %v, want ErrClosed", err)
	w3, _ := s.Watch()
	_, ok = <-w3
	assert.False(t, ok, "a watch after Close is closed")
	assert.NoError(t, s.Close(ctx), "Close twice")
}

func TestCommandName(t *testing.T) {
	cases := map[string]string{
		"node flood.js":                      "node flood.js",
		"npm run dev":                        "npm run dev",
		"exec perl -e 'print 1'":             "perl",
		"PORT=3000 DEBUG=1 node server.js":   "node server.js",
		"env FOO=bar ./bin/server --port 80": "server",
		"/usr/bin/python3 -m http.server":    "python3",
		"go run ./cmd/api extra more args":   "go run ./cmd/api",
		"echo hi | tee out":                  "echo hi",
		"FOO=1":                              "FOO=1",
		"  sleep   30  ":                     "sleep 30",
		"a" + strings.Repeat("b", 60):        "a" + strings.Repeat("b", 38) + "…",
	}
	for cmd, want := range cases {
		got := CommandName(cmd)
		assert.Equal(t, want, got, "%q: got %q, want %q", cmd, got, want)
	}
}

func TestScriptSpecRunsTheScriptInItsFolderWithSortedEnv(t *testing.T) {
	sc := discover.Script{
		ID: "vscode:.vscode/tasks.json:serve", Source: discover.SourceVSCode, Name: "serve",
		Run: "'node' 'serve.js'", Argv: []string{"node", "serve.js"}, Dir: "web/app",
		Env: map[string]string{"PORT": "3000", "DEBUG": "1"},
	}
	root := filepath.Join(t.TempDir(), "p")
	spec := ScriptSpec(root, sc)
	assert.Equal(t, process.Spec{
		ScriptID: sc.ID, Name: "serve", Source: discover.SourceVSCode,
		Command: sc.Run, Argv: sc.Argv,
		Dir: filepath.Join(root, "web", "app"),
		Env: []string{"DEBUG=1", "PORT=3000"},
	}, spec)
	assert.Equal(t, root, ScriptSpec(root, discover.Script{Dir: "."}).Dir, "got %q, want the root", ScriptSpec(root, discover.Script{Dir: "."}).Dir)
}
