package metrics

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeProc is a directory laid out like /proc with only stat files.
type fakeProc struct {
	t    *testing.T
	root string
}

func (f fakeProc) add(pid, ppid, pgid int, state string) {
	f.t.Helper()
	dir := filepath.Join(f.root, fmt.Sprint(pid))
	require.NoError(f.t, os.MkdirAll(dir, 0o755))
	line := fmt.Sprintf("%d (proc %d) %s %d %d %d 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 %d 0 0\n", pid, pid, state, ppid, pgid, pgid, 1000+pid)
	require.NoError(f.t, os.WriteFile(filepath.Join(dir, "stat"), []byte(line), 0o644))
}

func pids(ms []member) []int32 {
	out := make([]int32, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.pid)
	}
	slices.Sort(out)
	return out
}

func TestGroupFinder(t *testing.T) {
	f := fakeProc{t, t.TempDir()}
	require.NoError(t, os.MkdirAll(filepath.Join(f.root, "self"), 0o755)) // not a PID: ignored
	f.add(1, 0, 1, "S")
	f.add(100, 1, 100, "S") // leader
	f.add(101, 100, 100, "S")
	f.add(102, 101, 102, "S") // left the group
	f.add(103, 102, 102, "S") // its child
	f.add(104, 100, 100, "Z") // zombie: no member
	f.add(105, 104, 100, "S") // child of the zombie: still a member
	f.add(106, 1, 100, "S")   // orphan still in the group
	f.add(200, 1, 200, "S")   // another tree
	f.add(201, 200, 200, "S")

	g := newGroupFinder(f.root, 2*time.Second)
	t0 := time.Unix(1000, 0)
	g.begin(t0)

	cases := []struct {
		leader int32
		want   []int32
	}{
		{100, []int32{100, 101, 102, 103, 105, 106}},
		{200, []int32{200, 201}},
		{999, []int32{}},
	}
	for _, tc := range cases {
		got := pids(g.members(tc.leader, nil))
		assert.Equal(t, tc.want, got, "leader %d: got %v, want %v", tc.leader, got, tc.want)
	}
	g.end()

	// A process that appears after the scan counts once the listing is
	// older than the TTL, not before.
	f.add(107, 100, 100, "S")
	g.begin(t0.Add(time.Second))
	got := pids(g.members(100, nil))
	assert.NotContains(t, got, int32(107), "got %v within the TTL, want the cached listing", got)
	g.end()
	g.begin(t0.Add(2 * time.Second))
	got = pids(g.members(100, nil))
	assert.Contains(t, got, int32(107), "got %v after the TTL, want 107 counted", got)
	g.end()

	// A leader missing from the listing forces one rescan in the tick, so a
	// process started since the last scan is found at once.
	f.add(300, 1, 300, "S")
	g.begin(t0.Add(3 * time.Second))
	got = pids(g.members(300, nil))
	assert.Equal(t, []int32{300}, got, "got %v, want the new leader found by a rescan", got)
	g.end()

	// The start time tells a reused PID apart.
	ms := g.members(300, nil)
	require.Len(t, ms, 1)
	assert.Equal(t, int64(1300), ms[0].start, "got start %d, want 1300", ms[0].start)
}

func TestGroupFinderFallsBackWithoutProc(t *testing.T) {
	g := newGroupFinder(filepath.Join(t.TempDir(), "missing"), time.Second)
	g.begin(time.Now())
	got := pids(g.members(int32(os.Getpid()), nil))
	g.end()
	assert.True(t, g.useFallback, "got useFallback false, want true when the proc root cannot be read")
	assert.Contains(t, got, int32(os.Getpid()), "got %v, want this test process found through gopsutil", got)
}
