// Package dbustest is for tests that need a DBus session of their own (the
// tray's StatusNotifierItem, the notification sender): a private
// dbus-daemon, so a test never talks to the desktop's session bus.
package dbustest

import (
	"bufio"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// PrivateBus starts a dbus-daemon of the test's own and points this
// process's session bus at it (DBUS_SESSION_BUS_ADDRESS, restored when the
// test ends); it returns the bus address. The daemon is stopped, by PID,
// when the test ends. Without dbus-daemon the test is skipped.
func PrivateBus(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("dbus-daemon is not installed (Debian package dbus; scripts/bootstrap.sh --test installs it)")
	}
	cmd := exec.Command(bin, "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err, "reading the bus address")
	addr = strings.TrimSpace(addr)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return addr
}
