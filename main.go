// Command hum is a desktop process manager for developers. With a
// subcommand (`hum scripts`, `hum run`) it works headless; otherwise it opens
// the window on a project folder.
package main

import (
	"context"
	"embed"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"hum/backend/cli"
	"hum/backend/watchdog"
)

//go:embed all:frontend/dist
var assets embed.FS

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	// Headless subcommands run before anything touches GTK or the
	// single-instance lock, so they work without a display and beside a
	// running window.
	cli.Version = version
	watchdog.Enable() // this binary may start watchdogs (backend/watchdog)
	if args := os.Args[1:]; len(args) > 0 {
		if info, err := os.Stat(args[0]); err != nil || !info.IsDir() {
			attachConsole() // a subcommand or a flag, not a folder for the window
		}
	}
	if code, handled := cli.Run(os.Args[1:], os.Stdout, os.Stderr); handled {
		os.Exit(code)
	}

	if err := checkDisplay(); err != nil {
		fmt.Fprintln(os.Stderr, "hum:", err)
		os.Exit(1)
	}

	dir := projectArg(os.Args[1:])
	if abs, err := filepath.Abs(dir); dir != "" && err == nil {
		dir = abs
	}
	app := NewApp(version, dir)
	err := wails.Run(&options.App{
		Title:            "Hum",
		Width:            1280,
		Height:           820,
		MinWidth:         800,
		MinHeight:        500,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 21, G: 23, B: 28, A: 1},
		// Closing the window hides it to the tray when there is one and the
		// "Close to tray" setting is on (read once, here: Wails fixes it now).
		HideWindowOnClose:  hideWindowOnClose(),
		SingleInstanceLock: singleInstanceLock(app.onSecondInstance),
		ErrorFormatter:     FormatError,
		// A link dropped on the window would load that page in it, and a page
		// in Hum's window can call every bound method. The frontend refuses
		// drops as well (WebView2 does not always honour this), and the web
		// guard refuses any navigation away from Hum's page (webguard.go).
		DragAndDrop: &options.DragAndDrop{DisableWebViewDrop: true},
		OnStartup: func(ctx context.Context) {
			app.startup(ctx)
			guardWebView(app.OpenURL)
			startTray(app)
		},
		OnShutdown: func(ctx context.Context) { stopTray(); app.shutdown(ctx) },
		Bind:       []any{app},
	})
	if err != nil {
		log.Fatal(err)
	}
}

// devFlagsWithValue are the flags a Wails dev build reads from the command
// line; their values are not project folders.
var devFlagsWithValue = map[string]bool{
	"-assetdir": true, "-devserver": true, "-frontenddevserverurl": true, "-loglevel": true,
}

// projectArg returns the project folder named on the command line as given
// (relative to the launch's working folder), or "" when none is given.
func projectArg(args []string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") {
			if devFlagsWithValue[a] {
				i++
			}
			continue
		}
		return a
	}
	return ""
}
