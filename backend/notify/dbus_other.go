//go:build !linux

package notify

import "errors"

// DBus is the Linux notification sender; elsewhere (Windows toasts, macOS)
// Hum shows no notifications yet, and NewDBus says so.
type DBus struct{}

// ErrNoServer is NewDBus's error where there is no notification sender.
var ErrNoServer = errors.New("notify: no notifications on this OS")

// NewDBus returns ErrNoServer: no sender on this OS.
func NewDBus(onClick func(Target)) (*DBus, error) { return nil, ErrNoServer }

// Send does nothing.
func (d *DBus) Send(Note) error { return nil }

// Close does nothing.
func (d *DBus) Close() error { return nil }
