//go:build unix

package process

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkOutputFlood is the log throughput of one process flooding its
// output (`seq 1 1000000`), from the start to the final state with every
// line delivered, on a pseudo-terminal and on pipes in the same run. The
// sink only counts, so the figure is the core's: the read, the line
// splitter and the terminal's own work (onlcr doubles the line ends, and
// the master is read in the terminal's smaller chunks).
func BenchmarkOutputFlood(b *testing.B) {
	const n = 1000000
	for _, mode := range terminalModes {
		b.Run(mode.name, func(b *testing.B) {
			var lines atomic.Int64
			m := NewManager(Options{Sink: SinkFunc(func(string, Stream, []byte) { lines.Add(1) })})
			var total time.Duration
			for b.Loop() {
				lines.Store(0)
				began := time.Now()
				st, err := m.Start(Spec{Argv: []string{"seq", "1", strconv.Itoa(n)}, Pipes: mode.pipes})
				if err != nil {
					b.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				st, err = m.Wait(ctx, st.ID)
				cancel()
				total += time.Since(began)
				if err != nil || st.Status != StatusSucceeded || lines.Load() != n {
					b.Fatalf("got %v (%v) and %d lines, want succeeded and %d", st.Status, err, lines.Load(), n)
				}
				_ = m.Remove(st.ID)
			}
			b.ReportMetric(float64(n)*float64(b.N)/total.Seconds(), "lines/s")
		})
	}
}
