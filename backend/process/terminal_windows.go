package process

import (
	"errors"
	"os"
	"os/exec"
)

// TerminalSupported says whether processes run on a pseudo-terminal unless
// their Spec asks for pipes. Not on Windows yet: processes keep their pipes
// there (docs/terminals.md). A ConPTY gives each process a pseudo console
// of its own, which the CTRL_BREAK of a graceful Stop (console_windows.go,
// sent on the console Hum shares with its trees) does not reach.
const TerminalSupported = false

var errNoTerminal = errors.New("no pseudo-terminal on Windows")

func openTerminal(uint16, uint16) (master, slave *os.File, err error) {
	return nil, nil, errNoTerminal
}

func attachTerminal(*exec.Cmd, *os.File) {}

func typeInto(r *run, data []byte) error {
	_, err := r.term.Write(data)
	return err
}

func resizeTerminal(*run, uint16, uint16) error { return errNoTerminal }
