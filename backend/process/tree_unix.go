//go:build unix

package process

import (
	"errors"
	"os/exec"
	"sync"
	"syscall"
)

// On Unix a process tree is a process group: the leader is started with
// Setpgid, so its PGID is its PID, and every descendant stays in the group
// unless it deliberately leaves it (setsid, setpgid, a shell with job
// control). Those escape Hum's tree control like they escape a terminal's
// Ctrl-C; Hum signals nothing outside the groups it created.
type tree struct {
	pgid int // written once by startTree

	// Once released, the group is gone and its number may be reused by a
	// group Hum did not start, so nothing may signal it again. A Stop that
	// saw the run still going can reach endTree after the run's final
	// state; the lock makes release wait for a signal in flight.
	mu       sync.RWMutex // read-held around every signal, held by release
	released bool         // guarded by mu
}

func shellCommand(line string) *exec.Cmd { return exec.Command("/bin/sh", "-c", line) }

func prepareTree(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true // Pgid 0: the child's own PID
	setParentDeathSignal(cmd.SysProcAttr)
}

func startTree(cmd *exec.Cmd) (*tree, error) {
	if err := startCmd(cmd); err != nil {
		return nil, err
	}
	return &tree{pgid: cmd.Process.Pid}, nil
}

// terminate asks every member to stop (SIGTERM to the group), then sends
// SIGCONT as systemd does: a suspended member (SIGSTOP, a debugger, Ctrl-Z)
// only acts on the TERM once it runs again, and would otherwise wait out
// the grace period for the kill. Members that were not suspended ignore
// the SIGCONT.
func (t *tree) terminate() error {
	if err := t.signal(syscall.SIGTERM); err != nil {
		return err
	}
	_ = t.signal(syscall.SIGCONT) // the TERM went out: the grace period applies either way
	return nil
}

// kill ends every member (SIGKILL to the group).
func (t *tree) kill() error { return t.signal(syscall.SIGKILL) }

// signal sends sig to the whole group. Callers only signal after alive saw a
// live member: a PGID cannot be reused while any process still carries it,
// so the group we signal is the one we created (the only window is every
// member dying between the check and the signal and the PID counter wrapping
// around pid_max in between).
func (t *tree) signal(sig syscall.Signal) error {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.released {
		return nil // gone: see released
	}
	err := syscall.Kill(-t.pgid, sig)
	if errors.Is(err, syscall.ESRCH) {
		return nil // already gone
	}
	return err
}

// alive reports whether any member of the group has not exited yet.
func (t *tree) alive() bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.released {
		return false
	}
	// kill(-pgid, 0) fails with ESRCH once no process, not even a zombie,
	// carries the PGID: the cheap and common answer.
	if err := syscall.Kill(-t.pgid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	return groupHasLiveMember(t.pgid)
}

// release marks the tree gone once its run is final; a process group is
// not a handle, so there is nothing to free. From then on alive reports
// false and signals go nowhere.
func (t *tree) release() {
	t.mu.Lock()
	t.released = true
	t.mu.Unlock()
}
