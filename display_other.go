//go:build !linux

package main

// checkDisplay: Windows and macOS always have a desktop to open the window on.
func checkDisplay() error { return nil }
