package logs

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
	"hum/backend/process"
	"hum/backend/wine"
)

// eventually polls cond until it holds or a generous deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	poll.Until(t, 10*time.Second, cond, "waiting for %s", what)
}

func put(s *Store, proc string, st process.Stream, lines ...string) {
	for _, l := range lines {
		s.Line(proc, st, []byte(l))
	}
}

func texts(lines []Line) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Text
	}
	return out
}

func TestLineStoresBothFormsAndCopies(t *testing.T) {
	s := NewStore(Options{})
	defer s.Close()
	buf := []byte("\x1b[31mfailed\x1b[0m")
	before := time.Now()
	s.Line("web", process.Stderr, buf)
	copy(buf, "XXXXXXXXXXXXXXX") // the caller reuses its buffer
	pg := s.Page("web", 0, 10)
	require.Len(t, pg.Lines, 1, "got %d lines, want 1", len(pg.Lines))
	l := pg.Lines[0]
	assert.Equal(t, uint64(1), l.Seq, "seq: got %d, want 1", l.Seq)
	assert.Equal(t, "web", l.Proc, "proc: got %q, want web", l.Proc)
	assert.Equal(t, "stderr", l.Stream, "stream: got %q, want stderr", l.Stream)
	assert.Equal(t, "\x1b[31mfailed\x1b[0m", l.Raw, "raw: got %q", l.Raw)
	assert.Equal(t, "failed", l.Text, "text: got %q, want failed", l.Text)
	assert.False(t, l.Time.Before(before), "time: got %v, want >= %v", l.Time, before)
	assert.Equal(t, uint64(1), pg.Next, "next: got %d, want 1", pg.Next)
}

// TestLineCollapsesProgressLines checks what the store does to each line
// the core hands it (one line, already cut: process.Sink's contract, tested
// in process's TestLineWriter*): a carriage-return progress line keeps its
// final state, and an empty line stays a line.
func TestLineCollapsesProgressLines(t *testing.T) {
	s := NewStore(Options{})
	defer s.Close()
	for _, l := range []string{"one", "two\r", "", "fetch 10%\rfetch 50%\rfetch 100%"} {
		s.Line("p", process.Stdout, []byte(l))
	}
	got := texts(s.Page("p", 0, 0).Lines)
	assert.Equal(t, []string{"one", "two", "", "fetch 100%"}, got, "got %q", got)
}

// TestPiecesOfALongLineAreMarkedMore feeds the pieces of long lines as the
// core delivers them (LinePart, then Line for the last): each piece but the
// last is marked More, per stream.
func TestPiecesOfALongLineAreMarkedMore(t *testing.T) {
	s := NewStore(Options{})
	defer s.Close()
	const max = process.DefaultMaxLine
	s.LinePart("p", process.Stdout, []byte(strings.Repeat("a", max)))
	s.LinePart("p", process.Stderr, []byte("first"))
	s.Line("p", process.Stdout, []byte(strings.Repeat("a", 10)))
	s.Line("p", process.Stdout, []byte("short"))
	s.LinePart("p", process.Stderr, []byte("second"))
	s.Line("p", process.Stderr, []byte("third"))
	var got []string
	for _, l := range s.Page("p", 0, 0).Lines {
		got = append(got, fmt.Sprintf("%s %d %v", l.Stream, len(l.Raw), l.More))
	}
	want := []string{
		fmt.Sprintf("stdout %d true", max), "stderr 5 true", "stdout 10 false", "stdout 5 false",
		"stderr 6 true", "stderr 5 false",
	}
	assert.Equal(t, want, got, "got %q, want %q", got, want)
}

func TestRingBoundsLinesAndBytes(t *testing.T) {
	t.Run("lines", func(t *testing.T) {
		s := NewStore(Options{MaxLines: 100})
		defer s.Close()
		for i := 1; i <= 1000; i++ {
			put(s, "p", process.Stdout, fmt.Sprintf("line %d", i))
		}
		st := s.Stats("p")
		assert.Equal(t, 100, st.Lines, "lines: got %d, want 100", st.Lines)
		assert.Equal(t, uint64(900), st.Evicted, "evicted: got %d, want 900", st.Evicted)
		pg := s.Page("p", 0, 1)
		assert.True(t, pg.Gap, "gap: got false, want true")
		assert.Equal(t, "line 901", pg.Lines[0].Text, "oldest kept: got %q, want line 901", pg.Lines[0].Text)
		pg = s.Page("p", 950, 10)
		assert.False(t, pg.Gap, "gap after a kept seq: got true, want false")
		assert.Equal(t, uint64(951), pg.Lines[0].Seq, "got %d, want 951", pg.Lines[0].Seq)
	})
	t.Run("bytes", func(t *testing.T) {
		s := NewStore(Options{MaxBytes: 1000})
		defer s.Close()
		line := strings.Repeat("x", 99)
		for i := 0; i < 100; i++ {
			put(s, "p", process.Stdout, line)
		}
		st := s.Stats("p")
		assert.Equal(t, 10, st.Lines, "lines: got %d, want 10", st.Lines)
		assert.LessOrEqual(t, st.Bytes, 1000, "bytes: got %d, want <= 1000", st.Bytes)
		// A coloured line is charged for both its forms.
		put(s, "q", process.Stdout, "\x1b[1m"+line+"\x1b[0m")
		st = s.Stats("q")
		assert.Equal(t, 2*99+8, st.Bytes, "bytes: got %d, want %d", st.Bytes, 2*99+8)
	})
}

func TestPageMergedAndPerProcess(t *testing.T) {
	s := NewStore(Options{})
	defer s.Close()
	put(s, "a", process.Stdout, "a1")
	put(s, "b", process.Stderr, "b1")
	put(s, "a", process.Stdout, "a2")
	put(s, "c", process.Stdout, "c1")
	put(s, "b", process.Stdout, "b2")

	pg := s.Page("", 0, 0)
	assert.Equal(t, []string{"a1", "b1", "a2", "c1", "b2"}, texts(pg.Lines), "merged: got %q", texts(pg.Lines))
	assert.Equal(t, uint64(5), pg.Next, "next: got %d, want 5", pg.Next)

	var all []string
	var after uint64
	for {
		pg := s.Page("", after, 2)
		if len(pg.Lines) == 0 {
			assert.Equal(t, after, pg.Next, "empty page next: got %d, want %d", pg.Next, after)
			break
		}
		all = append(all, texts(pg.Lines)...)
		after = pg.Next
	}
	assert.Equal(t, []string{"a1", "b1", "a2", "c1", "b2"}, all, "paged merged: got %q", all)

	pg = s.Page("b", 0, 0)
	assert.Equal(t, []string{"b1", "b2"}, texts(pg.Lines), "proc b: got %q", texts(pg.Lines))
	pg = s.Page("b", 2, 0)
	assert.Equal(t, []string{"b2"}, texts(pg.Lines), "proc b after 2: got %q", texts(pg.Lines))
	pg = s.Page("nope", 0, 0)
	assert.Empty(t, pg.Lines, "unknown proc: got %q", texts(pg.Lines))
	assert.NotNil(t, pg.Lines, "lines must be an empty slice for JSON, not null")

	tl := s.Tail("", 3)
	assert.Equal(t, []string{"a2", "c1", "b2"}, texts(tl.Lines), "tail merged: got %q", texts(tl.Lines))
	assert.Equal(t, uint64(5), tl.Next, "tail next: got %d, want 5", tl.Next)
	assert.False(t, tl.Gap, "tail gap: got true, want false")
	tl = s.Tail("a", 10)
	assert.Equal(t, []string{"a1", "a2"}, texts(tl.Lines), "tail a: got %q", texts(tl.Lines))
}

func TestMergedPageReportsGapsOfAnyProcess(t *testing.T) {
	s := NewStore(Options{MaxLines: 2})
	defer s.Close()
	put(s, "quiet", process.Stdout, "q1")            // seq 1
	put(s, "loud", process.Stdout, "l1", "l2", "l3") // seq 2..4, l1 evicted
	pg := s.Page("", 0, 1)
	assert.True(t, pg.Gap, "gap: got false, want true")
	assert.Equal(t, []string{"q1"}, texts(pg.Lines), "got %q", texts(pg.Lines))
	pg = s.Page("", 2, 0)
	assert.False(t, pg.Gap, "gap after the evicted seq: got true, want false")
	assert.Equal(t, []string{"l2", "l3"}, texts(pg.Lines), "got %q", texts(pg.Lines))
	tl := s.Tail("loud", 5)
	assert.True(t, tl.Gap, "tail gap: got false, want true")
}

func TestClearAndRemove(t *testing.T) {
	var mu sync.Mutex
	var errs []ErrorEntry
	s := NewStore(Options{OnError: func(e ErrorEntry) { mu.Lock(); errs = append(errs, e); mu.Unlock() }})
	defer s.Close()
	put(s, "a", process.Stdout, "http://localhost:1234", "main.go:1:1: bad", "next")
	put(s, "b", process.Stdout, "b1")
	require.Len(t, s.Errors("a"), 1, "errors before clear: got %d, want 1", len(s.Errors("a")))

	s.Clear("a")
	assert.Empty(t, s.Page("a", 0, 0).Lines, "lines after clear")
	assert.Empty(t, s.Errors("a"), "errors after clear")
	assert.Equal(t, []string{"http://localhost:1234"}, s.URLs("a"), "URLs survive clear: got %q", s.URLs("a"))
	pg := s.Page("", 0, 0)
	assert.Equal(t, []string{"b1"}, texts(pg.Lines), "other process untouched: got %q", texts(pg.Lines))
	assert.False(t, pg.Gap, "clearing is not a gap")

	put(s, "a", process.Stdout, "a-after")
	assert.Equal(t, uint64(5), s.Page("a", 0, 0).Lines[0].Seq, "seq keeps increasing after clear")

	s.Clear("")
	assert.Empty(t, s.Page("", 0, 0).Lines, "lines after clear all")

	s.Remove("a")
	assert.Empty(t, s.URLs("a"), "URLs after remove: got %q", s.URLs("a"))
	assert.Equal(t, Stats{}, s.Stats("a"), "stats after remove")
}

// TestSubscriptionHoldsLinesUntilTaken checks that a subscriber gets
// every line, in order, when it takes them: the store adds no delay and no
// batching of its own, and Ready says when there is something to take.
func TestSubscriptionHoldsLinesUntilTaken(t *testing.T) {
	s := NewStore(Options{})
	defer s.Close()
	sub := s.Subscribe(100)
	defer sub.Close()
	select {
	case <-sub.Ready():
		t.Fatal("ready before any line")
	default:
	}
	for i := 0; i < 25; i++ {
		put(s, "p", process.Stdout, fmt.Sprintf("l%d", i))
	}
	select {
	case <-sub.Ready():
	default:
		t.Fatal("not ready after 25 lines")
	}
	b, open := sub.Take()
	assert.True(t, open, "open: got false, want true")
	assert.Zero(t, b.Dropped, "dropped: got %d, want 0", b.Dropped)
	require.Len(t, b.Lines, 25, "got %d lines, want 25", len(b.Lines))
	for i, l := range b.Lines {
		assert.Equal(t, uint64(i+1), l.Seq, "seq: got %d, want %d", l.Seq, i+1)
	}
	b, _ = sub.Take()
	assert.Empty(t, b.Lines, "a second take: got %d lines, want none", len(b.Lines))
	put(s, "p", process.Stdout, "next")
	<-sub.Ready()
	b, _ = sub.Take()
	assert.Equal(t, []string{"next"}, texts(b.Lines), "got %q", texts(b.Lines))
}

// TestSlowSubscriberNeverBlocksWriters writes far more than a stalled
// subscriber can hold; writers finish, and once the subscriber takes again
// every line is either delivered or counted as dropped, the newest kept.
func TestSlowSubscriberNeverBlocksWriters(t *testing.T) {
	s := NewStore(Options{})
	defer s.Close()
	slow := s.Subscribe(100)
	defer slow.Close()
	const n = 20000
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < n; i++ {
			s.Line("p", process.Stdout, []byte("x"))
		}
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("writer blocked by a subscriber that does not read")
	}
	b, _ := slow.Take()
	assert.Len(t, b.Lines, 100, "got %d lines, want the subscription's 100", len(b.Lines))
	assert.Equal(t, uint64(n-100), b.Dropped, "dropped: got %d, want %d", b.Dropped, n-100)
	assert.Equal(t, uint64(n), b.Lines[len(b.Lines)-1].Seq, "the newest line is kept")
}

func TestSubscriptionClose(t *testing.T) {
	s := NewStore(Options{})
	sub := s.Subscribe(4)
	sub.Close()
	sub.Close()
	<-sub.Ready()
	_, open := sub.Take()
	assert.False(t, open, "open after Close")
	put(s, "p", process.Stdout, "after close") // must not reach a closed subscription
	b, _ := sub.Take()
	assert.Empty(t, b.Lines, "a closed subscription got %q", texts(b.Lines))

	sub2 := s.Subscribe(4)
	put(s, "p", process.Stdout, "pending")
	s.Close()
	<-sub2.Ready()
	b, open = sub2.Take()
	assert.False(t, open, "open after Store.Close")
	assert.Equal(t, []string{"pending"}, texts(b.Lines), "pending lines lost on Store.Close: got %q", texts(b.Lines))
	<-sub2.Ready() // a closed subscription stays ready, so a waiting reader sees the end
	_, open = s.Subscribe(1).Take()
	assert.False(t, open, "subscription to a closed store should be closed")
}

// TestOnURLWritesProcessState wires OnURL to the process State CAS update,
// as the app does, and checks de-duplication per process.
func TestOnURLWritesProcessState(t *testing.T) {
	procs := map[string]*process.Process{
		"vite": process.NewProcess(process.State{Identity: &process.Identity{ID: "vite"}}, nil),
		"api":  process.NewProcess(process.State{Identity: &process.Identity{ID: "api"}}, nil),
	}
	var calls sync.Map
	s := NewStore(Options{OnURL: func(id string, u URL) {
		n, _ := calls.LoadOrStore(fmt.Sprint(id, " ", u), new(int))
		*(n.(*int))++
		procs[id].Update(func(st *process.State) bool { return RecordURL(st, u) })
	}})
	defer s.Close()
	for _, l := range fixtureLines(t, "vite-dev.txt") {
		s.Line("vite", process.Stdout, []byte(l))
	}
	put(s, "vite", process.Stdout, "  ➜  Local:   http://localhost:5199/")
	put(s, "api", process.Stdout, "listening on \x1b]8;;http://0.0.0.0:8080/\x1b\\port 8080\x1b]8;;\x1b\\", "Serving on http://[::]:8080",
		`Get "http://127.0.0.1:4000/health": dial tcp 127.0.0.1:4000: connect: connection refused`)

	assert.Equal(t, []string{"http://localhost:5199"}, procs["vite"].State().URLs, "vite URLs: got %q", procs["vite"].State().URLs)
	assert.Equal(t, []string{"http://localhost:8080"}, procs["api"].State().URLs, "api URLs: got %q", procs["api"].State().URLs)
	assert.Equal(t, []string{"http://127.0.0.1:4000/health"}, procs["api"].State().Links, "api links: got %q", procs["api"].State().Links)
	assert.Equal(t, []string{"http://127.0.0.1:4000/health"}, s.Links("api"), "store links: got %q", s.Links("api"))
	assert.Equal(t, []string{"http://localhost:5199"}, s.URLs("vite"), "store URLs: got %q", s.URLs("vite"))
	assert.Equal(t, []string{"http://localhost:8080", "http://localhost:5199"}, s.URLs(""), "all URLs: got %q", s.URLs(""))
	calls.Range(func(k, v any) bool {
		assert.Equal(t, 1, *(v.(*int)), "%s reported %d times, want once", k, *(v.(*int)))
		return true
	})
}

// TestLinksCannotCrowdOutTheServerURL: a process that prints a hundred
// links before its banner still shows the address it serves, and what it
// keeps of both stays bounded.
func TestLinksCannotCrowdOutTheServerURL(t *testing.T) {
	s := NewStore(Options{})
	defer s.Close()
	for i := 0; i < 100; i++ {
		put(s, "p", process.Stdout, fmt.Sprintf("GET http://localhost:3000/item/%d 200", i))
	}
	put(s, "p", process.Stdout, "  ➜  Local:   http://localhost:5173/")
	for i := 0; i < 100; i++ {
		put(s, "p", process.Stdout, fmt.Sprintf("Listening on http://localhost:%d", 6000+i))
	}
	assert.Len(t, s.Links("p"), maxLinksPerProc, "got %d links, want %d", len(s.Links("p")), maxLinksPerProc)
	require.Len(t, s.URLs("p"), maxServerURLsPerProc, "got %d server URLs, want %d", len(s.URLs("p")), maxServerURLsPerProc)
	assert.Equal(t, "http://localhost:5173", s.URLs("p")[0], "got %q first, want the banner's address", s.URLs("p")[0])
}

// TestErrorsFinishOnIdleAndCallbacksHoldNoLock checks that an error whose
// stream goes quiet is published by the idle sweep, and that callbacks may
// read the store (they would deadlock if a store lock were held).
func TestErrorsFinishOnIdleAndCallbacksHoldNoLock(t *testing.T) {
	got := make(chan ErrorEntry, 10)
	var s *Store
	s = NewStore(Options{ErrorIdle: 30 * time.Millisecond,
		OnError: func(e ErrorEntry) {
			_ = s.Errors(e.Proc) // reads must work inside the callback
			_ = s.Page(e.Proc, 0, 1)
			got <- e
		},
		OnURL: func(id string, _ URL) { _ = s.URLs(id) },
	})
	defer s.Close()
	dir := t.TempDir()
	s.SetDir("go", dir)
	for _, l := range fixtureLines(t, "go-panic.txt") {
		s.Line("go", process.Stderr, []byte(l))
	}
	// go-panic.txt ends with "exit status 2", which completes the error at
	// once; a trace without it is completed by the idle sweep.
	put(s, "py", process.Stderr, "Traceback (most recent call last):", `  File "/app/x.py", line 1, in <module>`, "KeyError: 'k'")
	seen := map[string]ErrorEntry{}
	for len(seen) < 2 {
		select {
		case e := <-got:
			seen[e.Proc] = e
		case <-time.After(10 * time.Second):
			t.Fatalf("got %d errors, want 2", len(seen))
		}
	}
	assert.Equal(t, KindGoPanic, seen["go"].Kind, "got %q, want go-panic", seen["go"].Kind)
	assert.Equal(t, KindPython, seen["py"].Kind, "got %q, want python", seen["py"].Kind)
	assert.Equal(t, "KeyError: 'k'", seen["py"].Title, "got %q", seen["py"].Title)
	all := s.Errors("")
	require.Len(t, all, 2, "got %d stored errors, want 2", len(all))
	assert.Less(t, all[0].ID, all[1].ID, "errors not in ID order")
	assert.Equal(t, []string{"http://localhost:8080"}, s.URLs("go"), "got %q", s.URLs("go"))
}

func TestMaxErrorsKeepsNewest(t *testing.T) {
	s := NewStore(Options{MaxErrors: 3})
	defer s.Close()
	for i := 1; i <= 10; i++ {
		put(s, "p", process.Stderr, fmt.Sprintf("main.go:%d:1: error %d", i, i))
	}
	put(s, "p", process.Stderr, "done")
	errs := s.Errors("p")
	require.Len(t, errs, 3, "got %d errors, want 3", len(errs))
	assert.Equal(t, "error 8", errs[0].Title, "oldest kept: got %q, want error 8", errs[0].Title)
	assert.Equal(t, "error 10", errs[2].Title, "newest: got %q, want error 10", errs[2].Title)
}

func TestCloseFinishesPendingErrors(t *testing.T) {
	var got []ErrorEntry
	s := NewStore(Options{ErrorIdle: time.Hour, OnError: func(e ErrorEntry) { got = append(got, e) }})
	put(s, "p", process.Stderr, "panic: at close", "", "goroutine 1 [running]:")
	assert.Empty(t, got, "error published before its end: %+v", got)
	s.Close()
	require.Len(t, got, 1, "got %d errors after Close, want 1", len(got))
	assert.Equal(t, "panic: at close", got[0].Title, "got %q", got[0].Title)
	put(s, "p", process.Stdout, "ignored")
	assert.Equal(t, 3, s.Stats("p").Lines, "lines after Close: got %d, want 3", s.Stats("p").Lines)
	s.Close() // idempotent
}

// TestConcurrentWritersAndReaders runs writers on several processes and
// both streams while readers page, tail, search and subscribe, checking the
// timeline invariants. Run with -race.
func TestConcurrentWritersAndReaders(t *testing.T) {
	s := NewStore(Options{MaxLines: 500, ErrorIdle: 5 * time.Millisecond})
	sub := s.Subscribe(512)
	writers := 2 * runtime.GOMAXPROCS(0)
	perWriter := 5000
	if testing.Short() {
		perWriter = 1000
	}
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			proc := fmt.Sprintf("p%d", w/2)
			st := process.Stream(w%2 + 1)
			for i := 0; i < perWriter; i++ {
				switch i % 50 {
				case 0:
					s.Line(proc, st, []byte("panic: boom"))
				case 1:
					s.Line(proc, st, []byte(fmt.Sprintf("listening on http://localhost:%d", 3000+w)))
				default:
					s.Line(proc, st, []byte(fmt.Sprintf("\x1b[32m%d\x1b[0m line %d", w, i)))
				}
			}
		}(w)
	}
	stop := make(chan struct{})
	var rg sync.WaitGroup
	var received, dropped uint64
	rg.Add(2)
	go func() {
		defer rg.Done()
		var last uint64
		for open := true; open; {
			<-sub.Ready()
			var b Batch
			b, open = sub.Take()
			for _, l := range b.Lines {
				if l.Seq <= last {
					t.Errorf("subscriber seq went back: got %d after %d", l.Seq, last)
					return
				}
				last = l.Seq
			}
			received += uint64(len(b.Lines))
			dropped += b.Dropped
		}
	}()
	go func() {
		defer rg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			for _, pg := range []Page{s.Page("", 0, 300), s.Tail("", 300), s.Page("p0", 0, 100)} {
				for i := 1; i < len(pg.Lines); i++ {
					if pg.Lines[i].Seq <= pg.Lines[i-1].Seq {
						t.Errorf("page not in seq order: %d then %d", pg.Lines[i-1].Seq, pg.Lines[i].Seq)
						return
					}
				}
			}
			_ = s.Errors("")
			_ = s.URLs("")
		}
	}()
	wg.Wait()
	close(stop)
	s.Close()
	rg.Wait()
	total := uint64(writers * perWriter)
	assert.Equal(t, total, received+dropped, "delivered+dropped: got %d, want %d", received+dropped, total)
	for p := 0; p < writers/2; p++ {
		st := s.Stats(fmt.Sprintf("p%d", p))
		assert.Equal(t, 500, st.Lines, "p%d lines: got %d, want 500", p, st.Lines)
	}
	assert.NotEmpty(t, s.Errors(""), "no errors detected under concurrency")
	assert.Len(t, s.URLs(""), writers, "URLs: got %d, want %d", len(s.URLs("")), writers)
}

// TestRealProcessOutput runs real processes and feeds their pipes to the
// store line by line, as the process core does.
func TestRealProcessOutput(t *testing.T) {
	wine.Skip(t, wine.NoNode)
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	s := NewStore(Options{ErrorIdle: 20 * time.Millisecond})
	defer s.Close()
	run := func(id string, name string, args ...string) {
		t.Helper()
		cmd := exec.Command(name, args...)
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		stderr, err := cmd.StderrPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		var wg sync.WaitGroup
		for st, r := range map[process.Stream]io.Reader{process.Stdout: stdout, process.Stderr: stderr} {
			wg.Add(1)
			go func(st process.Stream, r io.Reader) {
				defer wg.Done()
				sc := bufio.NewScanner(r)
				sc.Buffer(make([]byte, 64<<10), 64<<10)
				for sc.Scan() {
					s.Line(id, st, sc.Bytes())
				}
			}(st, r)
		}
		wg.Wait()
		_ = cmd.Wait() // the node script fails on purpose
	}
	run("node", node, "-e", `
console.log("\x1b[32mready\x1b[39m at \x1b[36mhttp://0.0.0.0:4173/\x1b[39m");
function boot() { throw new TypeError("config.port is undefined"); }
boot();`)
	run("sh", "sh", "-c", `printf 'progress 10%%\rprogress 60%%\rprogress 100%%\n'; printf 'plain\n'`)

	eventually(t, "the node error", func() bool { return len(s.Errors("node")) == 1 })
	e := s.Errors("node")[0]
	assert.Equal(t, KindNode, e.Kind, "kind: got %q, want node", e.Kind)
	assert.Equal(t, "TypeError: config.port is undefined", e.Title, "title: got %q", e.Title)
	require.NotEmpty(t, e.Frames, "no frames")
	assert.Equal(t, "boot", e.Frames[0].Func, "func: got %q, want boot", e.Frames[0].Func)
	assert.Equal(t, []string{"http://localhost:4173"}, s.URLs("node"), "URLs: got %q", s.URLs("node"))
	assert.Equal(t, []string{"progress 100%", "plain"}, texts(s.Page("sh", 0, 0).Lines), "got %q", texts(s.Page("sh", 0, 0).Lines))
}

// TestPagesAreBounded: no limit asks for more than MaxPageLimit lines at
// once, and none (<= 0) means DefaultPageLimit.
func TestPagesAreBounded(t *testing.T) {
	s := NewStore(Options{MaxLines: MaxPageLimit + 10, MaxBytes: 64 << 20})
	defer s.Close()
	for i := range MaxPageLimit + 5 {
		s.Line("p", process.Stdout, fmt.Appendf(nil, "line %d", i))
	}
	for _, c := range []struct {
		limit, want int
	}{
		{0, DefaultPageLimit},
		{-1, DefaultPageLimit},
		{10, 10},
		{MaxPageLimit, MaxPageLimit},
		{MaxPageLimit + 1, MaxPageLimit},
		{1 << 30, MaxPageLimit},
	} {
		tl := s.Tail("p", c.limit)
		assert.Len(t, tl.Lines, c.want, "Tail(%d): got %d lines, want %d", c.limit, len(tl.Lines), c.want)
		assert.Equal(t, fmt.Sprintf("line %d", MaxPageLimit+4), tl.Lines[len(tl.Lines)-1].Text, "Tail(%d) ends with the newest line", c.limit)
		pg := s.Page("p", 0, c.limit)
		assert.Len(t, pg.Lines, c.want, "Page(%d): got %d lines, want %d", c.limit, len(pg.Lines), c.want)
		assert.Equal(t, "line 0", pg.Lines[0].Text, "Page(%d) starts with the oldest line", c.limit)
	}
}

// TestNoErrorsIsAnEmptyList: a process without errors, or none known, has
// an empty list of them, which encodes as [] rather than null.
func TestNoErrorsIsAnEmptyList(t *testing.T) {
	s := NewStore(Options{})
	defer s.Close()
	put(s, "a", process.Stdout, "all is well")
	for _, proc := range []string{"a", "nope", ""} {
		b, err := json.Marshal(s.Errors(proc))
		require.NoError(t, err)
		assert.Equal(t, "[]", string(b), "Errors(%q): got %s, want []", proc, b)
	}
}
