package dbustest

import (
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/stretchr/testify/require"
)

// The freedesktop notification service's names.
const (
	NotifyName  = "org.freedesktop.Notifications"
	NotifyPath  = "/org/freedesktop/Notifications"
	NotifyIface = "org.freedesktop.Notifications"
)

// Received is one Notify call as the fake server got it.
type Received struct {
	App, Summary, Body string
	Actions            []string
	ID                 uint32
}

// Notifications is a fake notification server on a test's bus: it records
// every Notify and emits ActionInvoked when the test clicks.
type Notifications struct {
	conn *dbus.Conn // written once in StartNotifications
	mu   sync.Mutex // protects got, next
	got  []Received
	next uint32
}

// StartNotifications owns org.freedesktop.Notifications on the bus at addr
// (PrivateBus's) until the test ends.
func StartNotifications(t *testing.T, addr string) *Notifications {
	t.Helper()
	conn, err := dbus.Connect(addr)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	f := &Notifications{conn: conn}
	require.NoError(t, conn.Export(notifyMethods{f}, NotifyPath, NotifyIface))
	reply, err := conn.RequestName(NotifyName, dbus.NameFlagDoNotQueue)
	require.NoError(t, err)
	require.Equal(t, dbus.RequestNameReplyPrimaryOwner, reply)
	return f
}

// Received returns what the server got so far, oldest first.
func (f *Notifications) Received() []Received {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Received(nil), f.got...)
}

// Click is the user clicking notification id: the server's ActionInvoked
// with the default action.
func (f *Notifications) Click(t *testing.T, id uint32) {
	t.Helper()
	f.Invoke(t, id, "default")
}

// Invoke emits ActionInvoked for id with action.
func (f *Notifications) Invoke(t *testing.T, id uint32, action string) {
	t.Helper()
	require.NoError(t, f.conn.Emit(NotifyPath, NotifyIface+".ActionInvoked", id, action))
}

// notifyMethods are the methods exported on the bus, kept apart so the
// test-facing methods of Notifications are not.
type notifyMethods struct{ f *Notifications }

func (m notifyMethods) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	m.f.mu.Lock()
	defer m.f.mu.Unlock()
	m.f.next++
	m.f.got = append(m.f.got, Received{App: app, Summary: summary, Body: body, Actions: actions, ID: m.f.next})
	return m.f.next, nil
}

func (notifyMethods) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"actions", "body"}, nil
}

func (notifyMethods) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "fake", "hum tests", "1", "1.2", nil
}

func (notifyMethods) CloseNotification(id uint32) *dbus.Error { return nil }
