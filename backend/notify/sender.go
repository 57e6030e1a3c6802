package notify

import "errors"

// Sender shows notifications on the desktop. New gives this OS's:
// freedesktop notifications over DBus on Linux (DBus), toasts on Windows
// (toast_windows.go), the notification centre through osascript on macOS
// (osascript_darwin.go).
type Sender interface {
	// Send shows n; a click on it, where the OS reports clicks, calls the
	// onClick given to New with n.Target().
	Send(n Note) error
	// Close lets go of the desktop's service.
	Close() error
}

// ErrNoServer is New's error when nothing on this desktop shows
// notifications (no server on the session bus, an OS without a sender):
// Hum then shows none, and says nothing.
var ErrNoServer = errors.New("notify: no notification service on this desktop")
