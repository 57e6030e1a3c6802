package tray

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"hum/backend/poll"
	"hum/backend/process"
)

// fakeHost records the menu as a tree of fakeItems and counts every call,
// so tests can tell a reused item from a rebuilt one.
type fakeHost struct {
	mu      sync.Mutex // protects everything below and every fakeItem's fields
	top     []*fakeItem
	calls   int // every call that would reach the tray
	icon    []byte
	title   string
	tooltip string
	seps    int
}

type fakeItem struct {
	h        *fakeHost
	title    string
	tooltip  string
	hidden   bool
	disabled bool
	children []*fakeItem
	clicked  chan struct{}
}

func (h *fakeHost) newItem(title string) *fakeItem {
	return &fakeItem{h: h, title: title, clicked: make(chan struct{})}
}

func (h *fakeHost) AddItem(title string) item {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls++
	it := h.newItem(title)
	h.top = append(h.top, it)
	return it
}

func (h *fakeHost) AddSubItem(parent item, title string) item {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls++
	it := h.newItem(title)
	p := parent.(*fakeItem)
	p.children = append(p.children, it)
	return it
}

func (h *fakeHost) AddSeparator() { h.do(func() { h.seps++ }) }
func (h *fakeHost) SetIcon(png []byte) {
	h.do(func() { h.icon = png })
}
func (h *fakeHost) SetTitle(t string)   { h.do(func() { h.title = t }) }
func (h *fakeHost) SetTooltip(t string) { h.do(func() { h.tooltip = t }) }

func (h *fakeHost) do(f func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls++
	f()
}

func (i *fakeItem) SetTitle(t string)        { i.h.do(func() { i.title = t }) }
func (i *fakeItem) SetTooltip(t string)      { i.h.do(func() { i.tooltip = t }) }
func (i *fakeItem) Show()                    { i.h.do(func() { i.hidden = false }) }
func (i *fakeItem) Hide()                    { i.h.do(func() { i.hidden = true }) }
func (i *fakeItem) Enable()                  { i.h.do(func() { i.disabled = false }) }
func (i *fakeItem) Disable()                 { i.h.do(func() { i.disabled = true }) }
func (i *fakeItem) Clicked() <-chan struct{} { return i.clicked }

// shown is a visible item as a user would see it.
type shown struct {
	Title    string
	Disabled bool
	Sub      []shown
}

// visible returns the menu as shown: hidden items left out.
func (h *fakeHost) visible() []shown {
	h.mu.Lock()
	defer h.mu.Unlock()
	return visibleItems(h.top)
}

func visibleItems(items []*fakeItem) []shown {
	var out []shown
	for _, it := range items {
		if it.hidden {
			continue
		}
		out = append(out, shown{Title: it.title, Disabled: it.disabled, Sub: visibleItems(it.children)})
	}
	return out
}

func (h *fakeHost) callCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.calls
}

func (h *fakeHost) state() (icon []byte, title, tooltip string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.icon, h.title, h.tooltip
}

// find returns the visible item with that title, searching submenus too.
func (h *fakeHost) find(t *testing.T, path ...string) *fakeItem {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	items := h.top
	var found *fakeItem
	for _, title := range path {
		found = nil
		for _, it := range items {
			if !it.hidden && it.title == title {
				found = it
				break
			}
		}
		require.NotNil(t, found, "no visible item %q (path %q)", title, path)
		items = found.children
	}
	return found
}

// fakeActions records calls and serves state the test sets.
type fakeActions struct {
	mu      sync.Mutex // protects everything below
	procs   []process.State
	favs    []Favourite
	recents []Project
	groups  []Group
	calls   []string // "Method arg" in call order
	err     error    // returned by the methods that return errors
}

func (a *fakeActions) record(call string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls = append(a.calls, call)
	return a.err
}

func (a *fakeActions) set(procs []process.State, favs []Favourite, recents []Project) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.procs, a.favs, a.recents = procs, favs, recents
}

func (a *fakeActions) callList() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.calls)
}

func (a *fakeActions) ShowWindow() { a.record("ShowWindow") }
func (a *fakeActions) HideWindow() { a.record("HideWindow") }
func (a *fakeActions) Processes() []process.State {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.procs)
}
func (a *fakeActions) StopProcess(id string) error    { return a.record("StopProcess " + id) }
func (a *fakeActions) RestartProcess(id string) error { return a.record("RestartProcess " + id) }
func (a *fakeActions) OpenURL(url string) error       { return a.record("OpenURL " + url) }
func (a *fakeActions) Favourites() []Favourite {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.favs)
}
func (a *fakeActions) StartScript(id string) error { return a.record("StartScript " + id) }
func (a *fakeActions) StopAll() error              { return a.record("StopAll") }
func (a *fakeActions) RecentProjects() []Project {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.recents)
}
func (a *fakeActions) setGroups(groups []Group) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.groups = groups
}
func (a *fakeActions) Groups() []Group {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.groups)
}
func (a *fakeActions) StartGroup(name string) error { return a.record("StartGroup " + name) }
func (a *fakeActions) StopGroup(name string) error  { return a.record("StopGroup " + name) }
func (a *fakeActions) OpenProject(dir string) error { return a.record("OpenProject " + dir) }
func (a *fakeActions) Quit()                        { a.record("Quit") }

// logRecorder collects Logf output.
type logRecorder struct {
	mu    sync.Mutex // protects lines
	lines []string
}

func (l *logRecorder) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *logRecorder) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.lines)
}

// startFake runs a Tray on a fakeHost the way Start runs it on systray.
func startFake(t *testing.T, a Actions, opts Options) (*Tray, *fakeHost) {
	t.Helper()
	tr := newTray(a, opts)
	h := &fakeHost{}
	tr.build(h)
	go tr.loop()
	t.Cleanup(tr.Stop)
	return tr, h
}

// eventually polls cond until it holds or a generous deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	poll.Until(t, 10*time.Second, cond, "waiting for %s", what)
}
