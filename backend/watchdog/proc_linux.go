package watchdog

import (
	"bytes"
	"io"
	"os"
	"strconv"
)

// startTime is when pid started, in clock ticks since boot (field 22 of
// /proc/PID/stat): exact, and never the same for two processes that held
// one PID. A zombie has exited: it counts as gone.
func startTime(pid int) (int64, bool) {
	st, ok := stat(pid)
	if !ok || st.zombie {
		return 0, false
	}
	return st.start, true
}

type procStat struct {
	pgid   int
	start  int64
	zombie bool
}

// stat reads /proc/PID/stat: "pid (comm) state ppid pgrp session tty tpgid
// flags minflt cminflt majflt cmajflt utime stime cutime cstime priority
// nice threads itrealvalue starttime ...", where comm may hold spaces and
// parentheses.
func stat(pid int) (procStat, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return procStat{}, false
	}
	f := bytes.Fields(b[i+1:])
	// f[0] is state, f[2] pgrp, f[19] starttime.
	if len(f) < 20 || len(f[0]) != 1 {
		return procStat{}, false
	}
	pgid, err1 := strconv.Atoi(string(f[2]))
	start, err2 := strconv.ParseInt(string(f[19]), 10, 64)
	if err1 != nil || err2 != nil {
		return procStat{}, false
	}
	return procStat{pgid: pgid, start: start, zombie: f[0][0] == 'Z' || f[0][0] == 'X'}, true
}

// members lists the live processes of the group pgid.
func members(pgid int) []member {
	d, err := os.Open("/proc")
	if err != nil {
		return nil
	}
	defer d.Close()
	names, _ := d.Readdirnames(-1)
	var out []member
	for _, n := range names {
		pid, err := strconv.Atoi(n)
		if err != nil {
			continue
		}
		if st, ok := stat(pid); ok && st.pgid == pgid && !st.zombie {
			out = append(out, member{pid: pid, start: st.start})
		}
	}
	return out
}

// cmdline is pid's command line, its arguments separated by NULs (sanitise
// makes them spaces), "" when it cannot be read. Only its start is read:
// the state file keeps maxCommand bytes.
func cmdline(pid int) string {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return ""
	}
	defer f.Close()
	var b [4 * maxCommand]byte
	n, _ := io.ReadFull(f, b[:])
	return string(b[:n])
}
