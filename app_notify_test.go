package main

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/config"
	"hum/backend/events"
	"hum/backend/notify"
	"hum/backend/process"
)

// fakeNotes records the notifications the App sends.
type fakeNotes struct {
	mu    sync.Mutex // protects notes
	notes []notify.Note
}

func (f *fakeNotes) Send(n notify.Note) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.notes = append(f.notes, n)
	return nil
}

func (f *fakeNotes) Close() error { return nil }

func (f *fakeNotes) sent() []notify.Note {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.notes)
}

// watchNotes gives a a fake notifier, which records what would have been
// shown, and runs its notifications (runNotifications).
func watchNotes(t *testing.T, a *App) *fakeNotes {
	t.Helper()
	notes := &fakeNotes{}
	runNotifications(t, a, notes)
	return notes
}

// runNotifications makes n a's notifier and runs a's notification loop
// until the test ends.
func runNotifications(t *testing.T, a *App, n notifier) {
	t.Helper()
	a.notes = n
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go a.notifySessions(ctx)
}

func TestCrashIsNotifiedAndAClickSelectsIt(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "web: exec sleep 30\nboom: sleep 0.2; exit 3\n"})
	a, w := newTestApp(t, dir)
	notes := watchNotes(t, a)

	web, err := a.Start("procfile:Procfile:web")
	require.NoError(t, err)
	eventually(t, "web runs", func() bool { return stateOf(a, web.ID).Status == process.StatusRunning })
	_, err = a.Stop(web.ID)
	require.NoError(t, err)
	boom, err := a.Start("procfile:Procfile:boom")
	require.NoError(t, err)

	eventually(t, "a notification", func() bool { return len(notes.sent()) > 0 })
	got := notes.sent()
	require.Len(t, got, 1, "got %v, want one for boom and none for the web the user stopped", got)
	assert.Equal(t, "boom crashed", got[0].Summary)
	assert.Equal(t, "exit code 3", got[0].Body)
	assert.Equal(t, []string{qualified(dir, boom.ID)}, got[0].ProcIDs, "named with its project")

	// The click (notify.DBus calls this on ActionInvoked).
	a.focusProcess(got[0].Target())
	assert.Contains(t, w.called(), "show")
	assert.Equal(t, []any{events.Selection{ProcID: boom.ID}}, w.named(events.TopicSelect))
}

func stateOf(a *App, id string) process.State {
	for _, st := range a.Processes() {
		if st.ID == id {
			return st
		}
	}
	return process.State{}
}

func TestNotificationSettingsApplyAtOnce(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "boom: sleep 0.2; exit 3\nbang: sleep 0.2; exit 4\n"})
	a, _ := newTestApp(t, dir)
	notes := watchNotes(t, a)

	got, err := a.SetNotifications(config.NotifySettings{CrashLoop: true, Finished: true})
	require.NoError(t, err)
	assert.False(t, got.Notify.Crashed)
	boom, err := a.Start("procfile:Procfile:boom")
	require.NoError(t, err)
	eventually(t, "boom fails", func() bool { return stateOf(a, boom.ID).Status == process.StatusFailed })

	_, err = a.SetNotifications(config.NotifySettings{Crashed: true, CrashLoop: true, Finished: true})
	require.NoError(t, err)
	bang, err := a.Start("procfile:Procfile:bang")
	require.NoError(t, err)
	eventually(t, "a notification", func() bool { return len(notes.sent()) > 0 })
	sent := notes.sent()
	require.Len(t, sent, 1, "got %v, want none for boom, which failed while crashes were off", sent)
	assert.Equal(t, []string{qualified(dir, bang.ID)}, sent[0].ProcIDs)
	assert.Equal(t, "bang crashed", sent[0].Summary)
}

func TestASuccessCodeIsNoCrash(t *testing.T) {
	dir := writeProject(t, map[string]string{"hum.yaml": "processes:\n" +
		"  done:\n    command: sleep 0.2; exit 3\n    restart:\n      policy: on-failure\n      success_exit_codes: [0, 3]\n" +
		"  boom:\n    command: sleep 0.4; exit 4\n"})
	a, _ := newTestApp(t, dir)
	notes := watchNotes(t, a)

	done, err := a.Start("hum.yaml:hum.yaml:done")
	require.NoError(t, err)
	boom, err := a.Start("hum.yaml:hum.yaml:boom")
	require.NoError(t, err)
	eventually(t, "a notification", func() bool { return len(notes.sent()) > 0 })
	sent := notes.sent()
	require.Len(t, sent, 1)
	assert.Equal(t, []string{qualified(dir, boom.ID)}, sent[0].ProcIDs, "got %v; done exited 3, one of its success codes", sent[0])
	assert.Equal(t, "exit code 4", sent[0].Body)
	assert.Equal(t, int(3), stateOf(a, done.ID).ExitCode)
}

func TestACrashInABackgroundProjectIsNotifiedAndAClickSwitchesToIt(t *testing.T) {
	api := writeProject(t, map[string]string{"Procfile": "boom: sleep 0.5; exit 3\n"})
	front := writeProject(t, map[string]string{"Procfile": "web: exec sleep 30\n"})
	a, w := newTestApp(t, api)
	notes := watchNotes(t, a)

	boom, err := a.Start("procfile:Procfile:boom")
	require.NoError(t, err)
	_, err = a.OpenProject(front) // api goes to the background, boom still running
	require.NoError(t, err)
	eventually(t, "a notification", func() bool { return len(notes.sent()) > 0 })
	got := notes.sent()
	require.Len(t, got, 1, "got %v", got)
	assert.Equal(t, "boom crashed", got[0].Summary)

	a.focusProcess(got[0].Target())
	v, err := a.Project()
	require.NoError(t, err)
	assert.Equal(t, api, v.Root, "the click switched to boom's project")
	assert.Equal(t, []any{events.Selection{ProcID: boom.ID}}, w.named(events.TopicSelect))
	assert.Len(t, a.Projects(), 2, "and closed none")
}
