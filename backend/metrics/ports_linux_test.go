package metrics

import (
	"net"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/ports"
)

// TestSampleCarriesTheTreesListeningPorts: the sampler's tick hands each
// tree's listening ports to Apply, a grandchild's included (a shell that
// runs a shell that runs the server, as `npm run dev` does), and only
// that tree's.
func TestSampleCarriesTheTreesListeningPorts(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	// A free port, chosen by the kernel and released for the server.
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	pidFile := filepath.Join(t.TempDir(), "py.pid")
	server := startTree(t, "sh -c 'echo $$ > "+pidFile+"; "+py+" -m http.server "+strconv.Itoa(port)+
		" --bind 127.0.0.1 >/dev/null 2>&1; true' & wait")
	idle := startTree(t, "exec sleep 600")

	var rec recorder
	targets := &targetList{}
	targets.set(Target{ID: "web", PID: server.Process.Pid}, Target{ID: "idle", PID: idle.Process.Pid})
	s := NewSampler(Options{Targets: targets.get, Apply: rec.apply, Ports: ports.Listening})
	tickUntil(t, s, "the server's port", func() bool {
		smp, ok := rec.get("web")
		return ok && slices.Contains(smp.Ports, port)
	})
	web, _ := rec.get("web")
	assert.Equal(t, []int{port}, web.Ports, "web: got %v, want [%d]", web.Ports, port)
	other, _ := rec.get("idle")
	assert.Empty(t, other.Ports, "a tree that listens on nothing: got %v", other.Ports)
	// The listener is a grandchild: the inner shell's child.
	assert.NotEqual(t, server.Process.Pid, readPID(t, pidFile), "the server runs below the leader")

	killTree(server)
	tickUntil(t, s, "the port to go with the server", func() bool {
		smp, ok := rec.get("web")
		return ok && len(smp.Ports) == 0
	})
}
