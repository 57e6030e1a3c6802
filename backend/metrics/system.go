package metrics

import (
	"github.com/shirou/gopsutil/v3/cpu"
	"github.com/shirou/gopsutil/v3/mem"
)

// systemCPU remembers the previous machine-wide CPU reading. The sampler
// keeps its own rather than use cpu.Percent(0, …), whose "last call" state is
// global to the program and would be disturbed by any other caller.
type systemCPU struct {
	busy, total float64 // CPU seconds at the last reading, summed over all cores
	primed      bool    // a previous reading exists
}

// readSystem reads machine totals; a figure that cannot be read stays at its
// "unknown" value rather than failing the tick.
func (s *Sampler) readSystem() System {
	out := System{CPU: Unavailable}
	if ts, err := cpu.Times(false); err == nil && len(ts) > 0 {
		t := ts[0]
		// Idle and iowait are time the CPUs had nothing to run. Linux already
		// counts guest time inside user and nice time, so it is taken out of
		// Total to avoid counting it twice (it is zero elsewhere).
		total := t.Total() - t.Guest - t.GuestNice
		busy := total - t.Idle - t.Iowait
		if s.sysCPU.primed && total > s.sysCPU.total {
			out.CPU = min(max((busy-s.sysCPU.busy)/(total-s.sysCPU.total)*100, 0), 100)
		}
		s.sysCPU = systemCPU{busy: busy, total: total, primed: true}
	}
	if vm, err := mem.VirtualMemory(); err == nil {
		out.MemTotal = vm.Total
		// "Available" is what the kernel could give to a new program without
		// swapping, so total less available is what a person means by used.
		// Where a platform does not report it, fall back to gopsutil's Used.
		if vm.Available > 0 && vm.Available <= vm.Total {
			out.MemUsed = vm.Total - vm.Available
		} else {
			out.MemUsed = vm.Used
		}
	}
	return out
}
