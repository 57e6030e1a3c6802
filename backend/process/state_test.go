package process

import (
	"sync"
	"testing"

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
	got, changed := p.Update(func(s *State) bool { s.Err = "b"; return false })
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
	assert.Equal(t, "", p.ID(), "got %q, want an empty ID", p.ID())
}

func TestPublishedStateIsNeverWritten(t *testing.T) {
	p := NewProcess(State{Identity: &Identity{ID: "p1"}, URLs: []string{"http://a"}}, nil)
	old := p.State()
	p.Update(func(s *State) bool {
		// The contract: replace slices, never append in place.
		s.URLs = append(s.URLs[:len(s.URLs):len(s.URLs)], "http://b")
		s.Status = StatusRunning
		return true
	})
	assert.Equal(t, []string{"http://a"}, old.URLs, "got %v, want the old URLs", old.URLs)
	assert.Equal(t, Status(""), old.Status, "got %v, want the old status", old.Status)
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
