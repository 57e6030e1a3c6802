// Package visibility decides whether anybody can see Hum's pages, and so
// whether the backend sends process and log events, and how often it
// samples CPU and memory (see App.SetPageVisible).
package visibility

import "sync"

// Tracker decides whether anybody can see Hum's pages. Several pages
// can be connected at once (the dev server serves any number of browser
// tabs; a reload briefly has two), so one page that hides or closes must
// not pause the events for another that is still on screen: the events
// pause only when the tray hid the window, or when pages have spoken and
// none is visible now. A page that vanishes without saying so keeps the
// events flowing, the safe side. The zero value is visible.
type Tracker struct {
	mu       sync.Mutex          // protects hidden, reported and visible
	hidden   bool                // guarded by mu; the tray hid the native window
	reported bool                // guarded by mu; some page has said whether it is visible
	visible  map[string]struct{} // guarded by mu; the pages on screen, by the ID each page chose
}

// Page records what page id says of itself and reports whether the events
// are now paused.
func (v *Tracker) Page(id string, visible bool) (paused bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.reported = true
	if visible {
		if v.visible == nil {
			v.visible = make(map[string]struct{})
		}
		v.visible[id] = struct{}{}
	} else {
		delete(v.visible, id)
	}
	return v.pausedLocked()
}

// Window records whether the native window is shown (the tray's Show and
// Hide) and reports whether the events are now paused.
func (v *Tracker) Window(shown bool) (paused bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.hidden = !shown
	return v.pausedLocked()
}

// Paused reports whether nobody can see the pages.
func (v *Tracker) Paused() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.pausedLocked()
}

func (v *Tracker) pausedLocked() bool {
	return v.hidden || (v.reported && len(v.visible) == 0)
}
