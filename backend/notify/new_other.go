//go:build !linux && !windows && !darwin

package notify

// New returns ErrNoServer: Hum has no notification sender for this OS.
func New(onClick func(Target)) (Sender, error) { return nil, ErrNoServer }
