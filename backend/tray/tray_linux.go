package tray

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/godbus/dbus/v5"
)

// watcherName is the bus name of the StatusNotifier host's watcher: a tray
// icon registers with it, and without it no panel would ever show the icon.
const watcherName = "org.kde.StatusNotifierWatcher"

// probe checks what a tray needs on Linux: a session bus and a StatusNotifier
// host on it. It must pass before systray starts: without a bus, systray's
// shutdown dereferences a nil connection on the GTK thread, a crash nothing
// can recover from.
func probe() error {
	// First prove the bus exists without auto-launching one: dbus.SessionBus
	// would run dbus-launch when no address is known, leaving behind a bus
	// daemon nobody asked for, on which no tray host would be listening anyway.
	c, err := dbus.SessionBusPrivateNoAutoStartup()
	if err != nil {
		return fmt.Errorf("no DBus session bus: %w", err)
	}
	c.Close()
	conn, err := dbus.SessionBus() // the shared connection systray will use
	if err != nil {
		return fmt.Errorf("no DBus session bus: %w", err)
	}
	var has bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, watcherName).Store(&has); err != nil {
		return fmt.Errorf("cannot ask the DBus session bus for %s: %w", watcherName, err)
	}
	if !has {
		return errors.New("no StatusNotifier host on the DBus session bus (" + watcherName + " has no owner)")
	}
	return nil
}

// confirm waits for systray's start to return and checks that it exported
// the tray: it names itself org.kde.StatusNotifierItem-PID-1 only after the
// menu is on the bus. If it did not get that far, systray's end would crash
// (it closes a connection it never stored), so the caller must not call it.
func confirm(startDone <-chan struct{}) error {
	select {
	case <-startDone:
	case <-time.After(10 * time.Second):
		return errors.New("systray did not start within 10 s")
	}
	conn, err := dbus.SessionBus()
	if err != nil {
		return fmt.Errorf("no DBus session bus: %w", err)
	}
	name := fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", os.Getpid())
	var has bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has); err != nil {
		return fmt.Errorf("cannot ask the DBus session bus for %s: %w", name, err)
	}
	if !has {
		return errors.New("systray could not export the tray on the DBus session bus (see its log above)")
	}
	return nil
}
