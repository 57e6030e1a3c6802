package session

import (
	"errors"
	"fmt"

	"hum/backend/process"
	"hum/backend/stack"
	"hum/backend/supervisor"
)

// ErrUnknownGroup is returned for a group the project's hum.yaml does not
// declare.
var ErrUnknownGroup = errors.New("no such group in this project's hum.yaml")

// Group is one of hum.yaml's groups as the window and the tray show it.
type Group struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Members     []string `json:"members"`   // script IDs, in the order the group starts them
	Running     int      `json:"running"`   // members whose latest process has not ended
	Autostart   bool     `json:"autostart"` // hum.yaml's defaults.autostart names it
}

// Stack returns the project as composed with its hum.yaml as it reads now:
// groups and defaults besides the scripts. Its slices are shared and must
// not be modified.
func (s *Session) Stack() stack.Stack { return s.now().stack }

// Groups returns hum.yaml's groups, in the file's order, each with how
// many of its members run now. Never nil.
func (s *Session) Groups() []Group {
	latest := map[string]process.State{}  // script ID to its newest process
	for _, st := range s.mgr.Snapshot() { // in start order: later ones win
		if st.ScriptID != "" {
			latest[st.ScriptID] = st
		}
	}
	st := s.Stack()
	out := make([]Group, 0, len(st.Groups))
	for _, g := range st.Groups {
		v := Group{Name: g.Name, Description: g.Description, Members: append([]string{}, g.Members...),
			Autostart: g.Name == st.Defaults.Autostart}
		for _, id := range g.Members {
			if st, ok := latest[id]; ok && !st.Status.Final() {
				v.Running++
			}
		}
		out = append(out, v)
	}
	return out
}

// StartGroup starts a group's members and what they depend on, in
// dependency order, in parallel where independent (Start: a member that
// runs or waits is left alone, one that ended is started again); members
// hum.yaml marks disabled are left out. It returns once every member has a
// row, waiting ones too, without waiting for readiness. A member that
// cannot start does not keep the others from starting; the states
// returned are those of the members that have a row, and the error joins
// every failure.
func (s *Session) StartGroup(name string) ([]process.State, error) {
	g, ok := s.Stack().Group(name)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownGroup, name)
	}
	if err := s.open(); err != nil {
		return nil, err
	}
	states, err := s.sup.Start(g.Members, true)
	if errors.Is(err, supervisor.ErrClosed) {
		return states, ErrClosed
	}
	return states, err
}

// StopGroup stops every member's process, dependents before their
// dependencies (in parallel where independent), and returns when they have
// ended.
func (s *Session) StopGroup(name string) error {
	g, ok := s.Stack().Group(name)
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownGroup, name)
	}
	return s.sup.Stop(g.Members)
}
