package events

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Wails is the window as the backend sees it: events out, the two desktop
// services the UI asks for (a folder dialog, the browser), and showing,
// hiding and quitting for the tray and a second launch. It is the only code
// in Hum that calls the Wails runtime.
type Wails struct {
	ctx context.Context // the context Wails passed to OnStartup; runtime calls need exactly it
}

// NewWails returns the window whose OnStartup received ctx. Any other
// context makes the runtime log.Fatal, so never pass one.
func NewWails(ctx context.Context) Wails { return Wails{ctx: ctx} }

// Emit sends data to the frontend's EventsOn(name) listeners.
func (w Wails) Emit(name string, data any) { runtime.EventsEmit(w.ctx, name, data) }

// PickFolder shows the native folder dialog; "" means the user cancelled.
func (w Wails) PickFolder(title, start string) (string, error) {
	return runtime.OpenDirectoryDialog(w.ctx, runtime.OpenDialogOptions{
		Title:                title,
		DefaultDirectory:     start,
		CanCreateDirectories: true,
	})
}

// OpenURL opens url in the user's browser.
func (w Wails) OpenURL(url string) { runtime.BrowserOpenURL(w.ctx, url) }

// Show brings the window back from hidden (closed to the tray) or minimised.
func (w Wails) Show() {
	runtime.WindowShow(w.ctx)
	runtime.WindowUnminimise(w.ctx)
}

// Hide hides the window; the app keeps running in the tray.
func (w Wails) Hide() { runtime.WindowHide(w.ctx) }

// Quit ends the app: Wails closes the window and runs OnShutdown.
func (w Wails) Quit() { runtime.Quit(w.ctx) }
