//go:build !linux

package tray

import "errors"

// probe: Windows and macOS always have a notification area / menu bar, so
// a tray exists wherever this build has a tray implementation at all.
func probe() error {
	if !hostSupported {
		return errors.New("this build has no tray support (macOS needs cgo)")
	}
	return nil
}

// confirm has nothing to check: on Windows and macOS systray reports its
// own failures and ending it is always safe.
func confirm(startDone <-chan struct{}) error { return nil }
