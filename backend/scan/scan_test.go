package scan

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/session"
)

// recorder keeps every Progress an Opener reports.
type recorder struct {
	mu  sync.Mutex // protects got
	got []Progress
}

func (r *recorder) notify(p Progress) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, p)
}

func (r *recorder) all() []Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

func project(t *testing.T, procfile string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Procfile"), []byte(procfile), 0o644))
	return dir
}

func closeLater(t *testing.T, s *session.Session) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = s.Close(ctx)
	})
}

func commitNothing(*session.Session) {}

func TestOpenReportsTheScanFromStartToEnd(t *testing.T) {
	dir := project(t, "web: sleep 1\n")
	var r recorder
	o := Opener{Notify: r.notify}
	s, err := o.Open(dir, session.Options{}, commitNothing)
	require.NoError(t, err)
	closeLater(t, s)

	got := r.all()
	require.GreaterOrEqual(t, len(got), 2, "got %+v, want a start and an end", got)
	assert.Equal(t, Progress{Dir: dir, Active: true}, got[0], "the first report starts the scan")
	last := got[len(got)-1]
	assert.False(t, last.Active, "got %+v, want the last report to end the scan", last)
	assert.Positive(t, last.Examined, "got %+v, want the files examined", last)
	assert.Nil(t, last.Error)
	assert.Equal(t, last, o.Status(), "Status is the last report")
}

func TestOpenPassesTheScanCountOn(t *testing.T) {
	dir := project(t, "web: sleep 1\n")
	var o Opener
	var mu sync.Mutex
	seen := 0
	s, err := o.Open(dir, session.Options{OnScan: func(n int) { mu.Lock(); seen = n; mu.Unlock() }}, commitNothing)
	require.NoError(t, err)
	closeLater(t, s)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, o.Status().Examined, seen, "the caller's OnScan gets the count too")
}

func TestFailedOpenEndsTheScanWithTheReason(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gone")
	var r recorder
	o := Opener{Notify: r.notify}
	_, err := o.Open(dir, session.Options{}, commitNothing)
	require.Error(t, err)
	st := o.Status()
	assert.Equal(t, dir, st.Dir)
	assert.False(t, st.Active, "got %+v, want an ended scan", st)
	require.NotNil(t, st.Error, "got %+v, want the reason", st)
	assert.Equal(t, "not_exist", st.Error.Code, "got %q, want not_exist", st.Error.Code)
	assert.Equal(t, err.Error(), st.Error.Message)
	got := r.all()
	assert.Equal(t, st, got[len(got)-1], "the end is reported")
}

func TestACancelledScanReportsNothingOverTheLaterOne(t *testing.T) {
	slow := project(t, "slow: sleep 1\n")
	other := project(t, "other: sleep 1\n")
	var r recorder
	o := Opener{Notify: r.notify}

	blocked := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	hold := func(int) { once.Do(func() { close(blocked); <-release }) }
	first := make(chan error, 1)
	go func() {
		_, err := o.Open(slow, session.Options{OnScan: hold}, commitNothing)
		first <- err
	}()
	<-blocked // the slow scan has reported once, and is held there

	s, err := o.Open(other, session.Options{}, commitNothing)
	require.NoError(t, err)
	closeLater(t, s)
	n := len(r.all())
	close(release)
	require.ErrorIs(t, <-first, session.ErrCancelled)

	st := o.Status()
	assert.Equal(t, other, st.Dir, "got %+v, want the later scan", st)
	assert.False(t, st.Active)
	assert.Nil(t, st.Error, "a cancelled scan is no failure: got %+v", st.Error)
	assert.Len(t, r.all(), n, "the cancelled scan reported after the later one began: %+v", r.all()[n:])
}

func TestStatusDoesNotWaitForAReport(t *testing.T) {
	dir := project(t, "web: sleep 1\n")
	blocked := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	o := Opener{Notify: func(p Progress) {
		if p.Examined > 0 {
			once.Do(func() { close(blocked); <-release })
		}
	}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if s, err := o.Open(dir, session.Options{}, commitNothing); err == nil {
			closeLater(t, s)
		}
	}()
	<-blocked
	got := make(chan Progress, 1)
	go func() { got <- o.Status() }()
	select {
	case st := <-got:
		assert.True(t, st.Active, "got %+v, want the scan in flight", st)
		assert.Positive(t, st.Examined)
	case <-time.After(10 * time.Second):
		t.Fatal("Status waited for a report")
	}
	close(release)
	<-done
}

// TestOnlyTheScanInFlightIsReported drives the rules directly: reports of a
// superseded scan (another folder, or a cancelled open of the same one)
// change nothing, those of the scan in flight do.
func TestOnlyTheScanInFlightIsReported(t *testing.T) {
	var r recorder
	o := Opener{Notify: r.notify}
	o.begin("/a")
	o.begin("/b") // a later open, before the first one's scan stopped
	o.examined("/a", 5)
	o.end("/a", nil)
	assert.Equal(t, Progress{Dir: "/b", Active: true}, o.Status(), "the superseded scan of /a changed the status")
	assert.Len(t, r.all(), 2, "got %+v, want only the two starts", r.all())

	o.examined("/b", 3)
	assert.Equal(t, Progress{Dir: "/b", Examined: 3, Active: true}, o.Status())

	o.begin("/b") // the same folder again: the first open is cancelled
	o.end("/b", session.ErrCancelled)
	assert.Equal(t, Progress{Dir: "/b", Active: true}, o.Status(), "the cancelled open ended the scan that replaced it")

	o.end("/b", nil)
	assert.Equal(t, Progress{Dir: "/b", Active: false}, o.Status())
	o.examined("/b", 9)
	assert.Equal(t, Progress{Dir: "/b", Active: false}, o.Status(), "a report after the end reopened the scan")
	assert.Len(t, r.all(), 5, "got %+v, want starts, one count and the end", r.all())
}
