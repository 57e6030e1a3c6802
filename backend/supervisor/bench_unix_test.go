//go:build unix

package supervisor

import (
	"context"
	"testing"
	"time"

	"hum/backend/logs"
	"hum/backend/poll"
	"hum/backend/process"
	"hum/backend/stack"
)

// benchLines are what dev servers print, one with colours.
var benchLines = [][]byte{
	[]byte("GET /api/users 200 12.345 ms - 1532"),
	[]byte("\x1b[32minfo\x1b[39m  compiled client and server successfully in 1204 ms (812 modules)"),
	[]byte("[vite] hmr update /src/components/Table.svelte, /src/app.css"),
	[]byte("2026-12-02T10:32:05.123Z worker processed job 4711 in 84ms queue=default attempts=1"),
}

// BenchmarkLineTap measures what the supervisor adds to every output line
// (the session's sink calls Store.Line, then Supervisor.Line): the store
// alone is the baseline; "tap" is both, as the session does, with no log
// condition armed, with one armed on another process, and on the process
// that has it (its pattern runs on each line).
func BenchmarkLineTap(b *testing.B) {
	mgr := process.NewManager(process.Options{GracePeriod: time.Second})
	pol := map[string]stack.Policy{
		"watched": {Readiness: &stack.Probe{Kind: stack.ProbeLog, Pattern: `listening on port \d+$`}},
		"plain":   {},
	}
	sup := New(Options{
		Manager:  mgr,
		Wake:     mgr.Changes().C(),
		Policies: func() (map[string]stack.Policy, [][]string) { return pol, nil },
		Spec: func(id string) (process.Spec, func(process.State), error) {
			return process.Spec{ScriptID: id, Name: id, Command: "sleep 300"}, nil, nil
		},
		Probes: ProbePackage(nil),
	})
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = sup.Close(ctx)
		_ = mgr.StopAll(ctx)
	})

	run := func(b *testing.B, line func(i int)) {
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			line(i)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	}
	store := logs.NewStore(logs.Options{})
	b.Cleanup(store.Close)
	tap := func(proc string) func(int) {
		return func(i int) {
			l := benchLines[i%len(benchLines)]
			store.Line(proc, process.Stdout, l)
			sup.Line(proc, l)
		}
	}

	b.Run("store alone (baseline)", func(b *testing.B) {
		run(b, func(i int) { store.Line("p0", process.Stdout, benchLines[i%len(benchLines)]) })
	})
	b.Run("store+tap, nothing armed", func(b *testing.B) { run(b, tap("p0")) })

	states, err := sup.Start([]string{"watched", "plain"}, false)
	if err != nil || len(states) != 2 {
		b.Fatalf("start: %v %v", states, err)
	}
	watched, plain := states[0].ID, states[1].ID
	poll.Until(b, time.Minute, func() bool {
		sup.mu.Lock()
		defer sup.mu.Unlock()
		return len(sup.watches[watched]) == 1
	}, "the log probe of %s was never armed", watched)

	b.Run("store+tap, armed on another process", func(b *testing.B) { run(b, tap(plain)) })
	b.Run("store+tap, armed on this process", func(b *testing.B) { run(b, tap(watched)) })
	b.Run("tap alone, armed on this process", func(b *testing.B) {
		run(b, func(i int) { sup.Line(watched, benchLines[i%len(benchLines)]) })
	})
	if st, _ := mgr.Get(watched); st.State().Ready {
		b.Fatalf("%s became ready: no bench line may match its pattern", watched)
	}
}
