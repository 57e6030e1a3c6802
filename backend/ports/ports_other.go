//go:build !linux

package ports

import (
	gnet "github.com/shirou/gopsutil/v3/net"
	"github.com/shirou/gopsutil/v3/process"
)

// listening asks the OS once for every listening TCP socket with its
// owner's PID (gopsutil: netstat/lsof-free system calls on Windows,
// lsof on macOS).
func listening() []gnet.ConnectionStat {
	cs, err := gnet.Connections("tcp")
	if err != nil {
		return nil
	}
	out := cs[:0]
	for _, c := range cs {
		if c.Status == "LISTEN" && c.Pid > 0 && c.Laddr.Port > 0 {
			out = append(out, c)
		}
	}
	return out
}

func listeningByPID(trees [][]int32) map[int32][]int {
	out := map[int32][]int{}
	for _, c := range listening() {
		out[c.Pid] = append(out[c.Pid], int(c.Laddr.Port))
	}
	return out
}

func owner(port int) (Holder, bool) {
	for _, c := range listening() {
		if int(c.Laddr.Port) == port {
			h := Holder{PID: int(c.Pid)}
			if p, err := process.NewProcess(c.Pid); err == nil {
				h.Name, _ = p.Name()
			}
			return h, true
		}
	}
	return Holder{}, false
}
