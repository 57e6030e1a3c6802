package process

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUpdateLosesNoConcurrentUpdate(t *testing.T) {
	const writers, each = 8, 1000
	ch := NewChanges()
	p := NewProcess(State{Identity: &Identity{ID: "p1"}}, ch)
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for range each {
				p.Update(func(s *State) bool { s.CPU++; return true })
			}
		})
	}
	wg.Wait()
	st := p.State()
	assert.Equal(t, float64(writers*each), st.CPU, "got CPU %v, want %v", st.CPU, writers*each)
	assert.Equal(t, uint64(writers*each+1), st.Version, "got Version %v, want %v", st.Version, writers*each+1)
	assert.Equal(t, uint64(writers*each+1), ch.Seq(), "got Seq %v, want %v", ch.Seq(), writers*each+1)
}

func TestUpdateReturningFalsePublishesNothing(t *testing.T) {
	ch := NewChanges()
	p := NewProcess(State{Identity: &Identity{ID: "p1", Name: "a"}}, ch)
	before := p.State()
	got, changed := p.Update(func(s *State) bool { s.EditLifecycle().Err = "b"; return false })
	assert.False(t, changed)
	assert.Same(t, before, got, "got a new state, want the old one")
	assert.Equal(t, "", p.State().Err, "got %v, want no error", p.State().Err)
	assert.Equal(t, uint64(1), ch.Seq(), "got Seq %v, want 1", ch.Seq())
}

func TestVersionsShareTheirIdentity(t *testing.T) {
	p := NewProcess(State{Identity: &Identity{ID: "p1", Name: "a"}}, nil)
	before := p.State()
	after, _ := p.Update(func(s *State) bool { s.CPU = 1; return true })
	assert.Same(t, before.Identity, after.Identity, "an update copied the identity; want it shared")

	// Changing identity means a new Identity, which leaves old versions alone.
	renamed, _ := p.Update(func(s *State) bool {
		id := *s.Identity
		id.Name = "b"
		s.Identity = &id
		return true
	})
	assert.Equal(t, "b", renamed.Name, "got %v, want b", renamed.Name)
	assert.Equal(t, "a", before.Name, "old version's name: got %v, want a", before.Name)
}

func TestNilIdentityIsReplaced(t *testing.T) {
	p := NewProcess(State{}, nil)
	require.NotNil(t, p.State().Identity)
	require.NotNil(t, p.State().Lifecycle)
	assert.Equal(t, "", p.ID(), "got %q, want an empty ID", p.ID())
}

func TestPublishedStateIsNeverWritten(t *testing.T) {
	p := NewProcess(State{Identity: &Identity{ID: "p1"}, Lifecycle: &Lifecycle{URLs: []string{"http://a"}}}, nil)
	old := p.State()
	p.Update(func(s *State) bool {
		// The contract: replace slices, never append in place.
		l := s.EditLifecycle()
		l.URLs = append(l.URLs[:len(l.URLs):len(l.URLs)], "http://b")
		s.Status = StatusRunning
		return true
	})
	assert.Equal(t, []string{"http://a"}, old.URLs, "got %v, want the old URLs", old.URLs)
	assert.Equal(t, StatusUnknown, old.Status, "got %v, want the old status", old.Status)
	assert.Equal(t, []string{"http://a", "http://b"}, p.State().URLs)
}

func TestStateReadDoesNotAllocate(t *testing.T) {
	p := NewProcess(State{Identity: &Identity{ID: "p1"}}, nil)
	var sink *State
	allocs := testing.AllocsPerRun(1000, func() { sink = p.State() })
	require.NotNil(t, sink)
	assert.Zero(t, allocs, "got %v allocs per State(), want 0", allocs)
}

func TestChangesCoalesceBursts(t *testing.T) {
	ch := NewChanges()
	p := NewProcess(State{Identity: &Identity{ID: "p1"}}, ch)
	for range 100 {
		p.Update(func(s *State) bool { s.RSS++; return true })
	}
	assert.Equal(t, uint64(101), ch.Seq(), "got Seq %v, want 101", ch.Seq())
	wakeups := 0
	for done := false; !done; {
		select {
		case <-ch.C():
			wakeups++
		default:
			done = true
		}
	}
	assert.Equal(t, 1, wakeups, "got %v pending wake-ups, want 1", wakeups)
}

func TestCompareIDsIsStartOrder(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"p000001", "p000002", -1},
		{"p000010", "p000009", 1},
		{"p999999", "p1000000", -1}, // past the padding, length decides
		{"p000003", "p000003", 0},
	}
	for _, tt := range tests {
		got := compareIDs(&State{Identity: &Identity{ID: tt.a}}, &State{Identity: &Identity{ID: tt.b}})
		assert.Equal(t, tt.want, got, "compareIDs(%s, %s): got %v, want %v", tt.a, tt.b, got, tt.want)
	}
}

// TestStateIsSmall pins what makes an update cheap: each version is one
// allocation of 48 bytes (the size class the GC and allocator see), with
// the rarely-changing parts shared behind pointers.
func TestStateIsSmall(t *testing.T) {
	assert.Equal(t, uintptr(48), unsafe.Sizeof(State{}), "got %d bytes, want 48", unsafe.Sizeof(State{}))
	if raceEnabled {
		return // the write-through guard of -race builds allocates
	}
	p := NewProcess(State{Identity: &Identity{ID: "p1"}}, nil)
	allocs := testing.AllocsPerRun(1000, func() { p.Update(func(s *State) bool { s.CPU++; return true }) })
	assert.Equal(t, 1.0, allocs, "got %v allocs per update, want 1", allocs)
}

func TestVersionsShareTheirLifecycleUntilItChanges(t *testing.T) {
	p := NewProcess(State{Identity: &Identity{ID: "p1"}, Lifecycle: &Lifecycle{PID: 7}}, nil)
	before := p.State()
	metrics, _ := p.Update(func(s *State) bool { s.CPU = 1; return true })
	assert.Same(t, before.Lifecycle, metrics.Lifecycle, "a metrics update copied the lifecycle; want it shared")

	ended, _ := p.Update(func(s *State) bool {
		l := s.EditLifecycle()
		l.ExitCode, l.Err = 3, "exit status 3"
		return true
	})
	assert.Equal(t, 3, ended.ExitCode, "got %v, want 3", ended.ExitCode)
	assert.Equal(t, 7, ended.PID, "got PID %v, want the one it had", ended.PID)
	assert.Equal(t, 0, metrics.ExitCode, "the version before: got exit code %v, want 0", metrics.ExitCode)
	assert.Equal(t, "", metrics.Err, "the version before: got Err %q, want none", metrics.Err)
}

// TestWritingThroughASharedPartPanics checks the guard of race-detector
// builds: an Update function that assigns s.Err (through the Lifecycle
// every earlier version shares) is stopped before it is published, with a
// message that says what to do instead.
func TestWritingThroughASharedPartPanics(t *testing.T) {
	if !raceEnabled {
		t.Skip("the guard is built with -race only")
	}
	p := NewProcess(State{Identity: &Identity{ID: "p1"}}, nil)
	assert.PanicsWithValue(t, "process: an Update wrote through the shared Lifecycle of p1: write to s.EditLifecycle() instead", func() {
		p.Update(func(s *State) bool { s.Err = "oops"; return true })
	})
	assert.PanicsWithValue(t, "process: an Update wrote through the shared Identity of p1: assign a new *Identity instead", func() {
		p.Update(func(s *State) bool { s.Name = "renamed"; return true })
	})
}

// TestStateJSONIsFlat checks the shape the frontend reads
// (frontend/src/lib/types.ts ProcState): every field at the top level,
// the status by name, times as unix milliseconds with 0 for "not yet".
func TestStateJSONIsFlat(t *testing.T) {
	started := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	st := State{
		Identity: &Identity{ID: "p1", ScriptID: "npm:dev", Name: "dev", Source: "package.json", Command: "vite", Dir: "/w"},
		Status:   StatusFailed,
		Lifecycle: &Lifecycle{PID: 42, StartedAt: started.UnixMilli(), ExitCode: 2, Err: "exit status 2", Restarts: 1, URLs: []string{"http://localhost:5173/"},
			Links: []string{"https://vite.dev/guide/"}},
		Version: 9, CPU: 1.5, RSS: 1024,
	}
	b, err := json.Marshal(st)
	require.NoError(t, err)
	want := `{"id":"p1","scriptId":"npm:dev","name":"dev","source":"package.json","command":"vite","dir":"/w",` +
		`"status":"failed", "tty": false,"pid":42,"startedAt":1796119200000,"endedAt":0,` +
		`"exitCode":2,"err":"exit status 2","restarts":1,"urls":["http://localhost:5173/"],"links":["https://vite.dev/guide/"],"version":9,"cpu":1.5,"rss":1024}`
	assert.JSONEq(t, want, string(b))

	for s := StatusUnknown; s <= StatusFailed; s++ {
		text, err := s.MarshalText()
		require.NoError(t, err)
		var back Status
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, s, back, "%q: got %v back, want %v", text, back, s)
		assert.Equal(t, string(text), s.String())
	}
	assert.Equal(t, "running", fmt.Sprint(StatusRunning))
	var bad Status
	assert.Error(t, bad.UnmarshalText([]byte("sleeping")))
	_, err = Status(200).MarshalText()
	assert.Error(t, err)
}
