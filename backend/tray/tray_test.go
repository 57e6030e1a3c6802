package tray

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image/png"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/process"
)

func st(id, name string, status process.Status, mods ...func(*process.State)) process.State {
	s := process.State{Identity: &process.Identity{ID: id, Name: name, ScriptID: "script:" + name}, Status: status, Lifecycle: &process.Lifecycle{}}
	for _, m := range mods {
		m(&s)
	}
	return s
}

func withURL(u string) func(*process.State) { return func(s *process.State) { s.URLs = []string{u} } }
func withExit(c int) func(*process.State)   { return func(s *process.State) { s.ExitCode = c } }

func TestBuildView(t *testing.T) {
	many := make([]process.State, MaxProcesses+3)
	for i := range many {
		many[i] = st(fmt.Sprintf("p%02d", i), fmt.Sprintf("s%02d", i), process.StatusRunning)
	}
	tests := []struct {
		name        string
		procs       []process.State
		favs        []Favourite
		wantTooltip string
		wantFailed  bool
		wantTitles  []string
		wantMore    int
		wantFavs    []favView
	}{
		{
			name:        "nothing",
			wantTooltip: "0 running, 0 failed",
		},
		{
			name: "live and failed are listed, history is not",
			procs: []process.State{
				st("p1", "web", process.StatusRunning, withURL("http://127.0.0.1:5173/")),
				st("p2", "fail", process.StatusFailed, withExit(1)),
				st("p3", "build", process.StatusSucceeded),
				st("p4", "old", process.StatusStopped),
				st("p5", "boot", process.StatusStarting),
				st("p6", "down", process.StatusStopping),
			},
			wantTooltip: "3 running, 1 failed",
			wantFailed:  true,
			wantTitles:  []string{"web — running", "fail — failed (exit 1)", "boot — starting", "down — stopping"},
		},
		{
			name:        "overflow is counted",
			procs:       many,
			wantTooltip: fmt.Sprintf("%d running, 0 failed", len(many)),
			wantMore:    3,
		},
		{
			name:  "a favourite with a live process cannot start again",
			procs: []process.State{st("p1", "dev", process.StatusRunning), st("p2", "lint", process.StatusFailed)},
			favs: []Favourite{
				{ScriptID: "script:dev", Name: "dev"},
				{ScriptID: "script:lint", Name: "lint"},
				{ScriptID: "script:unnamed"},
			},
			wantTooltip: "1 running, 1 failed",
			wantFailed:  true,
			wantTitles:  []string{"dev — running", "lint — failed"},
			wantFavs: []favView{
				{ScriptID: "script:dev", Title: "dev (running)", CanStart: false},
				{ScriptID: "script:lint", Title: "Start lint", CanStart: true},
				{ScriptID: "script:unnamed", Title: "Start script:unnamed", CanStart: true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := buildView(tt.procs, tt.favs, nil)
			assert.Equal(t, tt.wantTooltip, v.Tooltip, "tooltip: got %v, want %v", v.Tooltip, tt.wantTooltip)
			assert.Equal(t, tt.wantFailed, v.Failed, "failed: got %v, want %v", v.Failed, tt.wantFailed)
			assert.Equal(t, tt.wantMore, v.More, "more: got %v, want %v", v.More, tt.wantMore)
			if tt.wantTitles != nil {
				var titles []string
				for _, p := range v.Procs {
					titles = append(titles, p.Title)
				}
				assert.Equal(t, tt.wantTitles, titles, "titles: got %v, want %v", titles, tt.wantTitles)
			}
			assert.LessOrEqual(t, len(v.Procs), MaxProcesses, "listed: got %v, want at most %v", len(v.Procs), MaxProcesses)
			assert.Equal(t, tt.wantFavs, v.Favs, "favourites: got %v, want %v", v.Favs, tt.wantFavs)
		})
	}
}

func TestBuildViewStopAndURL(t *testing.T) {
	v := buildView([]process.State{
		st("p1", "web", process.StatusRunning, withURL("http://a/"), func(s *process.State) { s.URLs = append(s.URLs, "http://b/") }),
		st("p2", "down", process.StatusStopping),
		st("p3", "fail", process.StatusFailed, func(s *process.State) { s.Ports = []int{3000} }),
		st("p4", "api", process.StatusRunning, func(s *process.State) { s.Ports = []int{8080, 9229} }),
		st("p5", "vite", process.StatusRunning, func(s *process.State) {
			s.URLs, s.Ports = []string{"http://localhost:5173", "http://localhost:5174"}, []int{5174}
		}),
	}, nil, nil)
	got := v.Procs[:5]
	want := []procView{
		{ID: "p1", Title: "web — running", CanStop: true, URL: "http://a/"},
		{ID: "p2", Title: "down — stopping", CanStop: false},
		{ID: "p3", Title: "fail — failed", CanStop: false},
		// Listens, printed nothing: its lowest port's address.
		{ID: "p4", Title: "api — running", CanStop: true, URL: "http://localhost:8080"},
		// The printed URL it really listens on wins over the first printed.
		{ID: "p5", Title: "vite — running", CanStop: true, URL: "http://localhost:5174"},
	}
	assert.Equal(t, want, got, "got %v, want %v", got, want)
}

func TestBuildViewCapsRecents(t *testing.T) {
	var rs []Project
	for i := range MaxRecent + 5 {
		rs = append(rs, Project{Dir: fmt.Sprintf("/p/%d", i), Name: fmt.Sprint(i)})
	}
	v := buildView(nil, nil, rs)
	assert.Len(t, v.Recents, MaxRecent, "recents: got %v, want %v", len(v.Recents), MaxRecent)
	assert.Equal(t, "/p/0", v.Recents[0].Dir, "most recent first: got %v, want /p/0", v.Recents[0].Dir)
}

func TestMenuShowsTheState(t *testing.T) {
	a := &fakeActions{}
	a.set(
		[]process.State{
			st("p1", "web", process.StatusRunning, withURL("http://127.0.0.1:5173/")),
			st("p2", "fail", process.StatusFailed, withExit(1)),
		},
		[]Favourite{{ScriptID: "script:chatty", Name: "chatty"}},
		[]Project{{Dir: "/home/u/demo", Name: "demo"}},
	)
	_, h := startFake(t, a, Options{})

	want := []shown{
		{Title: TitleShow},
		{Title: TitleHide},
		{Title: "1 running, 1 failed", Disabled: true},
		{Title: "web — running", Sub: []shown{{Title: TitleStop}, {Title: TitleRestart}, {Title: "Open http://127.0.0.1:5173/"}}},
		{Title: "fail — failed (exit 1)", Sub: []shown{{Title: TitleStop, Disabled: true}, {Title: TitleRestart}}},
		{Title: TitleFavs, Disabled: true},
		{Title: "Start chatty"},
		{Title: TitleRecent, Sub: []shown{{Title: "demo"}}},
		{Title: TitleStopAll},
		{Title: TitleQuit},
	}
	got := h.visible()
	assert.Equal(t, want, got, "menu: got %+v, want %+v", got, want)

	icon, title, tooltip := h.state()
	assert.Equal(t, failedPNG, icon, "icon: got the normal icon, want the failed one")
	assert.Equal(t, AppTitle, title, "title: got %v, want %v", title, AppTitle)
	assert.Equal(t, "1 running, 1 failed", tooltip, "tooltip: got %v, want %v", tooltip, "1 running, 1 failed")
}

func TestMenuWhenIdle(t *testing.T) {
	_, h := startFake(t, &fakeActions{}, Options{})
	want := []shown{
		{Title: TitleShow},
		{Title: TitleHide},
		{Title: "0 running, 0 failed", Disabled: true},
		{Title: TitleStopAll, Disabled: true},
		{Title: TitleQuit},
	}
	got := h.visible()
	assert.Equal(t, want, got, "menu: got %+v, want %+v", got, want)
	icon, _, _ := h.state()
	assert.Equal(t, normalPNG, icon, "icon: got the failed icon, want the normal one")
}

func TestMenuReusesItems(t *testing.T) {
	a := &fakeActions{}
	tr, h := startFake(t, a, Options{})
	created := h.callCount()

	steps := []struct {
		name      string
		procs     []process.State
		wantCalls int // host calls the step may make
	}{
		// A new process: its entry gets a title and is shown, its Stop,
		// Restart and Open are set up (Open hidden: no URL yet); the summary,
		// tooltip and Stop all change.
		{"start", []process.State{st("p1", "web", process.StatusRunning)}, 8},
		// Only CPU and memory changed: the menu shows neither, so nothing
		// reaches the host at all.
		{"metrics tick", []process.State{st("p1", "web", process.StatusRunning, func(s *process.State) { s.CPU, s.RSS, s.Version = 12, 1<<20, 9 })}, 0},
		// A URL appears: the Open item gets its title and is shown.
		{"url", []process.State{st("p1", "web", process.StatusRunning, withURL("http://x/"))}, 2},
		// It fails: title, Stop disabled, Open hidden, summary, tooltip,
		// icon and Stop all change; the entry is the same slot.
		{"fail", []process.State{st("p1", "web", process.StatusFailed, withExit(2))}, 7},
	}
	for _, step := range steps {
		a.set(step.procs, nil, nil)
		before := h.callCount()
		tr.update()
		got := h.callCount() - before
		assert.LessOrEqual(t, got, step.wantCalls, "%s: host calls: got %v, want at most %v", step.name, got, step.wantCalls)
	}
	assert.Greater(t, created, 4*MaxProcesses, "the initial build creates every slot: got %v calls", created)
	// The web process stays in the first slot throughout.
	first := h.top[3]
	assert.Equal(t, "web — failed (exit 2)", first.title, "first slot: got %v, want %v", first.title, "web — failed (exit 2)")
	icon, _, _ := h.state()
	assert.Equal(t, failedPNG, icon, "icon: got the normal icon, want the failed one")

	// Back to normal once the failure is gone.
	a.set(nil, nil, nil)
	tr.update()
	icon, _, tooltip := h.state()
	assert.Equal(t, normalPNG, icon, "icon: got the failed icon, want the normal one")
	assert.Equal(t, "0 running, 0 failed", tooltip, "tooltip: got %v, want %v", tooltip, "0 running, 0 failed")
	assert.True(t, first.hidden, "the unused slot is hidden, not removed")
}

func TestClicksCallActions(t *testing.T) {
	a := &fakeActions{}
	a.set(
		[]process.State{st("p7", "web", process.StatusRunning, withURL("http://127.0.0.1:5173/"))},
		[]Favourite{{ScriptID: "npm:chatty", Name: "chatty"}},
		[]Project{{Dir: "/home/u/demo", Name: "demo"}},
	)
	_, h := startFake(t, a, Options{})
	tests := []struct {
		path []string
		want string
	}{
		{[]string{TitleShow}, "ShowWindow"},
		{[]string{TitleHide}, "HideWindow"},
		{[]string{"web — running", TitleStop}, "StopProcess p7"},
		{[]string{"web — running", TitleRestart}, "RestartProcess p7"},
		{[]string{"web — running", "Open http://127.0.0.1:5173/"}, "OpenURL http://127.0.0.1:5173/"},
		{[]string{"Start chatty"}, "StartScript npm:chatty"},
		{[]string{TitleRecent, "demo"}, "OpenProject /home/u/demo"},
		{[]string{TitleStopAll}, "StopAll"},
		{[]string{TitleQuit}, "Quit"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.path, "/"), func(t *testing.T) {
			h.find(t, tt.path...).clicked <- struct{}{}
			eventually(t, tt.want, func() bool { return slices.Contains(a.callList(), tt.want) })
		})
	}
}

func TestClickOnEmptiedSlotDoesNothing(t *testing.T) {
	a := &fakeActions{}
	a.set([]process.State{st("p1", "web", process.StatusRunning)}, nil, nil)
	tr, h := startFake(t, a, Options{})
	stop := h.find(t, "web — running", TitleStop)
	a.set(nil, nil, nil)
	tr.update()
	stop.clicked <- struct{}{} // a click that raced the update
	h.find(t, TitleShow).clicked <- struct{}{}
	eventually(t, "ShowWindow", func() bool { return slices.Contains(a.callList(), "ShowWindow") })
	calls := a.callList()
	assert.Equal(t, []string{"ShowWindow"}, calls, "got %v, want only ShowWindow", calls)
}

func TestFailedActionIsLogged(t *testing.T) {
	a := &fakeActions{err: errors.New("boom")}
	a.set([]process.State{st("p1", "web", process.StatusRunning)}, nil, nil)
	var logs logRecorder
	_, h := startFake(t, a, Options{Logf: logs.logf})
	h.find(t, "web — running", TitleRestart).clicked <- struct{}{}
	eventually(t, "the error in the log", func() bool {
		return slices.Contains(logs.all(), "tray: restart p1: boom")
	})
}

func TestWakeUpsAreCoalesced(t *testing.T) {
	a := &fakeActions{}
	wake := make(chan struct{}, 1)
	tr, h := startFake(t, a, Options{Wake: wake, MinInterval: 200 * time.Millisecond})
	base := tr.renders.Load()

	a.set([]process.State{st("p1", "web", process.StatusRunning)}, nil, nil)
	// A burst of wake-ups, as a busy process core sends them.
	for range 1000 {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	eventually(t, "the menu to show web", func() bool {
		return slices.ContainsFunc(h.visible(), func(s shown) bool { return s.Title == "web — running" })
	})
	// The burst lasted far less than a few intervals: it became one or two
	// renders, not a thousand.
	got := tr.renders.Load() - base
	assert.LessOrEqual(t, got, int64(3), "renders after a burst: got %v, want at most 3", got)
}

func TestRefreshAndPollUpdate(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		poke func(*Tray)
	}{
		{"refresh", Options{MinInterval: time.Millisecond}, (*Tray).Refresh},
		{"poll", Options{MinInterval: time.Millisecond, Poll: 20 * time.Millisecond}, func(*Tray) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &fakeActions{}
			tr, h := startFake(t, a, tt.opts)
			a.set(nil, []Favourite{{ScriptID: "s", Name: "dev"}}, nil)
			tt.poke(tr)
			eventually(t, "the favourite to appear", func() bool {
				return slices.ContainsFunc(h.visible(), func(s shown) bool { return s.Title == "Start dev" })
			})
		})
	}
}

func TestStopIsIdempotentAndEndsTheLoop(t *testing.T) {
	tr := newTray(&fakeActions{}, Options{})
	ended := 0
	tr.end = func() { ended++ }
	tr.build(&fakeHost{})
	go tr.loop()
	tr.Stop()
	tr.Stop()
	select {
	case <-tr.loopDone:
	default:
		t.Fatal("the loop is still running after Stop")
	}
	assert.Equal(t, 1, ended, "end calls: got %v, want 1", ended)
}

func TestIcons(t *testing.T) {
	for name, p := range map[string][]byte{"normal": normalPNG, "failed": failedPNG} {
		t.Run(name, func(t *testing.T) {
			cfg, err := png.DecodeConfig(bytes.NewReader(p))
			require.NoError(t, err)
			assert.Equal(t, 64, cfg.Width, "width: got %v, want 64", cfg.Width)
			assert.Equal(t, 64, cfg.Height, "height: got %v, want 64", cfg.Height)

			ico, err := icoFromPNG(p)
			require.NoError(t, err)
			le := binary.LittleEndian
			assert.Equal(t, uint16(1), le.Uint16(ico[2:]), "ICO type: got %v, want 1", le.Uint16(ico[2:]))
			assert.Equal(t, uint16(1), le.Uint16(ico[4:]), "ICO count: got %v, want 1", le.Uint16(ico[4:]))
			assert.Equal(t, byte(64), ico[6], "ICO width: got %v, want 64", ico[6])
			size, off := le.Uint32(ico[14:]), le.Uint32(ico[18:])
			assert.Equal(t, uint32(len(p)), size, "ICO data size: got %v, want %v", size, len(p))
			assert.Equal(t, p, ico[off:off+size], "ICO data is the PNG")
		})
	}
	assert.NotEqual(t, normalPNG, failedPNG, "the failed icon differs from the normal one")
	_, err := icoFromPNG([]byte("not a png"))
	assert.Error(t, err, "icoFromPNG of garbage: got nil error, want one")
}
