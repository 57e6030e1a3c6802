package ports

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOf(t *testing.T) {
	cases := []struct {
		in   string
		want int
	}{
		{"http://localhost:5173", 5173},
		{"http://localhost", 80},
		{"https://[::1]/x", 443},
		{"https://127.0.0.1:8443/app?q=1", 8443},
		{"ftp://x", 0},
		{"::", 0},
	}
	for _, tc := range cases {
		got := Of(tc.in)
		assert.Equal(t, tc.want, got, "Of(%q): got %d, want %d", tc.in, got, tc.want)
	}
}

func TestServerURL(t *testing.T) {
	cases := []struct {
		name               string
		urls               []string
		listening          []int
		want               string
		confirmed, guessed bool
	}{
		{"printed and listening", []string{"http://localhost:5173"}, []int{5173, 24678}, "http://localhost:5173", true, false},
		{"the listening one first", []string{"http://localhost:3000", "http://localhost:3001"}, []int{3001}, "http://localhost:3001", true, false},
		{"printed, not listening (yet)", []string{"http://localhost:3000"}, nil, "http://localhost:3000", false, false},
		{"listening, printed nothing", nil, []int{8080, 9229}, "http://localhost:8080", false, true},
		{"neither", nil, nil, "", false, false},
	}
	for _, tc := range cases {
		got, confirmed, guessed := ServerURL(tc.urls, tc.listening)
		assert.Equal(t, tc.want, got, "%s: got %q, want %q", tc.name, got, tc.want)
		assert.Equal(t, tc.confirmed, confirmed, "%s: confirmed: got %v, want %v", tc.name, confirmed, tc.confirmed)
		assert.Equal(t, tc.guessed, guessed, "%s: guessed: got %v, want %v", tc.name, guessed, tc.guessed)
	}
}
