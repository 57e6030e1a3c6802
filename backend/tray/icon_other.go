//go:build !windows

package tray

// platformIcon returns the PNG as is: systray reads PNG on Linux and macOS.
func platformIcon(p []byte) []byte { return p }
