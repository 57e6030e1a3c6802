package main

import (
	"log"
	"time"

	"hum/backend/handoff"
	"hum/backend/session"
)

// A second launch of Hum (`hum ~/x` while a window runs) hands its folder
// to the first one over D-Bus, WM_COPYDATA or a distributed notification.
// Any local process can send that, so a hand-off only asks: when opening
// the folder would stop running processes, the window asks the user
// ("Open ~/x? 3 processes are running in ~/y and will be stopped"), and
// only the user's click (AcceptOpenRequest) opens it.

// topicOpenRequest carries a handoff.Request to the window when a second
// launch asks to open a folder while processes are running.
const topicOpenRequest = "open-request"

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
// folder) when that stops nothing: no project is open, or none of its
// processes runs. Otherwise it asks the window (topicOpenRequest) and
// leaves the decision to the user. The folder already open is left as it
// is: reopening it would restart nothing the user asked for.
func (a *App) handoff(args []string, workingDir string) {
	dir := handoff.Folder(projectArg(args), workingDir)
	if dir == "" {
		return
	}

	<-a.ready
	s, _ := a.session() // nil when no project is open
	running := 0
	if s != nil {
		if s.Root() == dir {
			return
		}
		for _, st := range s.Processes() {
			if !st.Status.Final() {
				running++
			}
		}
	}
	if running == 0 {
		if _, err := a.OpenProject(dir); err != nil {
			log.Printf("hum: second launch: %v", err)
		}
		return
	}
	a.window.Emit(topicOpenRequest, a.requests.Offer(dir, s.Root(), running))
}

// PendingOpenRequest returns the second launch's request waiting for the
// user, so a window that was not listening yet can still ask; its ID is ""
// when none waits.
func (a *App) PendingOpenRequest() handoff.Request { return a.requests.Pending() }

// AcceptOpenRequest opens the folder of a second launch's request: the
// user clicked Open, consenting to stop the open project's processes.
func (a *App) AcceptOpenRequest(id string) (session.View, error) {
	req, err := a.requests.Take(id)
	if err != nil {
		return session.View{}, err
	}
	return a.OpenProject(req.Dir)
}

// DeclineOpenRequest forgets a second launch's request: the user clicked
// Cancel, and nothing changes.
func (a *App) DeclineOpenRequest(id string) error {
	_, err := a.requests.Take(id)
	return err
}
