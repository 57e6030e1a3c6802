package process

import (
	"os"

	"golang.org/x/sys/unix"
)

const getTermios = unix.TCGETS

// pollableMaster returns the master made non-blocking, in Go's poller.
// creack/pty's is blocking (it takes the descriptor with Fd, which makes it
// so), and a read blocked on it would outlive its Close: supervise's
// bounded drain would then wait for a tree's escapee. A duplicate made
// non-blocking before os.NewFile is registered with the poller; m is
// closed.
func pollableMaster(m *os.File) (*os.File, error) {
	fd, err := unix.Dup(int(m.Fd()))
	m.Close()
	if err != nil {
		return nil, err
	}
	unix.CloseOnExec(fd)
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), "/dev/ptmx"), nil
}
