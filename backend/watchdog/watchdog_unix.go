//go:build unix

package watchdog

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

// Start starts a watchdog for this Hum, or returns nil (a Guard that does
// nothing) when Enable was not called: in tests, and wherever Hum's own
// binary cannot be found.
func Start() (*Guard, error) {
	exe := executable()
	if exe == "" {
		return nil, nil
	}
	return start(exec.Command(exe, Arg))
}

// executable is the binary Enable recorded, or "".
func executable() string {
	self.mu.Lock()
	defer self.mu.Unlock()
	return self.exe
}

// start starts cmd as the watchdog, reading the pipe on its stdin.
func start(cmd *exec.Cmd) (*Guard, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdin = pr
	// Its own group: a Ctrl-C in the terminal goes to hum's group and
	// must not end the watchdog before hum has stopped the trees. No
	// parent-death signal, of course: it is there to outlive Hum.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		return nil, err
	}
	pr.Close() // the watchdog has its copy; ours would keep end of file away
	g := &Guard{w: pw, exited: make(chan struct{})}
	// Reap it when it exits, so it leaves no zombie while Hum runs.
	go func() {
		_ = cmd.Wait()
		close(g.exited)
	}()
	return g, nil
}

// grace is how long the trees get after SIGTERM before SIGKILL. Short: Hum
// is gone, and the ports they hold are wanted by the next start.
const grace = 500 * time.Millisecond

// Serve is the watchdog: it follows r (the pipe from Hum) until end of
// file, then ends every tree still recorded that is provably Hum's, and
// returns the exit code.
func Serve(r io.Reader) int {
	// The terminal's signals are not for it (it is in a group of its own,
	// but a terminal hang-up reaches the whole session).
	signal.Ignore(syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU)
	reap(read(r), grace)
	return 0
}

// reap ends the recorded trees that are Hum's: SIGTERM to each group, and
// SIGKILL to those still there after grace.
func reap(recs []record, grace time.Duration) {
	var ours []int
	for _, r := range recs {
		if owned(r) {
			ours = append(ours, r.pgid)
		}
	}
	for _, g := range ours {
		signalGroup(g, syscall.SIGTERM)
		signalGroup(g, syscall.SIGCONT) // a stopped member acts on the TERM only once it runs
	}
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) && anyLive(ours) {
		time.Sleep(20 * time.Millisecond)
	}
	for _, g := range ours {
		// Still Hum's: the group had members all along, so its number
		// was not reused.
		signalGroup(g, syscall.SIGKILL)
	}
}

func signalGroup(pgid int, sig syscall.Signal) {
	if err := syscall.Kill(-pgid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		return
	}
}

// anyLive reports whether any of the groups still has a member that has
// not exited.
func anyLive(groups []int) bool {
	for _, g := range groups {
		if len(members(g)) > 0 {
			return true
		}
	}
	return false
}

// owned reports whether r's group is still the one Hum started: its
// leader carries the recorded start time, or, with the leader gone, every
// live member started no earlier than the leader did. A group whose number
// was taken by another program after Hum's had ended fails both.
func owned(r record) bool {
	if start, ok := startTime(r.pgid); ok {
		return start == r.start
	}
	ms := members(r.pgid)
	if len(ms) == 0 {
		return false
	}
	for _, m := range ms {
		if m.start < r.start {
			return false
		}
	}
	return true
}

// member is one live process of a group.
type member struct {
	pid   int
	start int64
}
