package session

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"hum/backend/stack"
)

// envSettle is how long the watched files must be quiet before a change
// is looked at: an editor's save is several events (write, rename,
// chmod). envSettleMax bounds the wait for a file that is written again
// and again.
const (
	envSettle    = 150 * time.Millisecond
	envSettleMax = time.Second
)

// envWatch watches the folders of the files the running processes'
// environments were built from, and of the project's hum.yaml and
// process-compose files. A change to an env file marks the processes whose
// environment it changes as "restart to apply" (process.State's
// EnvChanged); a change to hum.yaml or a process-compose file is shown
// (reloadStack). It never restarts anything. Folders are watched rather than
// files because editors save by replacing the file, which ends a watch on
// the file itself. Watching is best effort: when the OS refuses a watch
// (inotify's limit), nothing is marked, and a restart still applies the
// files.
type envWatch struct {
	w *fsnotify.Watcher // written once in newEnvWatch; nil when the OS refused one

	mu    sync.Mutex      // protects dirs, files and stack
	dirs  map[string]bool // guarded by mu; folders being watched, by absolute path
	files map[string]bool // guarded by mu; the files in them that matter, by absolute path
	// stack are the files among files whose change reloads the stack
	// (stack.Stack.Files: hum.yaml and the process-compose files), by
	// absolute path; guarded by mu.
	stack map[string]bool
}

func newEnvWatch() *envWatch {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		w = nil
	}
	return &envWatch{w: w, dirs: map[string]bool{}, files: map[string]bool{}, stack: map[string]bool{}}
}

// addStack watches the files st is read from (relative to root), and
// remembers that a change to one reloads the stack.
func (e *envWatch) addStack(root string, st stack.Stack) {
	files := map[string]string{}
	for _, f := range st.Files() {
		files[filepath.Join(root, filepath.FromSlash(f))] = f
	}
	e.mu.Lock()
	for abs := range files {
		e.stack[filepath.Clean(abs)] = true
	}
	e.mu.Unlock()
	e.add(files)
}

// reloads reports whether any of the changed files (or "", all) is one
// the stack is read from.
func (e *envWatch) reloads(changed map[string]bool) bool {
	if changed[""] {
		return true
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for f := range changed {
		if e.stack[f] {
			return true
		}
	}
	return false
}

// wants reports whether a change to the file at path (absolute, clean)
// matters: the other files of a watched folder (a log written in the
// project root) come and go without waking anything.
func (e *envWatch) wants(path string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.files[path]
}

// add watches the folders of files (absolute paths), once each.
func (e *envWatch) add(files map[string]string) {
	if e.w == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for f := range files {
		e.files[filepath.Clean(f)] = true
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

// watchEnvFiles gathers changes until the files settle, then shows a
// changed hum.yaml or process-compose file and marks the processes the changes affect. It returns
// when ctx ends.
func (s *Session) watchEnvFiles(ctx context.Context) {
	w := s.watchEnv.w
	if w == nil {
		return
	}
	changed := map[string]bool{}
	var settle <-chan time.Time
	var first time.Time // of the changes gathered
	wait := func() {
		if settle == nil {
			first = time.Now()
		}
		settle = time.After(min(envSettle, max(0, envSettleMax-time.Since(first))))
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			name := filepath.Clean(ev.Name)
			if !s.watchEnv.wants(name) {
				continue
			}
			changed[name] = true
			wait()
		case _, ok := <-w.Errors:
			if !ok {
				return
			}
			// An overflow loses events: look at every file.
			changed[""] = true
			wait()
		case <-settle:
			if s.watchEnv.reloads(changed) {
				s.reloadStack() // first: a new definition's mark is its own
			}
			s.markEnvChanged(changed)
			changed, settle = map[string]bool{}, nil
		}
	}
}

// markEnvChanged marks each running process one of whose env files is in
// changed ("" stands for all) and whose environment, built again, is no
// longer the one its run started with; a file changed back clears the
// env files from the mark (hum.yaml's or a process-compose file's,
// markDefinitions', stays). A file
// that no longer parses marks it too: the restart will say why.
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
		if err == nil && slices.Equal(env, rec.env) {
			// Saved without a change that matters to this process, or
			// changed back: its environment is what a restart gives.
			s.mark(st, isStackFile)
			continue
		}
		s.mark(st, keepAll, hit...)
	}
}
