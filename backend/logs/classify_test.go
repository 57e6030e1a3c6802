package logs

import (
	"net"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/process"
)

func server(u string) URL { return URL{Addr: u, Server: true} }
func link(u string) URL   { return URL{Addr: u} }

func TestClassifyURLs(t *testing.T) {
	cases := []struct {
		name, line string
		want       []URL
	}{
		// Banners of servers, as they print them (after ANSI stripping).
		{"vite", "  ➜  Local:   http://localhost:5173/", []URL{server("http://localhost:5173")}},
		{"vite network", "  ➜  Network: http://192.168.1.20:5173/", []URL{server("http://192.168.1.20:5173")}},
		{"next", "   - Local:        http://localhost:3000", []URL{server("http://localhost:3000")}},
		{"astro", " ┃ Local    http://localhost:4321/", []URL{server("http://localhost:4321")}},
		{"webpack", "<i> [webpack-dev-server] Loopback: http://localhost:8080/, http://[::1]:8080/", []URL{server("http://localhost:8080"), server("http://[::1]:8080")}},
		{"webpack lan", "<i> [webpack-dev-server] On Your Network (IPv4): http://10.0.0.7:8080/", []URL{server("http://10.0.0.7:8080")}},
		{"puma", "* Listening on http://127.0.0.1:3000", []URL{server("http://127.0.0.1:3000")}},
		{"django", "Starting development server at http://127.0.0.1:8000/", []URL{server("http://127.0.0.1:8000")}},
		{"flask", " * Running on http://127.0.0.1:5000 (Press CTRL+C to quit)", []URL{server("http://127.0.0.1:5000")}},
		{"go wildcard", "2024/05/01 10:00:00 listening on http://0.0.0.0:8080", []URL{server("http://localhost:8080")}},
		{"uvicorn", "INFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)", []URL{server("http://127.0.0.1:8000")}},
		{"serve", "   Accepting connections at http://localhost:3000", []URL{server("http://localhost:3000")}},
		{"ready on", "> Ready on http://localhost:3000", []URL{server("http://localhost:3000")}},
		{"alone on its line", "        http://127.0.0.1:8888/lab?token=abc", []URL{server("http://127.0.0.1:8888/lab?token=abc")}},
		{"https local", "Listening on https://localhost:8443/app", []URL{server("https://localhost:8443/app")}},
		{"mdns name", "Server running at http://mybox.local:3000", []URL{server("http://mybox.local:3000")}},
		// Links: somebody else's host, whatever the line says.
		{"telemetry", "https://nextjs.org/telemetry", []URL{link("https://nextjs.org/telemetry")}},
		{"docs", "For more information, see https://webpack.js.org/configuration/mode/", []URL{link("https://webpack.js.org/configuration/mode/")}},
		{"public host in a banner", "Listening on https://example.com:443", []URL{link("https://example.com:443")}},
		{"public ip in a banner", "  ➜  Network: http://203.0.113.9:5173/", []URL{link("http://203.0.113.9:5173")}},
		// Links: a local host the process calls, or fails to serve.
		{"go upstream refused", `Get "http://127.0.0.1:4000/api/health": dial tcp 127.0.0.1:4000: connect: connection refused`, []URL{link("http://127.0.0.1:4000/api/health")}},
		{"node fetch failed", "request to http://localhost:4000/api failed, reason: connect ECONNREFUSED 127.0.0.1:4000", []URL{link("http://localhost:4000/api")}},
		{"proxy", "[HPM] Proxy created: /api  -> http://localhost:4000", []URL{link("http://localhost:4000")}},
		{"proxy error in a banner line", "Local: http://localhost:5173 proxy error: /api", []URL{link("http://localhost:5173")}},
		{"access log", `127.0.0.1 - - "GET /x HTTP/1.1" 200 - "http://localhost:3000/ref"`, []URL{link("http://localhost:3000/ref")}},
		{"config dump", "API_URL=http://localhost:4000", []URL{link("http://localhost:4000")}},
		{"hostname word is no banner", "calling localhost http://localhost:4000/v1", []URL{link("http://localhost:4000/v1")}},
		{"mixed", "Local: http://localhost:3000, docs at https://example.org/docs", []URL{server("http://localhost:3000"), link("https://example.org/docs")}},
		{"none", "no URL here", nil},
		{"other scheme", "listening on ws://localhost:3000", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ClassifyURLs(tc.line, nil)
			assert.Equal(t, tc.want, got, "ClassifyURLs(%q): got %v, want %v", tc.line, got, tc.want)
		})
	}
}

func TestClassifyURLsHyperlinks(t *testing.T) {
	// An OSC-8 link's visible text may be anything: the line is its context.
	got := LineURLs("listening on \x1b]8;;http://0.0.0.0:8080/\x1b\\port 8080\x1b]8;;\x1b\\")
	assert.Equal(t, []URL{server("http://localhost:8080")}, got, "banner hyperlink: got %v", got)
	got = LineURLs("read the \x1b]8;;https://vite.dev/guide/\x1b\\guide\x1b]8;;\x1b\\")
	assert.Equal(t, []URL{link("https://vite.dev/guide/")}, got, "docs hyperlink: got %v", got)
	got = LineURLs("\x1b]8;;http://localhost:5173/\x1b\\http://localhost:5173/\x1b]8;;\x1b\\")
	assert.Equal(t, []URL{server("http://localhost:5173")}, got, "a hyperlink of its own text counts once: got %v", got)
}

// ownAddress says whether ip is one of this machine's addresses.
func ownAddress(t *testing.T, ip string) bool {
	addrs, err := net.InterfaceAddrs()
	require.NoError(t, err)
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.String() == ip {
			return true
		}
	}
	return false
}

// TestClassifyURLsRealOutput runs whole recordings (testdata/README.md)
// through the classifier as the store does, line by line.
func TestClassifyURLsRealOutput(t *testing.T) {
	cases := []struct {
		file           string
		servers, links []string
		serverIfOwn    string // the "Network:" address: a server URL where it is this machine's
	}{
		{file: "vite-dev.txt", servers: []string{"http://localhost:5199"}},
		{file: "python-http-server.txt", servers: []string{"http://localhost:38124"}},
		{file: "node-eaddrinuse.txt", servers: []string{"http://localhost:38123"}},
		{file: "rust-panic.txt", servers: []string{"http://localhost:7878"}},
		{file: "python-chained.txt", servers: []string{"http://127.0.0.1:8000"}},
		{file: "java-exception.txt", servers: []string{"http://localhost:8080"}},
		{file: "go-upstream-refused.txt", links: []string{"http://127.0.0.1:4000/api/health"}},
		{file: "next-dev.txt", servers: []string{"http://localhost:38125"}, links: []string{"https://nextjs.org/telemetry"}, serverIfOwn: "192.0.2.2"},
		{file: "vite-cjs-host.txt", servers: []string{"http://localhost:38126"},
			links: []string{"https://vite.dev/guide/troubleshooting.html#vite-cjs-node-api-deprecated"}, serverIfOwn: "192.0.2.2"},
		{file: "next-eaddrinuse.txt", links: []string{"https://nextjs.org/telemetry"}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			var servers, links []string
			for _, l := range fixtureLines(t, tc.file) {
				for _, u := range LineURLs(l) {
					if u.Server {
						servers = append(servers, u.Addr)
					} else {
						links = append(links, u.Addr)
					}
				}
			}
			wantServers, wantLinks := tc.servers, tc.links
			if tc.serverIfOwn != "" {
				// The machine's own address, as the tool found it when it
				// was recorded: this machine's only if it still has it.
				network := "http://" + tc.serverIfOwn + strings.TrimPrefix(tc.servers[0], "http://localhost")
				if ownAddress(t, tc.serverIfOwn) {
					wantServers = append(slices.Clone(wantServers), network)
				} else {
					wantLinks = append(slices.Clone(wantLinks), network)
				}
			}
			assert.Equal(t, wantServers, servers, "%s server URLs: got %q, want %q", tc.file, servers, wantServers)
			assert.ElementsMatch(t, wantLinks, links, "%s links: got %q, want %q", tc.file, links, wantLinks)
		})
	}
}

func TestRecordURL(t *testing.T) {
	p := process.NewProcess(process.State{Identity: &process.Identity{ID: "p"}}, nil)
	rec := func(u URL) bool {
		changed := false
		p.Update(func(st *process.State) bool { changed = RecordURL(st, u); return changed })
		return changed
	}
	require.True(t, rec(link("http://localhost:3000")), "a new link changes the state")
	require.False(t, rec(link("http://localhost:3000")), "the same link again changes nothing")
	before := p.State()
	require.True(t, rec(server("http://localhost:3000")), "announced as the server later, it moves")
	st := p.State()
	assert.Equal(t, []string{"http://localhost:3000"}, st.URLs, "URLs: got %q", st.URLs)
	assert.Empty(t, st.Links, "links: got %q, want the moved URL gone", st.Links)
	assert.Equal(t, []string{"http://localhost:3000"}, before.Links, "the published state was written: got %q", before.Links)
	require.False(t, rec(link("http://localhost:3000")), "a server URL printed again as a link stays the server's")

	for i := 0; i < 100; i++ {
		rec(link("https://cdn.example.com/a" + strings.Repeat("x", i)))
	}
	require.True(t, rec(server("http://localhost:5173")), "links never crowd out a server URL")
	st = p.State()
	assert.Len(t, st.Links, maxLinksPerProc, "got %d links, want the cap %d", len(st.Links), maxLinksPerProc)
	assert.Equal(t, []string{"http://localhost:3000", "http://localhost:5173"}, st.URLs, "URLs: got %q", st.URLs)
}

// FuzzClassifyURLs checks that classification finds exactly the URLs
// DetectURLs finds (plus hyperlinks), marks each once, and that a server
// URL always has a local host.
func FuzzClassifyURLs(f *testing.F) {
	for _, s := range []string{
		"", "  ➜  Local:   http://localhost:5173/", `Get "http://127.0.0.1:4000/x": connection refused`,
		"https://nextjs.org/telemetry", "listening on http://[::]:80 http://[fe80::1]:81 http://10.1.2.3",
		"Local: http://localhost:3000, http://localhost:3000/", "\x1b]8;;http://0.0.0.0:1/\x1b\\x\x1b]8;;\x1b\\ listening",
		"Network: http://172.31.0.1:5/ http://172.32.0.1:5/", strings.Repeat("listen http://a ", 40),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := LineURLs(s)
		require.LessOrEqual(t, len(got), maxURLsPerLine, "got %d URLs, want <= %d", len(got), maxURLsPerLine)
		seen := map[string]bool{}
		for _, u := range got {
			require.False(t, seen[u.Addr], "duplicate %q in %v", u.Addr, got)
			seen[u.Addr] = true
			d := DetectURLs(u.Addr)
			require.Equal(t, []string{u.Addr}, d, "classified %q is not a URL DetectURLs gives back", u.Addr)
			if u.Server {
				_, host, _, ok := parseURLAt(u.Addr, strings.Index(u.Addr, "://"))
				require.True(t, ok)
				require.True(t, localHost(host), "server URL %q has a host that is not local", u.Addr)
			}
		}
		plain := Plain(s)
		for _, d := range DetectURLs(plain) {
			if len(got) < maxURLsPerLine {
				require.True(t, seen[d], "DetectURLs found %q, ClassifyURLs did not (%v)", d, got)
			}
		}
	})
}
