package ports

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"
)

// tcpListenState is st of a listening socket in /proc/net/tcp (TCP_LISTEN).
const tcpListenState = "0A"

// listeningInodes maps the listening TCP sockets of this process's network
// namespace (which its children share) from inode to port: through
// sock_diag (sockdiag_linux.go), else from /proc/net/tcp and tcp6.
func listeningInodes(wantPort int) map[uint64]int {
	m := map[uint64]int{}
	if sockDiagListening(wantPort, m) == nil {
		return m
	}
	clear(m)
	return procListeningInodes(wantPort, m)
}

// procListeningInodes reads /proc/net/tcp and tcp6 into m. Ports are in
// hex after the local address's colon.
func procListeningInodes(wantPort int, m map[uint64]int) map[uint64]int {
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		parseTCP(b, wantPort, m)
	}
	return m
}

// parseTCP adds the listening sockets of one /proc/net/tcp{,6} table to m
// (all of them when wantPort is 0); malformed lines are skipped.
func parseTCP(b []byte, wantPort int, m map[uint64]int) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 512), 4096)
	first := true
	for sc.Scan() {
		if first { // the header
			first = false
			continue
		}
		f := strings.Fields(sc.Text())
		// sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
		if len(f) < 10 || f[3] != tcpListenState {
			continue
		}
		c := strings.LastIndexByte(f[1], ':')
		if c < 0 {
			continue
		}
		port, err := strconv.ParseUint(f[1][c+1:], 16, 16)
		if err != nil || port == 0 || (wantPort != 0 && int(port) != wantPort) {
			continue
		}
		inode, err := strconv.ParseUint(f[9], 10, 64)
		if err != nil || inode == 0 {
			continue
		}
		m[inode] = int(port)
	}
}

// socketInodes calls fn with the inode of every socket pid holds open.
func socketInodes(pid int, fn func(inode uint64) bool) {
	dir := "/proc/" + strconv.Itoa(pid) + "/fd/"
	f, err := os.Open(dir)
	if err != nil {
		return
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return
	}
	for _, n := range names {
		link, err := os.Readlink(dir + n)
		if err != nil || !strings.HasPrefix(link, "socket:[") || !strings.HasSuffix(link, "]") {
			continue
		}
		inode, err := strconv.ParseUint(link[len("socket:["):len(link)-1], 10, 64)
		if err != nil {
			continue
		}
		if !fn(inode) {
			return
		}
	}
}

func listeningByPID(trees [][]int32) map[int32][]int {
	inodes := listeningInodes(0)
	out := map[int32][]int{}
	if len(inodes) == 0 {
		return out // nothing listens: no fd table needs reading
	}
	for _, tree := range trees {
		for _, pid := range tree {
			if _, done := out[pid]; done {
				continue
			}
			var ps []int
			socketInodes(int(pid), func(inode uint64) bool {
				if p, ok := inodes[inode]; ok {
					ps = append(ps, p)
				}
				return true
			})
			out[pid] = ps
		}
	}
	return out
}

func owner(port int) (Holder, bool) {
	inodes := listeningInodes(port)
	if len(inodes) == 0 {
		return Holder{}, false
	}
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return Holder{}, false
	}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid <= 0 {
			continue
		}
		found := false
		socketInodes(pid, func(inode uint64) bool {
			_, found = inodes[inode]
			return !found
		})
		if found {
			name, _ := os.ReadFile("/proc/" + e.Name() + "/comm")
			return Holder{PID: pid, Name: strings.TrimSpace(string(name))}, true
		}
	}
	return Holder{}, false
}
