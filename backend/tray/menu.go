package tray

import (
	"sync"
)

// host is the tray the menu is drawn in: systray in the app (host_systray.go),
// a recording fake in tests. Items are created once and then only changed.
type host interface {
	AddItem(title string) item
	AddSubItem(parent item, title string) item
	AddSeparator()
	SetIcon(png []byte)
	SetTitle(title string)
	SetTooltip(tooltip string)
}

// item is one menu entry of a host. Each call may cost a DBus signal, so the
// menu calls them only when something actually changed.
type item interface {
	SetTitle(title string)
	SetTooltip(tooltip string)
	Show()
	Hide()
	Enable()
	Disable()
	// Clicked receives a value per click. A click nobody is receiving is
	// dropped (systray sends without blocking), so the menu always listens.
	Clicked() <-chan struct{}
}

// slot is an item plus what was last applied to it, so that render touches
// the host only for differences. All fields are guarded by menu.mu, except it
// which is written once in newMenu.
type slot struct {
	it      item
	title   string
	tooltip string
	visible bool
	enabled bool
	key     string // what the slot stands for now: process ID, script ID, folder or URL
}

func newSlot(it item, title string) *slot {
	// New host items are visible and enabled.
	return &slot{it: it, title: title, visible: true, enabled: true}
}

// set brings the item to the wanted look and records its key.
func (s *slot) set(title string, visible, enabled bool, key string) {
	s.key = key
	if title != s.title {
		s.it.SetTitle(title)
		s.title = title
	}
	if enabled != s.enabled {
		if enabled {
			s.it.Enable()
		} else {
			s.it.Disable()
		}
		s.enabled = enabled
	}
	if visible != s.visible {
		if visible {
			s.it.Show()
		} else {
			s.it.Hide()
		}
		s.visible = visible
	}
}

func (s *slot) setTooltip(t string) {
	if t != s.tooltip {
		s.it.SetTooltip(t)
		s.tooltip = t
	}
}

func (s *slot) hide() { s.set(s.title, false, s.enabled, "") }

// procSlot is a process's entry and its submenu.
type procSlot struct {
	entry, stop, restart, open *slot
}

// groupSlot is a group's entry in the Groups submenu and its own submenu.
type groupSlot struct {
	entry, start, stop *slot
}

// click is what a click on a slot asks for; menu.onClick maps it to Actions.
type click struct {
	kind clickKind
	key  string // the slot's key at the time of the click
}

type clickKind int

const (
	clickShow clickKind = iota
	clickHide
	clickStop
	clickRestart
	clickOpenURL
	clickStart
	clickStopAll
	clickRecent
	clickQuit
	clickStartGroup
	clickStopGroup
)

// Titles of the fixed items.
const (
	TitleShow       = "Show Hum"
	TitleHide       = "Hide Hum"
	TitleFavs       = "Favourites"
	TitleRecent     = "Recent projects"
	TitleGroups     = "Groups"
	TitleStartGroup = "Start group"
	TitleStopGroup  = "Stop group"
	TitleStopAll    = "Stop all"
	TitleQuit       = "Quit Hum"
	TitleStop       = "Stop"
	TitleRestart    = "Restart"
	TitleOpen       = "Open "
	AppTitle        = "Hum"
)

// menu owns the tray's items. It is built once by newMenu; render brings it
// up to date with a view, changing only what differs.
type menu struct {
	h       host                            // written once in newMenu
	icons   struct{ normal, failed []byte } // written once in newMenu
	onClick func(click)                     // written once in newMenu

	mu         sync.Mutex // protects everything below and every slot's fields
	show       *slot
	hide       *slot
	summary    *slot
	procs      [MaxProcesses]procSlot
	more       *slot
	favsHead   *slot
	favs       [MaxFavourites]*slot
	groupsHead *slot
	groups     [MaxGroups]groupSlot
	recent     *slot
	recents    [MaxRecent]*slot
	stopAll    *slot
	quit       *slot
	tooltip    string
	failed     bool
	rendered   bool // render ran at least once: tooltip, title and icon are set
}

// newMenu creates every item of the menu, in order, and starts one goroutine
// per item that forwards its clicks to onClick until done is closed.
func newMenu(h host, normalIcon, failedIcon []byte, onClick func(click), done <-chan struct{}) *menu {
	m := &menu{h: h, onClick: onClick}
	m.icons.normal, m.icons.failed = normalIcon, failedIcon
	add := func(title string, kind clickKind) *slot {
		s := newSlot(h.AddItem(title), title)
		m.listen(s, kind, done)
		return s
	}
	sub := func(parent *slot, title string, kind clickKind) *slot {
		s := newSlot(h.AddSubItem(parent.it, title), title)
		m.listen(s, kind, done)
		return s
	}

	m.show = add(TitleShow, clickShow)
	m.hide = add(TitleHide, clickHide)
	h.AddSeparator()
	m.summary = newSlot(h.AddItem(""), "")
	for i := range m.procs {
		p := &m.procs[i]
		p.entry = newSlot(h.AddItem(""), "")
		p.stop = sub(p.entry, TitleStop, clickStop)
		p.restart = sub(p.entry, TitleRestart, clickRestart)
		p.open = sub(p.entry, TitleOpen, clickOpenURL)
	}
	m.more = add("", clickShow)
	h.AddSeparator()
	m.favsHead = newSlot(h.AddItem(TitleFavs), TitleFavs)
	for i := range m.favs {
		m.favs[i] = add("", clickStart)
	}
	m.groupsHead = newSlot(h.AddItem(TitleGroups), TitleGroups)
	for i := range m.groups {
		g := &m.groups[i]
		g.entry = newSlot(h.AddSubItem(m.groupsHead.it, ""), "")
		g.start = sub(g.entry, TitleStartGroup, clickStartGroup)
		g.stop = sub(g.entry, TitleStopGroup, clickStopGroup)
	}
	m.recent = newSlot(h.AddItem(TitleRecent), TitleRecent)
	for i := range m.recents {
		m.recents[i] = sub(m.recent, "", clickRecent)
	}
	h.AddSeparator()
	m.stopAll = add(TitleStopAll, clickStopAll)
	m.quit = add(TitleQuit, clickQuit)

	// Headers are labels, not actions.
	m.summary.set("", true, false, "")
	m.favsHead.set(TitleFavs, false, false, "")
	return m
}

// listen forwards s's clicks, with the key s has at the time of the click.
func (m *menu) listen(s *slot, kind clickKind, done <-chan struct{}) {
	ch := s.it.Clicked()
	go func() {
		for {
			select {
			case <-done:
				return
			case _, ok := <-ch:
				if !ok {
					return
				}
				m.mu.Lock()
				key := s.key
				m.mu.Unlock()
				m.onClick(click{kind: kind, key: key})
			}
		}
	}()
}

// render brings the menu up to date with v. Only differences reach the host,
// so a view that did not change costs no DBus traffic at all.
func (m *menu) render(v view) {
	m.mu.Lock()
	defer m.mu.Unlock()

	if !m.rendered || v.Tooltip != m.tooltip {
		m.h.SetTooltip(v.Tooltip)
		m.tooltip = v.Tooltip
	}
	if !m.rendered || v.Failed != m.failed {
		if v.Failed {
			m.h.SetIcon(m.icons.failed)
		} else {
			m.h.SetIcon(m.icons.normal)
		}
		m.failed = v.Failed
	}
	if !m.rendered {
		m.h.SetTitle(AppTitle)
	}
	m.rendered = true

	m.summary.set(v.Tooltip, true, false, "")
	for i := range m.procs {
		p := &m.procs[i]
		if i >= len(v.Procs) {
			// Hiding the entry hides its submenu; clearing the keys makes a
			// click that raced this update a no-op.
			p.entry.hide()
			p.stop.key, p.restart.key, p.open.key = "", "", ""
			continue
		}
		pv := v.Procs[i]
		p.entry.set(pv.Title, true, true, pv.ID)
		p.stop.set(TitleStop, true, pv.CanStop, pv.ID)
		p.restart.set(TitleRestart, true, true, pv.ID)
		if pv.URL == "" {
			p.open.hide()
		} else {
			p.open.set(TitleOpen+pv.URL, true, true, pv.URL)
		}
	}
	if v.More > 0 {
		m.more.set(moreTitle(v.More), true, true, "")
	} else {
		m.more.hide()
	}

	m.favsHead.set(TitleFavs, len(v.Favs) > 0, false, "")
	for i, s := range m.favs {
		if i >= len(v.Favs) {
			s.hide()
			continue
		}
		f := v.Favs[i]
		s.set(f.Title, true, f.CanStart, f.ScriptID)
	}

	m.groupsHead.set(TitleGroups, len(v.Groups) > 0, true, "")
	for i := range m.groups {
		g := &m.groups[i]
		if i >= len(v.Groups) {
			g.entry.hide()
			g.start.key, g.stop.key = "", ""
			continue
		}
		gv := v.Groups[i]
		g.entry.set(gv.Title, true, true, gv.Name)
		g.start.set(TitleStartGroup, true, gv.CanStart, gv.Name)
		g.stop.set(TitleStopGroup, true, gv.CanStop, gv.Name)
	}

	m.recent.set(TitleRecent, len(v.Recents) > 0, true, "")
	for i, s := range m.recents {
		if i >= len(v.Recents) {
			s.hide()
			continue
		}
		r := v.Recents[i]
		s.set(r.Name, true, true, r.Dir)
		s.setTooltip(r.Dir)
	}

	m.stopAll.set(TitleStopAll, true, v.Running > 0, "")
}
