package probe

import (
	"errors"
	"net"
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"hum/backend/stack"
)

// FuzzLogMatch: any pattern either compiles or is refused with ErrInvalid,
// and a line matches as a person reads it: the same with colours around
// it, a CRLF ending or a progress redraw before it.
func FuzzLogMatch(f *testing.F) {
	for _, seed := range [][2]string{
		{"ready to accept", "LOG:  database system is ready to accept connections"},
		{"^Listening on", "\x1b[32mListening on\x1b[0m :8080"},
		{"(?i)ready$", "Server READY\r"},
		{"(ready", "ready"},
		{"", ""},
		{`\d+ms$`, "built in 12ms"},
		{"^$", "\x1b[0m"},
		{"a\\1", "aa"},
		{"(?<=x)y", "xy"},
		{"[[:alpha:]]+", "\x1b]8;;http://x\x07link\x1b]8;;\x07"},
		{"Done", "50%\r75%\rDone"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, text string) {
		m, err := CompileLog(pattern)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v for %q, want ErrInvalid", err, pattern)
			}
			return
		}
		if m.String() != pattern {
			t.Fatalf("got String %q, want %q", m.String(), pattern)
		}
		got := m.Match(text) // must not panic, whatever the bytes
		if !readable(text) {
			return
		}
		if want := m.re.MatchString(text); got != want {
			t.Fatalf("got Match(%q) = %v, want %v for plain text", text, got, want)
		}
		for _, shown := range []string{
			"\x1b[1;32m" + text + "\x1b[0m",
			text + "\r",
			"loading 10%\r" + text,
		} {
			if text == "" && strings.HasPrefix(shown, "loading") {
				continue // an empty redraw leaves the last text shown
			}
			if m.Match(shown) != got {
				t.Fatalf("got Match(%q) = %v, Match(%q) = %v; want the same", shown, !got, text, got)
			}
		}
	})
}

// readable reports whether s is text a person reads as is: valid UTF-8
// without control characters.
func readable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// FuzzInferURL: whatever a process prints, an inferred probe is an http
// probe of this machine (checked here with net.ParseIP, independently of
// the code under test) and inferring from it again gives it back.
func FuzzInferURL(f *testing.F) {
	for _, seed := range []string{
		"http://localhost:5173/", "https://localhost:8443/app?x=1#top", "http://127.0.0.1:8000",
		"http://[::1]:4000/", "http://0.0.0.0:3000/", "http://[::]:3000/", "http://[::ffff:127.0.0.1]:80",
		"http://example.com/", "http://192.168.1.10:3000/", "http://user:pw@localhost:1/",
		"http://localhost.:80", "http://[fe80::1%25lo0]:80/", "http://localhost:/", "http://127.1/",
		"http://%6c%6fcalhost/", "http://localhost:8080/a%2Fb?q=%20", "ws://localhost:1/",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p, ok := InferURL(raw)
		if !ok {
			return
		}
		if p.Kind != stack.ProbeHTTP || !p.AnyStatus {
			t.Fatalf("got %+v for %q, want an http probe that takes any status", p, raw)
		}
		orig, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("got %q inferred from %q, which does not parse: %v", p.URL, raw, err)
		}
		if !local(orig.Hostname()) {
			t.Fatalf("got %q inferred from %q, whose host %q is not this machine", p.URL, raw, orig.Hostname())
		}
		u, err := url.Parse(p.URL)
		if err != nil {
			t.Fatalf("got probe URL %q that does not parse: %v", p.URL, err)
		}
		if h := u.Hostname(); !local(h) || net.ParseIP(h) != nil && net.ParseIP(h).IsUnspecified() {
			t.Fatalf("got probe URL %q for %q, whose host %q is not loopback", p.URL, raw, h)
		}
		if u.User != nil || u.Fragment != "" {
			t.Fatalf("got probe URL %q for %q, with a user or a fragment", p.URL, raw)
		}
		again, ok := InferURL(p.URL)
		if !ok || again.URL != p.URL {
			t.Fatalf("got %q (%v) inferred from the probe URL %q, want it back", again.URL, ok, p.URL)
		}
	})
}

// local is the test's own idea of "this machine".
func local(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}
