package ports

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConflictPort(t *testing.T) {
	cases := []struct {
		line string
		want int
	}{
		{"Error: listen EADDRINUSE: address already in use :::3000", 3000},
		{"Error: listen EADDRINUSE: address already in use 127.0.0.1:38123", 38123},
		{"2026/12/02 13:40:22 listen tcp :8080: bind: address already in use", 8080},
		{"Port 5173 is in use, trying another one...", 5173},
		{`Address already in use - bind(2) for "127.0.0.1" port 3000 (Errno::EADDRINUSE)`, 3000},
		{"⚠ Port 3000 is in use by process 4242, using available port 3001 instead.", 3000},
		{"OSError: [Errno 98] Address already in use", 0},
		{"code: 'EADDRINUSE',", 0},
		{"listening on :3000", 0},
		{"the disk is in use", 0},
		{"port 99999 is in use", 0},
	}
	for _, tc := range cases {
		got, ok := ConflictPort(tc.line)
		assert.Equal(t, tc.want, got, "ConflictPort(%q): got %d, want %d", tc.line, got, tc.want)
		assert.Equal(t, tc.want != 0, ok, "ConflictPort(%q) ok", tc.line)
		if tc.want != 0 {
			assert.True(t, MayConflict([]byte(tc.line)), "MayConflict(%q) must let it through", tc.line)
		}
	}
}

// TestConflictPortRealOutput reads the recordings of backend/logs (see its
// testdata/README.md): Node's and Next's EADDRINUSE.
func TestConflictPortRealOutput(t *testing.T) {
	for file, want := range map[string]int{"node-eaddrinuse.txt": 38123, "next-eaddrinuse.txt": 38125} {
		b, err := os.ReadFile("../logs/testdata/" + file)
		require.NoError(t, err)
		var got []int
		for _, l := range strings.Split(string(b), "\n") {
			if !MayConflict([]byte(l)) {
				continue
			}
			if p, ok := ConflictPort(l); ok {
				got = append(got, p)
			}
		}
		require.NotEmpty(t, got, "%s: no conflict found", file)
		for _, p := range got {
			assert.Equal(t, want, p, "%s: got port %d, want %d", file, p, want)
		}
	}
}

func TestAncestry(t *testing.T) {
	a := Ancestry(os.Getpid())
	require.GreaterOrEqual(t, len(a), 2, "got %v, want this test and its parent", a)
	assert.Equal(t, os.Getpid(), a[0])
	assert.Equal(t, os.Getppid(), a[1])
}

// FuzzConflictPort: no line panics the parser, and a port it finds is one.
func FuzzConflictPort(f *testing.F) {
	for _, s := range []string{"", "address already in use :::3000", "Port 5173 is in use", "port port 1 in use",
		"EADDRINUSE :99999", "in use :" + strings.Repeat("9", 40), "already in use port 65535x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := ConflictPort(s)
		if ok {
			require.True(t, p > 0 && p <= 65535, "port %d out of range", p)
			require.True(t, MayConflict([]byte(s)) || strings.Contains(strings.ToLower(s), "in use") ||
				strings.Contains(strings.ToLower(s), "eaddrinuse"), "%q passed without a conflict word", s)
		} else {
			require.Zero(t, p)
		}
	})
}
