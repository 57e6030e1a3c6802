package logs

// Server URLs and links. A process prints many URLs: the address it serves
// ("Local:   http://localhost:5173/"), but also documentation links (a
// framework's telemetry notice), upstreams it calls ("Get
// \"http://127.0.0.1:4000/api\": ... connection refused") and whatever a
// data dump holds. Only the first kind belongs in the URL column and is
// worth probing for readiness; the rest are kept as links. The test is
// deliberately narrow: a host this machine or its network serves from, in
// a line that announces a listener, and no word of failure or of calling
// out anywhere in the line.

import (
	"net"
	"slices"
	"strings"
	"sync"

	"hum/backend/process"
)

// URL is one URL a process printed, and what it is.
type URL struct {
	Addr string // normalised, as DetectURLs gives it
	// Server says the process serves it: a loopback, wildcard or LAN host
	// in a listening banner ("Local:", "listening on", "Running on", …).
	// Everything else is a link.
	Server bool
}

// serverWords announce a listener when they come before a URL in its line
// (lower-case; matched as substrings, so "listen" covers "Listening on";
// "local " and "local:" but not "localhost", which is a host, not a word).
var serverWords = []string{
	"local:", "local ", "network", "loopback", "listen", "running on",
	"running at", "serving", "ready on", "ready at", "accepting connections",
	"available at", "available on", "started on", "started at",
	"started server", "server started", "server at", "server on",
	"server running", "server is running", "open ", "visit", "browse",
	"bound to", "http server", "web server", "dev server", "up on", "up at",
}

// clientWords anywhere in a line make its URLs links whatever else it says:
// the process called out to them, failed to, or forwards to them.
var clientWords = []string{
	"refused", "error", "fail", "dial ", "proxy", "upstream", "forward",
	"timeout", "timed out", "deadline", "unreachable", "could not",
	"couldn't", "cannot", "can't", "unable", "econn", "retry", "retrying",
	"fetch", "redirect", "webhook", "callback", "-> ", "→",
	"get \"", "post \"", "put \"", "delete \"", "head \"", "patch \"",
}

// ClassifyURLs returns the URLs of one line: those DetectURLs finds in its
// plain text, then its OSC-8 link targets (links, as sanitize gives them),
// de-duplicated, each marked server URL or link.
func ClassifyURLs(plain string, links []string) []URL {
	var out []URL
	if !strings.Contains(plain, "://") && len(links) == 0 {
		return nil
	}
	lower := strings.ToLower(plain)
	client := containsAny(lower, clientWords)
	add := func(addr string, server bool) {
		for i := range out {
			if out[i].Addr == addr {
				out[i].Server = out[i].Server || server
				return
			}
		}
		out = append(out, URL{Addr: addr, Server: server})
	}
	for i := 0; i < len(plain) && len(out) < maxURLsPerLine; {
		k := strings.Index(plain[i:], "://")
		if k < 0 {
			break
		}
		k += i
		i = k + 3
		u, host, end, ok := parseURLAt(plain, k)
		if !ok {
			continue
		}
		i = end
		start := k - 4
		if strings.HasPrefix(u, "https") {
			start--
		}
		add(u, !client && localHost(host) && bannerBefore(lower[:start]))
	}
	for _, l := range links {
		if len(out) >= maxURLsPerLine {
			break
		}
		k := strings.Index(l, "://")
		if k != 4 && k != 5 {
			continue
		}
		u, host, _, ok := parseURLAt(l, k)
		if !ok {
			continue
		}
		// A hyperlink's visible text may be anything ("Local: here"): the
		// whole line is its context.
		add(u, !client && localHost(host) && bannerBefore(lower))
	}
	return out
}

// bannerBefore says whether the text before a URL announces a listener:
// it holds one of serverWords, or nothing but decoration (a URL alone on
// its line, as Jupyter and many banners print the address under a heading).
func bannerBefore(prefix string) bool {
	if containsAny(prefix, serverWords) {
		return true
	}
	for i := 0; i < len(prefix); i++ {
		if c := prefix[i]; c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			return false
		}
	}
	return true
}

// localHost says whether a URL's host (as printed, lower-cased) is one
// this machine serves from: loopback, the wildcard addresses, a private or
// link-local address, one of this machine's own addresses (what a dev
// server prints as "Network:"), a .local or .localhost name, or a
// single-label name (the machine's own host name, a container's). Public
// names and addresses are someone else's server.
func localHost(h string) bool {
	switch h {
	case "localhost", "0.0.0.0", "[::]", "[::1]":
		return true
	}
	if ownAddrs()[strings.Trim(h, "[]")] {
		return true
	}
	if strings.HasPrefix(h, "[") {
		inner := strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
		return strings.HasPrefix(inner, "fe80:") || strings.HasPrefix(inner, "fd") || strings.HasPrefix(inner, "fc") ||
			strings.HasPrefix(inner, "::ffff:127.") || strings.HasPrefix(inner, "::ffff:10.") || strings.HasPrefix(inner, "::ffff:192.168.")
	}
	if strings.HasSuffix(h, ".localhost") || strings.HasSuffix(h, ".local") {
		return true
	}
	if !strings.Contains(h, ".") {
		return true
	}
	var q [4]int
	n := 0
	for _, part := range strings.Split(h, ".") {
		if n == 4 || part == "" || len(part) > 3 || strings.Trim(part, "0123456789") != "" {
			return false // a DNS name with dots
		}
		q[n] = atoiOK(part)
		n++
	}
	if n != 4 {
		return false
	}
	switch {
	case q[0] == 127, q[0] == 10:
		return true
	case q[0] == 172 && q[1] >= 16 && q[1] <= 31:
		return true
	case q[0] == 192 && q[1] == 168, q[0] == 169 && q[1] == 254:
		return true
	}
	return false
}

// ownAddrs are this machine's interface addresses, read once: they change
// with the network, but rarely while a dev server's banner is printed, and
// a private address is recognised without them.
var ownAddrs = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return m
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			m[n.IP.String()] = true
		}
	}
	return m
})

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// LineURLs returns the URLs of one line as printed (colours, OSC-8 links
// and carriage-return redraws included): what the log store finds in it,
// for code that sees lines without a store (the terminal's `hum up`).
func LineURLs(line string) []URL {
	if !strings.Contains(line, "://") {
		return nil
	}
	_, text, links := sanitize(collapseCR([]byte(line)), true)
	return ClassifyURLs(text, links)
}

// RecordURL puts u into st, the way every front end records what a
// process printed: a server URL into URLs, at most maxServerURLsPerProc; a
// link into Links, at most maxLinksPerProc, so links never crowd out the
// address. A URL first seen as a link and later announced as the server
// moves to URLs. It is an Update function's body (process.Manager.Update):
// it reports whether it changed st, and never writes a published slice.
func RecordURL(st *process.State, u URL) bool {
	if slices.Contains(st.URLs, u.Addr) {
		return false
	}
	if u.Server {
		if len(st.URLs) >= maxServerURLsPerProc {
			return false
		}
		l := st.EditLifecycle()
		l.URLs = append(slices.Clip(l.URLs), u.Addr)
		if i := slices.Index(l.Links, u.Addr); i >= 0 {
			l.Links = slices.Delete(slices.Clone(l.Links), i, i+1)
		}
		return true
	}
	if slices.Contains(st.Links, u.Addr) || len(st.Links) >= maxLinksPerProc {
		return false
	}
	l := st.EditLifecycle()
	l.Links = append(slices.Clip(l.Links), u.Addr)
	return true
}
