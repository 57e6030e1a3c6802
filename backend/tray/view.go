package tray

import (
	"fmt"

	"hum/backend/ports"
	"hum/backend/process"
)

// Capacities of the menu's sections. The menu is built once with this many
// slots, hidden until used: systray appends new items at the end of their
// parent, so items created later could not sit in the middle of the menu,
// and reusing slots keeps updates to property changes only.
const (
	MaxProcesses  = 12 // processes listed; the rest are counted in one "more" item
	MaxFavourites = 10
	MaxRecent     = 10
	MaxGroups     = 10
)

// Group is one of the open project's hum.yaml groups, which the menu can
// start and stop as a whole.
type Group struct {
	Name    string // hum.yaml's name, passed back to Actions.StartGroup and StopGroup
	Running int    // members whose process has not ended
	Total   int    // members
}

// Favourite is a starred script of the open project, which the menu can start.
type Favourite struct {
	ScriptID string // discovery ID, passed back to Actions.StartScript
	Name     string // shown to the user
}

// Project is a recently opened project, which the menu can open.
type Project struct {
	Dir  string // absolute folder, passed back to Actions.OpenProject
	Name string // shown to the user
}

// view is everything the menu shows, computed from the Actions' snapshots by
// buildView, a pure function, so the menu's content is tested without a tray.
type view struct {
	// Tooltip is the worst-state summary, also the summary line: "N
	// running, M failed", with "K waiting" between when some process
	// waits for a dependency or a restart. A crash loop and a blocked
	// process count as failed: nothing happens to them until the user acts.
	Tooltip string
	Failed  bool // some process failed, is blocked or in a crash loop: the icon says so
	Running int  // processes not in a final state: Stop all has something to stop
	Procs   []procView
	More    int // processes that did not fit in MaxProcesses slots
	Favs    []favView
	Recents []Project // at most MaxRecent
	Groups  []groupView
}

// groupView is one listed group.
type groupView struct {
	Name     string
	Title    string // "dev — 1/2 running"
	CanStart bool   // some member does not run
	CanStop  bool   // some member runs
}

// groupViews lists at most MaxGroups groups with what each can do.
func groupViews(groups []Group) []groupView {
	var out []groupView
	for _, g := range groups {
		if len(out) == MaxGroups {
			break
		}
		out = append(out, groupView{
			Name:     g.Name,
			Title:    fmt.Sprintf("%s — %d/%d running", g.Name, g.Running, g.Total),
			CanStart: g.Running < g.Total,
			CanStop:  g.Running > 0,
		})
	}
	return out
}

// procView is one listed process.
type procView struct {
	ID      string
	Title   string // "name — status"
	CanStop bool   // live and not already stopping
	URL     string // the first URL it printed, "" for none
}

// favView is one favourite script.
type favView struct {
	ScriptID string
	Title    string
	CanStart bool // false while a process of that script is live
}

// listed reports whether a process belongs in the menu: live ones, and failed
// ones (a crash loop too), so a failure can be seen and restarted from the
// tray. Stopped and succeeded processes are history: the window shows them.
func listed(s process.State) bool {
	return !s.Status.Final() || failing(s.Status)
}

// failing reports whether a status counts as a failure in the summary and
// the icon: failed, a crash loop, or blocked by a dependency that failed.
func failing(st process.Status) bool {
	return st == process.StatusFailed || st == process.StatusCrashLoop || st == process.StatusBlocked
}

func buildView(procs []process.State, favs []Favourite, recents []Project) view {
	var v view
	active, waiting, failed := 0, 0, 0
	live := map[string]bool{} // script IDs with a live process
	for _, s := range procs {
		if !s.Status.Final() {
			v.Running++
			if s.ScriptID != "" {
				live[s.ScriptID] = true
			}
		}
		switch {
		case s.Status.Active():
			active++
		case s.Status == process.StatusWaiting || s.Status == process.StatusRestarting:
			waiting++
		case failing(s.Status):
			failed++
		}
		if !listed(s) {
			continue
		}
		if len(v.Procs) == MaxProcesses {
			v.More++
			continue
		}
		p := procView{
			ID:      s.ID,
			Title:   processTitle(s),
			CanStop: !s.Status.Final() && s.Status != process.StatusStopping,
		}
		// The address it serves: the printed server URL it listens on,
		// else the first printed, else a guess from a port it listens on
		// (only while it runs: an ended run's ports are history).
		var listening []int
		if !s.Status.Final() {
			listening = s.Ports
		}
		p.URL, _, _ = ports.ServerURL(s.URLs, listening)
		v.Procs = append(v.Procs, p)
	}
	v.Failed = failed > 0
	if waiting > 0 {
		v.Tooltip = fmt.Sprintf("%d running, %d waiting, %d failed", active, waiting, failed)
	} else {
		v.Tooltip = fmt.Sprintf("%d running, %d failed", active, failed)
	}
	for _, f := range favs {
		if len(v.Favs) == MaxFavourites {
			break
		}
		name := f.Name
		if name == "" {
			name = f.ScriptID
		}
		fv := favView{ScriptID: f.ScriptID, Title: "Start " + name, CanStart: !live[f.ScriptID]}
		if !fv.CanStart {
			fv.Title = name + " (running)"
		}
		v.Favs = append(v.Favs, fv)
	}
	if len(recents) > MaxRecent {
		recents = recents[:MaxRecent]
	}
	v.Recents = recents
	return v
}

// maxDetail caps the words a menu line takes from Lifecycle.Detail: a
// menu item is one line, and a probe's error can be long.
const maxDetail = 60

// processTitle is a process's line in the menu: its name and what it is
// doing, with the supervisor's words for why it waits or is blocked.
func processTitle(s process.State) string {
	name := s.Name
	if name == "" {
		name = s.Command
	}
	status := s.Status.String()
	switch s.Status {
	case process.StatusFailed:
		if s.ExitCode != 0 {
			status = fmt.Sprintf("failed (exit %d)", s.ExitCode)
		}
	case process.StatusRunning:
		if s.Ready {
			status = "ready"
		}
	case process.StatusWaiting:
		// Detail says "waiting for db (ready)" itself.
		if s.Detail != "" {
			status = clip(s.Detail)
		}
	case process.StatusBlocked:
		if s.Detail != "" {
			status = "blocked: " + clip(s.Detail)
		}
	case process.StatusRestarting:
		// Detail's "restarting in 4s" would go stale in a menu that is
		// redrawn only on changes: the last exit says why instead.
		if code, ok := lastExit(s); ok && code != 0 {
			status = fmt.Sprintf("restarting (exit %d)", code)
		}
	case process.StatusCrashLoop:
		status = "crash loop (paused)"
	}
	return name + " — " + status
}

// lastExit is the exit code of the run that ended last: the current one
// once it has ended, else the one before it.
func lastExit(s process.State) (int, bool) {
	switch {
	case s.EndedAt != 0:
		return s.ExitCode, true
	case s.Last != nil:
		return s.Last.ExitCode, true
	}
	return 0, false
}

// clip cuts s to maxDetail characters, marking the cut.
func clip(s string) string {
	r := []rune(s)
	if len(r) <= maxDetail {
		return s
	}
	return string(r[:maxDetail-1]) + "…"
}

// moreTitle is the item that stands for processes beyond MaxProcesses.
func moreTitle(n int) string {
	return fmt.Sprintf("%d more in Hum…", n)
}
