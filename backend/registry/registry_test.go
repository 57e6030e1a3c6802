package registry

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/quick"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// state and entry are a minimal stand-in for process.State and
// process.Process: an ID plus an immutable value behind an atomic pointer.
type state struct {
	ID      string
	Version uint64
}

type entry struct {
	id string
	st atomic.Pointer[state]
}

func newEntry(id string, version uint64) *entry {
	e := &entry{id: id}
	e.st.Store(&state{ID: id, Version: version})
	return e
}

func (e *entry) ID() string      { return e.id }
func (e *entry) State() *state   { return e.st.Load() }
func (e *entry) bump()           { old := e.st.Load(); e.st.Store(&state{ID: old.ID, Version: old.Version + 1}) }
func byID(a, b *state) int       { return cmp.Compare(a.ID, b.ID) }
func key(k uint8) string         { return fmt.Sprintf("k%03d", k%16) } // few keys, so ops collide
func (m *mutexMap) len() int     { m.mu.RLock(); defer m.mu.RUnlock(); return len(m.m) }
func newMutexMap() *mutexMap     { return &mutexMap{m: map[string]*entry{}} }
func (m *mutexMap) lock() func() { m.mu.Lock(); return m.mu.Unlock }

// mutexMap is the reference model: the obvious map under an RWMutex.
type mutexMap struct {
	mu sync.RWMutex      // protects m
	m  map[string]*entry // ID -> entry
}

func (m *mutexMap) add(e *entry) bool {
	defer m.lock()()
	if _, ok := m.m[e.id]; ok {
		return false
	}
	m.m[e.id] = e
	return true
}

func (m *mutexMap) get(id string) (*entry, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	e, ok := m.m[id]
	return e, ok
}

func (m *mutexMap) del(id string) bool {
	defer m.lock()()
	_, ok := m.m[id]
	delete(m.m, id)
	return ok
}

func (m *mutexMap) snapshot() []state {
	m.mu.RLock()
	out := make([]state, 0, len(m.m))
	for _, e := range m.m {
		out = append(out, *e.State())
	}
	m.mu.RUnlock()
	slices.SortFunc(out, func(a, b state) int { return byID(&a, &b) })
	return out
}

// op is one generated operation; testing/quick fills the exported fields.
type op struct {
	Kind uint8 // mod 4: add, get, delete, snapshot
	Key  uint8
}

func TestRegistryMatchesReferenceModel(t *testing.T) {
	check := func(ops []op) bool {
		var r Registry[state, *entry]
		ref := newMutexMap()
		for i, o := range ops {
			id := key(o.Key)
			switch o.Kind % 4 {
			case 0:
				e := newEntry(id, uint64(i))
				if got, want := r.Add(e), ref.add(e); got != want {
					t.Logf("op %d Add(%s): got %v, want %v", i, id, got, want)
					return false
				}
			case 1:
				got, gotOK := r.Get(id)
				want, wantOK := ref.get(id)
				if gotOK != wantOK || got != want {
					t.Logf("op %d Get(%s): got %v %v, want %v %v", i, id, got, gotOK, want, wantOK)
					return false
				}
			case 2:
				if got, want := r.Delete(id), ref.del(id); got != want {
					t.Logf("op %d Delete(%s): got %v, want %v", i, id, got, want)
					return false
				}
			case 3:
				if got, want := r.Snapshot(byID), ref.snapshot(); !slices.Equal(got, want) {
					t.Logf("op %d Snapshot: got %v, want %v", i, got, want)
					return false
				}
			}
			if got, want := r.Len(), ref.len(); got != want {
				t.Logf("op %d Len: got %v, want %v", i, got, want)
				return false
			}
		}
		return true
	}
	require.NoError(t, quick.Check(check, &quick.Config{MaxCount: 500}))
}

func TestRegistryGetMissingReturnsZero(t *testing.T) {
	var r Registry[state, *entry]
	got, ok := r.Get("nope")
	assert.False(t, ok, "got ok %v, want false", ok)
	assert.Nil(t, got, "got %v, want nil", got)
	assert.False(t, r.Delete("nope"), "Delete of a missing ID reported true")
	assert.Empty(t, r.Snapshot(byID), "snapshot of an empty registry")
}

func TestRegistrySnapshotIsOwnedByCaller(t *testing.T) {
	var r Registry[state, *entry]
	e := newEntry("a", 1)
	require.True(t, r.Add(e))
	snap := r.Snapshot(byID)
	e.bump()
	assert.Equal(t, uint64(1), snap[0].Version, "got %v, want 1: snapshot changed with the entry", snap[0].Version)
	snap[0].Version = 99
	assert.Equal(t, uint64(2), e.State().Version, "got %v, want 2: writing the snapshot changed the entry", e.State().Version)
}

func TestRegistryRangeStopsEarly(t *testing.T) {
	var r Registry[state, *entry]
	for i := range 10 {
		require.True(t, r.Add(newEntry(fmt.Sprint(i), 1)))
	}
	visited := 0
	r.Range(func(*entry) bool { visited++; return visited < 3 })
	assert.Equal(t, 3, visited, "got %v visits, want 3", visited)
}

// TestRegistryStress runs GOMAXPROCS writers, each owning a disjoint key
// range that it adds, updates and deletes, against readers that check the
// invariants every snapshot must hold.
func TestRegistryStress(t *testing.T) {
	writers := runtime.GOMAXPROCS(0)
	if writers < 2 {
		writers = 2
	}
	rounds := 2000
	if testing.Short() {
		rounds = 200
	}
	const keysPerWriter = 8

	var r Registry[state, *entry]
	var stop atomic.Bool
	var readers sync.WaitGroup
	errs := make(chan error, 4)
	for range 2 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for !stop.Load() {
				snap := r.Snapshot(byID)
				if len(snap) > writers*keysPerWriter {
					errs <- fmt.Errorf("snapshot has %d entries, want at most %d", len(snap), writers*keysPerWriter)
					return
				}
				for i := 1; i < len(snap); i++ {
					if snap[i-1].ID >= snap[i].ID {
						errs <- fmt.Errorf("snapshot not sorted or has a duplicate: %q then %q", snap[i-1].ID, snap[i].ID)
						return
					}
				}
				r.Range(func(e *entry) bool {
					// A writer may have replaced e under the same key since
					// Range saw it, so Get may return a newer entry; but
					// never one filed under another key.
					if got, ok := r.Get(e.ID()); ok && got.ID() != e.ID() {
						errs <- fmt.Errorf("Get(%s) returned the entry of %s", e.ID(), got.ID())
					}
					if e.State().ID != e.ID() {
						errs <- fmt.Errorf("state ID %q under key %q", e.State().ID, e.ID())
					}
					return true
				})
			}
		}()
	}

	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				id := fmt.Sprintf("w%02d-%d", w, i%keysPerWriter)
				e := newEntry(id, 1)
				if !r.Add(e) {
					// Present from an earlier round: this writer owns the key,
					// so it must still be there to delete.
					if !r.Delete(id) {
						errs <- fmt.Errorf("Add(%s) refused but Delete found nothing", id)
						return
					}
					continue
				}
				e.bump()
				if got, ok := r.Get(id); !ok || got != e {
					errs <- fmt.Errorf("Get(%s) after Add: got %v %v, want the added entry", id, got, ok)
					return
				}
			}
		}()
	}
	wg.Wait()
	stop.Store(true)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	count := 0
	r.Range(func(*entry) bool { count++; return true })
	assert.Equal(t, count, r.Len(), "got Len %v, want %v entries seen by Range", r.Len(), count)
	assert.Len(t, r.Snapshot(byID), count)
}
