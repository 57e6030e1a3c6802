//go:build unix

package watchdog

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

// Start starts a watchdog for this Hum, or returns nil (a Guard that does
// nothing) when Enable was not called: in tests, and wherever Hum's own
// binary cannot be found. dir is the folder of the state files (state.go),
// created 0700 if need be; "" (or a folder that cannot be created) keeps
// none, and then a tree that outlives both Hum and the watchdog is not
// reported at the next launch.
func Start(dir string) (*Guard, error) {
	exe := executable()
	if exe == "" {
		return nil, nil
	}
	file := ""
	if me, ok := self0(); ok && dir != "" && os.MkdirAll(dir, 0o700) == nil {
		file = stateFile(dir, me)
	}
	if file == "" {
		return start(exec.Command(exe, Arg), "")
	}
	return start(exec.Command(exe, Arg, file), file)
}

// self0 is this process, with its start time.
func self0() (proc, bool) {
	start, ok := startTime(os.Getpid())
	return proc{pid: os.Getpid(), start: start}, ok
}

// executable is the binary Enable recorded, or "".
func executable() string {
	self.mu.Lock()
	defer self.mu.Unlock()
	return self.exe
}

// start starts cmd as the watchdog, reading the pipe on its stdin, and
// keeps the state file file ("" for none).
func start(cmd *exec.Cmd, file string) (*Guard, error) {
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
	g := &Guard{w: pw, exited: make(chan struct{}), file: file, trees: map[int]tree{}}
	if file != "" {
		g.st.owner, _ = self0()
		if start, ok := startTime(cmd.Process.Pid); ok {
			g.st.watchdog = proc{pid: cmd.Process.Pid, start: start}
		}
		g.startSaving()
	}
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
// file, then ends every tree still recorded that is provably Hum's,
// removes Hum's state file (args[0], if any: nothing is left for the next
// Hum to report), and returns the exit code.
func Serve(r io.Reader, args []string) int {
	// The terminal's signals are not for it (it is in a group of its own,
	// but a terminal hang-up reaches the whole session).
	signal.Ignore(syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU)
	reap(read(r), grace)
	if len(args) > 0 && filepath.Ext(args[0]) == stateExt {
		_ = os.Remove(args[0])
	}
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
