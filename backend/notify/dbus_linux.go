package notify

import (
	"sync"

	"github.com/godbus/dbus/v5"
)

const (
	busName   = "org.freedesktop.Notifications"
	busPath   = "/org/freedesktop/Notifications"
	busIface  = "org.freedesktop.Notifications"
	appName   = "Hum"
	expireDef = int32(-1) // the server's default timeout
)

// DBus sends notifications to the freedesktop notification server on the
// session bus and reports clicks on them (the "default" action) to OnClick
// with the process (and error) the notification is about. Safe for
// concurrent use.
type DBus struct {
	conn    *dbus.Conn // written once in NewDBus
	onClick func(Target)
	signals chan *dbus.Signal // written once in NewDBus
	done    chan struct{}     // closed when the signal loop has ended

	mu  sync.Mutex        // protects ids
	ids map[uint32]Target // notification ID → what a click focuses
}

// NewDBus connects to the session bus (a private connection, closed by
// Close) and checks that a notification server is there. onClick is called,
// from the signal goroutine, with what a clicked notification is about.
func NewDBus(onClick func(Target)) (*DBus, error) {
	conn, err := dbus.SessionBusPrivateNoAutoStartup()
	if err != nil {
		return nil, err
	}
	if err := conn.Auth(nil); err != nil {
		conn.Close()
		return nil, err
	}
	if err := conn.Hello(); err != nil {
		conn.Close()
		return nil, err
	}
	var has bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, busName).Store(&has); err != nil || !has {
		conn.Close()
		if err == nil {
			err = ErrNoServer
		}
		return nil, err
	}
	for _, member := range []string{"ActionInvoked", "NotificationClosed"} {
		if err := conn.AddMatchSignal(dbus.WithMatchObjectPath(busPath), dbus.WithMatchInterface(busIface), dbus.WithMatchMember(member)); err != nil {
			conn.Close()
			return nil, err
		}
	}
	d := &DBus{conn: conn, onClick: onClick, signals: make(chan *dbus.Signal, 16), done: make(chan struct{}), ids: map[uint32]Target{}}
	conn.Signal(d.signals)
	go d.loop()
	return d, nil
}

// Send shows n; a click on it focuses n.Target().
func (d *DBus) Send(n Note) error {
	hints := map[string]dbus.Variant{"category": dbus.MakeVariant("x-hum." + kindName(n.Kind))}
	if n.Kind == KindCrashed || n.Kind == KindCrashLoop {
		hints["urgency"] = dbus.MakeVariant(byte(1)) // normal; critical would stay until dismissed
	}
	var id uint32
	err := d.conn.Object(busName, busPath).Call(busIface+".Notify", 0,
		appName, uint32(0), "", n.Summary, n.Body, []string{"default", "Show"}, hints, expireDef).Store(&id)
	if err != nil {
		return err
	}
	if len(n.ProcIDs) > 0 {
		d.mu.Lock()
		d.ids[id] = n.Target()
		d.mu.Unlock()
	}
	return nil
}

// loop maps the server's signals to clicks until the connection closes.
func (d *DBus) loop() {
	defer close(d.done)
	for sig := range d.signals {
		switch sig.Name {
		case busIface + ".ActionInvoked":
			var id uint32
			var action string
			if dbus.Store(sig.Body, &id, &action) != nil || action != "default" {
				continue
			}
			d.mu.Lock()
			proc, ok := d.ids[id]
			d.mu.Unlock()
			if ok && d.onClick != nil {
				d.onClick(proc)
			}
		case busIface + ".NotificationClosed":
			var id, reason uint32
			if dbus.Store(sig.Body, &id, &reason) != nil {
				continue
			}
			d.mu.Lock()
			delete(d.ids, id)
			d.mu.Unlock()
		}
	}
}

// Close ends the connection and waits for the signal goroutine.
func (d *DBus) Close() error {
	err := d.conn.Close()
	<-d.done
	return err
}

func kindName(k Kind) string {
	switch k {
	case KindCrashed:
		return "crashed"
	case KindCrashLoop:
		return "crashloop"
	case KindReady:
		return "ready"
	case KindTerminal:
		return "terminal"
	}
	return "finished"
}
