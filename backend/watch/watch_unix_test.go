//go:build unix

package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
	"hum/backend/stack"
)

// wait is how long a test waits for something that should happen: the
// tests run under -race on a loaded machine.
const wait = 60 * time.Second

// testDebounce is short, to keep the tests quick, and long enough that one
// save's events (microseconds apart) are one batch.
const testDebounce = 150 * time.Millisecond

// run is one Watch under test.
type run struct {
	calls   chan []string
	errs    chan error
	done    chan error
	cancel  context.CancelFunc
	folders func() []string // the OS's watch list, once started
}

func start(t *testing.T, dir string, w stack.Watch, opt options) *run {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &run{calls: make(chan []string, 100), errs: make(chan error, 100), done: make(chan error, 1), cancel: cancel}
	started := make(chan func() []string, 1)
	if opt.maxFolders == 0 {
		opt.maxFolders = MaxFolders
	}
	opt.started = func(list func() []string) { started <- list }
	go func() {
		r.done <- watch(ctx, dir, w, func(paths []string) { r.calls <- paths }, func(err error) { r.errs <- err }, opt)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(wait):
			t.Errorf("Watch did not return %v after its context ended", wait)
		}
	})
	select {
	case r.folders = <-started:
	case err := <-r.done:
		t.Fatalf("Watch ended at the start: %v", err)
	case <-time.After(wait):
		t.Fatalf("Watch did not start within %v", wait)
	}
	return r
}

// next waits for the next onChange call.
func (r *run) next(t *testing.T) []string {
	t.Helper()
	select {
	case paths := <-r.calls:
		return paths
	case <-time.After(wait):
		t.Fatalf("no onChange within %v", wait)
		return nil
	}
}

// expect checks that the next call names exactly want, then proves no
// other call follows it: a later change to sentinel must be the call
// after, alone.
func (r *run) expect(t *testing.T, dir string, want []string, sentinel string) {
	t.Helper()
	got := r.next(t)
	assert.Equal(t, want, got, "got onChange(%q), want onChange(%q)", got, want)
	write(t, dir, sentinel, "sentinel")
	got = r.next(t)
	assert.Equal(t, []string{sentinel}, got, "got onChange(%q) after the change, want only the sentinel's %q: one save, one call", got, sentinel)
}

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
}

var goWatch = stack.Watch{Paths: []string{"**/*.go"}, Debounce: testDebounce}

// TestSaves saves a file the ways editors do: each save is one call naming
// the real file, and none names the editor's temporary files.
func TestSaves(t *testing.T) {
	saves := map[string]func(t *testing.T, dir string){
		"in place": func(t *testing.T, dir string) {
			write(t, dir, "main.go", "package main // 2")
		},
		"temp file renamed over (JetBrains, VS Code)": func(t *testing.T, dir string) {
			write(t, dir, "main.go___jb_tmp___", "package main // 2")
			require.NoError(t, os.Rename(filepath.Join(dir, "main.go"), filepath.Join(dir, "main.go___jb_old___")))
			require.NoError(t, os.Rename(filepath.Join(dir, "main.go___jb_tmp___"), filepath.Join(dir, "main.go")))
			require.NoError(t, os.Remove(filepath.Join(dir, "main.go___jb_old___")))
		},
		"hidden temp file renamed over": func(t *testing.T, dir string) {
			write(t, dir, ".main.go.tmp.123", "package main // 2")
			require.NoError(t, os.Rename(filepath.Join(dir, ".main.go.tmp.123"), filepath.Join(dir, "main.go")))
		},
		"vim (4913, backup by rename, swap file)": func(t *testing.T, dir string) {
			write(t, dir, ".main.go.swp", "swap")
			write(t, dir, "4913", "")
			require.NoError(t, os.Remove(filepath.Join(dir, "4913")))
			require.NoError(t, os.Rename(filepath.Join(dir, "main.go"), filepath.Join(dir, "main.go~")))
			write(t, dir, "main.go", "package main // 2")
			require.NoError(t, os.Remove(filepath.Join(dir, "main.go~")))
			write(t, dir, ".main.go.swp", "swap 2")
		},
		"delete then create": func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, "main.go")))
			write(t, dir, "main.go", "package main // 2")
		},
	}
	for name, save := range saves {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "main.go", "package main")
			// Paths "**" would report any temporary file an ignore let
			// through.
			r := start(t, dir, stack.Watch{Paths: []string{"**"}, Debounce: testDebounce}, options{})
			save(t, dir)
			r.expect(t, dir, []string{"main.go"}, "z.go")
		})
	}
}

func TestNewFolderWithAFileRightAway(t *testing.T) {
	dir := t.TempDir()
	r := start(t, dir, goWatch, options{})
	// mkdir -p a/b/c && touch a/b/c/x.go: the file is written before the
	// watch on its folder can be added.
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "a", "b", "c"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a", "b", "c", "x.go"), nil, 0o644))
	r.expect(t, dir, []string{"a/b/c/x.go"}, "z.go")
	// And the new folder is watched from then on.
	write(t, dir, "a/b/c/y.go", "")
	r.expect(t, dir, []string{"a/b/c/y.go"}, "z.go")
}

func TestMovedFolderIsWatchedUnderItsNewName(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "old/x.go", "")
	r := start(t, dir, goWatch, options{})
	require.NoError(t, os.Rename(filepath.Join(dir, "old"), filepath.Join(dir, "new")))
	r.expect(t, dir, []string{"new/x.go"}, "z.go")
	write(t, dir, "new/x.go", "2")
	r.expect(t, dir, []string{"new/x.go"}, "z.go")
	assert.NotContains(t, r.folders(), filepath.Join(dir, "old"), "got the old name still watched, want it dropped")
}

func TestRemovedFolderIsDropped(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "gone/x.go", "")
	r := start(t, dir, goWatch, options{})
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "gone")))
	r.expect(t, dir, []string{"gone/x.go"}, "z.go")
	poll.Until(t, wait, func() bool { return !slices.Contains(r.folders(), filepath.Join(dir, "gone")) },
		"the removed folder is still watched: %q", r.folders())
}

func TestIgnoredAndNonMatchingChangesGiveNothing(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "node_modules/pkg/index.js", "")
	write(t, dir, "web/node_modules/pkg/index.js", "")
	write(t, dir, ".git/HEAD", "")
	w := stack.Watch{Paths: []string{"**/*.js"}, Ignore: []string{"**/*.test.js"}, Debounce: testDebounce}
	r := start(t, dir, w, options{})
	for _, f := range r.folders() {
		assert.NotContains(t, f, "node_modules", "got a watch inside node_modules (%s), want none", f)
		assert.NotContains(t, f, ".git", "got a watch inside .git (%s), want none", f)
	}
	write(t, dir, "node_modules/pkg/index.js", "2")
	write(t, dir, "node_modules/x.js", "")
	write(t, dir, "web/node_modules/pkg/index.js", "2")
	write(t, dir, "readme.md", "")
	write(t, dir, "app.test.js", "")
	write(t, dir, "app.js", "")
	got := r.next(t)
	assert.Equal(t, []string{"app.js"}, got, "got onChange(%q), want only the watched app.js", got)
}

func TestBurstIsOneCall(t *testing.T) {
	dir := t.TempDir()
	r := start(t, dir, stack.Watch{Paths: []string{"**/*.go"}, Debounce: 500 * time.Millisecond}, options{})
	var want []string
	for i := range 200 {
		rel := fmt.Sprintf("pkg%d/f%03d.go", i%5, i)
		want = append(want, rel)
		write(t, dir, rel, "package x")
	}
	slices.Sort(want)
	got := r.next(t)
	assert.Equal(t, want, got, "got %d paths in the first call, want all 200 in one", len(got))
	write(t, dir, "z.go", "")
	got = r.next(t)
	assert.Equal(t, []string{"z.go"}, got, "got onChange(%q) after the burst's call, want only the sentinel", got)
}

// TestConstantWritesStillRestart: a process that writes a watched file
// without pause gets its call once the wait's cap (10 × the debounce)
// passes. Without the cap the call never comes while the writes go on;
// the writer notes its longest pause, since a pause longer than the
// debounce (a loaded machine) would end the batch anyway.
func TestConstantWritesStillRestart(t *testing.T) {
	dir := t.TempDir()
	const debounce = time.Second
	r := start(t, dir, stack.Watch{Paths: []string{"*.go"}, Debounce: debounce}, options{})
	stop := make(chan struct{})
	stopped := make(chan struct{})
	var mu sync.Mutex
	var longest time.Duration // guarded by mu; the writer's longest pause between writes
	go func() {
		defer close(stopped)
		last := time.Now()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(debounce / 50):
			}
			_ = os.WriteFile(filepath.Join(dir, "busy.go"), []byte(fmt.Sprint(i)), 0o644)
			mu.Lock()
			longest = max(longest, time.Since(last))
			mu.Unlock()
			last = time.Now()
		}
	}()
	defer func() { close(stop); <-stopped }()
	began := time.Now()
	got := r.next(t)
	took := time.Since(began)
	mu.Lock()
	pause := longest
	mu.Unlock()
	assert.Equal(t, []string{"busy.go"}, got, "got onChange(%q), want busy.go", got)
	if pause < debounce/2 {
		// Only the cap can have ended the batch.
		assert.GreaterOrEqual(t, took, 5*debounce, "got the call after %v with writes never %v apart, want it at the cap (%v)", took, pause, 10*debounce)
	}
}

func TestOnChangeNeverRunsConcurrently(t *testing.T) {
	dir := t.TempDir()
	release := make(chan struct{})
	calls := make(chan []string, 10)
	var mu sync.Mutex
	in, most := 0, 0
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	started := make(chan struct{})
	go func() {
		done <- watch(ctx, dir, goWatch, func(paths []string) {
			mu.Lock()
			in++
			most = max(most, in)
			mu.Unlock()
			calls <- paths
			<-release
			mu.Lock()
			in--
			mu.Unlock()
		}, nil, options{maxFolders: MaxFolders, started: func(func() []string) { close(started) }})
	}()
	<-started
	write(t, dir, "a.go", "")
	first := <-calls
	assert.Equal(t, []string{"a.go"}, first, "got onChange(%q), want a.go", first)
	// While the first call runs, two more batches settle: they come as one
	// call once it returns.
	write(t, dir, "b.go", "")
	// The pauses let b.go's batch settle while the call blocks (the
	// result is the same if it does not: one later call with both).
	time.Sleep(3 * testDebounce)
	write(t, dir, "c.go", "")
	time.Sleep(3 * testDebounce)
	select {
	case p := <-calls:
		t.Fatalf("got onChange(%q) while the previous call ran", p)
	default:
	}
	close(release)
	second := <-calls
	assert.Equal(t, []string{"b.go", "c.go"}, second, "got onChange(%q) after the first returned, want b.go and c.go together", second)
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(wait):
		t.Fatal("Watch did not return after its context ended")
	}
	assert.Equal(t, 1, most, "got %d onChange calls at once, want 1", most)
}

func TestCancelEndsWatchAndLeavesNoGoroutine(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a/b/x.go", "")
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	started := make(chan struct{})
	go func() {
		done <- watch(ctx, dir, goWatch, func([]string) {}, nil,
			options{maxFolders: MaxFolders, started: func(func() []string) { close(started) }})
	}()
	<-started
	write(t, dir, "a/b/x.go", "2") // a batch settling when the context ends
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err, "got %v from Watch after its context ended, want nil", err)
	case <-time.After(wait):
		t.Fatal("Watch did not return after its context ended")
	}
	poll.Until(t, wait, func() bool { return runtime.NumGoroutine() <= before },
		"goroutines: got %d after Watch returned, want at most the %d before", runtime.NumGoroutine(), before)
}

func TestStartErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "file", "")
	for name, c := range map[string]struct {
		dir string
		w   stack.Watch
		say string
	}{
		"missing folder":    {dir: filepath.Join(dir, "nope"), w: goWatch, say: "no such file"},
		"a file":            {dir: filepath.Join(dir, "file"), w: goWatch, say: "not a folder"},
		"malformed pattern": {dir: dir, w: stack.Watch{Paths: []string{"src/[a-"}}, say: "malformed"},
	} {
		err := Watch(context.Background(), c.dir, c.w, func([]string) { t.Error("onChange called") }, nil)
		if assert.Error(t, err, "%s: got no error, want one", name) {
			assert.Contains(t, err.Error(), c.say, "%s: got %q, want it to say %q", name, err, c.say)
		}
	}
}

func TestSymlinkedFoldersAreNotFollowed(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write(t, outside, "x.go", "")
	write(t, dir, "real/y.go", "")
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "out")))
	require.NoError(t, os.Symlink(dir, filepath.Join(dir, "real", "loop")))
	r := start(t, dir, goWatch, options{})
	for _, f := range r.folders() {
		assert.False(t, strings.HasPrefix(f, outside), "got %s watched, out of the folder through a link", f)
		assert.NotContains(t, f, "loop", "got %s watched, through a link", f)
	}
	write(t, outside, "x.go", "2")
	write(t, dir, "real/y.go", "2")
	got := r.next(t)
	assert.Equal(t, []string{"real/y.go"}, got, "got onChange(%q), want only the file inside", got)
}

func TestFolderBound(t *testing.T) {
	dir := t.TempDir()
	for i := range 12 {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, fmt.Sprintf("d%02d", i)), 0o755))
	}
	const bound = 5
	r := start(t, dir, goWatch, options{maxFolders: bound})
	assert.Len(t, r.folders(), bound, "got %d folders watched, want the bound %d", len(r.folders()), bound)
	select {
	case err := <-r.errs:
		assert.Contains(t, err.Error(), "more than 5 folders", "got %q, want it to name the bound", err)
	case <-time.After(wait):
		t.Fatal("the bound was reached without a word to onError")
	}
	// What is watched still works.
	write(t, dir, "d00/x.go", "")
	got := r.next(t)
	assert.Equal(t, []string{"d00/x.go"}, got, "got onChange(%q), want d00/x.go", got)
	select {
	case err := <-r.errs:
		t.Errorf("got a second word %q, want the bound reported once", err)
	default:
	}
}

func TestDefaultDebounce(t *testing.T) {
	dir := t.TempDir()
	r := start(t, dir, stack.Watch{Paths: []string{"*.go"}}, options{})
	began := time.Now()
	write(t, dir, "a.go", "")
	got := r.next(t)
	took := time.Since(began)
	assert.Equal(t, []string{"a.go"}, got, "got onChange(%q), want a.go", got)
	assert.GreaterOrEqual(t, took, stack.DefaultWatchDebounce*3/4, "got the call after %v, want the default debounce (%v) first", took, stack.DefaultWatchDebounce)
}

func TestRemovedRootIsReported(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "project")
	write(t, dir, "a.go", "")
	r := start(t, dir, goWatch, options{})
	require.NoError(t, os.RemoveAll(dir))
	select {
	case err := <-r.errs:
		assert.Contains(t, err.Error(), "no longer seen", "got %q, want it to say changes are not seen", err)
	case <-time.After(wait):
		t.Fatal("the watched folder went without a word to onError")
	}
}
