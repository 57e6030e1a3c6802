package notify

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/dbustest"
	"hum/backend/poll"
	"hum/backend/process"
)

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
	server := dbustest.StartNotifications(t, addr)

	clicked := make(chan string, 4)
	d, err := NewDBus(func(t Target) { clicked <- t.ProcID })
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

	poll.Until(t, 10*time.Second, func() bool { return len(server.Received()) > 0 }, "no notification reached the server")
	got := server.Received()
	// The stop came in the same window as the crashes: had it counted, it
	// would be named here.
	assert.Equal(t, "Hum", got[0].App)
	assert.Equal(t, "3 processes crashed", got[0].Summary)
	assert.Equal(t, "api, web, worker", got[0].Body)
	assert.Equal(t, []string{"default", "Show"}, got[0].Actions)

	server.Click(t, got[0].ID)
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
	poll.Until(t, 10*time.Second, func() bool { return len(server.Received()) >= 2 }, "the second crash was not notified")
	all := server.Received()
	require.Len(t, all, 2, "got %v, want one notification for the three crashes, none for the stop, one for web", all)
	second := all[1]
	assert.Equal(t, "web crashed", second.Summary)
	assert.Equal(t, "exit code 2", second.Body)

	// An action other than the default one, or an unknown notification, focuses nothing.
	server.Invoke(t, second.ID, "other")
	server.Click(t, 999)
	server.Click(t, second.ID)
	select {
	case id := <-clicked:
		assert.Equal(t, "p2", id)
	case <-time.After(10 * time.Second):
		t.Fatal("the click did not reach the focus callback")
	}
	assert.Empty(t, clicked, "only the default action on a known notification focuses")
}
