package main

import (
	"log"

	"hum/backend/watchdog"
)

// Leftovers returns the trees a Hum that quit unexpectedly (and its
// watchdog with it) left running, so the window can ask the user whether
// to stop them; empty when there are none. A state file that is not Hum's
// is logged and left as it is.
func (a *App) Leftovers() []watchdog.Leftover {
	left, err := watchdog.Leftovers(a.running)
	if err != nil {
		log.Printf("hum: %v", err)
	}
	if left == nil {
		left = []watchdog.Leftover{}
	}
	return left
}

// StopLeftovers ends the trees Leftovers reported (each verified again
// first): the user clicked Stop them.
func (a *App) StopLeftovers() error { return watchdog.StopLeftovers(a.running) }

// LeaveLeftovers leaves those trees running and forgets them, so no later
// launch asks again: the user clicked Leave them.
func (a *App) LeaveLeftovers() error { return watchdog.LeaveLeftovers(a.running) }
