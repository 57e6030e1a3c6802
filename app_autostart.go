package main

import (
	"errors"
	"fmt"
	"log"
	"slices"
	"sync"

	"hum/backend/config"
	"hum/backend/process"
	"hum/backend/session"
)

// Autostart with trust first: a project's autostart group (hum.yaml's
// defaults.autostart, or the user's own choice kept in backend/config)
// starts by itself on open only when the user has approved exactly its
// command set (session.AutostartDigest) for this project. Otherwise the
// window is asked (topicAutostart, PendingAutostart), and only the user's
// ApproveAutostart starts it. Headless `hum up` is the user's explicit
// command and never goes through here; nothing else headless autostarts.

// topicAutostart carries an AutostartPrompt to the window: one to show, or
// an empty one (Serial 0) when none waits any more.
const topicAutostart = "autostart"

// AutostartPrompt is the question the window asks before an autostart
// group's commands run for the first time (or after they changed).
type AutostartPrompt struct {
	Serial uint64                `json:"serial"` // the open it belongs to (View.Serial); 0 when no question waits
	Root   string                `json:"root"`
	Plan   session.AutostartPlan `json:"plan"`
}

// AutostartStatus says which group starts when the open project opens, for
// this user, and why.
type AutostartStatus struct {
	Group       string `json:"group"`       // the group that starts on open; "" for none
	Chosen      bool   `json:"chosen"`      // the user chose Group (in their config), over hum.yaml's default
	FileDefault string `json:"fileDefault"` // hum.yaml's defaults.autostart; "" when it names none
	Approved    bool   `json:"approved"`    // Group's current commands are approved to start by themselves
}

// autostarts holds the trust prompt waiting for the user.
type autostarts struct {
	mu     sync.Mutex      // protects prompt
	prompt AutostartPrompt // guarded by mu; zero when none waits
}

// autostartGroup is the group that starts when s opens for this user:
// their choice when they made one, else hum.yaml's default.
func autostartGroup(s *session.Session, a config.Autostart) string {
	if a.Chosen {
		return a.Group
	}
	return s.Stack().Defaults.Autostart
}

// autostartOnOpen runs after s became the open project as open number
// serial: it starts the autostart group when its commands are approved and
// asks the window otherwise. A prompt of an earlier open is withdrawn.
func (a *App) autostartOnOpen(s *session.Session, serial uint64) {
	plan, approved, ok := a.autostartPlan(s)
	switch {
	case !ok:
		a.setAutostartPrompt(AutostartPrompt{})
	case approved:
		a.setAutostartPrompt(AutostartPrompt{})
		// Off the open's path: a start may wait for the login shell's
		// environment.
		go startApproved(s, plan.Group)
	default:
		a.setAutostartPrompt(AutostartPrompt{Serial: serial, Root: s.Root(), Plan: plan})
	}
}

// autostartPlan is what would start when s opens; ok is false when
// nothing would (no group, a group hum.yaml lacks, one without members).
func (a *App) autostartPlan(s *session.Session) (plan session.AutostartPlan, approved, ok bool) {
	choice := a.cfg.Autostart(s.Root())
	group := autostartGroup(s, choice)
	if group == "" {
		return plan, false, false
	}
	plan, err := s.AutostartPlan(group)
	if err != nil || len(plan.Members) == 0 {
		return plan, false, false
	}
	return plan, slices.Contains(choice.Approved, plan.Digest), true
}

func startApproved(s *session.Session, group string) {
	if _, err := s.StartGroup(group); err != nil {
		log.Printf("hum: autostart of %s in %s: %v", group, s.Root(), err)
	}
}

// setAutostartPrompt records p as the waiting prompt and tells the window.
func (a *App) setAutostartPrompt(p AutostartPrompt) {
	a.auto.mu.Lock()
	a.auto.prompt = p
	a.auto.mu.Unlock()
	a.window.Emit(topicAutostart, p)
}

// PendingAutostart returns the trust prompt waiting for the user, for a
// window that was not listening when it was sent; Serial is 0 when none
// waits.
func (a *App) PendingAutostart() AutostartPrompt {
	a.auto.mu.Lock()
	defer a.auto.mu.Unlock()
	return a.auto.prompt
}

// ApproveAutostart is the user's "Start these now and whenever this
// project opens" to the prompt of open serial showing the command set
// digest: it remembers the approval in the user's config and starts the
// group. It fails with ErrAutostartChanged, approving nothing, when the
// project would now start another command set than the one shown.
func (a *App) ApproveAutostart(serial uint64, digest string) ([]process.State, error) {
	s, err := a.session()
	if err != nil {
		return nil, err
	}
	a.auto.mu.Lock()
	p := a.auto.prompt
	a.auto.mu.Unlock()
	plan, _, ok := a.autostartPlan(s)
	if p.Serial != serial || p.Root != s.Root() || !ok || plan.Digest != digest || p.Plan.Digest != digest {
		return nil, session.ErrAutostartChanged
	}
	_, serr := a.cfg.ApproveAutostart(s.Root(), digest) // not saved: started now, asked again next run
	a.setAutostartPrompt(AutostartPrompt{})
	states, err := s.StartGroup(plan.Group)
	if serr != nil {
		err = errors.Join(err, serr)
	}
	return states, err
}

// DeclineAutostart is the user's "Not now" to the prompt of open serial:
// nothing starts, and the next open asks again.
func (a *App) DeclineAutostart(serial uint64) {
	a.auto.mu.Lock()
	match := a.auto.prompt.Serial == serial && serial != 0
	a.auto.mu.Unlock()
	if match {
		a.setAutostartPrompt(AutostartPrompt{})
	}
}

// Autostart says which group starts when the open project opens, for
// this user.
func (a *App) Autostart() AutostartStatus {
	s, err := a.session()
	if err != nil {
		return AutostartStatus{}
	}
	return a.autostartStatus(s)
}

func (a *App) autostartStatus(s *session.Session) AutostartStatus {
	choice := a.cfg.Autostart(s.Root())
	st := AutostartStatus{Group: autostartGroup(s, choice), Chosen: choice.Chosen, FileDefault: s.Stack().Defaults.Autostart}
	_, st.Approved, _ = a.autostartPlan(s)
	return st
}

// SetAutostartGroup makes group ("" for none) the one that starts when the
// open project opens, for this user only (their config, never hum.yaml).
// Choosing hum.yaml's own default follows the file again. A group whose
// commands are not approved is asked about at once, by the same prompt
// as on open.
func (a *App) SetAutostartGroup(group string) (AutostartStatus, error) {
	s, err := a.session()
	if err != nil {
		return AutostartStatus{}, err
	}
	if group != "" {
		if _, ok := s.Stack().Group(group); !ok {
			return a.autostartStatus(s), fmt.Errorf("%w: %s", session.ErrUnknownGroup, group)
		}
	}
	if group != "" && group == s.Stack().Defaults.Autostart {
		_, err = a.cfg.ResetAutostartGroup(s.Root())
	} else {
		_, err = a.cfg.SetAutostartGroup(s.Root(), group)
	}
	a.mu.Lock()
	serial, current := a.serial, a.sess == s
	a.mu.Unlock()
	if current {
		if plan, approved, ok := a.autostartPlan(s); ok && !approved {
			a.setAutostartPrompt(AutostartPrompt{Serial: serial, Root: s.Root(), Plan: plan})
		} else {
			a.setAutostartPrompt(AutostartPrompt{}) // a prompt for the group no longer chosen goes
		}
	}
	return a.autostartStatus(s), err
}
