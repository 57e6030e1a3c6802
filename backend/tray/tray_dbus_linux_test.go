package tray

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/dbustest"
	"hum/backend/process"
	"hum/backend/tray/internal/snwatcher"
)

// client is a test's own connection to the bus, beside the tray's.
func client(t *testing.T, addr string) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(addr)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	return conn
}

// layoutItem is a dbusmenu item as a panel sees it.
type layoutItem struct {
	ID      int32
	Label   string
	Visible bool
	Enabled bool
	Sub     []layoutItem
}

type dbusLayout = struct {
	V0 int32
	V1 map[string]dbus.Variant
	V2 []dbus.Variant
}

func convertLayout(l dbusLayout) []layoutItem {
	var out []layoutItem
	for _, v := range l.V2 {
		c, ok := v.Value().([]any)
		if !ok || len(c) != 3 {
			continue
		}
		var child dbusLayout
		if err := dbus.Store(c, &child.V0, &child.V1, &child.V2); err != nil {
			continue
		}
		it := layoutItem{ID: child.V0, Visible: true, Enabled: true, Sub: convertLayout(child)}
		if s, ok := child.V1["label"].Value().(string); ok {
			it.Label = s
		}
		if b, ok := child.V1["visible"].Value().(bool); ok {
			it.Visible = b
		}
		if b, ok := child.V1["enabled"].Value().(bool); ok {
			it.Enabled = b
		}
		out = append(out, it)
	}
	return out
}

// menuOverDBus reads the whole menu with com.canonical.dbusmenu.GetLayout.
func menuOverDBus(conn *dbus.Conn, dest string) ([]layoutItem, error) {
	var rev uint32
	var l dbusLayout
	err := conn.Object(dest, "/StatusNotifierItem/menu").
		Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).
		Store(&rev, &l)
	if err != nil {
		return nil, err
	}
	return convertLayout(l), nil
}

// findLabel returns the visible item with that label, searching submenus.
func findLabel(items []layoutItem, label string) (layoutItem, bool) {
	for _, it := range items {
		if !it.Visible {
			continue
		}
		if it.Label == label {
			return it, true
		}
		if c, ok := findLabel(it.Sub, label); ok {
			return c, true
		}
	}
	return layoutItem{}, false
}

func hasOwner(t *testing.T, conn *dbus.Conn, name string) bool {
	t.Helper()
	var has bool
	require.NoError(t, conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has))
	return has
}

// TestRealTrayOverDBus runs the real systray on a private session bus: no
// tray without a bus or without a StatusNotifier host, and with both a menu
// a panel can read and click. systray is once per process, so this is the
// only test that starts it.
func TestRealTrayOverDBus(t *testing.T) {
	t.Run("no session bus", func(t *testing.T) {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+t.TempDir()+"/no-bus")
		var logs logRecorder
		tr, err := Start(&fakeActions{}, Options{Logf: logs.logf})
		require.Nil(t, tr)
		assert.True(t, errors.Is(err, ErrUnavailable), "got %v, want ErrUnavailable", err)
		assert.False(t, Available(), "Available: got true, want false")
		lines := logs.all()
		require.Len(t, lines, 1, "log lines: got %v, want one", lines)
		assert.Contains(t, lines[0], "no DBus session bus", "got %v, want the reason", lines[0])
	})

	addr := dbustest.PrivateBus(t)
	cl := client(t, addr)

	t.Run("no StatusNotifier host", func(t *testing.T) {
		var logs logRecorder
		tr, err := Start(&fakeActions{}, Options{Logf: logs.logf})
		require.Nil(t, tr)
		assert.True(t, errors.Is(err, ErrUnavailable), "got %v, want ErrUnavailable", err)
		assert.False(t, Available(), "Available: got true, want false")
		lines := logs.all()
		require.Len(t, lines, 1, "log lines: got %v, want one", lines)
		assert.Contains(t, lines[0], "no StatusNotifier host", "got %v, want the reason", lines[0])
	})

	if started.Load() {
		// systray cannot start twice in one process: with -count > 1 the
		// first run already covered the rest.
		t.Skip("the real tray already ran in this test process")
	}
	w, err := snwatcher.Serve(client(t, addr))
	require.NoError(t, err)
	require.True(t, Available(), "Available with a watcher: got false, want true")

	a := &fakeActions{}
	a.set(
		[]process.State{st("p1", "web", process.StatusRunning, withURL("http://127.0.0.1:5173/"))},
		[]Favourite{{ScriptID: "npm:chatty", Name: "chatty"}},
		nil,
	)
	var logs logRecorder
	tr, err := Start(a, Options{Logf: logs.logf})
	require.NoError(t, err)
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			tr.Stop()
		}
	})
	_, err = Start(a, Options{Logf: logs.logf})
	assert.True(t, errors.Is(err, ErrStarted), "second Start: got %v, want ErrStarted", err)

	dest := fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", os.Getpid())
	eventually(t, "the tray to register with the watcher", func() bool {
		return slices.ContainsFunc(w.Items(), func(s string) bool { return strings.HasSuffix(s, "/StatusNotifierItem") })
	})

	// The first GetLayout of a session answers one level deep (a systray
	// workaround for libdbusmenu), so ask until submenus are there too.
	var items []layoutItem
	eventually(t, "the menu with the process's submenu", func() bool {
		items, err = menuOverDBus(cl, dest)
		_, ok := findLabel(items, "Open http://127.0.0.1:5173/")
		return err == nil && ok
	})
	for _, label := range []string{TitleShow, TitleHide, "1 running, 0 failed", "web — running", "Start chatty", TitleStopAll, TitleQuit} {
		_, ok := findLabel(items, label)
		assert.True(t, ok, "menu item %q: got missing, want present", label)
	}

	click := func(label string) {
		t.Helper()
		it, ok := findLabel(items, label)
		require.True(t, ok, "no item %q", label)
		call := cl.Object(dest, "/StatusNotifierItem/menu").
			Call("com.canonical.dbusmenu.Event", 0, it.ID, "clicked", dbus.MakeVariant(int32(0)), uint32(0))
		require.NoError(t, call.Err)
	}
	click("Start chatty")
	eventually(t, "StartScript", func() bool { return slices.Contains(a.callList(), "StartScript npm:chatty") })
	click(TitleStop)
	eventually(t, "StopProcess", func() bool { return slices.Contains(a.callList(), "StopProcess p1") })

	// A failure shows in the tooltip (and the icon) once the tray hears of it.
	a.set([]process.State{st("p1", "web", process.StatusFailed, withExit(1))}, nil, nil)
	tr.Refresh()
	eventually(t, "the tooltip to count the failure", func() bool {
		v, err := cl.Object(dest, "/StatusNotifierItem").GetProperty("org.kde.StatusNotifierItem.ToolTip")
		if err != nil {
			return false
		}
		fields, ok := v.Value().([]any)
		return ok && len(fields) == 4 && fields[2] == "0 running, 1 failed"
	})

	tr.Stop()
	stopped = true
	eventually(t, "the tray to leave the bus", func() bool { return !hasOwner(t, cl, dest) })
	assert.Empty(t, logs.all(), "log: got %v, want nothing", logs.all())
}
