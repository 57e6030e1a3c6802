package tray

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"hum/backend/process"
)

func TestGroupViews(t *testing.T) {
	got := groupViews([]Group{
		{Name: "dev", Running: 0, Total: 2},
		{Name: "api", Running: 1, Total: 2},
		{Name: "all", Running: 3, Total: 3},
		{Name: "later", Running: 0, Total: 0},
	})
	want := []groupView{
		{Name: "dev", Title: "dev — 0/2 running", CanStart: true, CanStop: false},
		{Name: "api", Title: "api — 1/2 running", CanStart: true, CanStop: true},
		{Name: "all", Title: "all — 3/3 running", CanStart: false, CanStop: true},
		{Name: "later", Title: "later — 0/0 running", CanStart: false, CanStop: false},
	}
	assert.Equal(t, want, got, "got %+v, want %+v", got, want)

	many := make([]Group, MaxGroups+4)
	for i := range many {
		many[i] = Group{Name: fmt.Sprint("g", i), Total: 1}
	}
	assert.Len(t, groupViews(many), MaxGroups, "at most MaxGroups are listed")
	assert.Empty(t, groupViews(nil))
}

func TestMenuListsGroups(t *testing.T) {
	a := &fakeActions{}
	a.set([]process.State{st("p1", "db", process.StatusRunning)}, nil, []Project{{Dir: "/home/u/demo", Name: "demo"}})
	a.setGroups([]Group{{Name: "dev", Running: 1, Total: 2}, {Name: "jobs", Running: 0, Total: 1}})
	tr, h := startFake(t, a, Options{})

	want := []shown{
		{Title: TitleShow},
		{Title: TitleHide},
		{Title: "1 running, 0 failed", Disabled: true},
		{Title: "db — running", Sub: []shown{{Title: TitleStop}, {Title: TitleRestart}}},
		{Title: TitleGroups, Sub: []shown{
			{Title: "dev — 1/2 running", Sub: []shown{{Title: TitleStartGroup}, {Title: TitleStopGroup}}},
			{Title: "jobs — 0/1 running", Sub: []shown{{Title: TitleStartGroup}, {Title: TitleStopGroup, Disabled: true}}},
		}},
		{Title: TitleRecent, Sub: []shown{{Title: "demo"}}},
		{Title: TitleStopAll},
		{Title: TitleQuit},
	}
	got := h.visible()
	assert.Equal(t, want, got, "menu: got %+v, want %+v", got, want)

	// Every member of dev runs now, and jobs is gone from hum.yaml: the
	// same slots change, and Start group turns off.
	a.setGroups([]Group{{Name: "dev", Running: 2, Total: 2}})
	tr.update()
	got = h.visible()
	assert.Equal(t, shown{Title: TitleGroups, Sub: []shown{
		{Title: "dev — 2/2 running", Sub: []shown{{Title: TitleStartGroup, Disabled: true}, {Title: TitleStopGroup}}},
	}}, got[4])

	// No groups (a project without hum.yaml): no Groups submenu.
	a.setGroups(nil)
	tr.update()
	for _, it := range h.visible() {
		assert.NotEqual(t, TitleGroups, it.Title, "the Groups submenu shows without groups")
	}
}

func TestGroupClicksCallActions(t *testing.T) {
	a := &fakeActions{}
	a.setGroups([]Group{{Name: "dev", Running: 1, Total: 2}})
	tr, h := startFake(t, a, Options{})
	for _, tt := range []struct {
		path []string
		want string
	}{
		{[]string{TitleGroups, "dev — 1/2 running", TitleStartGroup}, "StartGroup dev"},
		{[]string{TitleGroups, "dev — 1/2 running", TitleStopGroup}, "StopGroup dev"},
	} {
		t.Run(strings.Join(tt.path, "/"), func(t *testing.T) {
			h.find(t, tt.path...).clicked <- struct{}{}
			eventually(t, tt.want, func() bool { return slices.Contains(a.callList(), tt.want) })
		})
	}

	// A click on a group's slot that an update emptied does nothing.
	start := h.find(t, TitleGroups, "dev — 1/2 running", TitleStartGroup)
	a.setGroups(nil)
	tr.update()
	before := len(a.callList())
	start.clicked <- struct{}{}
	h.find(t, TitleShow).clicked <- struct{}{}
	eventually(t, "ShowWindow", func() bool { return slices.Contains(a.callList(), "ShowWindow") })
	assert.Equal(t, []string{"ShowWindow"}, a.callList()[before:], "only ShowWindow after the group went")
}
