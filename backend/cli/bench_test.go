//go:build unix

package cli

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
)

// floodLines is what `hum run` is measured on: a script that prints this
// many short lines as fast as it can.
const floodLines = 2_000_000

// BenchmarkRunFlood measures `hum run` end to end, the real binary with
// its output to /dev/null, on a Procfile `flood: seq 1 2000000`, against
// the same lines through `seq | sed s/^/x/` (a child's output read and
// rewritten line by line by another process) in the same run. It reports
// lines per second and hum's peak resident memory.
func BenchmarkRunFlood(b *testing.B) {
	// flood on a terminal (the default), piped the same on pipes.
	dir := writeProject(b, map[string]string{
		"Procfile": fmt.Sprintf("flood: seq 1 %d\npiped: seq 1 %[1]d\n", floodLines),
		"hum.yaml": "scripts:\n  piped: {tty: false}\n",
	})
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer devNull.Close()
	run := func(b *testing.B, name string, args ...string) {
		var peak int64
		for b.Loop() {
			cmd := exec.Command(name, args...)
			cmd.Env = append(os.Environ(), "NO_COLOR=1")
			cmd.Stdout, cmd.Stderr = devNull, os.Stderr
			if err := cmd.Run(); err != nil {
				b.Fatalf("%s %v: %v", name, args, err)
			}
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				peak = max(peak, int64(ru.Maxrss)) // KiB on Linux
			}
		}
		b.ReportMetric(float64(floodLines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
		b.ReportMetric(float64(peak)/1024, "peak-MiB")
	}
	b.Run("hum", func(b *testing.B) { run(b, hum(b), "run", dir, "flood") })
	b.Run("hum-pipes", func(b *testing.B) { run(b, hum(b), "run", dir, "piped") })
	b.Run("seq|sed", func(b *testing.B) {
		run(b, "sh", "-c", fmt.Sprintf("seq 1 %d | sed s/^/x/", floodLines))
	})
}
