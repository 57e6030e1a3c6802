//go:build !linux || !(desktop || dev) || bindings

package main

// guardWebView has no native hook here. On Windows, Wails v2.9.2 keeps its
// WebView2 (and so NavigationStarting and the message's source) private,
// and on macOS its WKNavigationDelegate is its own: foreign pages are kept
// out by DisableWebViewDrop (WebView2's AllowExternalDrag, WKWebView's drag
// types) and by the frontend's drop, link and window.open guards
// (frontend/src/lib/links.ts).
func guardWebView(func(string) error) {}
