//go:build !linux

package tray

// probe: Windows and macOS always have a notification area / menu bar, so
// a tray exists wherever this build has a tray implementation at all
// (hostSupported, which probeHost checks first).
func probe() error { return nil }

// confirm has nothing to check: on Windows and macOS systray reports its
// own failures and ending it is always safe.
func confirm(startDone <-chan struct{}) error { return nil }
