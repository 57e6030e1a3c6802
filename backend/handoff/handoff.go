// Package handoff keeps what a second launch of Hum (`hum ~/x` while a
// window runs) hands to the first one: the folder it names and, when
// opening that folder would stop running processes, the Request that waits
// for the user's consent. Any local process can send a launch, so only the
// window that was shown a request can answer it: its ID is unguessable and
// answers it once.
package handoff

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"path/filepath"
	"sync"
)

// ErrNoRequest is returned when the request that is answered is not the one
// waiting: already answered, or replaced by a newer launch.
var ErrNoRequest = errors.New("that request to open a folder is no longer waiting")

// Request is a second launch's request to open a folder, waiting for the
// user's consent because opening it would stop running processes.
type Request struct {
	ID      string `json:"id"`      // "" when no request is waiting
	Dir     string `json:"dir"`     // the folder to open, absolute
	Current string `json:"current"` // the open project's folder, whose processes would stop
	Running int    `json:"running"` // how many of its processes are running now
}

// Folder is the folder a launch named, as an absolute clean path: arg, or
// arg relative to the launch's workingDir. It is "" when arg is.
func Folder(arg, workingDir string) string {
	if arg == "" {
		return ""
	}
	if !filepath.IsAbs(arg) {
		arg = filepath.Join(workingDir, arg)
	}
	return filepath.Clean(arg)
}

// Slot holds the one Request waiting for the user: a newer launch replaces
// an unanswered one, so the window shows the latest. A zero Slot is valid;
// its methods are safe for concurrent use.
type Slot struct {
	mu      sync.Mutex // protects pending
	pending Request    // guarded by mu; ID "" when none waits
}

// Offer makes a Request to open dir, which would stop running processes of
// the project in current, the one waiting, and returns it with its new ID.
func (s *Slot) Offer(dir, current string, running int) Request {
	req := Request{ID: newID(), Dir: dir, Current: current, Running: running}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending = req
	return req
}

// Take removes and returns the waiting Request when its ID is id, and
// fails with ErrNoRequest otherwise (then the waiting one stays).
func (s *Slot) Take(id string) (Request, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id == "" || s.pending.ID != id {
		return Request{}, ErrNoRequest
	}
	req := s.pending
	s.pending = Request{}
	return req, nil
}

// Pending returns the waiting Request, so a window that was not listening
// when it was offered can still ask; its ID is "" when none waits.
func (s *Slot) Pending() Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pending
}

// newID names one Request, unguessable (128 random bits).
func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}
