package cli

import (
	"errors"
	"os"
)

// rawTerminal is never made on Windows: processes run on pipes there
// (docs/terminals.md), so there is no terminal to forward keys to.
type rawTerminal struct{}

func makeRaw(*os.File) (*rawTerminal, error) {
	return nil, errors.New("keys are not forwarded on Windows")
}

func (*rawTerminal) restore() {}

func (*rawTerminal) interrupt() byte { return 0x03 }

func terminalSize(*os.File) (cols, rows uint16, ok bool) { return 0, 0, false }

func notifyResize(chan<- os.Signal) {}
