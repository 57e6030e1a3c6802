// Package watch restarts on file changes: it watches a process's folder
// for changes to the files its stack.Watch names, and says which changed
// once they have been quiet for the watch's debounce.
//
// # Patterns
//
// Paths and Ignore are globs relative to the watched folder, slash
// separated, with the rules gitignore and watchexec users know:
//   - "*", "?" and "[...]" match within one segment, as path.Match; "\"
//     escapes the next character.
//   - "**" as a whole segment matches any number of folders, none
//     included: "**/*.go" matches "main.go" and "cmd/api/main.go",
//     "src/**/*.ts" matches "src/a.ts" and "src/x/y/a.ts".
//   - A pattern without a slash matches the base name at any depth:
//     "*.go" is "**/*.go", "Makefile" matches "Makefile" and "sub/Makefile".
//     A pattern with a slash is anchored at the watched folder: "cmd/*.go"
//     matches "cmd/main.go", not "x/cmd/main.go". A leading "/" anchors a
//     pattern without one ("/Makefile"); a leading "./" and a trailing "/"
//     are dropped.
//   - A pattern that matches a folder matches everything in it: "src" (or
//     "src/") watches every file under src, and an Ignore of "generated"
//     ignores every generated folder and its contents.
//   - Matching is case sensitive, on every OS.
//
// Empty Paths watch every file. Ignore wins over Paths, and
// stack.DefaultWatchIgnore (node_modules, .git, vendor, build outputs) and
// the temporary files editors write beside the file they save (vim's
// ".x.swp", "x~" and "4913", Emacs' ".#x" and "#x#", JetBrains'
// "x___jb_tmp___", "*.tmp") are ignored on top of it.
//
// # Events
//
// A file created, written, removed, renamed or touched (its mode or
// times changed) is a change; so is each matching file found in a folder
// that appears. One save is one change however the editor writes it (in
// place, a temporary file renamed over, delete then create), because
// changes are gathered until none came for the debounce: a git checkout
// of 200 files is one call with all of them. A file written without end
// still gets its call: the wait after the first change of a batch is
// capped at ten times the debounce, and at least 2 s. A file made and gone
// again within a batch is left out, whatever its name: it was an editor's
// temporary file, renamed over the real one or removed.
//
// The OS watches folders, not trees: Watch adds every folder under the
// watched one that could hold a match (never one inside an ignored folder,
// such as node_modules), adds folders as they appear and drops them as they
// go. It never follows a symbolic link to a folder, so it cannot leave the
// watched folder or loop. It watches at most MaxFolders folders and says so
// when there are more. An idle watch costs nothing: no polling, no timer.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"hum/backend/stack"
)

// MaxFolders bounds the folders one Watch watches: each costs the OS a
// watch (inotify's default limit is 8,192 to 65,536 for the whole user
// on older systems), and a tree this big is someone's dependencies rather
// than the code being edited.
const MaxFolders = 10_000

// minSettleCap is the shortest the wait for a quiet moment is capped at;
// the cap is otherwise ten times the debounce.
const minSettleCap = 2 * time.Second

// Watch watches dir for changes to files matching w.Paths and not
// w.Ignore or the defaults (see the package doc), and calls onChange with
// the changed paths (relative to dir, slash separated, sorted, each once)
// once changes have been quiet for w.Debounce (stack.DefaultWatchDebounce
// when 0). onChange runs on a goroutine of its own, never concurrently
// with itself: changes that come while it runs are gathered for the next
// call. After the OS dropped events (an overflow), paths may be empty:
// something changed, but not what.
//
// Watch returns nil when ctx ends, once a running onChange has returned;
// onChange is never called after Watch returns, and changes still
// settling are dropped. It returns at once with an error when dir cannot
// be watched (it does not exist, is not a folder, the OS refuses a
// watcher) or a pattern is malformed. Errors after the start (a folder
// that vanished while it was added, the OS's watch limit, MaxFolders)
// go to onError (nil to drop them), called on Watch's goroutine, in words
// a user can act on; watching goes on with what it can.
func Watch(ctx context.Context, dir string, w stack.Watch, onChange func(paths []string), onError func(error)) error {
	return watch(ctx, dir, w, onChange, onError, options{maxFolders: MaxFolders})
}

// options are what tests change.
type options struct {
	maxFolders int
	// started, when set, is called once the first scan is done with a
	// function listing the folders the OS watches (absolute paths).
	started func(list func() []string)
}

// watcher is one Watch's state. It is owned by Watch's goroutine: nothing
// in it is shared, but for fw, which is safe for concurrent use.
type watcher struct {
	root    string // absolute, clean; written once
	m       *matcher
	fw      *fsnotify.Watcher
	onError func(error)
	max     int

	dirs    map[string]bool // the folders watched, relative slash paths ("" is root)
	full    bool            // MaxFolders was reported; reset when a folder goes
	limited bool            // the OS's watch limit was reported
	// pending are the changes not yet delivered, by relative slash path;
	// true when the path's first event in the batch made it (Create, or
	// found in a new folder).
	pending map[string]bool
	lost    bool // events were dropped (an overflow) since the last delivery
}

func watch(ctx context.Context, dir string, w stack.Watch, onChange func([]string), onError func(error), opt options) error {
	m, err := newMatcher(w)
	if err != nil {
		return err
	}
	root, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("watching %s: %w", dir, err)
	}
	fi, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("watching %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("watching %s: not a folder", dir)
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching %s: %w", dir, err)
	}
	defer fw.Close()
	if err := fw.Add(root); err != nil {
		return fmt.Errorf("watching %s: %w", dir, watchErr(err))
	}
	if onError == nil {
		onError = func(error) {}
	}
	wt := &watcher{
		root: root, m: m, fw: fw, onError: onError, max: opt.maxFolders,
		dirs:    map[string]bool{"": true},
		pending: map[string]bool{},
	}
	wt.scan("", false)
	if opt.started != nil {
		opt.started(fw.WatchList)
	}

	debounce := w.Debounce
	if debounce <= 0 {
		debounce = stack.DefaultWatchDebounce
	}
	settleCap := max(10*debounce, minSettleCap)

	var (
		timer   *time.Timer
		settle  <-chan time.Time // nil while nothing is pending: no timer runs idle
		first   time.Time        // of the batch pending
		busy    bool             // onChange is running
		done    = make(chan struct{})
		waiting bool // a batch settled while onChange was running
	)
	changed := func() {
		now := time.Now()
		if settle == nil {
			first = now
		}
		wait := min(debounce, max(0, settleCap-now.Sub(first)))
		if timer == nil {
			timer = time.NewTimer(wait)
		} else {
			timer.Reset(wait) // since Go 1.23, no stale tick survives a Reset
		}
		settle = timer.C
	}
	deliver := func() {
		paths := wt.settled()
		lost := wt.lost
		wt.lost = false
		if len(paths) == 0 && !lost {
			return // only temporary files, made and gone
		}
		busy = true
		go func() {
			defer func() { done <- struct{}{} }()
			onChange(paths)
		}()
	}
	defer func() {
		if timer != nil {
			timer.Stop()
		}
		if busy {
			<-done
		}
	}()

	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-fw.Events:
			if !ok {
				return nil
			}
			if wt.event(ev) {
				changed()
			}
		case err, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				onError(fmt.Errorf("watching %s: too many changes at once, some were missed; restarting anyway", wt.root))
				wt.lost = true
				wt.rescan() // folders may have come that no event named
				changed()
				continue
			}
			onError(fmt.Errorf("watching %s: %w", wt.root, err))
		case <-settle:
			settle = nil
			if busy {
				waiting = true
				continue
			}
			deliver()
		case <-done:
			busy = false
			if waiting && settle == nil {
				deliver() // else the batch goes when the changes since settle
			}
			waiting = false
		}
	}
}

// event takes one fsnotify event in: it watches a folder that appeared,
// forgets one that went, and records a change to a file that matters. It
// reports whether a change was recorded.
func (wt *watcher) event(ev fsnotify.Event) bool {
	rel, ok := wt.rel(ev.Name)
	if !ok {
		return false
	}
	if rel == "" {
		if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
			wt.onError(fmt.Errorf("watching %s: the folder was removed or renamed; its changes are no longer seen", wt.root))
		}
		return false
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		wt.forget(rel)
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			// Lstat: a symbolic link to a folder is a file here, never
			// followed.
			before := len(wt.pending)
			wt.add(rel, true)
			return len(wt.pending) > before
		}
	}
	if !wt.m.file(rel) {
		return false
	}
	wt.note(rel, ev.Has(fsnotify.Create))
	return true
}

// note records a change to rel; made says the change created it.
func (wt *watcher) note(rel string, made bool) {
	if _, ok := wt.pending[rel]; !ok {
		wt.pending[rel] = made
	}
}

// settled empties pending into the sorted paths to deliver, leaving out
// the files made in this batch that are gone again: an editor's temporary
// file, renamed over the real one or removed, under any name (the process
// never saw it).
func (wt *watcher) settled() []string {
	var paths []string
	for rel, made := range wt.pending {
		if made {
			if _, err := os.Lstat(filepath.Join(wt.root, filepath.FromSlash(rel))); errors.Is(err, fs.ErrNotExist) {
				continue
			}
		}
		paths = append(paths, rel)
	}
	clear(wt.pending)
	slices.Sort(paths)
	return paths
}

// rel turns an event's OS path into a slash path relative to root.
func (wt *watcher) rel(name string) (string, bool) {
	r, err := filepath.Rel(wt.root, filepath.Clean(name))
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	if r == "." {
		return "", true
	}
	return filepath.ToSlash(r), true
}

// add watches the folder rel, if it could hold a match, and scans it; with
// report, the matching files found are changes (a folder that appears
// with files in it, `mkdir -p a/b && touch a/b/c.go`, gets its watch after
// they were written).
func (wt *watcher) add(rel string, report bool) {
	if wt.dirs[rel] || !wt.m.folder(rel) {
		return
	}
	if len(wt.dirs) >= wt.max {
		if !wt.full {
			wt.full = true
			wt.onError(fmt.Errorf("watching %s: more than %d folders; changes in the others (%s and more) are not seen. Narrow the watch's paths or ignore the big folders", wt.root, wt.max, rel))
		}
		return
	}
	abs := filepath.Join(wt.root, filepath.FromSlash(rel))
	if err := wt.fw.Add(abs); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return // gone already; its parent's event says so
		}
		err = watchErr(err)
		if errors.Is(err, errOSLimit) {
			if !wt.limited {
				wt.limited = true
				wt.onError(fmt.Errorf("watching %s: %w; changes in %s and further folders are not seen", wt.root, err, rel))
			}
			return
		}
		wt.onError(fmt.Errorf("watching %s: %w", abs, err))
		return
	}
	wt.dirs[rel] = true
	wt.scan(rel, report)
}

// scan adds the folders in the watched folder rel and, with report,
// records its matching files as changes. The watch on rel comes first, so
// a file created meanwhile is seen by one or the other (or both: pending
// is a set).
func (wt *watcher) scan(rel string, report bool) {
	abs := filepath.Join(wt.root, filepath.FromSlash(rel))
	entries, err := os.ReadDir(abs)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			wt.onError(fmt.Errorf("watching %s: %w", abs, err))
		}
		return
	}
	for _, e := range entries {
		child := e.Name()
		if rel != "" {
			child = rel + "/" + child
		}
		switch {
		case e.IsDir(): // a symbolic link is not: never followed
			wt.add(child, report)
		case report && wt.m.file(child):
			wt.note(child, true)
		}
	}
}

// rescan adds the folders that appeared in the watched ones without an
// event (the OS dropped it), reporting their matching files.
func (wt *watcher) rescan() {
	for _, rel := range slices.Sorted(maps.Keys(wt.dirs)) {
		entries, err := os.ReadDir(filepath.Join(wt.root, filepath.FromSlash(rel)))
		if err != nil {
			continue // gone: its event comes, or came
		}
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			child := e.Name()
			if rel != "" {
				child = rel + "/" + child
			}
			wt.add(child, true)
		}
	}
}

// forget drops the folder rel and the folders in it, when they are
// watched: it went (removed or renamed; a renamed folder's watch would
// name its old path). A folder moved back comes with a Create.
func (wt *watcher) forget(rel string) {
	if !wt.dirs[rel] {
		return
	}
	prefix := rel + "/"
	for d := range wt.dirs {
		if d == rel || strings.HasPrefix(d, prefix) {
			delete(wt.dirs, d)
			// The OS may have dropped the watch already (the folder was
			// removed): nothing to say then.
			_ = wt.fw.Remove(filepath.Join(wt.root, filepath.FromSlash(d)))
		}
	}
	wt.full = false
}

// errOSLimit marks an error that is the OS's limit on watches.
var errOSLimit = errors.New("the system's limit on file watches is reached")

// watchErr says what the OS's refusal of a watch means: ENOSPC from
// inotify_add_watch is its per-user limit, not a full disk.
func watchErr(err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("%w (on Linux, raise fs.inotify.max_user_watches): %w", errOSLimit, err)
	}
	if errors.Is(err, syscall.EMFILE) {
		return fmt.Errorf("%w (too many open files): %w", errOSLimit, err)
	}
	return err
}
