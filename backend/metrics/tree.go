package metrics

import (
	"time"

	"github.com/shirou/gopsutil/v3/process"
)

// treeTTL is how long a listing of tree members is reused. Listing is the
// expensive part of a tick, and a new child only needs to count soon, not
// at once; members that end before the next listing simply fail to read and
// drop out.
const treeTTL = 2 * time.Second

// member is one process of a tree, as found by a treeFinder.
type member struct {
	pid   int32
	start int64            // creation stamp in the finder's own unit; tells a reused PID apart
	proc  *process.Process // a ready gopsutil handle when the finder made one, else nil
}

// treeFinder lists the members of process trees. It is used by one tick at a
// time (the Sampler holds tickMu), so implementations need no locking.
type treeFinder interface {
	begin(now time.Time) // a tick starts
	// members appends the live members of the tree led by leader to dst: the
	// leader itself when alive, and every live descendant.
	members(leader int32, dst []member) []member
	end() // the tick is over: caches for leaders not asked about may go
}

// childrenFinder walks a tree with gopsutil's Children, recursively. It is
// portable but costly (on Linux and macOS gopsutil runs pgrep for every
// process it asks about), so each leader's listing is cached for ttl.
type childrenFinder struct {
	ttl   time.Duration         // written once
	now   time.Time             // the current tick's time
	trees map[int32]*cachedTree // listings by leader PID
}

type cachedTree struct {
	at      time.Time // when members was listed
	members []member
	used    bool // asked about during the current tick
}

func newChildrenFinder(ttl time.Duration) *childrenFinder {
	return &childrenFinder{ttl: ttl, trees: make(map[int32]*cachedTree)}
}

func (c *childrenFinder) begin(now time.Time) { c.now = now }

func (c *childrenFinder) members(leader int32, dst []member) []member {
	t := c.trees[leader]
	if t == nil {
		t = &cachedTree{}
		c.trees[leader] = t
	}
	if t.at.IsZero() || c.now.Sub(t.at) >= c.ttl {
		t.members = listChildren(leader, t.members[:0])
		t.at = c.now
	}
	t.used = true
	return append(dst, t.members...)
}

func (c *childrenFinder) end() {
	for pid, t := range c.trees {
		if !t.used {
			delete(c.trees, pid)
		}
		t.used = false
	}
}

// listChildren appends leader and all its descendants found through
// gopsutil. A process that vanishes during the walk is left out.
func listChildren(leader int32, dst []member) []member {
	root, err := process.NewProcess(leader)
	if err != nil {
		return dst
	}
	seen := map[int32]bool{leader: true}
	queue := []*process.Process{root}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		// A zombie has no CPU or memory left, so it is no member; its
		// children are walked all the same.
		if st, err := p.Status(); err != nil || len(st) == 0 || st[0] != process.Zombie {
			start, _ := p.CreateTime() // cached by NewProcess
			dst = append(dst, member{pid: p.Pid, start: start, proc: p})
		}
		kids, err := p.Children()
		if err != nil {
			continue // ErrorNoChildren, or the process ended
		}
		for _, k := range kids {
			if !seen[k.Pid] {
				seen[k.Pid] = true
				queue = append(queue, k)
			}
		}
	}
	return dst
}
