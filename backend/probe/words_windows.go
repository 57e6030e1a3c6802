package probe

import (
	"errors"
	"syscall"

	"golang.org/x/sys/windows"
)

// Winsock reports its own error numbers, which are not syscall's invented
// ECONNREFUSED and ECONNRESET.
func refused(err error) bool {
	return errors.Is(err, windows.WSAECONNREFUSED) || errors.Is(err, syscall.ECONNREFUSED)
}

func reset(err error) bool {
	return errors.Is(err, windows.WSAECONNRESET) || errors.Is(err, syscall.ECONNRESET)
}
