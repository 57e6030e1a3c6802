//go:build unix && !linux

package process

import (
	"os"

	"golang.org/x/sys/unix"
)

const getTermios = unix.TIOCGETA

// pollableMaster keeps the master blocking outside Linux: macOS's kqueue
// does not reliably take a PTY master (golang/go#22099), and a
// non-blocking master the poller does not watch makes the first read fail
// with EAGAIN. A blocked read there may outlive the master's Close, which
// supervise bounds (abandonTimeout); an Input to a program that does not
// read has no deadline.
func pollableMaster(m *os.File) (*os.File, error) { return m, nil }
