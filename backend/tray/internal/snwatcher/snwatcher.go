// Package snwatcher is a minimal StatusNotifierWatcher: the service a desktop
// panel runs so that tray icons can register with it. Hum's tests run one on
// a private session bus, where no panel exists, so that the real tray starts
// and its menu can be driven over DBus.
//
// It implements what fyne.io/systray and the tests use: the
// RegisterStatusNotifierItem and RegisterStatusNotifierHost methods and the
// RegisteredStatusNotifierItems, IsStatusNotifierHostRegistered and
// ProtocolVersion properties. It does not watch items leave the bus.
package snwatcher

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
	"github.com/godbus/dbus/v5/prop"
)

const (
	// Name is the well-known bus name a watcher owns.
	Name  = "org.kde.StatusNotifierWatcher"
	iface = "org.kde.StatusNotifierWatcher"
	path  = dbus.ObjectPath("/StatusNotifierWatcher")
)

// Watcher records the items that registered.
type Watcher struct {
	props *prop.Properties // written once in Serve

	mu    sync.Mutex // protects items
	items []string   // "bus-name/object-path" of each registered item, in order
}

// Serve exports a watcher on conn and takes its well-known name. It fails if
// another watcher already owns the name.
func Serve(conn *dbus.Conn) (*Watcher, error) {
	w := &Watcher{}
	if err := conn.Export(w, path, iface); err != nil {
		return nil, fmt.Errorf("snwatcher: %w", err)
	}
	props, err := prop.Export(conn, path, map[string]map[string]*prop.Prop{
		iface: {
			"RegisteredStatusNotifierItems":  {Value: []string{}, Emit: prop.EmitTrue},
			"IsStatusNotifierHostRegistered": {Value: true, Emit: prop.EmitTrue},
			"ProtocolVersion":                {Value: int32(0), Emit: prop.EmitTrue},
		},
	})
	if err != nil {
		return nil, fmt.Errorf("snwatcher: %w", err)
	}
	w.props = props
	node := &introspect.Node{
		Name: string(path),
		Interfaces: []introspect.Interface{
			introspect.IntrospectData,
			prop.IntrospectData,
			{
				Name: iface,
				Methods: []introspect.Method{
					{Name: "RegisterStatusNotifierItem", Args: []introspect.Arg{{Name: "service", Type: "s", Direction: "in"}}},
					{Name: "RegisterStatusNotifierHost", Args: []introspect.Arg{{Name: "service", Type: "s", Direction: "in"}}},
				},
				Properties: props.Introspection(iface),
			},
		},
	}
	if err := conn.Export(introspect.NewIntrospectable(node), path, "org.freedesktop.DBus.Introspectable"); err != nil {
		return nil, fmt.Errorf("snwatcher: %w", err)
	}
	reply, err := conn.RequestName(Name, dbus.NameFlagDoNotQueue)
	if err != nil {
		return nil, fmt.Errorf("snwatcher: %w", err)
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		return nil, fmt.Errorf("snwatcher: %s is already owned", Name)
	}
	return w, nil
}

// RegisterStatusNotifierItem is the DBus method items call. service is an
// object path (what systray sends) or a bus name; either way the item is
// recorded as "bus-name/object-path".
func (w *Watcher) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	item := string(sender) + service
	if !strings.HasPrefix(service, "/") {
		item = service + "/StatusNotifierItem"
	}
	w.mu.Lock()
	if !slices.Contains(w.items, item) {
		w.items = append(w.items, item)
	}
	items := slices.Clone(w.items)
	w.mu.Unlock()
	w.props.SetMust(iface, "RegisteredStatusNotifierItems", items)
	return nil
}

// RegisterStatusNotifierHost is the DBus method panels call; there is only
// ever this one pretend host, so it has nothing to record.
func (w *Watcher) RegisterStatusNotifierHost(service string) *dbus.Error { return nil }

// Items returns the registered items, as "bus-name/object-path".
func (w *Watcher) Items() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.items)
}
