package session

import (
	"fmt"
	"strings"

	"hum/backend/stack"
)

// The edits the window makes to hum.yaml. Each goes through EditStack:
// written in place, keeping the file's comments and order, and shown at
// once. Scripts are named by their IDs, as the window knows them, and
// written as hum.yaml names them (stack.Ref).

// CreateGroup adds a group named name to hum.yaml with the given scripts
// as members, in that order.
func (s *Session) CreateGroup(name string, scriptIDs []string) error {
	refs := make([]string, 0, len(scriptIDs))
	for _, id := range scriptIDs {
		ref, err := s.ref(id)
		if err != nil {
			return err
		}
		refs = append(refs, ref)
	}
	return s.EditStack(func(d *stack.Doc) error { return d.CreateGroup(strings.TrimSpace(name), "", refs) })
}

// DeleteGroup removes a group from hum.yaml (and defaults.autostart when
// it names the group). Its members' processes run on.
func (s *Session) DeleteGroup(name string) error {
	return s.EditStack(func(d *stack.Doc) error { return d.DeleteGroup(name) })
}

// AddToGroup appends a script to a group's members.
func (s *Session) AddToGroup(group, scriptID string) error {
	ref, err := s.ref(scriptID)
	if err != nil {
		return err
	}
	return s.EditStack(func(d *stack.Doc) error { return d.AddMember(group, ref) })
}

// RemoveFromGroup takes a script out of a group's members, whichever name
// hum.yaml lists it by.
func (s *Session) RemoveFromGroup(group, scriptID string) error {
	g, ok := s.Stack().Group(group)
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownGroup, group)
	}
	for i, id := range g.Members {
		if id == scriptID && i < len(g.Refs) { // Compose gives one ref per member
			ref := g.Refs[i]
			return s.EditStack(func(d *stack.Doc) error { return d.RemoveMember(group, ref) })
		}
	}
	return fmt.Errorf("%w: %s is not a member of %s", stack.ErrNoSuch, scriptID, group)
}

// AddProcess adds a process to hum.yaml that runs command, a shell line,
// in dir (relative to the project root; "" for the root).
func (s *Session) AddProcess(name, command, dir string) error {
	p := stack.Process{Name: strings.TrimSpace(name), Command: strings.TrimSpace(command)}
	if p.Command == "" {
		return ErrEmptyCommand
	}
	if dir = strings.TrimSpace(dir); dir != "" && dir != "." {
		clean, err := stack.LocalPath(dir)
		if err != nil {
			return fmt.Errorf("the folder %q %w", dir, err)
		}
		p.Dir = clean
	}
	return s.EditStack(func(d *stack.Doc) error { return d.AddProcess(p) })
}

// ref is how hum.yaml names the script with the given ID.
func (s *Session) ref(scriptID string) (string, error) {
	ref, ok := stack.Ref(s.Project(), scriptID)
	if !ok {
		return "", fmt.Errorf("%w: %s", ErrUnknownScript, scriptID)
	}
	return ref, nil
}

// Dependency is one entry of a script's depends_on as the window shows
// it: the script it waits for and in which condition.
type Dependency struct {
	ID        string `json:"id"`   // the script it waits for
	Ref       string `json:"ref"`  // as hum.yaml writes it
	Name      string `json:"name"` // the script's name, for the window
	Condition string `json:"condition"`
	// Pattern is the regular expression of a log_ready condition.
	Pattern string `json:"pattern,omitempty"`
}

// Dependencies lists what the script with the given ID waits for, in
// hum.yaml's order; empty (never nil) when nothing.
func (s *Session) Dependencies(scriptID string) []Dependency {
	out := []Dependency{}
	for _, d := range s.Stack().Policies[scriptID].DependsOn {
		name := d.Ref
		if sc, ok := s.Script(d.ID); ok {
			name = sc.Name
		}
		out = append(out, Dependency{ID: d.ID, Ref: d.Ref, Name: name, Condition: string(d.Condition), Pattern: d.Pattern})
	}
	return out
}

// SetDependency makes a script wait for another (both by ID) in a
// condition: started, ready, completed or completed_successfully. A
// hum.yaml process gets it under its own entry, a discovered script under
// its settings in scripts: (made when missing, keyed by its ID).
func (s *Session) SetDependency(scriptID, dependsOnID, condition string) error {
	target, err := s.settingsRef(scriptID)
	if err != nil {
		return err
	}
	dep, err := s.ref(dependsOnID)
	if err != nil {
		return err
	}
	if scriptID == dependsOnID {
		return fmt.Errorf("%s cannot depend on itself", dep)
	}
	return s.EditStack(func(d *stack.Doc) error {
		return d.SetDependency(target(d), dep, stack.Condition(condition))
	})
}

// RemoveDependency takes a dependency (by ID) out of a script's
// depends_on, whichever name hum.yaml gives it by.
func (s *Session) RemoveDependency(scriptID, dependsOnID string) error {
	target, err := s.settingsRef(scriptID)
	if err != nil {
		return err
	}
	var dep string
	for _, d := range s.Stack().Policies[scriptID].DependsOn {
		if d.ID == dependsOnID {
			dep = d.Ref
			break
		}
	}
	if dep == "" {
		if dep, err = s.ref(dependsOnID); err != nil {
			return err
		}
	}
	return s.EditStack(func(d *stack.Doc) error { return d.RemoveDependency(target(d), dep) })
}

// settingsRef returns how an edit of hum.yaml names the entry of the
// script with the given ID: a process's own name, or the key of the
// discovered script's settings, read from the text under edit.
func (s *Session) settingsRef(scriptID string) (func(*stack.Doc) string, error) {
	sc, ok := s.Script(scriptID)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownScript, scriptID)
	}
	if sc.Source == stack.Source {
		return func(*stack.Doc) string { return sc.Name }, nil
	}
	p := s.Project()
	return func(d *stack.Doc) string { return stack.SettingsKey(p, stack.Parse(d.Bytes()), scriptID) }, nil
}
