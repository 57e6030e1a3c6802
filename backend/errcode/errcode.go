// Package errcode is how an error reaches a consumer outside Go: a stable
// code to act on and the message to show ({code, message}). The window's
// bound methods go through it (the Wails ErrorFormatter), and so should any
// other consumer (a control socket, MCP), so one error has one code
// everywhere.
//
// It also declares the errors of the consumers themselves, those no backend
// package owns, so that each consumer returns and recognises the same ones.
package errcode

import (
	"errors"
	"io/fs"

	"hum/backend/browser"
	"hum/backend/config"
	"hum/backend/environ"
	"hum/backend/process"
	"hum/backend/session"
	"hum/backend/stack"
	"hum/backend/workspace"
)

// ErrNoProject is returned by calls that need an open project when none
// is: the one error of the consumers themselves, for errors.Is.
var ErrNoProject = errors.New("no project is open")

// Failure is an error as a consumer gets it.
type Failure struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Of returns err as a Failure: its Code and its text.
func Of(err error) Failure {
	return Failure{Code: Code(err), Message: err.Error()}
}

// codes maps each error a caller can act on to its code; the first that
// err matches (errors.Is) wins. The codes are an interface: they only ever
// gain entries.
var codes = []struct {
	err  error
	code string
}{
	{ErrNoProject, "no_project"},
	{session.ErrUnknownScript, "unknown_script"},
	{session.ErrClosed, "closed"},
	{session.ErrCancelled, "cancelled"},
	{session.ErrEmptyCommand, "empty_command"},
	{session.ErrUnknownGroup, "unknown_group"},
	{session.ErrNoFile, "no_file"},
	{session.ErrAutostartChanged, "autostart_changed"},
	{process.ErrNotFound, "not_found"},
	{process.ErrNotFinished, "still_running"},
	{process.ErrStart, "start_failed"},
	{environ.ErrBadLayer, "bad_environment"},
	{fs.ErrNotExist, "not_exist"},
	{fs.ErrPermission, "permission"},
	{browser.ErrBadURL, "bad_url"},
	{config.ErrNotSaved, "not_saved"},
	{stack.ErrExists, "name_taken"},
	{stack.ErrNoSuch, "no_such_entry"},
	{stack.ErrLayout, "cannot_edit"},
	{stack.ErrChanged, "changed_on_disk"},
	{workspace.ErrRunning, "project_running"},
	{workspace.ErrNotOpen, "not_open"},
}

// Code is the stable code of err: that of the first known error it wraps,
// or "error".
func Code(err error) string {
	for _, c := range codes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return "error"
}
