package browser

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOnlyWebURLsWithAHostAreOpened(t *testing.T) {
	cases := []struct {
		raw, want string // want "" when refused
	}{
		{"http://localhost:4555", "http://localhost:4555"},
		{"https://example.com/a?b=c#d", "https://example.com/a?b=c#d"},
		{"http://[::1]:8080/", "http://[::1]:8080/"},
		{"http://localhost:3000/a b", "http://localhost:3000/a%20b"}, // as net/url writes it
		{"file:///etc/passwd", ""},
		{"javascript:alert(1)", ""},
		{"vscode://file/etc/passwd", ""},
		{"ftp://example.com/", ""},
		{"http:///nohost", ""},
		{"http:opaque", ""},
		{"HTTP://EXAMPLE.COM/", "http://EXAMPLE.COM/"}, // schemes are case-insensitive
		{"localhost:3000", ""},
		{"", ""},
		{"%zz", ""},
		{"http://a b/", ""},
	}
	for _, c := range cases {
		var opened []string
		err := Open(func(u string) { opened = append(opened, u) }, c.raw)
		if c.want == "" {
			assert.ErrorIs(t, err, ErrBadURL, "%q: got %v, want ErrBadURL", c.raw, err)
			assert.Empty(t, opened, "%q: got %v opened, want nothing", c.raw, opened)
			if err != nil {
				assert.Contains(t, err.Error(), c.raw, "the error names the URL")
			}
			continue
		}
		require.NoError(t, err, c.raw)
		assert.Equal(t, []string{c.want}, opened, "%q: got %v, want %q", c.raw, opened, c.want)
		got, err := Check(c.raw)
		require.NoError(t, err)
		assert.Equal(t, c.want, got)
	}
}

// FuzzCheck: whatever the string, what Check lets through parses back as an
// http(s) URL with a host, and is stable (checking it again gives it back).
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"http://localhost:1/", "https://x/y?z", "file:///etc/passwd", "javascript:x", "http://", "%zz", "http://[::1]/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := Check(raw)
		if err != nil {
			if got != "" {
				t.Fatalf("%q refused but returned %q", raw, got)
			}
			return
		}
		u, perr := url.Parse(got)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			t.Fatalf("%q let through as %q, which is not an http(s) URL with a host", raw, got)
		}
		again, err := Check(got)
		if err != nil || again != got {
			t.Fatalf("%q: Check(%q) = %q, %v; want it back", raw, got, again, err)
		}
	})
}
