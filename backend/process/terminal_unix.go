//go:build unix

package process

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// TerminalSupported says whether processes run on a pseudo-terminal unless
// their Spec asks for pipes.
const TerminalSupported = true

// openTerminal opens a pseudo-terminal of the given size and returns its
// master, for Hum, and its slave, for the child (stdin, stdout and stderr).
//
// On Linux the master goes through Go's poller (pollableMaster), so a read
// blocked on it returns when the file is closed, as a pipe's does, and a
// write can have a deadline.
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
	if m, err = pollableMaster(m); err != nil {
		s.Close()
		return nil, nil, err
	}
	return m, s, nil
}

// attachTerminal gives cmd the slave as stdin, stdout and stderr, and makes
// the child the leader of a session of its own, which also makes it the
// leader of a process group (PGID = PID): the tree Stop signals as a whole,
// as Setpgid does on pipes (a session leader may not call setpgid, so that
// is off).
//
// The terminal is deliberately not the session's controlling terminal (no
// Setctty). When the leader of a session with a controlling terminal exits,
// the kernel hangs up the terminal's foreground group: SIGHUP to every
// member still there. npm, yarn and other wrappers exit at once on Stop's
// SIGTERM, and the hangup would kill the server they started in the middle
// of its graceful shutdown (its "closing…" lost; Node resets an inherited
// SIG_IGN, so nohup cannot help). A terminal window has the same problem
// solved by its shell, which leads the session and outlives the job. Without
// a controlling terminal a tree ends exactly as on pipes (TERM, grace period,
// kill), and what the terminal's line discipline would have signalled,
// Hum signals itself: the interrupt and quit characters typed through Input
// (interrupt) and a new size (Resize: SIGWINCH). Programs still see a
// terminal on stdin, stdout and stderr (isatty, ttyname, termios, raw mode);
// only opening /dev/tty fails, and those that do fall back to stdin or
// stderr (less, Python's getpass).
func attachTerminal(cmd *exec.Cmd, slave *os.File) {
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	attr := cmd.SysProcAttr
	attr.Setpgid = false
	attr.Setsid = true
}

// typeInto writes data to the terminal as typed, and sends the tree the
// signals its control characters mean to the line discipline, as that
// would to its foreground group (see attachTerminal): SIGINT for the
// interrupt character (Ctrl-C), SIGQUIT for quit (Ctrl-\), while the
// terminal's ISIG is on; a program in raw mode reads them as bytes. Those
// characters are signalled instead of written: written, the line
// discipline would also discard the output not yet read, and since it
// runs apart from this signal it could discard what the program prints on
// the signal ("^C" is not echoed, which is all that is lost). The suspend
// character is written as a byte: with no shell to resume the tree, only
// Stop's SIGCONT would.
func typeInto(r *run, data []byte) error {
	var intr, quit byte // 0: none
	if t, err := readTermios(r.term); err == nil && t.Lflag&unix.ISIG != 0 {
		intr, quit = enabled(t.Cc[unix.VINTR]), enabled(t.Cc[unix.VQUIT])
	}
	for len(data) > 0 {
		i := 0
		for i < len(data) && (intr == 0 || data[i] != intr) && (quit == 0 || data[i] != quit) {
			i++
		}
		if i > 0 {
			if _, err := r.term.Write(data[:i]); err != nil {
				return err
			}
		}
		if i == len(data) {
			return nil
		}
		sig := syscall.SIGINT
		if data[i] == quit {
			sig = syscall.SIGQUIT
		}
		_ = r.tree.signal(sig)
		data = data[i+1:]
	}
	return nil
}

// enabled is a control character of termios, or 0 when it is disabled
// (_POSIX_VDISABLE: 0 on Linux, 0xff on macOS and the BSDs).
func enabled(c uint8) byte {
	if c == 0xff {
		return 0
	}
	return c
}

// readTermios reads the terminal's termios through the master, which
// reports the slave's: the modes the program set (raw, no echo, ISIG).
func readTermios(master *os.File) (*unix.Termios, error) {
	sc, err := master.SyscallConn()
	if err != nil {
		return nil, err
	}
	var t *unix.Termios
	var ioctlErr error
	if err := sc.Control(func(fd uintptr) { t, ioctlErr = unix.IoctlGetTermios(int(fd), getTermios) }); err != nil {
		return nil, err
	}
	return t, ioctlErr
}

// resizeTerminal sets the terminal's size and, when it changed, tells the
// tree with SIGWINCH (what the kernel sends a controlling terminal's
// foreground group; see attachTerminal).
func resizeTerminal(r *run, cols, rows uint16) error {
	sc, err := r.term.SyscallConn()
	if err != nil {
		return err
	}
	changed := false
	var ioctlErr error
	err = sc.Control(func(fd uintptr) {
		if ws, err := unix.IoctlGetWinsize(int(fd), unix.TIOCGWINSZ); err == nil && ws.Col == cols && ws.Row == rows {
			return
		}
		changed = true
		ioctlErr = unix.IoctlSetWinsize(int(fd), unix.TIOCSWINSZ, &unix.Winsize{Col: cols, Row: rows})
	})
	if err == nil {
		err = ioctlErr
	}
	if err == nil && changed {
		_ = r.tree.signal(syscall.SIGWINCH)
	}
	return err
}
