//go:build unix

package workspace

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
	"hum/backend/process"
	"hum/backend/session"
)

// openProject opens a session on a new folder with a Procfile of one
// long-running process, "web".
func openProject(t *testing.T, name string) *session.Session {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.Mkdir(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Procfile"), []byte("web: exec sleep 60\nfail: exit 3\n"), 0o644))
	s, err := session.Open(t.Context(), dir, session.Options{GracePeriod: time.Second})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}

func start(t *testing.T, s *session.Session, name string) process.State {
	t.Helper()
	for _, sc := range s.Project().Scripts {
		if sc.Name == name {
			st, err := s.Start(sc.ID)
			require.NoError(t, err)
			return st
		}
	}
	t.Fatalf("no script %s", name)
	return process.State{}
}

func summary(t *testing.T, w *Workspace, root string) Summary {
	t.Helper()
	for _, s := range w.Summaries() {
		if s.Root == root {
			return s
		}
	}
	t.Fatalf("no summary for %s in %v", root, w.Summaries())
	return Summary{}
}

func TestSwitchingKeepsEveryProjectRunning(t *testing.T) {
	var w Workspace
	api, front := openProject(t, "api"), openProject(t, "front")
	_, added := w.Add(api)
	require.True(t, added)
	web := start(t, api, "web")

	_, added = w.Add(front)
	require.True(t, added)
	assert.Same(t, front, w.Active(), "the project opened last is active")
	assert.Equal(t, []*session.Session{api, front}, w.Sessions())

	// api's process still runs, and its summary says so.
	st := api.Processes()
	require.Len(t, st, 1)
	assert.Equal(t, process.StatusRunning, st[0].Status)
	assert.Equal(t, Summary{Root: api.Root(), Name: "api", Running: 1, Total: 1}, summary(t, &w, api.Root()))
	assert.Equal(t, Summary{Root: front.Root(), Name: "front", Active: true}, summary(t, &w, front.Root()))

	got, ok := w.Focus(api.Root())
	require.True(t, ok)
	assert.Same(t, api, got)
	assert.True(t, summary(t, &w, api.Root()).Active)
	assert.Equal(t, web.ID, api.Processes()[0].ID)
	assert.Equal(t, process.StatusRunning, api.Processes()[0].Status, "switching stopped nothing")

	_, ok = w.Focus(filepath.Join(t.TempDir(), "elsewhere"))
	assert.False(t, ok)
	assert.Same(t, api, w.Active())
}

func TestAddingAnOpenFolderFocusesIt(t *testing.T) {
	var w Workspace
	api := openProject(t, "api")
	w.Add(api)
	w.Add(openProject(t, "front"))
	again, err := session.Open(t.Context(), api.Root(), session.Options{})
	require.NoError(t, err)
	defer func() { _ = again.Close(context.Background()) }()

	got, added := w.Add(again)
	assert.False(t, added)
	assert.Same(t, api, got, "the session already open is kept")
	assert.Same(t, api, w.Active())
	assert.Len(t, w.Sessions(), 2)
	s, ok := w.Get(api.Root() + "/")
	assert.True(t, ok, "a root with a trailing slash names the same folder")
	assert.Same(t, api, s)
}

func TestCloseRefusesWhileProcessesRunUnlessForced(t *testing.T) {
	var w Workspace
	api, front := openProject(t, "api"), openProject(t, "front")
	w.Add(api)
	w.Add(front)
	start(t, api, "web")
	fail := start(t, api, "fail")
	poll.Until(t, 10*time.Second, func() bool {
		for _, st := range api.Processes() {
			if st.ID == fail.ID {
				return st.Status == process.StatusFailed
			}
		}
		return false
	}, "fail to fail")
	assert.Equal(t, Summary{Root: api.Root(), Name: "api", Running: 1, Failed: 1, Total: 2}, summary(t, &w, api.Root()))

	err := w.Close(t.Context(), api.Root(), false)
	require.ErrorIs(t, err, ErrRunning)
	assert.Contains(t, err.Error(), "api has 1")
	assert.Len(t, w.Sessions(), 2, "a refused close removes nothing")
	assert.Equal(t, process.StatusRunning, api.Processes()[0].Status)

	require.NoError(t, w.Close(t.Context(), api.Root(), true))
	assert.Equal(t, []*session.Session{front}, w.Sessions())
	for _, st := range api.Processes() {
		assert.True(t, st.Status.Final(), "%s ended: %v", st.Name, st.Status)
	}
	_, err = api.Start(api.Project().Scripts[0].ID)
	assert.ErrorIs(t, err, session.ErrClosed)
	assert.ErrorIs(t, w.Close(t.Context(), api.Root(), true), ErrNotOpen)
}

func TestClosingTheActiveProjectActivatesANeighbour(t *testing.T) {
	var w Workspace
	a, b, c := openProject(t, "a"), openProject(t, "b"), openProject(t, "c")
	w.Add(a)
	w.Add(b)
	w.Add(c)
	w.Focus(b.Root())
	require.NoError(t, w.Close(t.Context(), b.Root(), false))
	assert.Same(t, c, w.Active(), "the one opened after it")
	require.NoError(t, w.Close(t.Context(), c.Root(), false))
	assert.Same(t, a, w.Active(), "the last one: the one before it")
	require.NoError(t, w.Close(t.Context(), a.Root(), false))
	assert.Nil(t, w.Active())
	assert.Empty(t, w.Summaries())
}

func TestWatchWakesOnProjectsAndOnProcessesWhenAsked(t *testing.T) {
	var w Workspace
	all, stopAll := w.Watch(true)
	defer stopAll()
	set, stopSet := w.Watch(false)
	defer stopSet()
	drain := func(ch <-chan struct{}) {
		select {
		case <-ch:
		default:
		}
	}
	api, front := openProject(t, "api"), openProject(t, "front")
	w.Add(api)
	w.Add(front)
	for _, ch := range []<-chan struct{}{all, set} {
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			t.Fatal("no wake-up after an add")
		}
	}

	// A process of the inactive project wakes the process watchers only.
	drain(all)
	drain(set)
	start(t, api, "web")
	select {
	case <-all:
	case <-time.After(5 * time.Second):
		t.Fatal("no wake-up after a process of the inactive project started")
	}
	w.Focus(api.Root())
	select {
	case <-set:
	case <-time.After(5 * time.Second):
		t.Fatal("no wake-up after a switch")
	}
}

func TestCloseAllStopsEveryProject(t *testing.T) {
	var w Workspace
	api, front := openProject(t, "api"), openProject(t, "front")
	w.Add(api)
	w.Add(front)
	start(t, api, "web")
	start(t, front, "web")
	closed, err := w.CloseAll(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []*session.Session{api, front}, closed)
	for _, s := range closed {
		for _, st := range s.Processes() {
			assert.Equal(t, process.StatusStopped, st.Status, "%s of %s", st.Name, s.Root())
		}
	}
	assert.Nil(t, w.Active())
}

// The summaries are read while processes change and projects come and go.
func TestSummariesUnderConcurrentChange(t *testing.T) {
	var w Workspace
	api := openProject(t, "api")
	w.Add(api)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			for _, s := range w.Summaries() {
				assert.GreaterOrEqual(t, s.Total, s.Running+s.Failed)
			}
		}
	}()
	for range 3 {
		f := openProject(t, "front")
		w.Add(f)
		start(t, f, "web")
		w.Focus(api.Root())
		require.NoError(t, w.Close(t.Context(), f.Root(), true))
	}
	cancel()
	<-done
}

// Summaries is what the "projects" event and the list cost each time a
// count may have changed: 5 projects of 10 live processes each.
func BenchmarkSummaries(b *testing.B) {
	var w Workspace
	for i := range 5 {
		dir := filepath.Join(b.TempDir(), fmt.Sprint("p", i))
		require.NoError(b, os.Mkdir(dir, 0o755))
		s, err := session.Open(b.Context(), dir, session.Options{})
		require.NoError(b, err)
		b.Cleanup(func() { _ = s.Close(context.Background()) })
		for range 10 {
			_, err := s.StartCommand("exec sleep 60", "")
			require.NoError(b, err)
		}
		w.Add(s)
	}
	b.ReportAllocs()
	for b.Loop() {
		if len(w.Summaries()) != 5 {
			b.Fatal("not 5 projects")
		}
	}
}
