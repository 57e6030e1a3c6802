package events

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Wails is the window as the backend sees it: events out, and the two
// desktop services the UI asks for (a folder dialog, the browser). It is the
// only code in Hum that calls the Wails runtime.
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
