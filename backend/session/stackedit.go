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
