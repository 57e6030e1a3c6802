package main

import (
	"net/url"
	"strings"

	"hum/backend/browser"
)

// The web guard keeps Hum's window on Hum's own pages. Whatever reaches the
// webview (a dropped link, a link in the UI, a script's window.open) could
// otherwise load a foreign page there, and a page in Hum's window can call
// every bound method: that is code execution. The platform files connect it
// to the webview where the platform lets us (webguard_linux.go); the
// frontend refuses drops and routes links to the browser on every platform
// (frontend/src/lib/links.ts).

// allowedWebURI reports whether the main webview may show uri: only Hum's
// own assets, which Wails serves under the wails: scheme (wails://wails/ in a
// production build, wails://wails.localhost:PORT/ in dev mode, on Linux and
// macOS), and the empty page WebKit starts from.
func allowedWebURI(uri string) bool {
	if uri == "about:blank" {
		return true
	}
	u, err := url.Parse(uri)
	if err != nil || !strings.EqualFold(u.Scheme, "wails") {
		return false
	}
	host := strings.ToLower(u.Hostname())
	return host == "wails" || host == "wails.localhost"
}

// browserURL returns uri and true when a refused navigation the user asked for
// (a click on a link) is a web address the browser should open instead
// (browser.Check).
func browserURL(uri string) (string, bool) {
	u, err := browser.Check(uri)
	return u, err == nil
}
