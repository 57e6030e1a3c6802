//go:build !windows

package metrics

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/shirou/gopsutil/v3/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
	core "hum/backend/process"
)

const (
	mb = 1 << 20
	// waitFor is how long a test waits for a figure to show: generous,
	// because the machine is shared and may be busy.
	waitFor = 30 * time.Second
)

// startTree starts script under sh as the leader of its own process group,
// as Hum does, and kills that group (only it) when the test ends.
func startTree(t *testing.T, script string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command("sh", "-c", script)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { killTree(cmd) })
	return cmd
}

// killTree kills the group the test started and reaps its leader. Calling
// it twice is harmless.
func killTree(cmd *exec.Cmd) {
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	_ = cmd.Wait()
}

// memHog returns a command that holds 200 MB of touched memory and sleeps.
func memHog(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("node"); err == nil {
		// Buffer.alloc with a fill value writes every page, so it is resident;
		// the interval keeps the buffer alive and the process running.
		return `node -e 'const b = Buffer.alloc(200 * 1024 * 1024, 1); setInterval(() => { b[0]++ }, 1000)'`
	}
	if _, err := exec.LookPath("python3"); err == nil {
		return `python3 -c 'import time; b = bytes([1]) * (200 << 20); time.sleep(600)'`
	}
	t.Skip("neither node nor python3 is installed")
	return ""
}

// sampleUntil runs s until it reports a sample for id that satisfies ok, and
// returns that sample. It fails the test with the last sample seen if none
// does within waitFor. Run is stopped, and seen to stop, before returning.
func sampleUntil(t *testing.T, s *Sampler, id string, samples <-chan Sample, ok func(Sample) bool) Sample {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	defer func() {
		cancel()
		<-done
	}()
	deadline := time.After(waitFor)
	last := Sample{CPU: core.Unavailable, RSS: core.Unavailable}
	for {
		select {
		case smp := <-samples:
			last = smp
			if ok(smp) {
				return smp
			}
		case <-deadline:
			require.Failf(t, "no matching sample", "for %s: last got %+v", id, last)
		}
	}
}

// newTestSampler samples the one target and sends its samples to the
// returned channel, dropping them when the test is not reading.
func newTestSampler(target Target, interval time.Duration) (*Sampler, <-chan Sample) {
	ch := make(chan Sample, 16)
	s := NewSampler(Options{
		Interval: interval,
		Targets:  func() []Target { return []Target{target} },
		Apply: func(id string, smp Sample) {
			if id != target.ID {
				return
			}
			select {
			case ch <- smp:
			default:
			}
		},
	})
	return s, ch
}

// burner is a shell snippet that writes the shell's PID to file and then
// burns CPU: the test reads what the kernel charged that PID to check the
// sampler against, whatever share of a core the loop gets on a busy machine.
func burner(file string) string {
	return `echo $$ > ` + file + `; while :; do :; done`
}

// cpuSeconds is what the kernel charged pid so far, read with gopsutil for
// that one PID only: independent of the sampler's tree walk and its deltas.
func cpuSeconds(t *testing.T, pid int) float64 {
	t.Helper()
	p, err := process.NewProcess(int32(pid))
	require.NoError(t, err)
	times, err := p.Times()
	require.NoError(t, err)
	return times.User + times.System
}

// readPID waits for file to hold a PID and returns it.
func readPID(t *testing.T, file string) int {
	t.Helper()
	var pid int
	poll.Until(t, waitFor, func() bool {
		b, err := os.ReadFile(file)
		if err != nil {
			return false
		}
		pid, err = strconv.Atoi(strings.TrimSpace(string(b)))
		return err == nil && pid > 0
	}, "the burner never wrote its PID to %s", file)
	return pid
}

// requireCPUMatchesKernel samples the tree over a window of a few seconds
// and requires the sampler's CPU figure to agree with what the kernel
// charged the burning process over the same window. A fixed threshold
// ("more than half a core") fails on a loaded machine, where the loop gets
// what the scheduler gives it; agreement with the kernel does not.
func requireCPUMatchesKernel(t *testing.T, s *Sampler, samples <-chan Sample, burnerPID int) {
	t.Helper()
	const window = 2 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	// Run ticks at once when it starts, possibly moments after the last
	// tick of an earlier Run: that delta spans a few milliseconds, where the
	// kernel's 10 ms accounting makes any figure noise. The window opens
	// after it, so every sample kept is a full interval's delta (the first
	// may start up to one interval early).
	for len(samples) > 0 {
		<-samples
	}
	select {
	case <-samples:
	case <-time.After(waitFor):
		require.FailNow(t, "no sample", "the sampler sent nothing in %v", waitFor)
	}
	// The kernel's figure is read as each sample arrives, so it spans what
	// the samples do (each is a delta since the tick before), and the mean
	// weighs each sample by the time it covers: ticks are irregular on a
	// busy machine, where the loop's share also moves from tick to tick.
	c0, t0 := cpuSeconds(t, burnerPID), time.Now()
	c1, t1 := c0, t0
	var got []float64
	weighted, prev := 0.0, t0
	timer := time.After(window)
collect:
	for {
		select {
		case smp := <-samples:
			now := time.Now()
			if smp.CPU != core.Unavailable {
				got = append(got, smp.CPU)
				weighted += smp.CPU * now.Sub(prev).Seconds()
				c1, t1 = cpuSeconds(t, burnerPID), now
			}
			prev = now
		case <-timer:
			break collect
		}
	}
	cancel()
	<-done
	require.NotEmpty(t, got, "no CPU sample in %v", window)
	kernel := (c1 - c0) / t1.Sub(t0).Seconds() * 100
	mean := weighted / t1.Sub(t0).Seconds()
	require.Greater(t, kernel, 0.0, "the burner got no CPU at all in %v", window)
	// Generous: samples are 250 ms deltas whose edges do not line up with
	// the window's, and the share a loop gets moves on a busy machine.
	assert.InDelta(t, kernel, mean, 5+kernel*0.5,
		"sampler's mean CPU %.1f%% over %d samples, want about the kernel's %.1f%% for PID %d", mean, len(got), kernel, burnerPID)
}

func TestTreeCost(t *testing.T) {
	hog := memHog(t)
	cases := []struct {
		name   string
		script func(pidFile string) string
		needs  string // a program the case needs beside sh
		procs  int    // tree members the sampler must find
		burns  bool   // the case checks CPU against the kernel's figure
		ok     func(Sample) bool
		want   string
	}{
		{
			name:   "busy loop",
			script: burner,
			procs:  1,
			burns:  true,
		},
		{
			name:   "process holding 200 MB",
			script: func(string) string { return "exec " + hog },
			procs:  1,
			want:   "RSS >= 200 MB",
			ok:     func(s Sample) bool { return s.RSS >= 200*mb },
		},
		{
			name:   "shell whose child burns CPU",
			script: func(f string) string { return "sh -c '" + burner(f) + "' & wait" },
			procs:  2,
			burns:  true,
		},
		{
			name:   "shell whose child holds 200 MB",
			script: func(string) string { return hog + " & wait" },
			procs:  2,
			want:   "RSS >= 200 MB over at least 2 processes",
			ok:     func(s Sample) bool { return s.RSS >= 200*mb && s.Procs >= 2 },
		},
		{
			// The child leaves the process group (a new session), so only the
			// parent link ties it to the tree. It loops only while its parent
			// lives, so killing the test's group ends it too.
			name: "child in a session of its own still counts",
			script: func(f string) string {
				return `setsid sh -c 'echo $$ > ` + f + `; while kill -0 $PPID 2>/dev/null; do :; done' & wait`
			},
			needs: "setsid",
			procs: 2,
			burns: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.needs != "" {
				if _, err := exec.LookPath(tc.needs); err != nil {
					t.Skipf("%s is not installed", tc.needs)
				}
			}
			pidFile := filepath.Join(t.TempDir(), "burner.pid")
			cmd := startTree(t, tc.script(pidFile))
			target := Target{ID: "p1", PID: cmd.Process.Pid}
			s, samples := newTestSampler(target, 250*time.Millisecond)
			if !tc.burns {
				got := sampleUntil(t, s, target.ID, samples, tc.ok)
				assert.True(t, tc.ok(got), "got %+v, want %s", got, tc.want)
				killTree(cmd)
				return
			}
			burnerPID := readPID(t, pidFile)
			// First the whole tree is found and its CPU is being measured…
			got := sampleUntil(t, s, target.ID, samples, func(s Sample) bool { return s.Procs >= tc.procs && s.CPU > 0 })
			assert.GreaterOrEqual(t, got.Procs, tc.procs, "got %d processes, want >= %d", got.Procs, tc.procs)
			// …then the figure is the one the kernel charged the burner.
			requireCPUMatchesKernel(t, s, samples, burnerPID)
			killTree(cmd)
		})
	}
}

// The portable finder (gopsutil Children) must see the same tree as the
// process-group finder.
func TestChildrenFinderCountsChildren(t *testing.T) {
	if _, err := exec.LookPath("pgrep"); err != nil && runtime.GOOS == "linux" {
		t.Skip("gopsutil needs pgrep to list children on Linux")
	}
	pidFile := filepath.Join(t.TempDir(), "burner.pid")
	cmd := startTree(t, "sh -c '"+burner(pidFile)+"' & sleep 600 & wait")
	target := Target{ID: "p1", PID: cmd.Process.Pid}
	s, samples := newTestSampler(target, 250*time.Millisecond)
	s.finder = newChildrenFinder(treeTTL)
	got := sampleUntil(t, s, target.ID, samples, func(s Sample) bool { return s.CPU > 0 && s.Procs >= 3 })
	assert.GreaterOrEqual(t, got.Procs, 3, "got %d processes, want >= 3", got.Procs)
	requireCPUMatchesKernel(t, s, samples, readPID(t, pidFile))
}

// targetList is a Targets func whose list the test changes between ticks.
type targetList struct {
	mu   sync.Mutex // protects list
	list []Target
}

func (l *targetList) set(ts ...Target) { l.mu.Lock(); l.list = ts; l.mu.Unlock() }
func (l *targetList) get() []Target {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Target(nil), l.list...)
}

// recorder keeps the last sample Apply gave for each ID.
type recorder struct {
	mu   sync.Mutex // protects last
	last map[string]Sample
}

func (r *recorder) apply(id string, s Sample) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.last == nil {
		r.last = make(map[string]Sample)
	}
	r.last[id] = s
}

func (r *recorder) get(id string) (Sample, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.last[id]
	return s, ok
}

// tickUntil ticks s until cond holds, failing after waitFor.
func tickUntil(t *testing.T, s *Sampler, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for !cond() {
		require.True(t, time.Now().Before(deadline), "timed out waiting for %s", what)
		// Ticks need time between them for CPU deltas; this paces the loop
		// and is not what the test waits for.
		time.Sleep(50 * time.Millisecond)
		s.Tick()
	}
}

func (s *Sampler) handleCount() int {
	s.tickMu.Lock()
	defer s.tickMu.Unlock()
	return len(s.handles)
}

func TestEndedProcessesDropOut(t *testing.T) {
	t.Run("target removed: handles freed, history kept until Forget", func(t *testing.T) {
		cmd := startTree(t, "exec sleep 600")
		targets := &targetList{}
		targets.set(Target{ID: "p1", PID: cmd.Process.Pid})
		rec := &recorder{}
		s := NewSampler(Options{Targets: targets.get, Apply: rec.apply})

		s.Tick()
		s.Tick()
		require.Equal(t, 1, s.handleCount(), "got %d handles, want 1", s.handleCount())
		hist := s.History("p1")
		require.Len(t, hist, 2, "got %v, want 2 points", hist)

		killTree(cmd)
		targets.set()
		s.Tick()
		assert.Equal(t, 0, s.handleCount(), "got %d handles after the process ended, want 0", s.handleCount())
		assert.Equal(t, hist, s.History("p1"), "got %v, want the history kept: %v", s.History("p1"), hist)

		s.Forget("p1")
		assert.Empty(t, s.History("p1"), "got %v, want no history after Forget", s.History("p1"))
	})

	t.Run("target still listed after it ended: unavailable, not an error", func(t *testing.T) {
		cmd := startTree(t, "exec sleep 600")
		targets := &targetList{}
		targets.set(Target{ID: "p1", PID: cmd.Process.Pid})
		rec := &recorder{}
		s := NewSampler(Options{Targets: targets.get, Apply: rec.apply})
		s.Tick()
		before := len(s.History("p1"))

		killTree(cmd)
		s.Tick()
		got, ok := rec.get("p1")
		require.True(t, ok, "got no sample, want one")
		want := Sample{CPU: core.Unavailable, RSS: core.Unavailable, Procs: 0}
		assert.Equal(t, want, got, "got %+v, want %+v", got, want)
		assert.Len(t, s.History("p1"), before, "got %d points, want %d: an unreadable tick adds none", len(s.History("p1")), before)
		assert.Equal(t, 0, s.handleCount(), "got %d handles, want 0", s.handleCount())
	})

	t.Run("child that ends leaves the tree", func(t *testing.T) {
		cmd := exec.Command("sh", "-c", "sleep 600 & echo $!; exec sleep 600")
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		t.Cleanup(func() { killTree(cmd) })
		line, err := bufio.NewReader(out).ReadString('\n')
		require.NoError(t, err)
		child, err := strconv.Atoi(strings.TrimSpace(line))
		require.NoError(t, err)

		targets := &targetList{}
		targets.set(Target{ID: "p1", PID: cmd.Process.Pid})
		rec := &recorder{}
		s := NewSampler(Options{Targets: targets.get, Apply: rec.apply})
		procs := func() int { smp, _ := rec.get("p1"); return smp.Procs }
		tickUntil(t, s, "leader and child counted", func() bool { return procs() == 2 })

		// The child was started by this test's tree, so the test may end it.
		require.NoError(t, syscall.Kill(child, syscall.SIGKILL))
		tickUntil(t, s, "child dropped", func() bool { return procs() == 1 })
		assert.Equal(t, 1, s.handleCount(), "got %d handles, want 1", s.handleCount())
	})
}

func TestRunStopsOnCancel(t *testing.T) {
	cmd := startTree(t, "exec sleep 600")
	before := runtime.NumGoroutine()
	target := Target{ID: "p1", PID: cmd.Process.Pid}
	s, samples := newTestSampler(target, 10*time.Millisecond)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	for range 3 {
		select {
		case <-samples:
		case <-time.After(waitFor):
			require.FailNow(t, "Run did not sample")
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(waitFor):
		require.FailNow(t, "Run did not return after cancel")
	}

	deadline := time.Now().Add(waitFor)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond)
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before, "got %d goroutines, want <= %d", runtime.NumGoroutine(), before)
}

func TestRunReturnsAtOnceOnDoneContext(t *testing.T) {
	calls := 0
	s := NewSampler(Options{Targets: func() []Target { calls++; return nil }})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s.Run(ctx)
	assert.Equal(t, 0, calls, "got %d ticks, want 0", calls)
}

// Readers run while the sampler ticks fast, for long enough that the
// history ring wraps several times; -race checks the locking and the
// assertions check that every copy is consistent.
func TestConcurrentReadsDuringRun(t *testing.T) {
	cmd := startTree(t, "sleep 600 & exec sleep 600")
	const capacity = 20
	var ticks atomic.Int64
	s := NewSampler(Options{
		Interval: 2 * time.Millisecond,
		History:  capacity,
		Targets:  func() []Target { return []Target{{ID: "p1", PID: cmd.Process.Pid}} },
		Apply:    func(string, Sample) { ticks.Add(1) },
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()

	deadline := time.Now().Add(waitFor)
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ticks.Load() < 3*capacity && time.Now().Before(deadline) {
				h := s.History("p1")
				if len(h) > capacity {
					errs <- fmt.Sprintf("got %d points, want <= %d", len(h), capacity)
					return
				}
				for i := 1; i < len(h); i++ {
					if h[i].T < h[i-1].T {
						errs <- fmt.Sprintf("got %v, want oldest first", h)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	cancel()
	<-done
	close(errs)
	for e := range errs {
		assert.Fail(t, e)
	}
	require.GreaterOrEqual(t, ticks.Load(), int64(3*capacity), "got %d ticks, want >= %d", ticks.Load(), 3*capacity)
	h := s.History("p1")
	assert.Len(t, h, capacity, "got %d points, want %d", len(h), capacity)
}

// slowFinder makes every other listing take longer than the sampling
// interval, as pgrep does on a loaded machine; the sleep stands in for that
// work and synchronises nothing.
type slowFinder struct {
	treeFinder
	calls int
}

func (f *slowFinder) members(leader int32, dst []member) []member {
	f.calls++
	if f.calls%2 == 0 {
		time.Sleep(600 * time.Millisecond)
	}
	return f.treeFinder.members(leader, dst)
}

// A delta must span the time between the two readings, not between the two
// ticks' starts: a slow listing before a reading would otherwise charge its
// CPU to a span too short and overstate the figure several times over.
func TestSlowListingDoesNotInflateCPU(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "burner.pid")
	cmd := startTree(t, burner(pidFile))
	target := Target{ID: "p1", PID: cmd.Process.Pid}
	s, samples := newTestSampler(target, 250*time.Millisecond)
	s.finder = &slowFinder{treeFinder: newChildrenFinder(0)}
	sampleUntil(t, s, target.ID, samples, func(s Sample) bool { return s.CPU > 0 })
	requireCPUMatchesKernel(t, s, samples, readPID(t, pidFile))
}

func TestSetSlowChangesTheTicksOfARunningSampler(t *testing.T) {
	cmd := startTree(t, "exec sleep 600")
	target := Target{ID: "p1", PID: cmd.Process.Pid}
	// An interval no test waits out: every sample after the first comes
	// from the interval SetSlow sets.
	s, samples := newTestSampler(target, time.Hour)
	s.SetSlow(time.Hour) // as for a hidden window, before Run
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	select {
	case <-samples: // Run ticks once at once
	case <-time.After(waitFor):
		require.FailNow(t, "Run did not sample at once")
	}
	s.SetSlow(10 * time.Millisecond)
	for i := range 3 {
		select {
		case <-samples:
		case <-time.After(waitFor):
			require.FailNow(t, "no tick at the new interval", "got %d samples after SetSlow, want 3", i)
		}
	}
	// Apply runs inside the tick, before the tick records its history
	// point: the fourth point may land just after the fourth sample.
	var pts []Point
	poll.Until(t, waitFor, func() bool { pts = s.History("p1"); return len(pts) >= 4 },
		"want >= 4 history points after 4 samples")
	for i := 1; i < len(pts); i++ {
		assert.Greater(t, pts[i].T, pts[i-1].T, "history times must increase: %v", pts)
	}
	cancel()
	<-done
}
