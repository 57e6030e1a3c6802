// Package handoff reads what a second launch of Hum (`hum ~/x` while a
// window runs) hands to the first one: the folder it names. Any local
// process can send a launch; the window only opens that folder beside the
// projects open (secondinstance.go), which runs and stops nothing.
package handoff

import "path/filepath"

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
