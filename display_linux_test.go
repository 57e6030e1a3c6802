//go:build !bindings

package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckDisplay(t *testing.T) {
	tests := []struct {
		name, display, wayland string
		wantErr                bool
	}{
		{"neither", "", "", true},
		{"X11", ":0", "", false},
		{"Wayland", "", "wayland-0", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("DISPLAY", tt.display)
			t.Setenv("WAYLAND_DISPLAY", tt.wayland)
			err := checkDisplay()
			assert.Equal(t, tt.wantErr, err != nil, "got error %v, want error: %v", err, tt.wantErr)
		})
	}
}
