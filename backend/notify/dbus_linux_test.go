package notify

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/dbustest"
	"hum/backend/poll"
	"hum/backend/process"
)

// received is one Notify call as the server got it.
type received struct {
	App, Summary, Body string
	Actions            []string
	ID                 uint32
}

// fakeServer is a notification server that records what it receives and
// emits ActionInvoked when the test clicks.
type fakeServer struct {
	conn *dbus.Conn
	mu   sync.Mutex // protects got, next
	got  []received
	next uint32
}

func (f *fakeServer) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	f.got = append(f.got, received{App: app, Summary: summary, Body: body, Actions: actions, ID: f.next})
	return f.next, nil
}

func (f *fakeServer) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"actions", "body"}, nil
}

func (f *fakeServer) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "fake", "hum tests", "1", "1.2", nil
}

func (f *fakeServer) CloseNotification(id uint32) *dbus.Error { return nil }

func (f *fakeServer) received() []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]received(nil), f.got...)
}

// click is the user clicking notification id: the server's ActionInvoked.
func (f *fakeServer) click(t *testing.T, id uint32) {
	t.Helper()
	require.NoError(t, f.conn.Emit(busPath, busIface+".ActionInvoked", id, "default"))
}

func startServer(t *testing.T, addr string) *fakeServer {
	t.Helper()
	conn, err := dbus.Connect(addr)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	f := &fakeServer{conn: conn}
	require.NoError(t, conn.Export(f, busPath, busIface))
	reply, err := conn.RequestName(busName, dbus.NameFlagDoNotQueue)
	require.NoError(t, err)
	require.Equal(t, dbus.RequestNameReplyPrimaryOwner, reply)
	return f
}

func TestNoServerIsNoSender(t *testing.T) {
	dbustest.PrivateBus(t)
	_, err := NewDBus(nil)
	assert.ErrorIs(t, err, ErrNoServer)
}

// feed is a Source whose snapshots the test sets.
type feed struct {
	changes chan struct{}
	mu      sync.Mutex // protects states
	states  []process.State
}

func (f *feed) set(ps ...proc) {
	f.mu.Lock()
	f.states = states(ps...)
	f.mu.Unlock()
	f.changes <- struct{}{}
}

func (f *feed) source() Source {
	return Source{
		Changes: f.changes,
		Processes: func() []process.State {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.states
		},
		Seen:     func() bool { return false },
		Settings: all,
	}
}

func TestNotificationsOverDBus(t *testing.T) {
	addr := dbustest.PrivateBus(t)
	server := startServer(t, addr)

	clicked := make(chan string, 4)
	d, err := NewDBus(func(id string) { clicked <- id })
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Close() })

	f := &feed{changes: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		Watch(ctx, f.source(), func(n Note) { assert.NoError(t, d.Send(n)) })
	}()
	t.Cleanup(func() { cancel(); <-done })

	api := proc{id: "p1", name: "api", status: process.StatusRunning, started: 10, version: 1}
	web := proc{id: "p2", name: "web", status: process.StatusRunning, started: 10, version: 1}
	worker := proc{id: "p3", name: "worker", status: process.StatusRunning, started: 10, version: 1}
	db := proc{id: "p4", name: "db", status: process.StatusRunning, started: 10, version: 1}
	f.set(api, web, worker, db)

	// The user stops db: nothing.
	db.status, db.ended, db.code, db.version = process.StatusStopped, 20, -1, 2
	f.set(api, web, worker, db)
	// api, web and worker fail together: one notification.
	for _, p := range []*proc{&api, &web, &worker} {
		p.status, p.ended, p.code, p.version = process.StatusFailed, 20, 1, 2
		f.set(api, web, worker, db)
	}

	poll.Until(t, 10*time.Second, func() bool { return len(server.received()) > 0 }, "no notification reached the server")
	got := server.received()
	// The stop came in the same window as the crashes: had it counted, it
	// would be named here.
	assert.Equal(t, "Hum", got[0].App)
	assert.Equal(t, "3 processes crashed", got[0].Summary)
	assert.Equal(t, "api, web, worker", got[0].Body)
	assert.Equal(t, []string{"default", "Show"}, got[0].Actions)

	server.click(t, got[0].ID)
	select {
	case id := <-clicked:
		assert.Equal(t, "p1", id, "a click focuses the first process that crashed")
	case <-time.After(10 * time.Second):
		t.Fatal("the click did not reach the focus callback")
	}

	// A single crash later is its own notification, and its click names it.
	api.status, api.started, api.ended, api.version = process.StatusRunning, 30, 0, 3
	f.set(api, web, worker, db)
	web.status, web.started, web.ended, web.version = process.StatusRunning, 30, 0, 3
	f.set(api, web, worker, db)
	web.status, web.ended, web.code, web.version = process.StatusFailed, 40, 2, 4
	f.set(api, web, worker, db)
	poll.Until(t, 10*time.Second, func() bool { return len(server.received()) >= 2 }, "the second crash was not notified")
	all := server.received()
	require.Len(t, all, 2, "got %v, want one notification for the three crashes, none for the stop, one for web", all)
	second := all[1]
	assert.Equal(t, "web crashed", second.Summary)
	assert.Equal(t, "exit code 2", second.Body)

	// An action other than the default one, or an unknown notification, focuses nothing.
	require.NoError(t, server.conn.Emit(busPath, busIface+".ActionInvoked", second.ID, "other"))
	require.NoError(t, server.conn.Emit(busPath, busIface+".ActionInvoked", uint32(999), "default"))
	server.click(t, second.ID)
	select {
	case id := <-clicked:
		assert.Equal(t, "p2", id)
	case <-time.After(10 * time.Second):
		t.Fatal("the click did not reach the focus callback")
	}
	assert.Empty(t, clicked, "only the default action on a known notification focuses")
}
