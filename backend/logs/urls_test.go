package logs

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDetectURLs(t *testing.T) {
	cases := []struct {
		name, line string
		want       []string
	}{
		// Dev servers, as they print (after ANSI stripping).
		{"vite", "  ➜  Local:   http://localhost:5173/", []string{"http://localhost:5173"}},
		{"vite network", "  ➜  Network: http://192.168.1.20:5173/", []string{"http://192.168.1.20:5173"}},
		{"next", "   - Local:        http://localhost:3000", []string{"http://localhost:3000"}},
		{"webpack", "<i> [webpack-dev-server] Loopback: http://localhost:8080/, http://[::1]:8080/", []string{"http://localhost:8080", "http://[::1]:8080"}},
		{"webpack ipv6 wildcard", "<i> [webpack-dev-server] On Your Network (IPv6): http://[::]:8080/", []string{"http://localhost:8080"}},
		{"rails puma", "* Listening on http://127.0.0.1:3000", []string{"http://127.0.0.1:3000"}},
		{"django", "Starting development server at http://127.0.0.1:8000/", []string{"http://127.0.0.1:8000"}},
		{"flask", " * Running on http://127.0.0.1:5000 (Press CTRL+C to quit)", []string{"http://127.0.0.1:5000"}},
		{"flask all addresses", " * Running on all addresses (0.0.0.0)", nil},
		{"go server", "2024/05/01 10:00:00 listening on http://0.0.0.0:8080", []string{"http://localhost:8080"}},
		{"python http.server", "Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...", []string{"http://localhost:8000"}},
		{"https host name with path", "Tunnel ready at https://Example.ngrok.io/app?x=1#top.", []string{"https://example.ngrok.io/app?x=1#top"}},
		{"docker single label host", "api available at http://api:4000/v1", []string{"http://api:4000/v1"}},
		{"parenthesised", "(see http://localhost:3000/docs)", []string{"http://localhost:3000/docs"}},
		{"balanced parens kept", "http://localhost/wiki/Go_(language)", []string{"http://localhost/wiki/Go_(language)"}},
		{"quoted", `url="http://localhost:9000/health"`, []string{"http://localhost:9000/health"}},
		{"duplicates collapsed", "http://localhost:3000 http://localhost:3000/ http://0.0.0.0:3000", []string{"http://localhost:3000"}},
		{"upper-case scheme", "HTTP://LOCALHOST:80", []string{"http://localhost:80"}},
		// Not URLs.
		{"other scheme", "connected to postgres://localhost:5432/db and ws://localhost:1", nil},
		{"glued scheme", "xhttp://localhost:3000", nil},
		{"bad ipv4", "http://999.1.1.1:80", nil},
		{"bad port", "http://localhost:99999/ http://localhost:abc", []string{"http://localhost"}},
		{"no host", "http:// nothing", nil},
		{"bad ipv6", "http://[zz]:80", nil},
		{"empty", "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := DetectURLs(tc.line)
			assert.Equal(t, tc.want, got, "DetectURLs(%q): got %q, want %q", tc.line, got, tc.want)
		})
	}
}

func TestDetectURLsRealOutput(t *testing.T) {
	cases := []struct{ file, want string }{
		{"vite-dev.txt", "http://localhost:5199"},
		{"python-http-server.txt", "http://localhost:38124"},
		{"node-eaddrinuse.txt", "http://localhost:38123"},
		{"rust-panic.txt", "http://localhost:7878"},
		{"python-chained.txt", "http://127.0.0.1:8000"},
	}
	for _, tc := range cases {
		b, err := os.ReadFile("testdata/" + tc.file)
		require.NoError(t, err)
		var got []string
		for _, l := range strings.Split(string(b), "\n") {
			for _, u := range DetectURLs(StripANSI(l)) {
				if !containsString(got, u) {
					got = append(got, u)
				}
			}
		}
		assert.Equal(t, []string{tc.want}, got, "%s: got %q, want %q", tc.file, got, tc.want)
	}
}

func TestNormaliseLink(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"http://0.0.0.0:3000/", "http://localhost:3000", true},
		{"https://docs.example.com/x", "https://docs.example.com/x", true},
		{"file:///etc/passwd", "", false},
		{"mailto:x@y", "", false},
		{"see http://localhost", "", false},
	}
	for _, tc := range cases {
		got, ok := normaliseLink(tc.in)
		assert.Equal(t, tc.ok, ok, "normaliseLink(%q) ok: got %v, want %v", tc.in, ok, tc.ok)
		assert.Equal(t, tc.want, got, "normaliseLink(%q): got %q, want %q", tc.in, got, tc.want)
	}
}

// FuzzDetectURLs checks that no input panics detection and that the output
// is bounded and made of well-formed http(s) URLs.
func FuzzDetectURLs(f *testing.F) {
	for _, s := range []string{
		"", "http://localhost:3000", "https://[::]:8443/x", "http://0.0.0.0", "http://[", "http://a.b.c:65535/p?q#f",
		"https://" + strings.Repeat("a.", 200), "http://x:" + strings.Repeat("9", 50), strings.Repeat("http://", 100),
		"http://localhost/" + strings.Repeat("(", 100) + strings.Repeat(")", 101),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := DetectURLs(s)
		require.LessOrEqual(t, len(got), maxURLsPerLine, "got %d URLs, want <= %d", len(got), maxURLsPerLine)
		seen := map[string]bool{}
		for _, u := range got {
			require.True(t, strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://"), "got %q, want an http(s) URL", u)
			require.LessOrEqual(t, len(u), maxURLLen+300, "URL of %d bytes, want bounded", len(u))
			require.False(t, strings.ContainsAny(u, " \t\n\"'<>`"), "URL %q contains a delimiter", u)
			require.False(t, seen[u], "duplicate %q", u)
			seen[u] = true
			require.Equal(t, []string{u}, DetectURLs(u), "normalised URL %q does not detect as itself", u)
		}
	})
}
