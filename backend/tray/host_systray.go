//go:build linux || windows || (darwin && cgo)

package tray

import "fyne.io/systray"

// hostSupported says this build can show a tray.
const hostSupported = true

// runHost starts systray beside the app's own main loop (Wails owns it) and
// calls build once the tray can take items. It returns the function that
// removes the tray.
func runHost(build func(host)) (end func(), err error) {
	start, end := systray.RunWithExternalLoop(func() { build(sysHost{}) }, nil)
	startDone := make(chan struct{})
	go func() {
		defer close(startDone)
		start()
	}()
	if err := confirm(startDone); err != nil {
		return nil, err
	}
	return end, nil
}

// sysHost is the real tray.
type sysHost struct{}

func (sysHost) AddItem(title string) item { return sysItem{systray.AddMenuItem(title, "")} }

func (sysHost) AddSubItem(parent item, title string) item {
	return sysItem{parent.(sysItem).AddSubMenuItem(title, "")}
}

func (sysHost) AddSeparator()             { systray.AddSeparator() }
func (sysHost) SetIcon(png []byte)        { systray.SetIcon(png) }
func (sysHost) SetTitle(title string)     { systray.SetTitle(title) }
func (sysHost) SetTooltip(tooltip string) { systray.SetTooltip(tooltip) }

// sysItem adapts *systray.MenuItem to item.
type sysItem struct{ *systray.MenuItem }

func (i sysItem) Clicked() <-chan struct{} { return i.ClickedCh }
