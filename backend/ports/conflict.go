package ports

import (
	"bytes"
	"strings"

	"github.com/shirou/gopsutil/v3/process"
)

// MayConflict is the cheap test for every line a process prints: only a
// line that passes it is parsed by ConflictPort.
func MayConflict(line []byte) bool {
	return bytes.Contains(line, []byte("in use")) || bytes.Contains(line, []byte("EADDRINUSE"))
}

// ConflictPort returns the port a line of output says is taken: Node's
// "listen EADDRINUSE: address already in use :::3000", Go's "listen tcp
// :8080: bind: address already in use", Vite's "Port 5173 is in use",
// Puma's "Address already in use - bind(2) for \"127.0.0.1\" port 3000".
// ok is false for a line that names no port (Python's "[Errno 98] Address
// already in use") or is about something else.
func ConflictPort(line string) (port int, ok bool) {
	l := strings.ToLower(line)
	if !strings.Contains(l, "eaddrinuse") && !strings.Contains(l, "already in use") && !strings.Contains(l, "is in use") {
		return 0, false
	}
	// "port 3000" first: it is the port whatever else the line holds.
	for i := 0; ; {
		k := strings.Index(l[i:], "port ")
		if k < 0 {
			break
		}
		i += k + len("port ")
		if p, n := digits(l[i:]); n > 0 && p > 0 {
			return p, true
		}
	}
	// Else the last ":NNNN" that ends a number (an address's port).
	for i := len(l) - 1; i >= 0; i-- {
		if l[i] != ':' {
			continue
		}
		if p, n := digits(l[i+1:]); n > 0 && p > 0 {
			return p, true
		}
	}
	return 0, false
}

// digits reads a port at the start of s: 1 to 5 digits not followed by
// another digit or a letter, at most 65535. n is 0 when there is none.
func digits(s string) (port, n int) {
	for n < len(s) && n < 6 && s[n] >= '0' && s[n] <= '9' {
		port = port*10 + int(s[n]-'0')
		n++
	}
	if n == 0 || n > 5 || port > 65535 {
		return 0, 0
	}
	if n < len(s) {
		if c := s[n]; c >= 'a' && c <= 'z' || c == '.' && n+1 < len(s) && s[n+1] >= '0' && s[n+1] <= '9' {
			return 0, 0 // "3000ms", "1.2.3"
		}
	}
	return port, n
}

// Ancestry returns pid and the PIDs of its parents, nearest first, up to
// the first it cannot read (at most 64): what tells whether a holder of a
// port is in a tree Hum started.
func Ancestry(pid int) []int {
	out := []int{pid}
	for len(out) < 64 {
		p, err := process.NewProcess(int32(out[len(out)-1]))
		if err != nil {
			break
		}
		pp, err := p.Ppid()
		if err != nil || pp <= 0 || int(pp) == out[len(out)-1] {
			break
		}
		out = append(out, int(pp))
	}
	return out
}
