// Package browser is the one place where Hum hands an address to the user's
// browser, whoever asks (a link in the window, the tray's Open, a link
// clicked that would have navigated Hum's own webview): only http and https
// URLs with a host go. Anything else (file:, javascript:, a custom scheme
// that starts a program, a bare word) is refused, because a URL an
// untrusted process printed is what these links usually are.
package browser

import (
	"errors"
	"fmt"
	"net/url"
)

// ErrBadURL is returned for a URL to open that is not http(s) with a host.
var ErrBadURL = errors.New("only http and https URLs can be opened")

// Check returns rawURL as the browser should get it (as net/url writes it
// back), or ErrBadURL, wrapped with rawURL, when it is not an http or https
// URL with a host (the scheme in any case: net/url lowers it).
func Check(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%w: %q", ErrBadURL, rawURL)
	}
	return u.String(), nil
}

// Open checks rawURL and, when it may go, hands it to open (the window's
// OpenURL); otherwise open is not called and the error says why.
func Open(open func(url string), rawURL string) error {
	u, err := Check(rawURL)
	if err != nil {
		return err
	}
	open(u)
	return nil
}
