package editor

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// ErrNotFile is returned for a path Hum will not hand to an editor: empty,
// missing, outside the project, or not a regular file.
var ErrNotFile = errors.New("not a file Hum can open")

// refusal is why a file is not opened: errors.Is(err, kind) holds
// (ErrNotFile or ErrNoEditor), and its message is only the reason ("x is a
// folder, not a file"), which the UI shows after the frame it could not open.
type refusal struct {
	kind   error
	reason string
}

func (r refusal) Error() string        { return r.reason }
func (r refusal) Is(target error) bool { return target == r.kind }

func refuse(format string, args ...any) error {
	return refusal{ErrNotFile, fmt.Sprintf(format, args...)}
}

// bundleExts are folders that desktops show and launch as one thing
// (macOS applications, installer packages, …). They are refused as folders
// are, but the message names what they are.
var bundleExts = map[string]bool{
	".app": true, ".bundle": true, ".framework": true, ".pkg": true, ".mpkg": true,
	".plugin": true, ".kext": true, ".workflow": true, ".xpc": true, ".appex": true,
}

// Resolve turns a file named by a stack frame into the absolute path of a
// regular file that exists, with symlinks resolved, or refuses it with
// ErrNotFile and why. A relative path is taken relative to root and must
// stay inside it (no ".." out of the project); an absolute path may be
// anywhere, since frames of installed libraries are absolute. Folders
// (application bundles included), devices, fifos and sockets are refused:
// an "editor" given one of those could launch or block on it.
//
// On Windows a UNC path (\\host\share\…) outside the project is refused
// before it is touched, since merely looking at it makes Windows connect to
// that host with the user's credentials.
func Resolve(root, file string) (string, error) {
	if file == "" {
		return "", refuse("the frame has no file")
	}
	if strings.ContainsRune(file, 0) {
		return "", refuse("%q contains a NUL byte", file)
	}
	p := file
	if !filepath.IsAbs(p) {
		if root == "" {
			return "", refuse("%s is relative and no project is open", file)
		}
		p = filepath.Join(root, filepath.FromSlash(file))
		if !within(root, p) {
			return "", refuse("%s is outside the project", file)
		}
	} else if runtime.GOOS == "windows" && isUNC(p) && !within(root, p) {
		return "", refuse("%s is on another computer (a network path outside the project)", file)
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", refuse("%s does not exist", file)
		}
		return "", refuse("%s: %v", file, err)
	}
	fi, err := os.Stat(real)
	if err != nil {
		return "", refuse("%s: %v", file, err)
	}
	switch m := fi.Mode(); {
	case m.IsDir() && bundleExts[strings.ToLower(filepath.Ext(real))]:
		return "", refuse("%s is an application bundle, not a file", file)
	case m.IsDir():
		return "", refuse("%s is a folder, not a file", file)
	case !m.IsRegular():
		return "", refuse("%s is a %s, not a regular file", file, kind(m))
	}
	return real, nil
}

// within reports whether p is root or below it, lexically (both cleaned).
func within(root, p string) bool {
	if root == "" {
		return false
	}
	rel, err := filepath.Rel(filepath.Clean(root), filepath.Clean(p))
	if err != nil {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// isUNC reports whether a Windows path names a network share (\\host\share
// or //host/share), including the \\?\UNC\ and \\.\ device forms.
func isUNC(p string) bool {
	return len(p) >= 2 && (p[0] == '\\' || p[0] == '/') && (p[1] == '\\' || p[1] == '/')
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}
