package main

import (
	"hum/backend/process"
	"hum/backend/session"
)

// The bound methods of hum.yaml's groups, apart from app.go so the
// project file's calls sit together.

// Groups lists the open project's hum.yaml groups, each with how many of
// its members run; empty when no project is open or it has no groups.
func (a *App) Groups() []session.Group {
	s, err := a.session()
	if err != nil {
		return []session.Group{}
	}
	return s.Groups()
}

// StartGroup starts a group's members in the order it lists them, leaving
// running ones alone (see session.Session.StartGroup).
func (a *App) StartGroup(name string) ([]process.State, error) {
	s, err := a.session()
	if err != nil {
		return nil, err
	}
	states, err := s.StartGroup(name)
	for _, st := range states {
		a.starts.Mark(st)
	}
	return states, err
}

// StopGroup stops every running member of a group and returns when they
// have ended.
func (a *App) StopGroup(name string) error {
	s, err := a.session()
	if err != nil {
		return err
	}
	return s.StopGroup(name)
}

// The edits of hum.yaml from the window. Each writes the file in place,
// keeping its comments and order (creating it when missing), and returns
// the project as it then is; the "project" event says the same to every
// window. A failed edit writes nothing and says why (a name taken, the
// file changed on disk meanwhile, a layout Hum cannot edit in place).

// CreateGroup adds a group to hum.yaml with the given scripts (by ID) as
// members.
func (a *App) CreateGroup(name string, scriptIDs []string) (session.View, error) {
	return a.editStack(func(s *session.Session) error { return s.CreateGroup(name, scriptIDs) })
}

// DeleteGroup removes a group from hum.yaml; its members keep running.
func (a *App) DeleteGroup(name string) (session.View, error) {
	return a.editStack(func(s *session.Session) error { return s.DeleteGroup(name) })
}

// AddToGroup adds a script (by ID) to a group's members.
func (a *App) AddToGroup(group, scriptID string) (session.View, error) {
	return a.editStack(func(s *session.Session) error { return s.AddToGroup(group, scriptID) })
}

// RemoveFromGroup takes a script (by ID) out of a group's members.
func (a *App) RemoveFromGroup(group, scriptID string) (session.View, error) {
	return a.editStack(func(s *session.Session) error { return s.RemoveFromGroup(group, scriptID) })
}

// AddProcess adds a process to hum.yaml: a shell command run in dir,
// relative to the project root ("" for the root).
func (a *App) AddProcess(name, command, dir string) (session.View, error) {
	return a.editStack(func(s *session.Session) error { return s.AddProcess(name, command, dir) })
}

// Dependencies lists what a script (by ID) waits for before it starts,
// from hum.yaml's depends_on; empty when nothing or no project is open.
func (a *App) Dependencies(scriptID string) []session.Dependency {
	s, err := a.session()
	if err != nil {
		return []session.Dependency{}
	}
	return s.Dependencies(scriptID)
}

// SetDependency makes a script wait for another (both by ID) in a
// condition: started, ready, completed or completed_successfully.
func (a *App) SetDependency(scriptID, dependsOnID, condition string) (session.View, error) {
	return a.editStack(func(s *session.Session) error { return s.SetDependency(scriptID, dependsOnID, condition) })
}

// RemoveDependency takes a dependency (by ID) out of a script's depends_on.
func (a *App) RemoveDependency(scriptID, dependsOnID string) (session.View, error) {
	return a.editStack(func(s *session.Session) error { return s.RemoveDependency(scriptID, dependsOnID) })
}

// editStack runs one edit on the open project and returns its view.
func (a *App) editStack(edit func(*session.Session) error) (session.View, error) {
	s, err := a.session()
	if err != nil {
		return session.View{}, err
	}
	if err := edit(s); err != nil {
		return session.View{}, err
	}
	a.mu.Lock()
	serial := a.serial
	a.mu.Unlock()
	return s.View(serial, a.cfg.Favourites(s.Root())), nil
}
