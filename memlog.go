package main

import (
	"context"
	"log"
	"os"
	"runtime/metrics"
	"time"
)

// logMemory prints the Go heap every HUM_MEMLOG interval (e.g. "5s") until
// ctx ends, so the idle benchmark (tests/e2e/idle.bench.mjs) can check the
// heap of the real window over a long run. Unset, it does nothing.
func logMemory(ctx context.Context) {
	every, err := time.ParseDuration(os.Getenv("HUM_MEMLOG"))
	if err != nil || every <= 0 {
		return
	}
	// Live heap objects and what the runtime holds for them, read without
	// stopping the world (runtime.ReadMemStats would).
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/total:bytes"}}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		metrics.Read(sample)
		log.Printf("memstats: heap %d bytes, runtime total %d bytes", sample[0].Value.Uint64(), sample[1].Value.Uint64())
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
