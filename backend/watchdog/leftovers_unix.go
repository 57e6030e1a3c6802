//go:build unix

package watchdog

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Leftover is a tree that a Hum which quit unexpectedly (with its watchdog:
// `pkill -9 hum`, the OOM killer) left running, as Leftovers found it.
type Leftover struct {
	PGID    int    `json:"pgid"`    // the group, and its leader's PID while the leader lives
	Members int    `json:"members"` // live processes in the group
	Command string `json:"command"` // the leader's command line when Hum started it, for display only
}

// stale is a state file of a Hum that is gone, with the trees of it that
// are still provably Hum's.
type stale struct {
	path  string
	trees []tree
}

// scan reads every state file in dir whose Hum and watchdog are both gone.
// A file of a Hum that still runs, or whose watchdog still runs (it is
// about to reap), is left alone; so is a file that cannot be read or is not
// Hum's, which is an error, never removed. A missing dir holds none.
func scan(dir string) ([]stale, error) {
	if dir == "" {
		return nil, nil
	}
	names, err := filepath.Glob(filepath.Join(globEscape(dir), "*"+stateExt))
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []stale
	var errs []error
	for _, path := range names {
		s, err := readState(path)
		if err != nil {
			if !errors.Is(err, os.ErrNotExist) { // removed meanwhile: its Hum exited
				errs = append(errs, err)
			}
			continue
		}
		if alive(s.owner) || alive(s.watchdog) {
			continue
		}
		st := stale{path: path}
		for _, t := range s.trees {
			if owned(t.record) {
				st.trees = append(st.trees, t)
			}
		}
		out = append(out, st)
	}
	return out, errors.Join(errs...)
}

// globEscape escapes the pattern characters of a literal path.
func globEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`)
	return r.Replace(s)
}

// alive reports whether p still runs: its PID carries its start time.
func alive(p proc) bool {
	if p.pid == 0 {
		return false
	}
	start, ok := startTime(p.pid)
	return ok && start == p.start
}

// Leftovers returns the trees that a Hum which is gone left running and
// that are still provably its (owned: never by name), sorted by group, and
// removes the state files that have none left. An error names each file
// that could not be read or is not Hum's; those are left as they are, and
// the trees of the other files are returned all the same.
func Leftovers(dir string) ([]Leftover, error) {
	sts, err := scan(dir)
	var out []Leftover
	for _, st := range sts {
		if len(st.trees) == 0 {
			_ = os.Remove(st.path)
			continue
		}
		for _, t := range st.trees {
			out = append(out, Leftover{PGID: t.pgid, Members: len(members(t.pgid)), Command: t.command})
		}
	}
	slices.SortFunc(out, func(a, b Leftover) int { return a.PGID - b.PGID })
	return out, err
}

// StopLeftovers ends the trees Leftovers reports, verified again now (a
// group that ended meanwhile and whose number was reused is not touched):
// SIGTERM to each group, SIGKILL to those still there half a second later,
// as the watchdog would have. Then it removes their state files.
func StopLeftovers(dir string) error {
	sts, err := scan(dir)
	var recs []record
	for _, st := range sts {
		for _, t := range st.trees {
			recs = append(recs, t.record)
		}
	}
	reap(recs, grace)
	for _, st := range sts {
		_ = os.Remove(st.path)
	}
	return err
}

// LeaveLeftovers forgets the trees Leftovers reports, leaving them
// running: it removes their state files, so no later launch asks again.
func LeaveLeftovers(dir string) error {
	sts, err := scan(dir)
	for _, st := range sts {
		_ = os.Remove(st.path)
	}
	return err
}
