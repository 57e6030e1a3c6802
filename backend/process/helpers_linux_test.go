package process

import (
	"os"
	"strconv"
	"strings"
)

// procStat reads state and PGID of pid from /proc, independently of the
// code under test.
func procStat(pid int) (state byte, pgid int, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, false
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	pgid, _ = strconv.Atoi(f[2])
	return f[0][0], pgid, true
}

// pidGone reports whether pid has exited (a zombie has exited).
func pidGone(pid int) bool {
	state, _, ok := procStat(pid)
	return !ok || state == 'Z'
}

// liveGroupMembers lists the non-zombie processes whose PGID is in pgids.
func liveGroupMembers(pgids map[int]bool) []int {
	entries, _ := os.ReadDir("/proc")
	var live []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if state, pgid, ok := procStat(pid); ok && state != 'Z' && pgids[pgid] {
			live = append(live, pid)
		}
	}
	return live
}

// command returns the name of the program pid runs ("" once it is gone).
func command(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// suspended reports whether pid is stopped by a signal (state T).
func suspended(pid int) bool {
	state, _, ok := procStat(pid)
	return ok && state == 'T'
}
