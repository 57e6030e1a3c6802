package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/config"
	"hum/backend/dbustest"
	"hum/backend/events"
	"hum/backend/notify"
	"hum/backend/process"
)

// notifyOverDBus gives a an actual notify.DBus sender on a private bus with
// a fake notification server, and starts its notifications.
func notifyOverDBus(t *testing.T, a *App) *dbustest.Notifications {
	t.Helper()
	addr := dbustest.PrivateBus(t)
	server := dbustest.StartNotifications(t, addr)
	d, err := notify.NewDBus(a.focusProcess)
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Close() })
	runNotifications(t, a, d)
	return server
}

func TestTerminalNotificationsAreForwarded(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "" +
		"bell: printf '\\a'; exec sleep 30\n" +
		"osc9: printf '\\033]9;Build done\\007'; exec sleep 30\n" +
		"osc777: printf '\\033]777;notify;Tests;All passed\\033\\\\'; exec sleep 30\n" +
		"progress: printf '\\033]9;4;1;50\\007'; exec sleep 30\n"})
	a, _ := newTestApp(t, dir)
	server := notifyOverDBus(t, a)

	for _, name := range []string{"bell", "osc9", "osc777", "progress"} {
		_, err := a.Start("procfile:Procfile:" + name)
		require.NoError(t, err)
	}
	eventually(t, "a notification", func() bool { return len(server.Received()) > 0 })
	// Three printed within the coalescing window are one notification;
	// when the machine is slow they may be more: what counts is what each says.
	var said []string
	eventually(t, "all three told", func() bool {
		said = said[:0]
		for _, n := range server.Received() {
			if strings.HasSuffix(n.Summary, "ask for attention") {
				said = append(said, strings.Split(n.Body, "; ")...)
			} else {
				said = append(said, strings.TrimSuffix(n.Summary+" — "+n.Body, " — "))
			}
		}
		return len(said) >= 3
	})
	assert.ElementsMatch(t, []string{"bell rang the bell", "osc9: Build done", "osc777: Tests — All passed"}, said,
		"ConEmu's progress (9;4) is no notification")
}

func TestABellLoopIsRateLimited(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "loop: while :; do printf 'tick\\a\\n'; sleep 0.05; done\n"})
	a, _ := newTestApp(t, dir)
	server := notifyOverDBus(t, a)
	st, err := a.Start("procfile:Procfile:loop")
	require.NoError(t, err)
	eventually(t, "the first bell", func() bool { return len(server.Received()) > 0 })
	// Many more bells ring within TerminalEvery of the first.
	eventually(t, "20 more lines", func() bool {
		page, err := a.TailLogs(st.ID, 100)
		return err == nil && len(page.Lines) > 20
	})
	time.Sleep(notify.Coalesce + 500*time.Millisecond) // what a broken limit would have sent by now
	got := server.Received()
	assert.Len(t, got, 1, "got %v, want one notification per process per %v", got, notify.TerminalEvery)
	assert.Equal(t, "loop rang the bell", got[0].Summary)
}

func TestACrashWithAnErrorNamesItAndAClickOpensIt(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile": "api: sh ./boom.sh\n",
		"boom.sh": "sleep 0.3\n" +
			"echo 'Traceback (most recent call last):' >&2\n" +
			"echo '  File \"'$PWD'/app.py\", line 3, in <module>' >&2\n" +
			"echo '    main()' >&2\n" +
			"echo \"TypeError: 'NoneType' object is not callable\" >&2\n" +
			"exit 1\n",
	})
	a, w := newTestApp(t, dir)
	server := notifyOverDBus(t, a)
	st, err := a.Start("procfile:Procfile:api")
	require.NoError(t, err)
	eventually(t, "a notification", func() bool { return len(server.Received()) > 0 })
	got := server.Received()[0]
	assert.Equal(t, "api crashed: TypeError: 'NoneType' object is not callable", got.Summary)
	assert.Equal(t, "exit code 1", got.Body)

	errs, err := a.Errors(st.ID)
	require.NoError(t, err)
	require.Len(t, errs, 1)
	server.Click(t, got.ID)
	eventually(t, "the click selects the error", func() bool { return len(w.named(events.TopicSelect)) > 0 })
	assert.Equal(t, []any{events.Selection{ProcID: st.ID, ErrorID: errs[0].ID}}, w.named(events.TopicSelect))
	assert.Contains(t, w.called(), "show")
}

func TestReadinessIsToldForWhatTheUserStarted(t *testing.T) {
	dir := writeProject(t, map[string]string{"hum.yaml": "processes:\n" +
		"  db:\n    command: exec sleep 30\n    readiness:\n      exec: \"true\"\n      initial_delay: 5500ms\n" +
		"  api:\n    command: sleep 5.5; echo 'listening on http://localhost:39017'; touch ready; exec sleep 30\n" +
		"    depends_on: [db]\n" +
		"    readiness:\n      exec: test -f ready\n      period: 200ms\n"})
	a, _ := newTestApp(t, dir)
	_, err := a.SetNotifications(notifyAll())
	require.NoError(t, err)
	server := notifyOverDBus(t, a)
	api, err := a.Start("hum.yaml:hum.yaml:api")
	require.NoError(t, err)
	eventually(t, "api is ready", func() bool { return stateOf(a, api.ID).Ready })
	eventually(t, "db is ready", func() bool {
		return slices.ContainsFunc(a.Processes(), func(st process.State) bool { return st.Name == "db" && st.Ready })
	})
	eventually(t, "a notification", func() bool { return len(server.Received()) > 0 })
	time.Sleep(notify.Coalesce + 500*time.Millisecond) // one for db would be sent by now
	got := server.Received()
	require.Len(t, got, 1, "got %v, want api's only: db was started as its dependency", got)
	assert.Equal(t, "api is ready", got[0].Summary)
	assert.Equal(t, "http://localhost:39017", got[0].Body)
}

func notifyAll() config.NotifySettings {
	return config.NotifySettings{Crashed: true, CrashLoop: true, Finished: true, Ready: true, Terminal: true}
}
