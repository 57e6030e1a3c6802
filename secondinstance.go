package main

import (
	"log"
	"path/filepath"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// onSecondInstance runs in the first Hum when Hum is launched again: it
// brings the window forward and, when the second launch named a folder,
// opens it (the frontend learns of the new project from the open's events).
// Wails calls it on its own goroutine.
func (a *App) onSecondInstance(args []string, workingDir string) {
	// startup sets a.ctx before it starts opening the first project, which
	// closes a.ready; a launch that races our own start waits for it, so
	// the first launch's folder is open before the second one's.
	select {
	case <-a.ready:
	case <-time.After(30 * time.Second):
		log.Printf("hum: second launch: the window is not ready; ignoring %q", args)
		return
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
