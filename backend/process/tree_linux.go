package process

import (
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"

	"hum/backend/procfs"
)

// setParentDeathSignal makes the kernel SIGKILL the leader if Hum dies
// without stopping it. The signal follows the thread that forked the child,
// not the process (golang/go#27505), so startCmd forks from one locked
// thread that never exits.
func setParentDeathSignal(attr *syscall.SysProcAttr) { attr.Pdeathsig = syscall.SIGKILL }

// forker is the one OS thread every child is forked from; see
// setParentDeathSignal.
var forker struct {
	once sync.Once        // starts the thread
	reqs chan forkRequest // written once under once; unbuffered
}

type forkRequest struct {
	cmd  *exec.Cmd
	done chan error
}

func startCmd(cmd *exec.Cmd) error {
	forker.once.Do(func() {
		forker.reqs = make(chan forkRequest)
		go func() {
			// Locked and never returning, so the thread lives as long as Hum.
			runtime.LockOSThread()
			for r := range forker.reqs {
				r.done <- r.cmd.Start()
			}
		}()
	})
	done := make(chan error, 1)
	forker.reqs <- forkRequest{cmd: cmd, done: done}
	return <-done
}

// "Every member gone" on Linux is read from /proc: a member in state Z
// (zombie) has exited and counts as gone. kill(pid, 0) cannot tell a zombie
// from a live process, and orphaned descendants are reaped by PID 1, which
// may take seconds (on some machines PID 1 is not a classic init).
//
// The alternative, PR_SET_CHILD_SUBREAPER, would re-parent orphans to Hum,
// but it is process-wide: Hum would have to reap every orphan itself with
// wait4(-1), which races os/exec's Wait for its direct children and steals
// their exit statuses. Reading /proc touches nothing outside our groups.
//
// One scan serves every caller that asked before it began, so StopAll over
// many trees does not multiply the cost.
var groupScan struct {
	mu   sync.Mutex  // protects at and live; held during a scan
	at   time.Time   // when the last scan began
	live map[int]int // PGID -> members not in state Z, from that scan
}

func groupHasLiveMember(pgid int) bool {
	asked := time.Now()
	groupScan.mu.Lock()
	defer groupScan.mu.Unlock()
	// Reuse a scan only if it began after we asked: an older one may predate
	// the group, or predate a member's exit we are waiting for.
	if groupScan.live == nil || groupScan.at.Before(asked) {
		groupScan.at = time.Now()
		groupScan.live = scanGroups()
	}
	return groupScan.live[pgid] > 0
}

// scanGroups counts the non-zombie processes of every process group.
func scanGroups() map[int]int {
	live := make(map[int]int)
	d, err := os.Open("/proc")
	if err != nil {
		return live
	}
	defer d.Close()
	names, _ := d.Readdirnames(-1)
	buf := make([]byte, 512)
	for _, name := range names {
		if name[0] < '0' || name[0] > '9' {
			continue
		}
		pgid, zombie, ok := readStat("/proc/"+name+"/stat", buf)
		if ok && !zombie {
			live[pgid]++
		}
	}
	return live
}

// readStat returns the PGID from a /proc/PID/stat file, and whether the
// process has exited (a zombie), reading it into buf.
func readStat(path string, buf []byte) (pgid int, zombie bool, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false, false // exited since the directory was read
	}
	n, _ := f.Read(buf)
	f.Close()
	st, ok := procfs.ParseStat(buf[:n])
	return int(st.PGID), st.Zombie, ok
}
