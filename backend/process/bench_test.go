package process

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"hum/backend/registry"
)

// The three designs the plan weighed for reading a process's state, on the
// same data in the same run:
//   - atomic:  Process, an atomic.Pointer to an immutable State (what Hum uses);
//   - rwmutex: the same pointer behind a sync.RWMutex, so the difference is
//     the synchronisation alone (a mutable State under the lock would also
//     pay for copying it out);
//   - channel: an owner goroutine that answers read requests.

var (
	benchState *State // results go here so the compiler keeps the reads
	benchSnap  []State
)

func benchInitial() State {
	return State{Identity: &Identity{ID: "p000001", Name: "dev", Command: "npm run dev"}, Status: StatusRunning,
		Lifecycle: &Lifecycle{PID: 4242, URLs: []string{"http://localhost:5173/"}}, CPU: 1.5, RSS: 64 << 20}
}

type rwState struct {
	mu sync.RWMutex // protects s
	s  *State
}

func (r *rwState) read() *State {
	r.mu.RLock()
	s := r.s
	r.mu.RUnlock()
	return s
}

// chanState owns its state in one goroutine; readers send a reply channel.
type chanState struct {
	reqs chan chan *State // closed to end the owner
}

func newChanState(s *State) *chanState {
	c := &chanState{reqs: make(chan chan *State)}
	go func() {
		for reply := range c.reqs {
			reply <- s
		}
	}()
	return c
}

func (c *chanState) read(reply chan *State) *State {
	c.reqs <- reply
	return <-reply
}

func BenchmarkStateRead(b *testing.B) {
	initial := benchInitial()
	b.Run("atomic", func(b *testing.B) {
		p := NewProcess(initial, nil)
		b.ReportAllocs()
		var s *State
		for b.Loop() {
			s = p.State()
		}
		benchState = s
	})
	b.Run("rwmutex", func(b *testing.B) {
		r := &rwState{s: &initial}
		b.ReportAllocs()
		var s *State
		for b.Loop() {
			s = r.read()
		}
		benchState = s
	})
	b.Run("channel", func(b *testing.B) {
		c := newChanState(&initial)
		defer close(c.reqs)
		reply := make(chan *State)
		b.ReportAllocs()
		var s *State
		for b.Loop() {
			s = c.read(reply)
		}
		benchState = s
	})
}

func BenchmarkStateReadParallel(b *testing.B) {
	initial := benchInitial()
	b.Run("atomic", func(b *testing.B) {
		p := NewProcess(initial, nil)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			var s *State
			for pb.Next() {
				s = p.State()
			}
			_ = s
		})
	})
	b.Run("rwmutex", func(b *testing.B) {
		r := &rwState{s: &initial}
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			var s *State
			for pb.Next() {
				s = r.read()
			}
			_ = s
		})
	})
	b.Run("channel", func(b *testing.B) {
		c := newChanState(&initial)
		defer close(c.reqs)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			reply := make(chan *State)
			var s *State
			for pb.Next() {
				s = c.read(reply)
			}
			_ = s
		})
	})
}

// incCPU is a top-level function so the benchmark measures Update, not a
// closure allocation.
func incCPU(s *State) bool { s.CPU++; return true }

func BenchmarkStateUpdate(b *testing.B) {
	initial := benchInitial()
	b.Run("atomic", func(b *testing.B) {
		p := NewProcess(initial, NewChanges())
		b.ReportAllocs()
		for b.Loop() {
			p.Update(incCPU)
		}
		benchState = p.State()
	})
	b.Run("rwmutex", func(b *testing.B) {
		// The lock-based design mutates one State in place.
		var mu sync.RWMutex
		s := initial
		b.ReportAllocs()
		for b.Loop() {
			mu.Lock()
			incCPU(&s)
			s.Version++
			mu.Unlock()
		}
		benchState = &s
	})
}

// rwMap is the registry's alternative: a plain map under an RWMutex, with
// the same snapshot algorithm (sort pointers, copy once).
type rwMap struct {
	mu sync.RWMutex        // protects m
	m  map[string]*Process // ID -> process
}

func (r *rwMap) snapshot() []State {
	r.mu.RLock()
	ptrs := make([]*State, 0, len(r.m))
	for _, p := range r.m {
		ptrs = append(ptrs, p.State())
	}
	r.mu.RUnlock()
	slices.SortFunc(ptrs, compareIDs)
	out := make([]State, len(ptrs))
	for i, s := range ptrs {
		out[i] = *s
	}
	return out
}

func BenchmarkRegistrySnapshot(b *testing.B) {
	for _, n := range []int{1000} {
		procs := make([]*Process, n)
		for i := range procs {
			s := benchInitial()
			s.ID = fmt.Sprintf("p%06d", i+1)
			procs[i] = NewProcess(s, nil)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.Run("syncmap", func(b *testing.B) {
				var reg registry.Registry[State, *Process]
				for _, p := range procs {
					reg.Add(p)
				}
				b.ReportAllocs()
				for b.Loop() {
					benchSnap = reg.Snapshot(compareIDs)
				}
			})
			b.Run("rwmutexmap", func(b *testing.B) {
				r := &rwMap{m: make(map[string]*Process, n)}
				for _, p := range procs {
					r.m[p.ID()] = p
				}
				b.ReportAllocs()
				for b.Loop() {
					benchSnap = r.snapshot()
				}
			})
		})
	}
}
