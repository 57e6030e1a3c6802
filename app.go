package main

import (
	"context"
)

// App is the facade bound into the frontend: each exported method is one
// call the UI can make. It holds no logic of its own; the backend packages do
// the work.
type App struct {
	ctx     context.Context // set once in startup, before any bound call
	version string          // written once in NewApp
}

// NewApp returns the facade for a build of the given version.
func NewApp(version string) *App {
	return &App{version: version}
}

// startup keeps the Wails context: runtime calls need it.
func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
}

// shutdown runs when the window closes.
func (a *App) shutdown(ctx context.Context) {}

// Version returns the version of this build.
func (a *App) Version() string { return a.version }
