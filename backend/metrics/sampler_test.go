package metrics

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSetHiddenSamplesEveryHiddenInterval: a hidden window's figures are
// sampled every HiddenInterval, and every Interval again once it shows.
func TestSetHiddenSamplesEveryHiddenInterval(t *testing.T) {
	s := NewSampler(Options{})
	assert.Equal(t, DefaultInterval, s.every(), "shown: got %v, want %v", s.every(), DefaultInterval)
	s.SetHidden(true)
	assert.Equal(t, HiddenInterval, s.every(), "hidden: got %v, want %v", s.every(), HiddenInterval)
	s.SetHidden(true)
	assert.Equal(t, HiddenInterval, s.every(), "hidden twice: got %v, want %v", s.every(), HiddenInterval)
	s.SetHidden(false)
	assert.Equal(t, DefaultInterval, s.every(), "shown again: got %v, want %v", s.every(), DefaultInterval)
}

// TestNoHistoryIsAnEmptyList: an ID never sampled has no points, which
// encode as [] rather than null.
func TestNoHistoryIsAnEmptyList(t *testing.T) {
	s := NewSampler(Options{})
	b, err := json.Marshal(s.History("never"))
	assert.NoError(t, err)
	assert.Equal(t, "[]", string(b), "got %s, want []", b)
	s.Forget("never")
	b, _ = json.Marshal(s.History("never"))
	assert.Equal(t, "[]", string(b), "after Forget: got %s, want []", b)
}
