//go:build !linux

package tray

// probe: Windows and macOS always have a notification area / menu bar, so
// a tray exists wherever this build has a tray implementation at all
// (hostSupported, which probeHost checks first).
func probe() error { return nil }
