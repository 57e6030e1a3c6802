package metrics

import (
	"cmp"
	"os"
	"slices"
	"syscall"
	"time"

	"hum/backend/procfs"
)

// newTreeFinder finds trees by process group on Linux: Hum starts every
// process as the leader of its own group, so one scan of /proc lists every
// tree at once, where asking per process would cost a pgrep each.
func newTreeFinder() treeFinder { return newGroupFinder("/proc", treeTTL) }

// procInfo is what a scan keeps of one /proc/<pid>/stat.
type procInfo struct {
	pid, ppid, pgid int32
	start           int64  // starttime, clock ticks after boot
	zombie          bool   // state Z or X: gone but for its exit status
	mark            uint64 // the collect call that last visited it
}

// groupFinder lists a tree as the leader, every process in the leader's
// process group, and every descendant of those by parent PID (a child that
// moved to a group or session of its own is still part of the cost). The
// scan of /proc is reused for ttl, and redone at once, at most once a tick,
// when a leader is not in it (a process started since).
// If /proc cannot be read, it falls back to gopsutil's Children.
type groupFinder struct {
	root string        // written once; "/proc", or a fake tree in tests
	ttl  time.Duration // written once

	now         time.Time  // the current tick's time
	at          time.Time  // when procs was scanned; zero before the first scan
	rescanned   bool       // a scan was done during the current tick
	procs       []procInfo // the last scan, sorted by pid
	byPgid      []int32    // indices into procs, sorted by pgid
	byPpid      []int32    // indices into procs, sorted by ppid
	queue       []int32    // scratch for the walk
	buf         []byte     // scratch for reading stat files
	epoch       uint64     // counts collect calls, for procInfo.mark
	fallback    *childrenFinder
	useFallback bool // the last scan failed
}

func newGroupFinder(root string, ttl time.Duration) *groupFinder {
	return &groupFinder{root: root, ttl: ttl, buf: make([]byte, 4096), fallback: newChildrenFinder(ttl)}
}

func (g *groupFinder) begin(now time.Time) {
	g.now = now
	g.rescanned = false
	g.fallback.begin(now)
}

func (g *groupFinder) end() { g.fallback.end() }

func (g *groupFinder) members(leader int32, dst []member) []member {
	if g.at.IsZero() || g.now.Sub(g.at) >= g.ttl {
		g.scan()
	}
	if g.useFallback {
		return g.fallback.members(leader, dst)
	}
	n := len(dst)
	dst, found := g.collect(leader, dst)
	if !found && !g.rescanned {
		g.scan()
		if g.useFallback {
			return g.fallback.members(leader, dst[:n])
		}
		dst, _ = g.collect(leader, dst[:n])
	}
	return dst
}

// collect appends the tree led by leader from the last scan. found reports
// whether the scan knew the leader or any process of its group.
func (g *groupFinder) collect(leader int32, dst []member) ([]member, bool) {
	g.epoch++
	g.queue = g.queue[:0]
	if i, ok := slices.BinarySearchFunc(g.procs, leader, func(p procInfo, pid int32) int { return cmp.Compare(p.pid, pid) }); ok {
		g.queue = append(g.queue, int32(i))
		g.procs[i].mark = g.epoch
	}
	lo, hi := g.span(g.byPgid, leader, func(p *procInfo) int32 { return p.pgid })
	for _, i := range g.byPgid[lo:hi] {
		if g.procs[i].mark != g.epoch {
			g.procs[i].mark = g.epoch
			g.queue = append(g.queue, i)
		}
	}
	found := len(g.queue) > 0
	for k := 0; k < len(g.queue); k++ {
		p := &g.procs[g.queue[k]]
		if !p.zombie {
			dst = append(dst, member{pid: p.pid, start: p.start})
		}
		lo, hi := g.span(g.byPpid, p.pid, func(p *procInfo) int32 { return p.ppid })
		for _, i := range g.byPpid[lo:hi] {
			if g.procs[i].mark != g.epoch {
				g.procs[i].mark = g.epoch
				g.queue = append(g.queue, i)
			}
		}
	}
	return dst, found
}

// span returns the range of idx (sorted by key) whose key is v.
func (g *groupFinder) span(idx []int32, v int32, key func(*procInfo) int32) (int, int) {
	lo, _ := slices.BinarySearchFunc(idx, v, func(i, v int32) int { return cmp.Compare(key(&g.procs[i]), v) })
	hi := lo
	for hi < len(idx) && key(&g.procs[idx[hi]]) == v {
		hi++
	}
	return lo, hi
}

// scan reads the state, parent and group of every process in /proc.
func (g *groupFinder) scan() {
	g.at = g.now
	g.rescanned = true
	dir, err := os.Open(g.root)
	if err != nil {
		g.useFallback = true
		return
	}
	names, err := dir.Readdirnames(-1)
	dir.Close()
	if err != nil {
		g.useFallback = true
		return
	}
	g.useFallback = false
	g.procs = g.procs[:0]
	for _, name := range names {
		pid, ok := parsePID(name)
		if !ok {
			continue
		}
		b, ok := g.readStat(g.root + "/" + name + "/stat")
		if !ok {
			continue // ended since the directory was listed
		}
		st, ok := procfs.ParseStat(b)
		if !ok || st.PID != pid {
			continue
		}
		g.procs = append(g.procs, procInfo{pid: st.PID, ppid: st.PPID, pgid: st.PGID, start: st.Start, zombie: st.Zombie})
	}
	slices.SortFunc(g.procs, func(a, b procInfo) int { return cmp.Compare(a.pid, b.pid) })
	g.byPgid = g.index(g.byPgid, func(p *procInfo) int32 { return p.pgid })
	g.byPpid = g.index(g.byPpid, func(p *procInfo) int32 { return p.ppid })
}

func (g *groupFinder) index(idx []int32, key func(*procInfo) int32) []int32 {
	idx = idx[:0]
	for i := range g.procs {
		idx = append(idx, int32(i))
	}
	slices.SortFunc(idx, func(a, b int32) int { return cmp.Compare(key(&g.procs[a]), key(&g.procs[b])) })
	return idx
}

// readStat reads a whole stat file into g.buf with raw system calls: the
// scan reads hundreds of them, and os.ReadFile would allocate a File and a
// buffer for each. The kernel produces the line in one read when the
// buffer is large enough, which 4 KiB always is for stat.
func (g *groupFinder) readStat(path string) ([]byte, bool) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, false
	}
	defer syscall.Close(fd)
	for {
		n, err := syscall.Read(fd, g.buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || n <= 0 {
			return nil, false
		}
		return g.buf[:n], true
	}
}

func parsePID(s string) (int32, bool) {
	if s == "" || len(s) > 10 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if n <= 0 || n > 1<<31-1 {
		return 0, false
	}
	return int32(n), true
}
