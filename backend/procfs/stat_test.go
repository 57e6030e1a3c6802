package procfs

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseStat(t *testing.T) {
	cases := []struct {
		name string
		line string
		want Stat
		ok   bool
	}{
		{
			name: "plain",
			line: "11407 (cat) R 11402 11403 8405 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 29710 3133440 409 18446744073709551615\n",
			want: Stat{PID: 11407, PPID: 11402, PGID: 11403, Start: 29710},
			ok:   true,
		},
		{
			name: "name with spaces and parentheses",
			line: "42 (a) b (c) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 777 0 0\n",
			want: Stat{PID: 42, PPID: 1, PGID: 42, Start: 777},
			ok:   true,
		},
		{
			name: "zombie",
			line: "7 (sh) Z 6 6 6 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0\n",
			want: Stat{PID: 7, PPID: 6, PGID: 6, Start: 5, Zombie: true},
			ok:   true,
		},
		{
			name: "starttime is the last field",
			line: "7 (sh) S 6 6 6 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5\n",
			want: Stat{PID: 7, PPID: 6, PGID: 6, Start: 5},
			ok:   true,
		},
		{name: "truncated", line: "7 (sh) S 6 6 6 0", ok: false},
		{name: "no name", line: "7 sh S 6 6 6", ok: false},
		{name: "garbage pid", line: "x7 (sh) S 6 6 6 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5\n", ok: false},
		{name: "empty", line: "", ok: false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ParseStat([]byte(tc.line))
			require.Equal(t, tc.ok, ok, "got ok %v, want %v", ok, tc.ok)
			if tc.ok {
				assert.Equal(t, tc.want, got, "got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// FuzzParseStat: any bytes (a file read while its process exits, a
// kernel's format we do not know) give a Stat or false, never a panic; a
// line without a name in parentheses is never parsed.
func FuzzParseStat(f *testing.F) {
	for _, s := range []string{
		"11407 (cat) R 11402 11403 8405 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 29710 3133440 409 18446744073709551615\n",
		"42 (a) b (c) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 777 0 0\n",
		"7 (sh) Z 6 6 6 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5\n", "", "7 (", ")",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if st, ok := ParseStat(b); ok && (!bytes.Contains(b, []byte("(")) || !bytes.Contains(b, []byte(")"))) {
			t.Fatalf("parsed %+v from %q, which has no name in parentheses", st, b)
		}
	})
}
