// Package registry holds Hum's live processes: a typed wrapper over sync.Map
// keyed by process ID.
//
// sync.Map fits this workload, which is the case its documentation names:
// every key is written once (Add) and deleted once (Delete) by the goroutine
// that owns that process, while many readers (the UI snapshot, the tray, the
// metrics sampler, the CLI) look keys up and range over them far more often.
// Keys are disjoint between writers, so readers never contend on a lock and
// writers of different processes never contend with each other.
//
// The registry stores pointers to entries; the changing part of an entry is
// its state, which the entry publishes itself (State returns an immutable
// snapshot). The registry never copies or locks an entry.
//
// The package does not import backend/process (process uses the registry);
// it is generic over the state type S and the entry type P.
package registry

import (
	"slices"
	"sync"
	"sync/atomic"
)

// Entry is what the registry stores: something with a stable ID that
// publishes an immutable state.
type Entry[S any] interface {
	// ID never changes for the life of the entry.
	ID() string
	// State returns the current immutable state; it is never nil.
	State() *S
}

// Registry maps IDs to entries. The zero Registry is empty and ready to use.
// A Registry must not be copied after first use. All methods are safe for
// concurrent use.
type Registry[S any, P Entry[S]] struct {
	m sync.Map     // ID string -> P; sync.Map guards itself
	n atomic.Int64 // atomic; number of entries, kept by Add and Delete
}

// Add stores p under p.ID(). It reports false, and stores nothing, if the ID
// is already taken.
func (r *Registry[S, P]) Add(p P) bool {
	if _, loaded := r.m.LoadOrStore(p.ID(), p); loaded {
		return false
	}
	r.n.Add(1)
	return true
}

// Get returns the entry with the given ID.
func (r *Registry[S, P]) Get(id string) (P, bool) {
	v, ok := r.m.Load(id)
	if !ok {
		var zero P
		return zero, false
	}
	return v.(P), true
}

// Delete removes the entry with the given ID, if any, and reports whether it
// was there.
func (r *Registry[S, P]) Delete(id string) bool {
	if _, loaded := r.m.LoadAndDelete(id); !loaded {
		return false
	}
	r.n.Add(-1)
	return true
}

// Len returns the number of entries. While Add or Delete run concurrently it
// may be off by the operations in flight; it is exact when they are done.
// It is never negative: a Delete can decrement the count before the Add of
// the same key has incremented it.
func (r *Registry[S, P]) Len() int { return max(int(r.n.Load()), 0) }

// Range calls fn for each entry until fn returns false, in no particular
// order.
//
// Like sync.Map.Range, it is not a consistent snapshot: an entry added or
// deleted while Range runs may or may not be visited, and each entry's state
// is whatever it is when fn reads it. No entry is visited twice. Range takes
// no lock, so fn may call any registry method.
func (r *Registry[S, P]) Range(fn func(P) bool) {
	r.m.Range(func(_, v any) bool { return fn(v.(P)) })
}

// Snapshot returns a copy of every entry's current state, sorted by cmp. The
// slice and the values are the caller's own: they do not change when the
// entries do. (Slices or maps inside S are shared with the published states,
// which by contract are never mutated.)
//
// Each state is read with one atomic load, so each value is internally
// consistent; the set of entries has the same caveat as Range.
func (r *Registry[S, P]) Snapshot(cmp func(a, b *S) int) []S {
	// Sort pointers, then copy once: sorting values would copy every S on
	// every swap.
	ptrs := make([]*S, 0, r.Len())
	r.m.Range(func(_, v any) bool {
		ptrs = append(ptrs, v.(P).State())
		return true
	})
	slices.SortFunc(ptrs, cmp)
	out := make([]S, len(ptrs))
	for i, s := range ptrs {
		out[i] = *s
	}
	return out
}
