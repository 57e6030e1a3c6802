//go:build unix

package process

import (
	"fmt"
	"os"
	"os/exec"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// TerminalSupported says whether processes run on a pseudo-terminal unless
// their Spec asks for pipes.
const TerminalSupported = true

// openTerminal opens a pseudo-terminal of the given size and returns its
// master, for Hum, and its slave, for the child (stdin, stdout and stderr,
// and its controlling terminal).
//
// The master is made non-blocking and so goes through Go's poller: a read
// blocked on it returns when the file is closed (supervise's bounded drain
// relies on that, as it does for pipes) and a write can have a deadline.
// creack/pty's master is blocking (it takes the descriptor with Fd, which
// makes it so), and a blocked read would outlive its Close.
func openTerminal(cols, rows uint16) (master, slave *os.File, err error) {
	m, s, err := pty.Open()
	if err != nil {
		return nil, nil, err
	}
	if err := pty.Setsize(s, &pty.Winsize{Cols: cols, Rows: rows}); err != nil {
		m.Close()
		s.Close()
		return nil, nil, fmt.Errorf("set size: %w", err)
	}
	fd, err := unix.Dup(int(m.Fd()))
	m.Close()
	if err == nil {
		unix.CloseOnExec(fd)
		err = unix.SetNonblock(fd, true)
	}
	if err != nil {
		if fd >= 0 {
			unix.Close(fd)
		}
		s.Close()
		return nil, nil, err
	}
	return os.NewFile(uintptr(fd), "/dev/ptmx"), s, nil
}

// attachTerminal gives cmd the slave as stdin, stdout and stderr, and makes
// the child the leader of a new session whose controlling terminal it is.
// A session leader also leads its process group (PGID = PID), so the tree
// is still that group and Stop signals it as a whole; and the group is the
// terminal's foreground group, which the interrupt character (Ctrl-C)
// signals. Setpgid must be off: a session leader may not call setpgid.
func attachTerminal(cmd *exec.Cmd, slave *os.File) {
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	attr := cmd.SysProcAttr
	attr.Setpgid = false
	attr.Setsid = true
	attr.Setctty = true
	attr.Ctty = 0 // the child's descriptor 0: the slave
}

// setTerminalSize sets the terminal's size; the kernel sends SIGWINCH to
// its foreground process group when the size changes.
func setTerminalSize(master *os.File, cols, rows uint16) error {
	sc, err := master.SyscallConn()
	if err != nil {
		return err
	}
	var ioctlErr error
	err = sc.Control(func(fd uintptr) {
		ioctlErr = unix.IoctlSetWinsize(int(fd), unix.TIOCSWINSZ, &unix.Winsize{Col: cols, Row: rows})
	})
	if err != nil {
		return err
	}
	return ioctlErr
}
