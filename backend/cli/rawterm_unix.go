//go:build unix

package cli

import (
	"os"
	"os/signal"
	"sync"

	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// rawTerminal is the user's terminal, put in raw mode while hum forwards
// its keys to one process (startKeys); restore puts back the modes it had.
type rawTerminal struct {
	fd    int
	saved unix.Termios // written once, before the modes change
	once  sync.Once
}

// makeRaw puts the terminal f in raw mode as cfmakeraw does, except for
// its output processing: every key comes as typed, at once (no line
// editing, no echo, and Ctrl-C, Ctrl-\ and Ctrl-Z are bytes, not signals to
// hum), while a "\n" written to it still starts a new row (OPOST, ONLCR).
// hum's own lines, its prefixed output, a Go panic's trace and anything
// else written to the terminal then never stair-step; the process's own
// output has lost its terminal's "\r\n" on its way through hum's lines
// anyway.
func makeRaw(f *os.File) (*rawTerminal, error) {
	fd := int(f.Fd())
	t, err := unix.IoctlGetTermios(fd, getTermios)
	if err != nil {
		return nil, err
	}
	rt := &rawTerminal{fd: fd, saved: *t}
	raw := *t
	raw.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	raw.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	raw.Cflag &^= unix.CSIZE | unix.PARENB
	raw.Cflag |= unix.CS8
	raw.Cc[unix.VMIN], raw.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(fd, setTermios, &raw); err != nil {
		return nil, err
	}
	return rt, nil
}

// restore puts back the modes the terminal had before makeRaw; only the
// first call does anything.
func (t *rawTerminal) restore() {
	t.once.Do(func() { _ = unix.IoctlSetTermios(t.fd, setTermios, &t.saved) })
}

// interrupt is the user's interrupt character (Ctrl-C unless stty intr
// changed it), which hum counts to know when to stop.
func (t *rawTerminal) interrupt() byte {
	if c := t.saved.Cc[unix.VINTR]; c != 0 && c != 0xff { // 0xff, or 0 on Linux: disabled
		return c
	}
	return 0x03
}

// terminalSize is the size of the terminal f; ok is false when it has none.
func terminalSize(f *os.File) (cols, rows uint16, ok bool) {
	w, h, err := term.GetSize(int(f.Fd()))
	if err != nil || w <= 0 || h <= 0 || w > 0xffff || h > 0xffff {
		return 0, 0, false
	}
	return uint16(w), uint16(h), true
}

// notifyResize sends ch a signal whenever the user's terminal is resized.
func notifyResize(ch chan<- os.Signal) { signal.Notify(ch, unix.SIGWINCH) }
