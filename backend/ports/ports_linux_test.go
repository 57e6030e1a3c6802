package ports

import (
	"bufio"
	"fmt"
	"maps"
	"net"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
)

// descendants lists pid and every process below it, from /proc's ppid
// fields, as backend/metrics' tree finder does.
func descendants(t *testing.T, pid int) []int32 {
	t.Helper()
	parent := map[int][]int{}
	ents, err := os.ReadDir("/proc")
	require.NoError(t, err)
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 1 {
			pp, _ := strconv.Atoi(f[1])
			parent[pp] = append(parent[pp], p)
		}
	}
	out := []int32{int32(pid)}
	for i := 0; i < len(out); i++ {
		for _, c := range parent[int(out[i])] {
			out = append(out, int32(c))
		}
	}
	return out
}

var servingRE = regexp.MustCompile(`port (\d+)`)

// startServer starts `sh -c script` in a process group of its own, where
// script runs python3 -m http.server on a free port, and returns the
// leader's PID and the port the server printed.
func startServer(t *testing.T, script string) (pid, port int) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	cmd := exec.Command("sh", "-c", script)
	cmd.Env = append(os.Environ(), "PY="+py, "PYTHONUNBUFFERED=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
	})
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			require.True(t, ok, "the server ended before printing its port")
			if m := servingRE.FindStringSubmatch(l); m != nil {
				port, _ = strconv.Atoi(m[1])
				go func() {
					for range lines {
					}
				}()
				return cmd.Process.Pid, port
			}
		case <-deadline:
			t.Fatal("the server printed no port within 30 s")
		}
	}
}

func TestListeningFindsAChildsServer(t *testing.T) {
	pid, port := startServer(t, `exec "$PY" -m http.server 0 --bind 127.0.0.1`)
	var got [][]int
	poll.Until(t, 10*time.Second, func() bool {
		got = Listening([][]int32{{int32(pid)}, {int32(os.Getpid())}})
		return slices.Contains(got[0], port)
	}, "got %v, want the server's port %d in its tree's", got, port)
	assert.Equal(t, []int{port}, got[0], "the server listens on one port: got %v", got[0])
	assert.Empty(t, got[1], "the test, which listens on nothing, got %v", got[1])

	h, ok := Owner(port)
	require.True(t, ok, "Owner(%d) found nobody", port)
	assert.Equal(t, pid, h.PID, "Owner(%d): got PID %d, want the server's %d", port, h.PID, pid)
	assert.True(t, strings.HasPrefix(h.Name, "python"), "Owner(%d): got name %q, want python…", port, h.Name)
}

// TestListeningFindsAGrandchildsServer: `npm run dev` is a shell that runs
// a node that listens; the port belongs to the tree Hum started.
func TestListeningFindsAGrandchildsServer(t *testing.T) {
	pid, port := startServer(t, `sh -c '"$PY" -m http.server 0 --bind ::1 || "$PY" -m http.server 0 --bind 127.0.0.1; true' & wait`)
	var got [][]int
	poll.Until(t, 10*time.Second, func() bool {
		tree := descendants(t, pid)
		got = Listening([][]int32{tree})
		return len(tree) >= 3 && slices.Contains(got[0], port)
	}, "got %v, want port %d in the tree of %d", got, port, pid)
	assert.Empty(t, Listening([][]int32{{int32(pid)}})[0], "the leader itself listens on nothing")
}

func TestListeningAndOwnerOfTheTestsOwnSockets(t *testing.T) {
	l4, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer l4.Close()
	want := []int{l4.Addr().(*net.TCPAddr).Port}
	if l6, err := net.Listen("tcp6", "[::1]:0"); err == nil {
		defer l6.Close()
		want = append(want, l6.Addr().(*net.TCPAddr).Port)
	}
	slices.Sort(want)
	// A connected socket is no listener: its port must not count.
	c, err := net.Dial("tcp", l4.Addr().String())
	require.NoError(t, err)
	defer c.Close()

	got := Listening([][]int32{{int32(os.Getpid())}})
	assert.Equal(t, want, got[0], "got %v, want %v", got[0], want)
	h, ok := Owner(want[0])
	require.True(t, ok)
	assert.Equal(t, os.Getpid(), h.PID, "got %+v, want this test", h)

	l4.Close()
	_, ok = Owner(l4.Addr().(*net.TCPAddr).Port)
	assert.False(t, ok, "a closed listener has no owner")
	assert.Equal(t, [][]int{nil}, Listening([][]int32{{99999999}}), "a PID that does not exist listens on nothing")
}

func TestParseTCP(t *testing.T) {
	table := `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 4243 1 0000000000000000 20 4 30 10 -1
   2: 00000000000000000000000001000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 77 1 0000000000000000 100 0 0 10 0
   3: garbage
`
	m := map[uint64]int{}
	parseTCP([]byte(table), 0, m)
	assert.Equal(t, map[uint64]int{4242: 8080, 77: 3000}, m, "got %v", m)
	m = map[uint64]int{}
	parseTCP([]byte(table), 3000, m)
	assert.Equal(t, map[uint64]int{77: 3000}, m, "only port 3000: got %v", m)
}

// FuzzParseTCP: no table panics the parser, and what it finds is a real
// port of a listening line.
func FuzzParseTCP(f *testing.F) {
	f.Add([]byte("hdr\n 0: 0100007F:1F90 00000000:0000 0A 0:0 0:0 0 1 0 42 1\n"))
	f.Add([]byte("hdr\n 0: :FFFF x 0A a b c d e 18446744073709551615\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, b []byte) {
		m := map[uint64]int{}
		parseTCP(b, 0, m)
		for inode, p := range m {
			require.NotZero(t, inode)
			require.True(t, p > 0 && p <= 65535, "port %d out of range", p)
			require.Contains(t, string(b), fmt.Sprint(inode), "inode %d is not in the input", inode)
		}
	})
}

// BenchmarkListening is one metrics tick's port scan for 20 trees of 5
// processes (this one, listening on 3 ports, and 4 that do not exist any
// more), on whatever else the machine listens on.
func BenchmarkListening(b *testing.B) {
	for range 3 {
		l, err := net.Listen("tcp4", "127.0.0.1:0")
		require.NoError(b, err)
		defer l.Close()
	}
	trees := make([][]int32, 20)
	for i := range trees {
		trees[i] = []int32{int32(os.Getpid()), 99999991, 99999992, 99999993, 99999994}
	}
	b.Run("sock_diag", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Listening(trees)
		}
	})
	// What the tick would cost reading the tables instead (the fallback).
	b.Run("proc_net_tcp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			procListeningInodes(0, map[uint64]int{})
		}
	})
}

// TestSockDiagAgreesWithProcNetTCP: both sources list the test's own
// listener with its port, and agree on every socket both saw. They are
// read one after the other on a machine where other tests open and close
// listeners meanwhile, so a socket only one of them saw proves nothing.
func TestSockDiagAgreesWithProcNetTCP(t *testing.T) {
	l, err := net.Listen("tcp", "localhost:0")
	require.NoError(t, err)
	defer l.Close()
	diag := map[uint64]int{}
	require.NoError(t, sockDiagListening(0, diag), "sock_diag is there on every kernel Hum runs on")
	proc := procListeningInodes(0, map[uint64]int{})
	port := l.Addr().(*net.TCPAddr).Port
	assert.Contains(t, slices.Collect(maps.Values(diag)), port, "sock_diag: %v", diag)
	assert.Contains(t, slices.Collect(maps.Values(proc)), port, "/proc/net/tcp: %v", proc)
	both := 0
	for inode, p := range diag {
		if q, ok := proc[inode]; ok {
			both++
			assert.Equal(t, q, p, "socket %d: port %d from sock_diag, %d from /proc/net/tcp", inode, p, q)
		}
	}
	assert.Positive(t, both, "no socket seen by both: %v and %v", diag, proc)

	one := map[uint64]int{}
	require.NoError(t, sockDiagListening(l.Addr().(*net.TCPAddr).Port, one))
	assert.Len(t, one, 1, "one port asked for: got %v", one)
}
