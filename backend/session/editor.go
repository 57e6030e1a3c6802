package session

import "hum/backend/editor"

// ErrNoFile is returned by OpenInEditor for a path it will not open: missing,
// outside the project, or not a regular file (editor.ErrNotFile).
var ErrNoFile = editor.ErrNotFile

// OpenInEditor opens file at line and column (1-based; 0 for unknown) in the
// user's editor and says what it opened and how. The path comes from process
// output, so it goes through backend/editor, which accepts only regular
// files and never runs them (see editor.Open); a relative path is taken
// relative to the project root and must stay inside it.
func (s *Session) OpenInEditor(file string, line, column int) (editor.Opened, error) {
	return editor.Open(s.root, file, line, column, s.baseLayer().Vars)
}
