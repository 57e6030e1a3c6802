package session

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"hum/backend/discover"
)

// ErrAutostartChanged is returned when the user answers a trust prompt for
// a command set that is no longer the one the project would start: the
// answer is never applied to commands the user did not see.
var ErrAutostartChanged = errors.New("the commands to start changed since they were shown; look at them again")

// digestVersion heads every digest's input, so a change of what a digest
// covers can never make an old approval match a new encoding.
const digestVersion = "hum-autostart-v1"

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
}

// AutostartDigest is the identity of a command set the user may approve to
// start by itself: "sha256:" and the hex SHA-256 of a versioned JSON
// encoding of every member, in order, with its script ID, the shell line it
// runs (Run) or its argv, its folder, the env files it names and the
// variables its source sets (map keys sorted, as encoding/json writes
// them). Any change to one of those, or to the members or their order,
// gives another digest, so the user is asked again; the contents of the
// env files are not covered (they are data, like the project's source
// code, and the Env tab shows what they set).
func AutostartDigest(members []discover.Script) string {
	in := make([]digestMember, len(members))
	for i, sc := range members {
		in[i] = digestMember{ID: sc.ID, Run: sc.Run, Argv: sc.Argv, Dir: sc.Dir, EnvFiles: sc.EnvFiles, Env: sc.Env}
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

// AutostartPlan returns what starting the named group would run, with its
// digest. A group without members has an empty plan, which nothing asks
// about.
func (s *Session) AutostartPlan(group string) (AutostartPlan, error) {
	g, ok := s.stack.Group(group)
	if !ok {
		return AutostartPlan{}, fmt.Errorf("%w: %s", ErrUnknownGroup, group)
	}
	plan := AutostartPlan{Group: g.Name, Members: []AutostartMember{}}
	scripts := make([]discover.Script, 0, len(g.Members))
	for _, id := range g.Members {
		sc, ok := s.scripts[id]
		if !ok {
			continue // resolved against this very project: cannot happen
		}
		scripts = append(scripts, sc)
		plan.Members = append(plan.Members, AutostartMember{
			ScriptID: sc.ID, Name: sc.Name, Source: sc.Source, Command: sc.Run,
			Dir: sc.Dir, EnvFiles: s.envFilesOf(sc), Env: sc.Env,
		})
	}
	plan.Digest = AutostartDigest(scripts)
	return plan, nil
}

// envFilesOf lists the dotenv files sc's environment reads now: the
// project's .env and .env.local when they exist, then the files its source
// names (a missing one of those is the start's error, shown then).
func (s *Session) envFilesOf(sc discover.Script) []string {
	out := []string{}
	for _, n := range []string{".env", ".env.local"} {
		if info, err := os.Stat(filepath.Join(s.project.Root, n)); err == nil && info.Mode().IsRegular() {
			out = append(out, n)
		}
	}
	return append(out, sc.EnvFiles...)
}
