package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/browser"
	"hum/backend/environ"
	"hum/backend/errcode"
	"hum/backend/events"
	"hum/backend/poll"
	"hum/backend/process"
	"hum/backend/scan"
	"hum/backend/session"
	"hum/backend/tray"
	"hum/backend/workspace"
)

// fakeWindow records events and window calls instead of sending them to a
// webview.
type fakeWindow struct {
	mu     sync.Mutex // protects events, opened and calls
	events []emitted
	opened []string
	calls  []string // "show", "hide", "quit", in call order
	// gate, when set, runs before an event is recorded and may block it
	// (and so the goroutine that emits it). Written before the App starts.
	gate func(name string, data any)
	// onCall, when set, runs before a Show, Hide or Quit is recorded, with
	// its name. Written before the App starts.
	onCall func(name string)
}

type emitted struct {
	name string
	data any
}

func (w *fakeWindow) Emit(name string, data any) {
	if w.gate != nil {
		w.gate(name, data)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.events = append(w.events, emitted{name, data})
}

func (w *fakeWindow) PickFolder(string, string) (string, error) { return "", nil }

func (w *fakeWindow) OpenURL(url string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.opened = append(w.opened, url)
}

func (w *fakeWindow) Show() { w.call("show") }
func (w *fakeWindow) Hide() { w.call("hide") }
func (w *fakeWindow) Quit() { w.call("quit") }

func (w *fakeWindow) call(name string) {
	if w.onCall != nil {
		w.onCall(name)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.calls = append(w.calls, name)
}

// called returns the window calls so far, in order.
func (w *fakeWindow) called() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.calls)
}

func (w *fakeWindow) named(name string) []any {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []any
	for _, e := range w.events {
		if e.name == name {
			out = append(out, e.data)
		}
	}
	return out
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	poll.Until(t, 20*time.Second, cond, "waiting for %s", what)
}

// newTestApp starts an App on dir with a fake window and a private config,
// and waits for its first open to end.
func newTestApp(t *testing.T, dir string) (*App, *fakeWindow) {
	t.Helper()
	a, w := startTestApp(t, dir, &fakeWindow{})
	<-a.ready
	return a, w
}

// startTestApp starts an App on dir with the given window, without waiting.
func startTestApp(t *testing.T, dir string, w *fakeWindow) (*App, *fakeWindow) {
	t.Helper()
	t.Setenv("HUM_CONFIG_DIR", t.TempDir())
	a := NewApp("test", dir)
	a.window = w
	// Hum's own environment, not the login shell of whoever runs the tests.
	a.base = environ.NewBase(environ.BaseOptions{Own: process.UserEnviron()})
	a.openInitial()
	t.Cleanup(func() { a.shutdown(t.Context()) })
	return a, w
}

func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return dir
}

func TestFormatError(t *testing.T) {
	cases := []struct {
		err  error
		code string
	}{
		{errcode.ErrNoProject, "no_project"},
		{fmt.Errorf("x: %w", session.ErrUnknownScript), "unknown_script"},
		{session.ErrEmptyCommand, "empty_command"},
		{session.ErrNoFile, "no_file"},
		{fmt.Errorf("%w: p1", process.ErrNotFound), "not_found"},
		{fmt.Errorf("%w: p1 is running", process.ErrNotFinished), "still_running"},
		{fmt.Errorf("%w: no such dir", process.ErrStart), "start_failed"},
		{fmt.Errorf("discover: %w", os.ErrNotExist), "not_exist"},
		{browser.ErrBadURL, "bad_url"},
		{errors.New("anything else"), "error"},
	}
	for _, c := range cases {
		got := FormatError(c.err).(errcode.Failure)
		assert.Equal(t, c.code, got.Code, "%v: got %q, want %q", c.err, got.Code, c.code)
		assert.Equal(t, c.err.Error(), got.Message)
	}
}

func TestNoProjectGivesTheWelcomeState(t *testing.T) {
	a, _ := newTestApp(t, "")
	v, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, "", v.Root, "got %q, want no project", v.Root)
	assert.Empty(t, a.Processes())
	_, err = a.Start("x")
	assert.ErrorIs(t, err, errcode.ErrNoProject)
	assert.Empty(t, a.RecentProjects())
}

func TestMissingFolderIsReported(t *testing.T) {
	a, _ := newTestApp(t, filepath.Join(t.TempDir(), "gone"))
	_, err := a.Project()
	require.Error(t, err)
	assert.Equal(t, "not_exist", FormatError(err).(errcode.Failure).Code)
}

func TestProjectGroupsScriptsAndProblemsBySource(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile":     "web: echo http://localhost:4555/ && exec sleep 30\n",
		"Makefile":     "build:\n\techo built\n",
		"package.json": "{ broken",
	})
	a, w := newTestApp(t, dir)
	v, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, filepath.Base(dir), v.Name)
	sources := []string{}
	for _, g := range v.Groups {
		sources = append(sources, g.Source)
	}
	assert.Equal(t, []string{"package.json", "makefile", "procfile"}, sources, "got %v", sources)
	assert.Empty(t, v.Groups[0].Scripts, "the broken package.json has no scripts")
	require.NotEmpty(t, v.Groups[0].Problems, "its problem sits with its source")
	assert.Empty(t, v.Problems)
	assert.Equal(t, "Makefile", v.Groups[1].Label)
	require.Len(t, w.named(events.TopicProject), 1, "the open is announced")
	assert.Equal(t, dir, a.RecentProjects()[0].Dir)
}

func TestStartFeedsProcessAndLogEvents(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "web: echo http://localhost:4555/ && exec sleep 30\n"})
	a, w := newTestApp(t, dir)
	v, err := a.Project()
	require.NoError(t, err)
	id := v.Groups[0].Scripts[0].ID

	favs, err := a.SetFavourite(id, true)
	require.NoError(t, err)
	assert.Equal(t, []string{id}, favs)
	_, err = a.SetFavourite("nope", true)
	assert.ErrorIs(t, err, session.ErrUnknownScript)

	st, err := a.Start(id)
	require.NoError(t, err)
	eventually(t, "a processes event with the URL", func() bool {
		for _, d := range w.named(events.TopicProcesses) {
			for _, s := range d.(events.Processes).States {
				if s.ID == st.ID && slices.Contains(s.URLs, "http://localhost:4555") {
					return true
				}
			}
		}
		return false
	})
	eventually(t, "a logs event with the line", func() bool {
		for _, d := range w.named(events.TopicLogs) {
			for _, l := range d.(events.LogBatch).Lines {
				if l.Proc == st.ID && l.Stream == "stdout" && l.Time > 0 {
					return true
				}
			}
		}
		return false
	})
	page, err := a.TailLogs(st.ID, 10)
	require.NoError(t, err)
	require.NotEmpty(t, page.Lines)

	require.NoError(t, a.OpenURL("http://localhost:4555"))
	assert.ErrorIs(t, a.OpenURL("file:///etc/passwd"), browser.ErrBadURL)

	stopped, err := a.Stop(st.ID)
	require.NoError(t, err)
	assert.Equal(t, process.StatusStopped, stopped.Status)
	require.NoError(t, a.Remove(st.ID))
	eventually(t, "the removal event", func() bool {
		for _, d := range w.named(events.TopicProcesses) {
			if slices.Contains(d.(events.Processes).Removed, st.ID) {
				return true
			}
		}
		return false
	})
}

func TestErrorsAreEmitted(t *testing.T) {
	a, w := newTestApp(t, t.TempDir())
	_, err := a.StartCommand(`node -e "throw new Error('boom in test')"`, "")
	require.NoError(t, err)
	eventually(t, "an errors event", func() bool { return len(w.named(events.TopicErrors)) > 0 })
	b := w.named(events.TopicErrors)[0].(events.ErrorBatch)
	require.NotEmpty(t, b.Errors)
	assert.Contains(t, b.Errors[0].Title, "boom in test")
	es, err := a.Errors("")
	require.NoError(t, err)
	assert.NotEmpty(t, es)
}

func TestOpeningAnotherProjectKeepsTheFirstRunning(t *testing.T) {
	first := t.TempDir()
	a, w := newTestApp(t, first)
	st, err := a.StartCommand("exec sleep 30", "")
	require.NoError(t, err)
	old, err := a.session()
	require.NoError(t, err)

	second := t.TempDir()
	v, err := a.OpenProject(second)
	require.NoError(t, err)
	assert.Equal(t, uint64(2), v.Serial, "got %v, want 2", v.Serial)
	ps := old.Processes()
	i := slices.IndexFunc(ps, func(p process.State) bool { return p.ID == st.ID })
	require.GreaterOrEqual(t, i, 0, "the old project's process is still listed")
	assert.Equal(t, process.StatusRunning, ps[i].Status, "the first project's process runs on")
	assert.Empty(t, a.Processes(), "the new project starts empty")
	assert.Len(t, w.named(events.TopicProject), 2)
	assert.Equal(t, []workspace.Summary{
		{Root: first, Name: filepath.Base(first), Running: 1, Total: 1},
		{Root: second, Name: filepath.Base(second), Active: true},
	}, a.Projects())
}

func TestCloseToTraySettingIsSavedAndRead(t *testing.T) {
	a, _ := newTestApp(t, "")
	assert.True(t, a.Settings().CloseToTray, "default: got %v, want true", a.Settings().CloseToTray)
	assert.Equal(t, tray.Available(), hideWindowOnClose(), "on by default: hides exactly when a tray can exist")

	got, err := a.SetCloseToTray(false)
	require.NoError(t, err)
	assert.False(t, got.CloseToTray, "returned: got %v, want false", got.CloseToTray)
	assert.False(t, a.Settings().CloseToTray, "read back: got %v, want false", a.Settings().CloseToTray)
	b, err := os.ReadFile(filepath.Join(os.Getenv("HUM_CONFIG_DIR"), "settings.json"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"closeToTray": false, "notify": {"crashed": true, "crashLoop": true, "finished": true, "ready": false, "terminal": true}}`, string(b))
	assert.False(t, hideWindowOnClose(), "the next start quits on close: got true, want false")

	got, err = a.SetCloseToTray(true)
	require.NoError(t, err)
	assert.True(t, got.CloseToTray)
	assert.Equal(t, tray.Available(), hideWindowOnClose(), "on again")
}

func TestNoHomeWritesNoSharedConfig(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the config folder comes from %AppData% there")
	}
	// A private TMPDIR, so the old fallback (os.TempDir()/hum-config)
	// would show up here rather than in the machine's /tmp.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Setenv("HOME", "")
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HUM_CONFIG_DIR", "")
	t.Chdir(t.TempDir())

	a := NewApp("test", writeProject(t, map[string]string{"Makefile": "build:\n\techo hi\n"}))
	a.window = &fakeWindow{}
	a.openInitial()
	t.Cleanup(func() { a.shutdown(t.Context()) })
	<-a.ready // bound calls no longer wait for the first open
	_, err := a.Project()
	require.NoError(t, err)
	got := a.StartupNotices()
	require.Len(t, got, 1, "the user is told that nothing is saved: got %v", got)
	assert.Contains(t, got[0], "only until Hum quits")
	assert.Len(t, a.RecentProjects(), 1, "the open project is remembered for this run")

	entries, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing is written to the shared temporary folder")
	_, err = a.SetCloseToTray(false)
	assert.Error(t, err, "a setting that cannot be kept says so")
}

func TestCorruptConfigIsToldToTheWindow(t *testing.T) {
	cfg := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(cfg, "config.json"), []byte(`{"recent": [],}`), 0o644))
	t.Setenv("HUM_CONFIG_DIR", cfg)
	a := NewApp("test", "")
	a.window = &fakeWindow{}
	a.openInitial()
	t.Cleanup(func() { a.shutdown(t.Context()) })
	got := a.StartupNotices()
	require.Len(t, got, 1, "got %v", got)
	assert.Contains(t, got[0], filepath.Join(cfg, "config.json.corrupt-"))
}

// scanGate blocks the scan of dir at its first progress report until
// release is closed; blocked is closed once it is held there.
func scanGate(dir string) (gate func(string, any), blocked <-chan struct{}, release chan struct{}) {
	b := make(chan struct{})
	release = make(chan struct{})
	var once sync.Once
	return func(name string, data any) {
		if p, ok := data.(scan.Progress); ok && name == events.TopicScan && p.Dir == dir && p.Active && p.Examined > 0 {
			once.Do(func() {
				close(b)
				<-release
			})
		}
	}, b, release
}

// within runs f and fails the test if it takes longer than a generous bound:
// a bound call that waited for the scan would block until it is released.
func within[T any](t *testing.T, what string, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("%s waited for the scan", what)
		var zero T
		return zero
	}
}

func TestBoundCallsDoNotWaitForTheScan(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "web: sleep 30\n"})
	gate, blocked, release := scanGate(dir)
	a, w := startTestApp(t, dir, &fakeWindow{gate: gate})
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	<-blocked // the first open's scan is under way, and held

	st := within(t, "ScanStatus", a.ScanStatus)
	assert.Equal(t, dir, st.Dir)
	assert.True(t, st.Active, "got %+v, want an active scan", st)
	v := within(t, "Project", func() session.View { v, _ := a.Project(); return v })
	assert.Equal(t, "", v.Root, "no project until the scan ends")
	within(t, "Processes", a.Processes)
	within(t, "RecentProjects", a.RecentProjects)
	err := within(t, "Start", func() error { _, err := a.Start("x"); return err })
	assert.ErrorIs(t, err, errcode.ErrNoProject)

	close(release)
	<-a.ready
	v, err = a.Project()
	require.NoError(t, err)
	assert.Equal(t, dir, v.Root)
	last := w.named(events.TopicScan)
	require.NotEmpty(t, last)
	end := last[len(last)-1].(scan.Progress)
	assert.False(t, end.Active, "the last scan event ends it: %+v", end)
	assert.Positive(t, end.Examined, "got %+v", end)
	assert.False(t, a.ScanStatus().Active)
}

func TestOpeningAnotherProjectCancelsTheScan(t *testing.T) {
	slow := writeProject(t, map[string]string{"Procfile": "slow: sleep 30\n"})
	other := writeProject(t, map[string]string{"Procfile": "other: sleep 30\n"})
	gate, blocked, release := scanGate(slow)
	a, _ := startTestApp(t, slow, &fakeWindow{gate: gate})
	<-blocked

	v, err := within(t, "OpenProject", func() openResultView { v, err := a.OpenProject(other); return openResultView{v, err} }).get()
	require.NoError(t, err)
	assert.Equal(t, other, v.Root)

	close(release) // the cancelled scan goes on, sees it is cancelled, and stops
	<-a.ready
	v, err = a.Project()
	require.NoError(t, err)
	assert.Equal(t, other, v.Root, "a cancelled scan never replaces the newer project")
	assert.False(t, a.ScanStatus().Active)
	assert.Equal(t, other, a.ScanStatus().Dir)
	assert.Nil(t, a.ScanStatus().Error)
	assert.Equal(t, "cancelled", FormatError(session.ErrCancelled).(errcode.Failure).Code)
}

func TestShutdownCancelsTheScan(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "web: sleep 30\n"})
	gate, blocked, release := scanGate(dir)
	a, _ := startTestApp(t, dir, &fakeWindow{gate: gate})
	<-blocked
	done := make(chan struct{})
	go func() { a.shutdown(context.Background()); close(done) }()
	poll.Until(t, 10*time.Second, func() bool {
		_, err := a.opener.Opener.Open(dir, session.Options{}, func(*session.Session) {})
		return errors.Is(err, session.ErrCancelled)
	}, "waiting for shutdown to close the opener")
	close(release)
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("shutdown did not return")
	}
	v, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, "", v.Root, "the cancelled scan opened nothing")
}

type openResultView struct {
	v   session.View
	err error
}

func (r openResultView) get() (session.View, error) { return r.v, r.err }

// TestHiddenWindowGetsNoProcessEventsThenAFullOne hides the window: a process
// that starts and ends meanwhile sends nothing to it; showing the window
// again sends one event, marked full, with that process's final state.
func TestHiddenWindowGetsNoProcessEventsThenAFullOne(t *testing.T) {
	a, w := newTestApp(t, t.TempDir())
	_, err := a.Project()
	require.NoError(t, err)
	a.SetPageVisible("page", false)
	st, err := a.StartCommand("echo hidden", "")
	require.NoError(t, err)
	eventually(t, "the command to finish", func() bool {
		ps := a.Processes()
		return len(ps) == 1 && ps[0].Status == process.StatusSucceeded
	})
	final := a.Processes()[0]
	mentions := func() (n int) {
		for _, d := range w.named(events.TopicProcesses) {
			for _, s := range d.(events.Processes).States {
				if s.ID == st.ID {
					n++
				}
			}
		}
		return n
	}
	// Both polls run after the process had ended: a "processes" event the
	// coalescer was going to send about it would have gone out by now.
	got := mentions()
	assert.Zero(t, got, "got %d process events while hidden, want none", got)

	a.SetPageVisible("page", true)
	eventually(t, "a full event after showing", func() bool { return mentions() > 0 })
	var last events.Processes
	for _, d := range w.named(events.TopicProcesses) {
		last = d.(events.Processes)
	}
	assert.True(t, last.Full, "got Full %v, want true", last.Full)
	require.Len(t, last.States, 1)
	assert.Equal(t, final.Version, last.States[0].Version, "got version %d, want the final %d", last.States[0].Version, final.Version)
	assert.Equal(t, process.StatusSucceeded, last.States[0].Status)
}

// TestHiddenWindowGetsNoLogEventsThenAResync hides the window: the lines a
// process prints meanwhile reach the store but no "logs" event; showing the
// window again sends one event marked resync, so the view pulls them.
func TestHiddenWindowGetsNoLogEventsThenAResync(t *testing.T) {
	a, w := newTestApp(t, t.TempDir())
	_, err := a.Project()
	require.NoError(t, err)
	a.setWindowShown(false)
	st, err := a.StartCommand("echo printed-while-hidden", "")
	require.NoError(t, err)
	eventually(t, "the line in the store", func() bool {
		pg, err := a.TailLogs(st.ID, 10)
		return err == nil && len(pg.Lines) == 1
	})
	a.mu.Lock()
	feed := a.feed
	a.mu.Unlock()
	eventually(t, "the log feed to hold the line back", func() bool { return feed.HeldLines() == 1 })
	eventually(t, "the command to finish", func() bool {
		ps := a.Processes()
		return len(ps) == 1 && ps[0].Status.Final()
	})
	batches := func() (lines int, resyncs int) {
		for _, d := range w.named(events.TopicLogs) {
			b := d.(events.LogBatch)
			lines += len(b.Lines)
			if b.Resync {
				resyncs++
			}
		}
		return lines, resyncs
	}
	// The feed had the line: a "logs" event carrying it would have gone.
	lines, _ := batches()
	assert.Zero(t, lines, "got %d log lines sent while hidden, want none", lines)

	a.setWindowShown(true)
	eventually(t, "a resync event after showing", func() bool { _, r := batches(); return r > 0 })
	lines, resyncs := batches()
	assert.Equal(t, 1, resyncs, "got %d resync events, want 1", resyncs)
	assert.Zero(t, lines, "got %d log lines after showing, want none (the view re-tails)", lines)
}

// TestResyncProcessesSendsEveryStateMarkedFull is how the window gets its
// first view: not a pull, a full event on the channel the changes use.
func TestResyncProcessesSendsEveryStateMarkedFull(t *testing.T) {
	a, w := newTestApp(t, t.TempDir())
	_, err := a.Project()
	require.NoError(t, err)
	st, err := a.StartCommand("echo resync", "")
	require.NoError(t, err)
	eventually(t, "the command to finish", func() bool {
		ps := a.Processes()
		return len(ps) == 1 && ps[0].Status.Final()
	})
	fulls := func() (n int, last events.Processes) {
		for _, d := range w.named(events.TopicProcesses) {
			if ev := d.(events.Processes); ev.Full {
				n++
				last = ev
			}
		}
		return n, last
	}
	before, _ := fulls()
	a.ResyncProcesses()
	eventually(t, "a full event after ResyncProcesses", func() bool { n, _ := fulls(); return n > before })
	_, last := fulls()
	require.Len(t, last.States, 1, "got %d states, want the one process", len(last.States))
	assert.Equal(t, st.ID, last.States[0].ID)
	assert.Equal(t, a.Processes()[0].Version, last.States[0].Version, "the full event carries the newest state")
}
