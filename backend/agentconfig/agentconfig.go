// Package agentconfig adds Hum's MCP server to coding agents' config files
// (Claude Code, Cursor, VS Code, Codex). It is the one place Hum writes a
// file that belongs to another program, so it edits only what it can edit
// safely: a strict JSON file of at most MaxSize bytes that is a regular
// file (no symlink), whose server table has no "hum" entry yet, or a TOML
// file without an [mcp_servers.hum] table. Anything else is refused with
// an error that says why, for the window to show. Every other key, and the
// file's indentation, are kept: the entry is inserted as text, never by
// re-encoding the file. Writes are atomic (a temporary file in the same
// folder, renamed over the file, with its mode). Only project-scoped files
// are created (with their folder); a user-scoped one is created only in
// its agent's existing folder, and nothing is ever created in $HOME itself.
package agentconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// MaxSize is the largest config file Hum edits; agents' configs are a few
// KiB.
const MaxSize = 1 << 20

// Format is how a file lists MCP servers.
type Format uint8

const (
	JSONMCPServers Format = iota // {"mcpServers": {"hum": {...}}}: Claude Code, Cursor
	JSONServers                  // {"servers": {"hum": {"type": "stdio", ...}}}: VS Code
	TOMLCodex                    // [mcp_servers.hum]: Codex
)

// File is one agent config file Hum knows.
type File struct {
	ID      string // stable name the window passes back: "claude-project", "cursor-user", …
	Agent   string // as mcp.Snippets names it: "Claude Code", "Cursor", "Codex", "VS Code (Copilot)"
	Path    string // absolute
	Project bool   // in the project (created, with its folder, when absent)
	Format  Format

	// inFolder is set for a project file in a folder of its own
	// (.cursor, .vscode), which must not be a symlink; the project's
	// root may be one.
	inFolder bool
}

// Files lists the config files of the common agents for the project in
// root ("" when none is open: then only user-scoped files), with home the
// user's home folder and codexHome $CODEX_HOME ("" for ~/.codex).
func Files(root, home, codexHome string) []File {
	var out []File
	if root != "" {
		out = append(out,
			File{ID: "claude-project", Agent: "Claude Code", Path: filepath.Join(root, ".mcp.json"), Project: true, Format: JSONMCPServers},
			File{ID: "cursor-project", Agent: "Cursor", Path: filepath.Join(root, ".cursor", "mcp.json"), Project: true, Format: JSONMCPServers, inFolder: true},
			File{ID: "vscode-project", Agent: "VS Code (Copilot)", Path: filepath.Join(root, ".vscode", "mcp.json"), Project: true, Format: JSONServers, inFolder: true},
		)
	}
	if home != "" {
		out = append(out, File{ID: "cursor-user", Agent: "Cursor", Path: filepath.Join(home, ".cursor", "mcp.json"), Format: JSONMCPServers})
	}
	if codexHome == "" && home != "" {
		codexHome = filepath.Join(home, ".codex")
	}
	if codexHome != "" {
		out = append(out, File{ID: "codex-user", Agent: "Codex", Path: filepath.Join(codexHome, "config.toml"), Format: TOMLCodex})
	}
	return out
}

// Server is the entry Hum adds: the hum binary and its arguments.
type Server struct {
	Command string
	Args    []string
}

// State is what a file says about Hum now.
type State string

const (
	StateAdded   State = "added"   // Hum is in it, with this command and arguments
	StateMissing State = "missing" // Hum can be added
	StateAbsent  State = "absent"  // the file and its folder are not there: the agent is not set up on this machine
	StateRefused State = "refused" // Hum cannot add itself safely; Message says why
)

// Status is a file's state, for the window.
type Status struct {
	Exists  bool   // the file is there
	State   State  //
	Message string // why, for StateRefused; what runs, for StateAdded
}

// ErrRefused wraps every reason Hum will not edit a file.
var ErrRefused = errors.New("cannot add Hum safely")

func refuse(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRefused, fmt.Sprintf(format, args...))
}

// Check reads f and says whether Hum is in it, could be added, or not.
func Check(f File, s Server) Status {
	data, exists, err := read(f)
	if err != nil {
		return Status{Exists: exists, State: StateRefused, Message: err.Error()}
	}
	if !exists {
		if !f.Project {
			if info, err := os.Stat(filepath.Dir(f.Path)); err != nil || !info.IsDir() {
				return Status{State: StateAbsent}
			}
		}
		return Status{State: StateMissing}
	}
	_, present, err := edit(f.Format, data, s)
	switch {
	case err != nil:
		return Status{Exists: true, State: StateRefused, Message: err.Error()}
	case present:
		return Status{Exists: true, State: StateAdded}
	}
	return Status{Exists: true, State: StateMissing}
}

// Add puts s into f as "hum". It is a no-op when the same entry is there
// already, and an ErrRefused error when it cannot be done safely.
func Add(f File, s Server) error {
	data, before, err := readInfo(f)
	if err != nil {
		return err
	}
	var mode fs.FileMode = 0o644
	dir := filepath.Dir(f.Path)
	if before != nil {
		mode = before.Mode().Perm()
	} else {
		if f.Project {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		} else if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			return refuse("%s is not there; Hum creates a config file only in an agent's own folder", dir)
		}
		if err := realFolder(f); err != nil {
			return err
		}
	}
	out, present, err := edit(f.Format, data, s)
	if err != nil {
		return err
	}
	if present {
		return nil
	}
	return writeAtomic(f.Path, out, mode, before)
}

// realFolder refuses a project file whose own folder is a symlink or not
// a folder: a cloned repository's .vscode could lead anywhere on the disk.
func realFolder(f File) error {
	if !f.inFolder {
		return nil
	}
	dir := filepath.Dir(f.Path)
	info, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // Add creates it
	case err != nil:
		return err
	case info.Mode()&fs.ModeSymlink != 0:
		return refuse("%s is a symbolic link; add Hum by hand", dir)
	case !info.IsDir():
		return refuse("%s is not a folder", dir)
	}
	return nil
}

// read returns f's content, or a refusal for a file Hum will not edit.
func read(f File) (data []byte, exists bool, err error) {
	data, info, err := readInfo(f)
	return data, info != nil, err
}

// readInfo is read with the file's Lstat as it was read (nil when it is
// not there).
func readInfo(f File) (data []byte, before fs.FileInfo, err error) {
	if err := realFolder(f); err != nil {
		return nil, nil, err
	}
	info, err := os.Lstat(f.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, nil
	case err != nil:
		return nil, nil, err
	case info.Mode()&fs.ModeSymlink != 0:
		return nil, info, refuse("%s is a symbolic link; Hum edits only regular files, so add Hum where it points by hand", f.Path)
	case !info.Mode().IsRegular():
		return nil, info, refuse("%s is not a regular file", f.Path)
	case info.Size() > MaxSize:
		return nil, info, refuse("%s is %d bytes, larger than the %d bytes Hum edits", f.Path, info.Size(), MaxSize)
	}
	fh, err := os.Open(f.Path)
	if err != nil {
		return nil, info, err
	}
	defer fh.Close()
	data, err = io.ReadAll(io.LimitReader(fh, MaxSize+1))
	if err != nil {
		return nil, info, err
	}
	if len(data) > MaxSize {
		return nil, info, refuse("%s is larger than the %d bytes Hum edits", f.Path, MaxSize)
	}
	return data, info, nil
}

// edit returns data with s added; present is true (and out nil) when the
// same entry is there already.
func edit(format Format, data []byte, s Server) (out []byte, present bool, err error) {
	switch format {
	case TOMLCodex:
		return EditTOML(data, s)
	case JSONServers:
		return EditJSON(data, "servers", s, true)
	}
	return EditJSON(data, "mcpServers", s, false)
}

// writeAtomic replaces path with data: a temporary file in its folder,
// synced, given mode and renamed over it. before is path's Lstat when it
// was read (nil when it did not exist): a file changed since is not
// overwritten.
func writeAtomic(path string, data []byte, mode fs.FileMode, before fs.FileInfo) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".hum-*")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	now, err := os.Lstat(path)
	switch {
	case before == nil && err == nil:
		return refuse("%s appeared while Hum was adding itself; try again", path)
	case before != nil && (err != nil || now.Size() != before.Size() || !now.ModTime().Equal(before.ModTime()) || !now.Mode().IsRegular()):
		return refuse("%s changed while Hum was adding itself; try again", path)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	done = true
	return nil
}

// sameServer compares an entry already in a file with s.
func sameServer(command string, args []string, s Server) bool {
	return command == s.Command && slices.Equal(args, s.Args)
}

// describe says what an entry runs, for a refusal.
func describe(command string, args []string) string {
	return strings.TrimSpace(command + " " + strings.Join(args, " "))
}

// tomlString is a TOML basic string; JSON's escapes are TOML's.
func tomlString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
