package watchdog

import (
	"io"
	"os"
	"strconv"

	"hum/backend/procfs"
)

// startTime is when pid started, in clock ticks since boot (field 22 of
// /proc/PID/stat): exact, and never the same for two processes that held
// one PID. A zombie has exited: it counts as gone.
func startTime(pid int) (int64, bool) {
	st, ok := stat(pid)
	if !ok || st.Zombie {
		return 0, false
	}
	return st.Start, true
}

// stat reads /proc/PID/stat.
func stat(pid int) (procfs.Stat, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procfs.Stat{}, false
	}
	return procfs.ParseStat(b)
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
		if st, ok := stat(pid); ok && int(st.PGID) == pgid && !st.Zombie {
			out = append(out, member{pid: pid, start: st.Start})
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
