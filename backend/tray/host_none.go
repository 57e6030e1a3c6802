//go:build !linux && !windows && !(darwin && cgo)

package tray

import "errors"

// hostSupported says this build can show a tray: systray needs cgo on macOS
// and supports no other system.
const hostSupported = false

func runHost(build func(host)) (end func(), err error) {
	return nil, errors.New("this build has no tray support")
}
