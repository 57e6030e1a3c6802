package main

import (
	"log"
	"time"

	"hum/backend/handoff"
)

// A second launch of Hum (`hum ~/x` while a window runs) hands its folder
// to the first one over D-Bus, WM_COPYDATA or a distributed notification.
// Any local process can send that, so a hand-off must never run or stop
// anything. Opening a folder does neither: it is added to the open
// projects (or switched to when it is open) and every other project keeps
// running; an autostart group whose commands the user has not approved
// asks first (app_autostart.go), as on every open. Hum asked before a
// hand-off while it replaced the open project, because that stopped its
// processes; now nothing does, so it opens at once.

// onSecondInstance runs in the first Hum when Hum is launched again: it
// brings the window forward and hands the launch's folder, if any, to
// handoff. Wails calls it on its own goroutine.
func (a *App) onSecondInstance(args []string, workingDir string) {
	// startup sets a.window before it starts opening the first project,
	// which closes a.ready; a launch that races our own start waits for it,
	// so the first launch's folder is open before the second one's.
	select {
	case <-a.ready:
	case <-time.After(30 * time.Second):
		log.Printf("hum: second launch: the window is not ready; ignoring %q", args)
		return
	}
	a.window.Show()
	a.handoff(args, workingDir)
}

// handoff opens the folder a second launch named (relative to its working
// folder) beside the open projects, or switches to it when it is open
// already: reopening it would restart nothing the user asked for.
func (a *App) handoff(args []string, workingDir string) {
	dir := handoff.Folder(projectArg(args), workingDir)
	if dir == "" {
		return
	}
	<-a.ready
	if _, err := a.OpenProject(dir); err != nil {
		log.Printf("hum: second launch: %v", err)
	}
}
