package process

import (
	"errors"
	"os"
	"os/exec"
)

// TerminalSupported says whether processes run on a pseudo-terminal unless
// their Spec asks for pipes. Not on Windows yet: a ConPTY would need its
// own console per process, which the CTRL_BREAK stop (console_windows.go)
// cannot reach, so processes keep their pipes there (docs/terminals.md).
const TerminalSupported = false

var errNoTerminal = errors.New("no pseudo-terminal on Windows")

func openTerminal(uint16, uint16) (master, slave *os.File, err error) {
	return nil, nil, errNoTerminal
}

func attachTerminal(*exec.Cmd, *os.File) {}

func setTerminalSize(*os.File, uint16, uint16) error { return errNoTerminal }
