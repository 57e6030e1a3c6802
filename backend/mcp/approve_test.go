package mcp

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseAllow(t *testing.T) {
	h, err := ParseAllow(" start, restart ")
	assert.NoError(t, err)
	assert.Equal(t, "start,restart", h.String())
	h, err = ParseAllow("all")
	assert.NoError(t, err)
	assert.Equal(t, "start,stop,restart,run_command", h.String())
	_, err = ParseAllow("start,rm")
	assert.ErrorContains(t, err, `unknown tool "rm"`)
	h, err = ParseAllow("")
	assert.NoError(t, err)
	d, err := h.Approve(context.Background(), Request{Tool: ToolStart})
	assert.Equal(t, Deny, d)
	assert.ErrorIs(t, err, ErrNotAllowed)
}

// FuzzParseAllow: whatever --allow says, what it allows is acting tools
// it named, or an error.
func FuzzParseAllow(f *testing.F) {
	for _, s := range []string{"", "all", "start,stop", "run_command,,", "start, restart", "get_logs", "ALL", "start\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		h, err := ParseAllow(list)
		if err != nil {
			return
		}
		for tool := range h {
			assert.True(t, slices.Contains(ActingTools, tool), "allowed %q", tool)
		}
	})
}

func TestCutKeepsWholeCharacters(t *testing.T) {
	assert.Equal(t, "short", cut("short", 10))
	got := cut("ééééééééé", 8) // 2 bytes each
	assert.LessOrEqual(t, len(got), 8)
	assert.Equal(t, "éé…", got)
}
