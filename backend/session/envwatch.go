package session

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"hum/backend/process"
)

// envSettle is how long the env files must be quiet before a change is
// looked at: an editor's save is several events (write, rename, chmod).
const envSettle = 150 * time.Millisecond

// envWatch watches the folders of the files the running processes'
// environments were built from. A change to one marks the processes whose
// environment it changes as "restart to apply" (process.State's
// EnvChanged); it never restarts anything. Folders are watched rather than
// files because editors save by replacing the file, which ends a watch on
// the file itself. Watching is best effort: when the OS refuses a watch
// (inotify's limit), nothing is marked, and a restart still applies the
// files.
type envWatch struct {
	w *fsnotify.Watcher // written once in newEnvWatch; nil when the OS refused one

	mu   sync.Mutex      // protects dirs
	dirs map[string]bool // guarded by mu; folders being watched, by absolute path
}

func newEnvWatch() *envWatch {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		w = nil
	}
	return &envWatch{w: w, dirs: map[string]bool{}}
}

// add watches the folders of files (absolute paths), once each.
func (e *envWatch) add(files map[string]string) {
	if e.w == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for f := range files {
		dir := filepath.Dir(f)
		if e.dirs[dir] {
			continue
		}
		// A folder that does not exist (yet) is not watched; its file's
		// absence is what the process started with.
		if err := e.w.Add(dir); err == nil {
			e.dirs[dir] = true
		}
	}
}

func (e *envWatch) close() {
	if e.w != nil {
		e.w.Close()
	}
}

// watchEnvFiles gathers changes until the files settle, then marks the
// processes they affect. It returns when ctx ends.
func (s *Session) watchEnvFiles(ctx context.Context) {
	w := s.watchEnv.w
	if w == nil {
		return
	}
	changed := map[string]bool{}
	var settle <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			changed[filepath.Clean(ev.Name)] = true
			settle = time.After(envSettle)
		case _, ok := <-w.Errors:
			if !ok {
				return
			}
			// An overflow loses events: look at every file.
			changed[""] = true
			settle = time.After(envSettle)
		case <-settle:
			s.markEnvChanged(changed)
			changed, settle = map[string]bool{}, nil
		}
	}
}

// markEnvChanged marks each running process one of whose env files is in
// changed ("" stands for all) and whose environment, built again, is no
// longer the one its run started with; a file changed back clears the mark.
// A file that no longer parses marks it too: the restart will say why.
func (s *Session) markEnvChanged(changed map[string]bool) {
	for _, st := range s.mgr.Snapshot() {
		if st.Status.Final() {
			continue
		}
		rec, ok := s.envs.get(st.ID)
		if !ok {
			continue
		}
		var hit []string
		for abs, name := range rec.files {
			if changed[abs] || changed[""] {
				hit = append(hit, name)
			}
		}
		if len(hit) == 0 {
			continue
		}
		env, err := s.rebuild(rec)
		same := err == nil && slices.Equal(env, rec.env)
		slices.Sort(hit)
		s.mgr.Update(st.ID, func(cur *process.State) bool {
			// Only the run that was compared: a restart since then got
			// the new files.
			if cur.Status.Final() || cur.StartedAt != st.StartedAt || cur.Restarts != st.Restarts {
				return false
			}
			if same {
				// Saved without a change that matters to this process, or
				// changed back: its environment is what a restart gives.
				if cur.EnvChanged == "" {
					return false
				}
				cur.EditLifecycle().EnvChanged = ""
				return true
			}
			names := hit
			if cur.EnvChanged != "" {
				names = append(strings.Split(cur.EnvChanged, ", "), hit...)
				slices.Sort(names)
				names = slices.Compact(names)
			}
			joined := strings.Join(names, ", ")
			if joined == cur.EnvChanged {
				return false
			}
			cur.EditLifecycle().EnvChanged = joined
			return true
		})
	}
}
