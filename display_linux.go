//go:build !bindings

package main

import (
	"errors"
	"os"
)

// checkDisplay fails early and clearly where GTK could not open a window:
// without it, GTK's init panics with a Go stack trace.
func checkDisplay() error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); " +
			"the headless commands work without one: hum scripts, hum run (see hum help)")
	}
	return nil
}
