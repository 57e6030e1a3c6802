// Package dbustest is for tests that need a DBus session of their own (the
// tray's StatusNotifierItem, the notification sender): a private
// dbus-daemon, so a test never talks to the desktop's session bus.
package dbustest

import (
	"bufio"
	_ "embed"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// PrivateBus starts a dbus-daemon of the test's own and points this
// process's session bus at it (DBUS_SESSION_BUS_ADDRESS, restored when the
// test ends); it returns the bus address. The daemon is stopped, by PID,
// when the test ends. Without dbus-daemon the test is skipped.
//
// The bus starts no service on demand (sessionConf has no service
// folders): with a notification daemon such as dunst installed, a
// notification a test sends would otherwise start the real one, which
// shows it and owns the name a test's fake server wants.
func PrivateBus(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("dbus-daemon is not installed (Debian package dbus; scripts/bootstrap.sh --test installs it)")
	}
	conf := filepath.Join(t.TempDir(), "session.conf")
	require.NoError(t, os.WriteFile(conf, []byte(sessionConf), 0o600))
	cmd := exec.Command(bin, "--config-file="+conf, "--nofork", "--print-address=1")
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

// sessionConf is the standard session bus (dbus-daemon --session) without
// its service folders: nothing is activated. tests/e2e/run.sh starts the
// e2e tests' bus with the same file.
//
//go:embed session.conf
var sessionConf string
