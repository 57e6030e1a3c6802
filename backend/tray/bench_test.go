package tray

import (
	"fmt"
	"testing"

	"hum/backend/process"
)

// BenchmarkUpdate measures one menu update as the tray runs it after a
// wake-up: read the state, build the view, diff it into the items. The
// common case is a metrics tick that changed nothing the menu shows, which
// must cost no host (DBus) call at all.
func BenchmarkUpdate(b *testing.B) {
	procs := make([]process.State, MaxProcesses)
	for i := range procs {
		procs[i] = st(fmt.Sprintf("p%02d", i), fmt.Sprintf("s%02d", i), process.StatusRunning, withURL("http://127.0.0.1:5173/"))
	}
	favs := []Favourite{{ScriptID: "script:s00", Name: "s00"}, {ScriptID: "script:x", Name: "x"}}
	recents := []Project{{Dir: "/a", Name: "a"}, {Dir: "/b", Name: "b"}}

	for _, bc := range []struct {
		name   string
		change func(i int)
	}{
		{"unchanged", func(int) {}},
		{"one-title-changes", func(i int) {
			if i%2 == 0 {
				procs[0].Status = process.StatusStopping
			} else {
				procs[0].Status = process.StatusRunning
			}
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			a := &fakeActions{}
			tr := newTray(a, Options{})
			h := &fakeHost{}
			tr.build(h)
			go tr.loop()
			defer tr.Stop()
			a.set(procs, favs, recents)
			tr.update() // the first render shows everything; measure the ones after
			b.ReportAllocs()
			calls := h.callCount()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				bc.change(i)
				a.set(procs, favs, recents)
				tr.update()
			}
			b.StopTimer()
			b.ReportMetric(float64(h.callCount()-calls)/float64(b.N), "hostcalls/op")
		})
	}
}
