package main

import (
	"log"
	"path/filepath"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// onSecondInstance runs in the first Hum when Hum is launched again: it
// brings the window forward and, when the second launch named a folder,
// opens it (the frontend learns of the new project from the open's events).
// Wails calls it on its own goroutine.
func (a *App) onSecondInstance(args []string, workingDir string) {
	if a.ctx == nil {
		return // still starting: the first launch's own folder wins
	}
	runtime.WindowUnminimise(a.ctx)
	runtime.Show(a.ctx)
	dir := projectArg(args)
	if dir == "" {
		return
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(workingDir, dir)
	}
	if _, err := a.OpenProject(dir); err != nil {
		log.Printf("hum: second launch: %v", err)
	}
}
