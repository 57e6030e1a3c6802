package session

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"hum/backend/discover"
)

// ErrAutostartChanged is returned when the user answers a trust prompt for
// a command set that is no longer the one the project would start: the
// answer is never applied to commands the user did not see.
var ErrAutostartChanged = errors.New("the commands to start changed since they were shown; look at them again")

// digestVersion heads every digest's input, so a change of what a digest
// covers can never make an old approval match a new encoding.
const digestVersion = "hum-autostart-v1"

// dotenvFiles are the project's own env files every script's environment
// reads when they exist (environ.Build's layers).
var dotenvFiles = []string{".env", ".env.local"}

// AutostartPlan is what starting a group when the project opens would
// run, as the trust prompt shows it, and the digest the user's answer is
// remembered under.
type AutostartPlan struct {
	Group   string            `json:"group"`
	Members []AutostartMember `json:"members"` // in the order the group starts them; never nil
	Digest  string            `json:"digest"`  // AutostartDigest of the members
}

// AutostartMember is one process of an AutostartPlan.
type AutostartMember struct {
	ScriptID string            `json:"scriptId"`
	Name     string            `json:"name"`
	Source   string            `json:"source"`
	Command  string            `json:"command"`       // the line that runs (an argv shell-quoted)
	Dir      string            `json:"dir"`           // relative to the project root, slash separated; "." for the root
	EnvFiles []string          `json:"envFiles"`      // the dotenv files its environment reads, in the order they apply; never nil
	Env      map[string]string `json:"env,omitempty"` // the variables its source sets
}

// digestMember is what AutostartDigest covers of one member.
type digestMember struct {
	ID       string            `json:"id"`
	Run      string            `json:"run"`
	Argv     []string          `json:"argv"`
	Dir      string            `json:"dir"`
	EnvFiles []string          `json:"envFiles"`
	Env      map[string]string `json:"env"`
	Files    []digestFile      `json:"files"`
}

// digestFile is an env file a member's environment reads, by content.
type digestFile struct {
	Name    string `json:"name"`
	Content string `json:"content"` // fileDigest
}

// AutostartDigest is the identity of a command set of the project in root
// that the user may approve to start by itself: "sha256:" and the hex
// SHA-256 of a versioned JSON encoding of every member, in order, with its
// script ID, the shell line it runs (Run) or its argv, its folder, the env
// files it names, the variables its source sets (map keys sorted, as
// encoding/json writes them), and the content of every env file its
// environment reads (.env, .env.local, then its own) as that file's
// SHA-256, or that it is absent or unreadable. Any change to one of
// those, or to the members or their order, gives another digest, so the
// user is asked again: a variable such as NODE_OPTIONS or LD_PRELOAD runs
// code as surely as a command line does.
func AutostartDigest(root string, members []discover.Script) string {
	in := make([]digestMember, len(members))
	for i, sc := range members {
		m := digestMember{ID: sc.ID, Run: sc.Run, Argv: sc.Argv, Dir: sc.Dir, EnvFiles: sc.EnvFiles, Env: sc.Env}
		for _, n := range append(slices.Clone(dotenvFiles), sc.EnvFiles...) {
			m.Files = append(m.Files, digestFile{Name: n, Content: fileDigest(resolve(root, n))})
		}
		in[i] = m
	}
	b, err := json.Marshal(in)
	if err != nil {
		panic(err) // strings, slices and maps of strings always encode
	}
	h := sha256.New()
	h.Write([]byte(digestVersion + "\n"))
	h.Write(b)
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// fileDigest is what AutostartDigest records of one env file: "sha256:"
// and the hex SHA-256 of its first discover.MaxFileSize+1 bytes (a larger
// file cannot start anything: environ refuses it), "absent", "not a
// regular file" or "unreadable". Anything but a regular file is refused
// before it is opened, so a FIFO named .env cannot block an open.
func fileDigest(path string) string {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "absent"
	case err != nil:
		return "unreadable"
	case !info.Mode().IsRegular():
		return "not a regular file"
	}
	f, err := os.Open(path)
	if err != nil {
		return "unreadable"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, discover.MaxFileSize+1)); err != nil {
		return "unreadable"
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// AutostartPlan returns what starting the named group would run, with its
// digest. A group without members has an empty plan, which nothing asks
// about.
func (s *Session) AutostartPlan(group string) (AutostartPlan, error) {
	c := s.now() // one snapshot of the project for the whole plan
	g, ok := c.stack.Group(group)
	if !ok {
		return AutostartPlan{}, fmt.Errorf("%w: %s", ErrUnknownGroup, group)
	}
	plan := AutostartPlan{Group: g.Name, Members: []AutostartMember{}}
	scripts := make([]discover.Script, 0, len(g.Members))
	for _, id := range g.Members {
		sc, ok := c.scripts[id]
		if !ok {
			continue // resolved against this very snapshot: cannot happen
		}
		scripts = append(scripts, sc)
		plan.Members = append(plan.Members, AutostartMember{
			ScriptID: sc.ID, Name: sc.Name, Source: sc.Source, Command: sc.Run,
			Dir: sc.Dir, EnvFiles: s.envFilesOf(sc), Env: sc.Env,
		})
	}
	plan.Digest = AutostartDigest(s.root, scripts)
	return plan, nil
}

// envFilesOf lists the dotenv files sc's environment reads now: the
// project's .env and .env.local when they exist, then the files its source
// names (a missing one of those is the start's error, shown then).
func (s *Session) envFilesOf(sc discover.Script) []string {
	out := []string{}
	for _, n := range dotenvFiles {
		if info, err := os.Stat(filepath.Join(s.root, n)); err == nil && info.Mode().IsRegular() {
			out = append(out, n)
		}
	}
	return append(out, sc.EnvFiles...)
}
