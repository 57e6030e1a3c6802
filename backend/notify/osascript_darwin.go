package notify

import (
	"context"
	"os/exec"
	"time"
)

// OSAScript shows notifications in the macOS notification centre by running
// `osascript` with `display notification`, the one way that needs no cgo
// (Hum's macOS builds are cross-compiled without it). The words travel as
// the script's arguments, never inside it (osascriptArgs). macOS shows them
// as Script Editor's, and reports no clicks to the program that ran the
// script: a click focuses nothing.
type OSAScript struct{ bin string }

// New finds osascript (in /usr/bin on every macOS).
func New(func(Target)) (Sender, error) {
	bin, err := exec.LookPath("osascript")
	if err != nil {
		return nil, ErrNoServer
	}
	return &OSAScript{bin: bin}, nil
}

// Send runs osascript for n and waits for it, at most 10 s.
func (o *OSAScript) Send(n Note) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, o.bin, osascriptArgs(n)...).Run()
}

// Close does nothing: no connection is kept.
func (o *OSAScript) Close() error { return nil }
