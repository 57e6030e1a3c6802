// Package watchdog ends Hum's process trees when Hum dies without ending
// them (kill -9, a crash, the OOM killer). The process core sets a parent-
// death signal on each tree's leader, but only the leader gets it: the rest
// of its group (a shell's background jobs, npm's server) lives on, orphaned,
// holding its ports.
//
// Hum starts the watchdog, a second copy of its own binary (`hum
// __watchdog`), in a process group of its own, with one end of a pipe as its
// standard input. Hum writes on the pipe each tree it starts ("track PID
// STARTTIME") and each tree that is gone ("forget PID"). When the pipe
// reaches end of file, Hum has gone, however it went: the watchdog ends
// every tree still recorded (SIGTERM to the group, SIGKILL half a second later)
// and exits. It never signals a group it cannot prove is Hum's: the
// group's leader must still carry the start time Hum recorded, or, when
// the leader is gone, every member of the group must have started after
// it (a PGID is not reused while any process carries it, so those members
// are the orphans of Hum's tree). On Windows a Job Object with
// KILL_ON_JOB_CLOSE already ends every tree with Hum, and there is no
// watchdog.
package watchdog

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Arg is the hidden subcommand that runs the watchdog (main dispatches it
// before anything else).
const Arg = "__watchdog"

// self is the binary that runs the watchdog: Hum's own, once main has
// called Enable. Tests of other packages run in a test binary, which must
// never be started as a watchdog, so Start does nothing until then.
var self struct {
	mu  sync.Mutex // protects exe
	exe string     // guarded by mu
}

// Enable lets Start start watchdogs from this executable. main calls it;
// nothing else should.
func Enable() {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	self.mu.Lock()
	self.exe = exe
	self.mu.Unlock()
}

// Guard is Hum's end of the pipe: a process.Guard. The zero of *Guard
// (nil) does nothing.
type Guard struct {
	mu     sync.Mutex     // serialises writes, so lines never interleave
	w      io.WriteCloser // written once in start
	broken bool           // guarded by mu: a write failed (the watchdog is gone); stop writing
	exited chan struct{}  // written once in start; closed once the watchdog has exited
}

// Exited is closed once the watchdog has exited: after Close, when it has
// done its work; before, if something killed it.
func (g *Guard) Exited() <-chan struct{} { return g.exited }

// Track records a tree that has just started, by its leader's PID and
// start time. Safe for concurrent use; never blocks for long (the
// watchdog reads at once, and a pipe buffers 64 KiB).
func (g *Guard) Track(pid int) {
	if g == nil {
		return
	}
	start, ok := startTime(pid)
	if !ok {
		return // already gone: nothing to guard
	}
	g.write(fmt.Sprintf("track %d %d\n", pid, start))
}

// Forget says the tree of pid is gone.
func (g *Guard) Forget(pid int) {
	if g == nil {
		return
	}
	g.write(fmt.Sprintf("forget %d\n", pid))
}

func (g *Guard) write(line string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.broken {
		return
	}
	if _, err := io.WriteString(g.w, line); err != nil {
		g.broken = true
	}
}

// Close ends the watch as Hum's exit would: the watchdog ends what is
// still recorded (nothing, once every tree was stopped) and exits.
func (g *Guard) Close() error {
	if g == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.broken = true
	return g.w.Close()
}

// record is one tracked tree.
type record struct {
	pgid  int
	start int64 // the leader's start time, as startTime reads it
}

// maxLine bounds a line of the pipe: Hum's are under 40 bytes.
const maxLine = 256

// read follows the pipe until end of file and returns the trees still
// recorded then. A line it does not understand is skipped: the pipe is
// Hum's alone, and a bad line must not cost the others, nor may an
// overlong one end the watch early.
func read(r io.Reader) []record {
	live := map[int]int64{}
	br := bufio.NewReaderSize(r, maxLine)
	for {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			for err == bufio.ErrBufferFull { // skip the rest of it
				_, err = br.ReadSlice('\n')
			}
			if err != nil {
				break
			}
			continue
		}
		apply(live, string(line))
		if err != nil {
			break // end of file (or a broken pipe): Hum is gone
		}
	}
	out := make([]record, 0, len(live))
	for pid, start := range live {
		out = append(out, record{pgid: pid, start: start})
	}
	return out
}

// apply applies one line of the pipe to live.
func apply(live map[int]int64, line string) {
	f := strings.Fields(line)
	switch {
	case len(f) == 3 && f[0] == "track":
		pid, err1 := strconv.Atoi(f[1])
		start, err2 := strconv.ParseInt(f[2], 10, 64)
		if err1 == nil && err2 == nil && pid > 1 && start > 0 {
			live[pid] = start
		}
	case len(f) == 2 && f[0] == "forget":
		if pid, err := strconv.Atoi(f[1]); err == nil {
			delete(live, pid)
		}
	}
}
