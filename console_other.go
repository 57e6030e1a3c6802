//go:build !windows

package main

// attachConsole does nothing outside Windows: a program started from a
// terminal already writes to it.
func attachConsole() {}
