package notify

import (
	"sync"

	"hum/backend/process"
)

// Starts remembers which processes the user started (from the window or
// the tray), so that only their readiness is told: a dependency the
// supervisor started first, a group that autostarts with the project or a
// restart policy's restart is not what the user waits for. A zero Starts
// is ready to use; it is safe for concurrent use.
type Starts struct {
	mu   sync.Mutex       // protects from
	from map[string]int64 // process ID → the StartedAt its ready run must have at least
}

// Mark records that the user just started (or restarted) the process
// whose state a start returned. A process that runs and is ready already
// (a Start of a running script returns it as it is) is not marked: no
// readiness is coming.
func (s *Starts) Mark(st process.State) {
	if st.Identity == nil || st.ID == "" || st.Lifecycle != nil && st.Ready {
		return
	}
	var from int64
	if st.Lifecycle != nil {
		from = st.StartedAt // 0 while it waits for what it depends on
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.from == nil {
		s.from = map[string]int64{}
	}
	s.from[st.ID] = from
}

// Claim reports whether ready run st is one the user started, and forgets
// the mark: one readiness per start.
func (s *Starts) Claim(st process.State) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	from, ok := s.from[st.ID]
	if !ok || st.StartedAt < from {
		return false
	}
	delete(s.from, st.ID)
	return true
}
