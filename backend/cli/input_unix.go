//go:build unix

package cli

import (
	"os"

	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// userInput is what `hum run` forwards to its process: stdin, unless hum
// runs in the background of a terminal (`hum run … &`), where reading it
// would stop hum (SIGTTIN); nil then.
func userInput() *os.File {
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return os.Stdin // a pipe or a file: `yes | hum run . setup`
	}
	fg, err := unix.IoctlGetInt(fd, unix.TIOCGPGRP)
	if err != nil || fg != unix.Getpgrp() {
		return nil
	}
	return os.Stdin
}
