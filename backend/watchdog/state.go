//go:build unix

package watchdog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The state file keeps a Guard's records on disk, so they outlive both Hum
// and its watchdog (`pkill -9 hum` ends both; so may the OOM killer): the
// next Hum finds the trees still running (Leftovers) and asks the user what
// to do with them. One file per Hum, named for its PID and start time,
// rewritten whole (a temporary file renamed over it) on each Track and
// Forget, removed when Hum exits cleanly or once its watchdog has reaped:
//
//	hum-trees 1
//	owner PID START          (Hum)
//	watchdog PID START       (its watchdog, once started)
//	tree PGID START COMMAND  (one per live tree; COMMAND for display only)
//
// START is a start time as startTime reads it. A tree is never identified
// by its command: only by its group and the leader's start time (owned).

// stateHeader is the first line of a state file; the number is the format's
// version.
const stateHeader = "hum-trees 1"

// stateExt ends the name of every state file.
const stateExt = ".trees"

// maxState bounds a state file that is read: Hum's hold a line of at most
// ~250 bytes per running tree. A bigger file is not Hum's, and is an error.
const maxState = 1 << 20

// maxCommand bounds the command kept for display, in bytes.
const maxCommand = 200

// proc identifies one process: a PID and the start time it had.
type proc struct {
	pid   int
	start int64
}

// tree is one recorded tree in a state file.
type tree struct {
	record
	command string
}

// state is the content of a state file.
type state struct {
	owner    proc
	watchdog proc // zero until the watchdog started
	trees    []tree
}

// errState says a state file is not one Hum wrote: too big or malformed.
var errState = errors.New("not a Hum state file")

// format writes s as a state file's content, trees sorted by group.
func (s state) format() []byte {
	var b bytes.Buffer
	b.WriteString(stateHeader + "\n")
	fmt.Fprintf(&b, "owner %d %d\n", s.owner.pid, s.owner.start)
	if s.watchdog.pid != 0 {
		fmt.Fprintf(&b, "watchdog %d %d\n", s.watchdog.pid, s.watchdog.start)
	}
	ts := slices.Clone(s.trees)
	slices.SortFunc(ts, func(a, b tree) int { return a.pgid - b.pgid })
	for _, t := range ts {
		fmt.Fprintf(&b, "tree %d %d %s\n", t.pgid, t.start, t.command)
	}
	return b.Bytes()
}

// parseState reads a state file's content. Anything Hum would not have
// written is an error, so that a file that is not Hum's is never acted on.
func parseState(b []byte) (state, error) {
	var s state
	if len(b) > maxState {
		return s, fmt.Errorf("%w: over %d bytes", errState, maxState)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 512), maxState)
	n := 0
	seen := map[int]bool{}
	for sc.Scan() {
		n++
		line := sc.Text()
		bad := func(why string) (state, error) {
			return state{}, fmt.Errorf("%w: line %d: %s", errState, n, why)
		}
		if n == 1 {
			if line != stateHeader {
				return bad("no " + strconv.Quote(stateHeader) + " header")
			}
			continue
		}
		kind, rest, _ := strings.Cut(line, " ")
		switch kind {
		case "owner", "watchdog":
			p, ok := parseProc(rest)
			if !ok {
				return bad("bad " + kind)
			}
			if kind == "owner" {
				if s.owner.pid != 0 {
					return bad("a second owner")
				}
				s.owner = p
			} else {
				s.watchdog = p
			}
		case "tree":
			f := strings.SplitN(rest, " ", 3)
			if len(f) < 2 {
				return bad("bad tree")
			}
			p, ok := parseProc(f[0] + " " + f[1])
			if !ok || seen[p.pid] {
				return bad("bad tree")
			}
			seen[p.pid] = true
			t := tree{record: record{pgid: p.pid, start: p.start}}
			if len(f) == 3 {
				t.command = sanitise(f[2])
			}
			s.trees = append(s.trees, t)
		default:
			return bad("unknown line")
		}
	}
	if err := sc.Err(); err != nil {
		return state{}, fmt.Errorf("%w: %v", errState, err)
	}
	if n == 0 {
		return state{}, fmt.Errorf("%w: empty", errState)
	}
	if s.owner.pid == 0 {
		return state{}, fmt.Errorf("%w: no owner", errState)
	}
	return s, nil
}

// parseProc reads "PID START": a PID above 1 and a positive start time.
func parseProc(s string) (proc, bool) {
	a, b, ok := strings.Cut(s, " ")
	if !ok {
		return proc{}, false
	}
	pid, err1 := strconv.Atoi(a)
	start, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || pid <= 1 || start <= 0 || strconv.Itoa(pid) != a {
		return proc{}, false
	}
	return proc{pid: pid, start: start}, true
}

// sanitise makes a command line fit for one line of the file and for
// display: valid UTF-8, no control characters (the NULs between
// /proc/PID/cmdline's arguments become spaces), at most maxCommand bytes.
func sanitise(cmd string) string {
	cmd = strings.ToValidUTF8(cmd, "?")
	var b strings.Builder
	for _, r := range cmd {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
			r = ' '
		}
		if b.Len()+utf8.RuneLen(r) > maxCommand {
			break
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// readState reads the state file at path, bounded to maxState bytes.
func readState(path string) (state, error) {
	f, err := os.Open(path)
	if err != nil {
		return state{}, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxState+1))
	if err != nil {
		return state{}, err
	}
	s, err := parseState(b)
	if err != nil {
		return state{}, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// writeState replaces the file at path with s, atomically: a reader sees
// the old content or the new, never a part.
func writeState(path string, s state) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*"+stateExt+"~") // 0600
	if err != nil {
		return err
	}
	_, werr := tmp.Write(s.format())
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// stateFile is the name of the state file of the Hum p.
func stateFile(dir string, p proc) string {
	return filepath.Join(dir, strconv.Itoa(p.pid)+"-"+strconv.FormatInt(p.start, 10)+stateExt)
}
