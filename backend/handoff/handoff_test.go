package handoff

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFolderIsAbsoluteAndClean(t *testing.T) {
	wd := filepath.Join(string(filepath.Separator), "home", "me")
	abs := filepath.Join(string(filepath.Separator), "srv", "app")
	cases := []struct{ arg, want string }{
		{"", ""},
		{"x", filepath.Join(wd, "x")},
		{".", wd},
		{filepath.Join("..", "you", "y"), filepath.Join(string(filepath.Separator), "home", "you", "y")},
		{abs, abs},
		{abs + string(filepath.Separator) + "." + string(filepath.Separator), abs},
	}
	for _, c := range cases {
		got := Folder(c.arg, wd)
		assert.Equal(t, c.want, got, "Folder(%q, %q): got %q, want %q", c.arg, wd, got, c.want)
	}
}

func TestARequestIsAnsweredOnceByItsID(t *testing.T) {
	var s Slot
	assert.Equal(t, Request{}, s.Pending(), "nothing waits at first")
	_, err := s.Take("")
	assert.ErrorIs(t, err, ErrNoRequest, "no request waits, so none can be answered: got %v", err)
	req := s.Offer("/b", "/a", 2)
	assert.Len(t, req.ID, 32, "got ID %q, want 128 bits in hex", req.ID)
	assert.Equal(t, Request{ID: req.ID, Dir: "/b", Current: "/a", Running: 2}, req)
	assert.Equal(t, req, s.Pending())

	for _, id := range []string{"", "guess", req.ID[:31]} {
		_, err = s.Take(id)
		assert.ErrorIs(t, err, ErrNoRequest, "Take(%q): got %v, want ErrNoRequest", id, err)
	}
	assert.Equal(t, req, s.Pending(), "a wrong answer leaves the request waiting")

	got, err := s.Take(req.ID)
	require.NoError(t, err)
	assert.Equal(t, req, got)
	assert.Equal(t, Request{}, s.Pending(), "answered: nothing waits")
	_, err = s.Take(req.ID)
	assert.ErrorIs(t, err, ErrNoRequest, "a request is answered once")
}

func TestANewerLaunchReplacesTheWaitingRequest(t *testing.T) {
	var s Slot
	first := s.Offer("/b", "/a", 1)
	second := s.Offer("/c", "/a", 1)
	assert.NotEqual(t, first.ID, second.ID, "every request has its own ID")
	assert.Equal(t, second, s.Pending())
	_, err := s.Take(first.ID)
	assert.ErrorIs(t, err, ErrNoRequest, "the replaced request can no longer be answered")
	got, err := s.Take(second.ID)
	require.NoError(t, err)
	assert.Equal(t, "/c", got.Dir)
}

func TestConcurrentAnswersOpenOnce(t *testing.T) {
	var s Slot
	req := s.Offer("/b", "/a", 1)
	var wg sync.WaitGroup
	var mu sync.Mutex
	taken := 0
	for range 8 {
		wg.Go(func() {
			if _, err := s.Take(req.ID); err == nil {
				mu.Lock()
				taken++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 1, taken, "got %d answers taken, want 1", taken)
}
