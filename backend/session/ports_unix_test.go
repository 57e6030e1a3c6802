//go:build !windows

package session

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/ports"
	"hum/backend/process"
)

// listener is a python3 program that listens on a free loopback port,
// prints what it is given (with the port for {port}), and sleeps.
const listener = `python3 -c 'import socket,sys,time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
for a in sys.argv[1:]: print(a.replace("{port}", str(s.getsockname()[1])), flush=True)
time.sleep(60)'`

// TestServerURLLinksAndPortsReachTheState: what a person sees in the table
// comes from one running process: the printed server URL, confirmed by
// the port its tree listens on; a documentation link and an upstream it
// failed to reach kept apart as links.
func TestServerURLLinksAndPortsReachTheState(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	s := open(t, t.TempDir(), Options{MetricsInterval: 100 * time.Millisecond})
	st, err := s.StartCommand(listener+` "Learn more: https://nextjs.org/telemetry" `+
		`"Get \"http://127.0.0.1:4000/api\": dial tcp 127.0.0.1:4000: connect: connection refused" `+
		`"  - Local:   http://localhost:{port}"`, "")
	require.NoError(t, err)
	eventually(t, "a server URL and a listening port", func() bool {
		cur := state(s, st.ID)
		return len(cur.URLs) == 1 && len(cur.Ports) == 1
	})
	cur := state(s, st.ID)
	url, confirmed, _ := ports.ServerURL(cur.URLs, cur.Ports)
	assert.True(t, confirmed, "the printed %s is not confirmed by the ports %v", url, cur.Ports)
	assert.Equal(t, ports.Guess(cur.Ports[0]), cur.URLs[0], "got %q, want the listening port's address", cur.URLs[0])
	eventually(t, "the links", func() bool { return len(state(s, st.ID).Links) == 2 })
	assert.Equal(t, []string{"https://nextjs.org/telemetry", "http://127.0.0.1:4000/api"}, state(s, st.ID).Links)
}

// TestAListenerThatPrintsNothingShowsItsPort: no URL printed, yet the table
// has its port and the address it most likely serves.
func TestAListenerThatPrintsNothingShowsItsPort(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	s := open(t, t.TempDir(), Options{MetricsInterval: 100 * time.Millisecond})
	st, err := s.StartCommand(listener, "")
	require.NoError(t, err)
	eventually(t, "a listening port", func() bool { return len(state(s, st.ID).Ports) == 1 })
	cur := state(s, st.ID)
	assert.Empty(t, cur.URLs, "it printed no URL: got %v", cur.URLs)
	url, confirmed, guessed := ports.ServerURL(cur.URLs, cur.Ports)
	assert.True(t, guessed && !confirmed, "got confirmed %v guessed %v, want a guess", confirmed, guessed)
	assert.Equal(t, ports.Guess(cur.Ports[0]), url)

}

// conflicting is a node program that listens on port and so fails with
// Node's own EADDRINUSE error when something holds it.
func conflicting(port int) string {
	return fmt.Sprintf(`node -e 'require("http").createServer().listen(%d, "127.0.0.1")'`, port)
}

// TestAPortConflictNamesHumsOwnHolder: the port is held by another of
// Hum's processes, which the window can offer to stop.
func TestAPortConflictNamesHumsOwnHolder(t *testing.T) {
	for _, tool := range []string{"python3", "node"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skip(tool + " is not installed")
		}
	}
	s := open(t, t.TempDir(), Options{MetricsInterval: 100 * time.Millisecond})
	holder, err := s.StartCommand(listener, "")
	require.NoError(t, err)
	eventually(t, "the holder's port", func() bool { return len(state(s, holder.ID).Ports) == 1 })
	port := state(s, holder.ID).Ports[0]

	st, err := s.StartCommand(conflicting(port), "")
	require.NoError(t, err)
	eventually(t, "the conflict named", func() bool { return state(s, st.ID).Conflict != nil })
	c := *state(s, st.ID).Conflict
	assert.Equal(t, port, c.Port, "got %+v", c)
	assert.Equal(t, holder.ID, c.ProcID, "got %+v, want Hum's own %s", c, holder.ID)
	assert.True(t, strings.HasPrefix(c.Name, "python"), "got %+v, want the python holder", c)
	assert.Positive(t, c.PID)
	assert.Equal(t, process.StatusRunning, state(s, holder.ID).Status, "the holder is left alone")
}

// TestAPortConflictNamesAnotherProgram: a port held by a program Hum did
// not start (this test) is named by its PID, and nothing signals it.
func TestAPortConflictNamesAnotherProgram(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port

	s := open(t, t.TempDir(), Options{})
	st, err := s.StartCommand(conflicting(port), "")
	require.NoError(t, err)
	eventually(t, "the conflict named", func() bool { return state(s, st.ID).Conflict != nil })
	c := *state(s, st.ID).Conflict
	assert.Equal(t, process.PortConflict{Port: port, PID: os.Getpid(), Name: c.Name}, c, "got %+v, want this test's PID and no Hum process", c)
	assert.NotEmpty(t, c.Name)
	assert.Contains(t, logText(s, st.ID), "EADDRINUSE", "the run's own words are in its log")
}
