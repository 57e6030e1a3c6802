// Package scan follows the scan of the project being opened, as the window
// shows it while it runs ("Scanning… 1,234 files"): an Opener is a
// session.Opener that also keeps and reports the Progress of its open in
// flight. The open project, if any, stays usable meanwhile.
package scan

import (
	"errors"
	"sync"

	"hum/backend/errcode"
	"hum/backend/session"
)

// Progress is a project being opened.
type Progress struct {
	Dir      string           `json:"dir"`      // the folder being scanned
	Examined int              `json:"examined"` // files and folders examined so far
	Active   bool             `json:"active"`   // false once the scan has ended
	Error    *errcode.Failure `json:"error,omitempty"`
}

// Opener opens one project at a time, as session.Opener does, and keeps the
// Progress of the latest open: it becomes active when an Open begins,
// counts what the scan examines, and ends with the open, with the reason
// when it failed. An open cancelled by a later one reports nothing more:
// the later open reports its own scan. A zero Opener is valid (it reports
// to nobody); its methods are safe for concurrent use.
type Opener struct {
	session.Opener

	// Notify, when set, receives every change of the Progress, outside the
	// Opener's lock (it may block, and Status does not wait for it).
	// Written once before the first Open.
	Notify func(Progress)

	mu sync.Mutex // protects p
	p  Progress   // guarded by mu; the scan in flight, or the last one
}

// Open scans dir (absolute) and opens a session on it, as session.Opener's
// Open does, keeping and reporting the scan's Progress. opts.OnScan, when
// set, is called too.
func (o *Opener) Open(dir string, opts session.Options, commit func(*session.Session)) (*session.Session, error) {
	o.begin(dir)
	onScan := opts.OnScan
	opts.OnScan = func(n int) {
		o.examined(dir, n)
		if onScan != nil {
			onScan(n)
		}
	}
	s, err := o.Opener.Open(dir, opts, commit)
	o.end(dir, err)
	return s, err
}

// Status returns the project being opened, if any: Active is false when no
// scan runs. It never waits for a scan.
func (o *Opener) Status() Progress {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.p
}

// begin records the scan of dir as the one in flight.
func (o *Opener) begin(dir string) {
	p := Progress{Dir: dir, Active: true}
	o.mu.Lock()
	o.p = p
	o.mu.Unlock()
	o.notify(p)
}

// examined records the progress of the scan of dir, if it is still the one
// in flight (a superseded scan may report once more before it stops).
func (o *Opener) examined(dir string, n int) {
	o.mu.Lock()
	if !o.p.Active || o.p.Dir != dir {
		o.mu.Unlock()
		return
	}
	o.p.Examined = n
	p := o.p
	o.mu.Unlock()
	o.notify(p)
}

// end ends the scan of dir, unless a later open has taken its place.
func (o *Opener) end(dir string, err error) {
	if errors.Is(err, session.ErrCancelled) {
		return // the open that cancelled it reports its own scan
	}
	o.mu.Lock()
	if o.p.Dir != dir {
		o.mu.Unlock()
		return
	}
	o.p.Active = false
	if err != nil {
		f := errcode.Of(err)
		o.p.Error = &f
	}
	p := o.p
	o.mu.Unlock()
	o.notify(p)
}

func (o *Opener) notify(p Progress) {
	if o.Notify != nil {
		o.Notify(p)
	}
}
