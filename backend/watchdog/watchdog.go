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
// are the orphans of Hum's tree).
//
// `pkill -9 hum` ends the watchdog too. So the Guard also keeps its
// records in a state file (state.go), which the watchdog removes once it
// has reaped and Hum removes when it exits cleanly; a file left behind
// means both died, and the next Hum reports the trees of it still running
// (Leftovers) for the user to stop or leave. On Windows a Job Object with
// KILL_ON_JOB_CLOSE already ends every tree with Hum, and there is no
// watchdog.
package watchdog

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
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

// Dir is the folder of the state files in Hum's config folder
// configDir (config.Dir), or "" for none when there is no config folder.
// The window and the CLI pass it to Start and Leftovers alike.
func Dir(configDir string) string {
	if configDir == "" {
		return ""
	}
	return filepath.Join(configDir, "running")
}
