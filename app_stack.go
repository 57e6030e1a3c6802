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
	return s.StartGroup(name)
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
