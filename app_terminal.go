package main

import (
	"fmt"
	"math"
)

// The bound methods of a process's terminal: what the log view types into
// it and the size it shows it at. Only processes whose state says tty take
// them.

// SendInput types data into a process's terminal as keystrokes: xterm.js's
// onData, so "\r" is Enter and "\x03" Ctrl-C (an interrupt to the program
// in the foreground).
func (a *App) SendInput(processID string, data string) error {
	s, err := a.session()
	if err != nil {
		return err
	}
	return s.Input(processID, []byte(data))
}

// ResizeTerminal sets a process's terminal to cols x rows characters (the
// log view's size), which full-screen programs redraw for; the process
// keeps it, restarts included, until the next resize.
func (a *App) ResizeTerminal(processID string, cols, rows int) error {
	if cols < 1 || rows < 1 || cols > math.MaxUint16 || rows > math.MaxUint16 {
		return fmt.Errorf("resize %s: invalid size %dx%d", processID, cols, rows)
	}
	s, err := a.session()
	if err != nil {
		return err
	}
	return s.Resize(processID, uint16(cols), uint16(rows))
}
