//go:build unix && !linux

package watchdog

import (
	"syscall"

	"github.com/shirou/gopsutil/v3/process"
)

// startTime is when pid started, in milliseconds since the epoch.
func startTime(pid int) (int64, bool) {
	p, err := process.NewProcess(int32(pid))
	if err != nil {
		return 0, false
	}
	if st, err := p.Status(); err == nil && len(st) > 0 && st[0] == process.Zombie {
		return 0, false
	}
	ms, err := p.CreateTime()
	return ms, err == nil
}

// members lists the live processes of the group pgid.
func members(pgid int) []member {
	pids, err := process.Pids()
	if err != nil {
		return nil
	}
	var out []member
	for _, pid := range pids {
		if g, err := syscall.Getpgid(int(pid)); err != nil || g != pgid {
			continue
		}
		if start, ok := startTime(int(pid)); ok {
			out = append(out, member{pid: int(pid), start: start})
		}
	}
	return out
}

// cmdline is pid's command line, "" when it cannot be read.
func cmdline(pid int) string {
	p, err := process.NewProcess(int32(pid))
	if err != nil {
		return ""
	}
	c, _ := p.Cmdline()
	return c
}
