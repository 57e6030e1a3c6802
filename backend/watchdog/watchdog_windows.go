package watchdog

import (
	"io"
)

// Start returns nil: on Windows every tree is a Job Object created with
// JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, and the kernel ends it when Hum's
// handle closes, however Hum ends.
func Start(dir string) (*Guard, error) { return nil, nil }

// Serve follows the pipe and ends nothing, for the Job Objects do (see
// Start).
func Serve(r io.Reader, args []string) int {
	_ = read(r)
	return 0
}

// Guard does nothing on Windows (see Start); it is a process.Guard all
// the same, so the callers are the same on every system.
type Guard struct{}

// Track does nothing: the tree's Job Object ends it with Hum.
func (g *Guard) Track(pid int) {}

// Forget does nothing.
func (g *Guard) Forget(pid int) {}

// Close does nothing.
func (g *Guard) Close() error { return nil }

// Leftover is a tree that a Hum which quit unexpectedly left running.
// There are none on Windows: the Job Objects end them with Hum.
type Leftover struct {
	PGID    int    `json:"pgid"`
	Members int    `json:"members"`
	Command string `json:"command"`
}

// Leftovers returns none on Windows (see Leftover).
func Leftovers(dir string) ([]Leftover, error) { return nil, nil }

// StopLeftovers has nothing to stop on Windows.
func StopLeftovers(dir string) error { return nil }

// LeaveLeftovers has nothing to leave on Windows.
func LeaveLeftovers(dir string) error { return nil }
