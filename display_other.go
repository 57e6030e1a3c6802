//go:build !linux || bindings

package main

// checkDisplay has nothing to check: Windows and macOS always have a desktop,
// and the bindings build (which `wails build` runs to generate TypeScript)
// opens no window.
func checkDisplay() error { return nil }
