// Command hum is a desktop process manager for developers. With a
// subcommand (`hum scripts`, `hum run`) it works headless; otherwise it opens
// the window on a project folder.
package main

import (
	"context"
	"embed"
	"log"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
)

//go:embed all:frontend/dist
var assets embed.FS

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	app := NewApp(version)
	err := wails.Run(&options.App{
		Title:            "Hum",
		Width:            1280,
		Height:           820,
		MinWidth:         800,
		MinHeight:        500,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 21, G: 23, B: 28, A: 1},
		// Closing the window hides it to the tray when there is one.
		HideWindowOnClose: hideWindowOnClose(),
		OnStartup:         func(ctx context.Context) { app.startup(ctx); startTray(app) },
		OnShutdown:        func(ctx context.Context) { stopTray(); app.shutdown(ctx) },
		Bind:              []any{app},
	})
	if err != nil {
		log.Fatal(err)
	}
}
