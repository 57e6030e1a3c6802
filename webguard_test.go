package main

import "testing"

func TestAllowedWebURI(t *testing.T) {
	cases := []struct {
		uri  string
		want bool
	}{
		{"wails://wails/", true},
		{"wails://wails/index.html#logs", true},
		{"wails://wails.localhost:34115/", true},
		{"WAILS://Wails/", true},
		{"about:blank", true},
		{"http://127.0.0.1:8000/evil.html", false},
		{"https://example.com/", false},
		{"file:///etc/passwd", false},
		{"data:text/html,<script>x</script>", false},
		{"javascript:alert(1)", false},
		{"about:srcdoc", false},
		{"wails://evil.example/", false},
		{"wails://wails.evil.example/", false},
		{"wails://wails.localhost.evil.example/", false},
		{"", false},
		{"://", false},
	}
	for _, c := range cases {
		if got := allowedWebURI(c.uri); got != c.want {
			t.Errorf("allowedWebURI(%q): got %v, want %v", c.uri, got, c.want)
		}
	}
}

func TestBrowserURL(t *testing.T) {
	cases := []struct {
		uri  string
		want bool
	}{
		{"https://example.com/a?b#c", true},
		{"http://127.0.0.1:5173/", true},
		{"file:///etc/passwd", false},
		{"javascript:alert(1)", false},
		{"http:///nohost", false},
		{"wails://wails/", false},
	}
	for _, c := range cases {
		if _, got := browserURL(c.uri); got != c.want {
			t.Errorf("browserURL(%q): got %v, want %v", c.uri, got, c.want)
		}
	}
}

// FuzzAllowedWebURI: whatever the string, only wails: URIs on Hum's hosts
// (or about:blank) are allowed, and nothing panics.
func FuzzAllowedWebURI(f *testing.F) {
	for _, s := range []string{"wails://wails/", "wails://wails.localhost:1/", "http://x/", "about:blank", "wails://a@wails/", "%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, uri string) {
		if !allowedWebURI(uri) {
			return
		}
		if uri == "about:blank" {
			return
		}
		if len(uri) < 8 || !allowedSchemeFold(uri) {
			t.Fatalf("allowed %q, which is not a wails: URI", uri)
		}
		if u, ok := browserURL(uri); ok {
			t.Fatalf("%q is both Hum's page and a browser URL %q", uri, u)
		}
	})
}

func allowedSchemeFold(uri string) bool {
	const p = "wails://"
	for i := 0; i < len(p); i++ {
		c := uri[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[i] {
			return false
		}
	}
	return true
}
