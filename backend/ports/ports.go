// Package ports tells which TCP ports process trees listen on, as the OS
// sees them, and who holds a port: the ground truth behind the URLs a
// process prints. A printed "Local: http://localhost:5173" is confirmed
// when 5173 is one of its tree's listening ports; a process that listens
// without printing anything still shows its port.
//
// Listening is meant for a sampling tick (backend/metrics): on Linux it
// lists the system's listening sockets once for all trees (netlink's
// sock_diag, else /proc/net/tcp and tcp6), then reads the fd table of
// each member (a socket is matched by its inode); elsewhere it asks
// gopsutil for the system's listening sockets once. Owner is for a port
// conflict, once, not per tick.
package ports

import (
	"net/url"
	"slices"
	"strconv"
)

// Holder is a process that listens on a port.
type Holder struct {
	PID  int
	Name string // its executable's name ("node"), "" when it cannot be read
}

// Listening returns, for each tree (the PIDs of its members), the TCP
// ports it listens on, ascending and de-duplicated; nil for a tree that
// listens on none. A member that ended or cannot be read adds nothing: an
// unreadable process is not an error that breaks the tick.
func Listening(trees [][]int32) [][]int {
	out := make([][]int, len(trees))
	if len(trees) == 0 {
		return out
	}
	byPID := listeningByPID(trees)
	for i, tree := range trees {
		var ps []int
		for _, pid := range tree {
			for _, p := range byPID[pid] {
				if !slices.Contains(ps, p) {
					ps = append(ps, p)
				}
			}
		}
		slices.Sort(ps)
		out[i] = ps
	}
	return out
}

// Owner returns the process that listens on TCP port, if any can be
// seen: one of this user's, on Linux (another user's fds cannot be read
// without privileges; the port is then held by "another program" Owner
// cannot name).
func Owner(port int) (Holder, bool) {
	if port <= 0 || port > 65535 {
		return Holder{}, false
	}
	return owner(port)
}

// Of returns the port a URL names, or its scheme's default (80, 443); 0
// when it is no http(s) URL.
func Of(rawURL string) int {
	u, err := url.Parse(rawURL)
	if err != nil {
		return 0
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return 0
		}
		return n
	}
	switch u.Scheme {
	case "http":
		return 80
	case "https":
		return 443
	}
	return 0
}

// Guess is the address a process that listens on port but printed no
// URL most likely serves.
func Guess(port int) string { return "http://localhost:" + strconv.Itoa(port) }

// ServerURL picks the address to show for a process: the first printed
// server URL whose port it listens on (confirmed); else the first printed
// one; else a guess from its lowest listening port (guessed). "" when it
// printed none and listens on nothing.
func ServerURL(urls []string, listening []int) (addr string, confirmed, guessed bool) {
	for _, u := range urls {
		if slices.Contains(listening, Of(u)) {
			return u, true, false
		}
	}
	if len(urls) > 0 {
		return urls[0], false, false
	}
	if len(listening) > 0 {
		return Guess(listening[0]), false, true
	}
	return "", false, false
}
