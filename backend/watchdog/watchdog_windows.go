package watchdog

import (
	"io"

	"github.com/shirou/gopsutil/v3/process"
)

// Start returns nil: on Windows every tree is a Job Object created with
// JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, and the kernel ends it when Hum's
// handle closes, however Hum ends.
func Start() (*Guard, error) { return nil, nil }

// Serve follows the pipe and ends nothing, for the Job Objects do (see
// Start).
func Serve(r io.Reader) int {
	_ = read(r)
	return 0
}

// startTime is when pid started, in milliseconds since the epoch.
func startTime(pid int) (int64, bool) {
	p, err := process.NewProcess(int32(pid))
	if err != nil {
		return 0, false
	}
	ms, err := p.CreateTime()
	return ms, err == nil
}
