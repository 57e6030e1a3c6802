package stack

import (
	"reflect"
	"slices"
	"strings"

	"hum/backend/discover"
	"hum/backend/shellquote"
)

// MaxCycles caps the dependency cycles one Compose reports: a file of
// processes that all depend on one another has more cycles than anyone
// reads, and the first ones already say what to fix.
const MaxCycles = 50

// policies resolves the policies of hum.yaml's processes, of the
// process-compose files' processes and of the settings that apply to
// discovered and process-compose scripts: each Dependency.Ref becomes the
// script ID it names. hum.yaml's name a script as a group member does; a
// process-compose file's name one of its own processes. A reference that
// names no script, or more than one, or a script the entry depends on
// already, is a Problem and is left out; one naming a process that has a
// problem of its own is left out silently (that problem says why). The
// settings for a process-compose process join its policy: their
// dependencies are added, and each of readiness, restart and watch they
// give replaces the file's. The map is never nil.
func (c *composer) policies(all, own []discover.Script) map[string]Policy {
	out := map[string]Policy{}
	var x *discover.SelectorIndex // built on the first reference that needs it
	ownID := make(map[string]string, len(own))
	for _, sc := range own {
		ownID[sc.Name] = sc.ID
	}
	// lookup resolves one of hum.yaml's references.
	lookup := func(where string, d Dependency) (string, bool) {
		if id, ok := ownID[d.Ref]; ok {
			return id, true
		}
		if c.f.broken[d.Ref] || c.dropped[ID(d.Ref)] {
			return "", false
		}
		if x == nil {
			x = discover.NewSelectorIndex(all)
		}
		switch found := x.Resolve(d.Ref); {
		case len(found) == 1:
			return found[0].ID, true
		case len(found) > 1:
			c.problem(d.Pos, "%s.depends_on: %q names %d scripts; use one of their IDs: %s", where, d.Ref, len(found), ids(found))
		default:
			c.problem(d.Pos, "%s.depends_on: no process or script %q", where, d.Ref)
		}
		return "", false
	}
	// resolve resolves pol's dependencies with lookup, after those of
	// first (the dependent's own, already resolved), and checks its exec
	// probe; problems are the File owner's, in file.
	resolve := func(owner, file, where string, pol Policy, first []Dependency, lookup func(string, Dependency) (string, bool)) Policy {
		pol = clonePolicy(pol)
		deps := slices.Clone(first)
		seen := map[string]string{}
		for _, d := range first {
			seen[d.ID] = d.Ref
		}
		for _, d := range pol.DependsOn {
			id, ok := lookup(where, d)
			if !ok {
				continue
			}
			if first, dup := seen[id]; dup {
				c.problemIn(owner, file, d.Pos, "%s.depends_on: %q is %s, which %q names already", where, d.Ref, id, first)
				continue
			}
			seen[id] = d.Ref
			d.ID = id
			deps = append(deps, d)
		}
		if len(deps) == 0 {
			deps = nil
		}
		pol.DependsOn = deps
		// An exec probe runs as the process's command does, through the
		// platform's shell, which must carry it as one line.
		if r := pol.Readiness; r != nil && r.Kind == ProbeExec && r.Command != "" {
			if err := shellquote.CheckLine(r.Command); err != nil {
				c.problemIn(owner, file, r.Pos, "%s.readiness.exec is left out: %v", where, err)
				pol.Readiness = nil
			}
		}
		return pol
	}
	for _, pr := range c.f.Processes {
		if c.dropped[ID(pr.Name)] || isZero(pr.Policy) {
			continue
		}
		if pol := resolve(FileName, FileName, "processes."+pr.Name, pr.Policy, nil, lookup); !isZero(pol) {
			out[ID(pr.Name)] = pol
		}
	}
	for _, pf := range c.pcs {
		mine := make(map[string]bool, len(pf.Processes))
		for _, pr := range pf.Processes {
			mine[pr.Name] = true
		}
		for _, pr := range pf.Processes {
			id := ProcessComposeID(pf.Name, pr.Name)
			if c.dropped[id] || isZero(pr.Policy) {
				continue
			}
			file := pcFileOf(pf, pr)
			// A process-compose file names its own processes only.
			pcLookup := func(where string, d Dependency) (string, bool) {
				dep := ProcessComposeID(pf.Name, d.Ref)
				file := file
				if d.File != "" {
					file = d.File
				}
				switch {
				case !mine[d.Ref]:
					c.problemIn(pf.Name, file, d.Pos, "%s.depends_on: %s has no process %q", where, pf.Name, d.Ref)
					return "", false
				case c.dropped[dep]:
					return "", false
				}
				if c.depFile == nil {
					c.depFile = map[[2]string]string{}
				}
				c.depFile[[2]string{id, dep}] = file
				return dep, true
			}
			if pol := resolve(pf.Name, file, "processes."+pr.Name, pr.Policy, nil, pcLookup); !isZero(pol) {
				out[id] = pol
			}
		}
	}
	for _, sc := range all {
		st, ok := c.applied[sc.ID]
		if !ok || isZero(st.Policy) {
			continue
		}
		mine := out[sc.ID] // a process-compose process's own, if any
		pol := resolve(FileName, FileName, "scripts."+st.Ref, st.Policy, mine.DependsOn, lookup)
		if pol.Readiness == nil {
			pol.Readiness = mine.Readiness
		}
		if reflect.ValueOf(pol.Restart).IsZero() {
			pol.Restart = mine.Restart
		}
		if pol.Watch == nil {
			pol.Watch = mine.Watch
		}
		pol.ExitOnEnd = pol.ExitOnEnd || mine.ExitOnEnd
		pol.ExitOnFailure = pol.ExitOnFailure || mine.ExitOnFailure
		pol.Disabled = pol.Disabled || mine.Disabled
		if !isZero(pol) {
			out[sc.ID] = pol
		}
	}
	return out
}

// cycles finds the dependency cycles among policies (resolved, by script
// ID, over the scripts all) and makes each a Problem naming it. It takes
// every policy the stack has, whichever file gave it, so a cycle across
// files is found too.
func (c *composer) cycles(all []discover.Script, policies map[string]Policy) [][]string {
	cycles := findCycles(all, policies)
	if len(cycles) > 0 {
		names := make(map[string]string, len(all))
		sel := discover.Selectors(all)
		for i, sc := range all {
			if sc.Source == Source {
				names[sc.ID] = sc.Name
			} else {
				names[sc.ID] = sel[i]
			}
		}
		for _, cy := range cycles {
			// At the first process's dependency on the next: the entry to
			// change to break it, in the file it is written in.
			var at Pos
			for _, d := range policies[cy[0]].DependsOn {
				if d.ID == cy[1] {
					at = d.Pos
					break
				}
			}
			owner, file := FileName, FileName
			if f, ok := c.depFile[[2]string{cy[0], cy[1]}]; ok {
				owner, file = c.owner(cy[0]), f
			}
			c.problemIn(owner, file, at, "%s", CycleText(cy, names))
		}
		if len(cycles) == MaxCycles {
			c.problem(Pos{}, "at least %d dependency cycles; fix the ones shown first", MaxCycles)
		}
	}
	if cycles == nil {
		cycles = [][]string{}
	}
	return cycles
}

// owner is the Name of the process-compose File whose script has ID id.
func (c *composer) owner(id string) string {
	for _, pf := range c.pcs {
		if strings.HasPrefix(id, ProcessComposeID(pf.Name, "")) {
			return pf.Name
		}
	}
	return FileName
}

// CycleText says a cycle of script IDs as "dependency cycle: api → db →
// api", each by its name in names (the ID itself when names has none).
func CycleText(cycle []string, names map[string]string) string {
	parts := make([]string, len(cycle))
	for i, id := range cycle {
		if n, ok := names[id]; ok {
			parts[i] = n
		} else {
			parts[i] = id
		}
	}
	return "dependency cycle: " + strings.Join(parts, " → ")
}

func isZero(p Policy) bool { return reflect.ValueOf(p).IsZero() }

// findCycles finds the elementary cycles of the dependency graph, each
// once, as IDs in dependency order (each depends on the next) with the
// first repeated at the end; a process that depends on itself is a cycle
// of one. Each begins at the member that comes first in all, and they are
// in the order of their first members, then of their paths: the same file
// gives the same cycles. It is Johnson's algorithm (1975), which spends
// time linear in the graph between two cycles found, stopped at MaxCycles.
func findCycles(all []discover.Script, policies map[string]Policy) [][]string {
	index := make(map[string]int, len(all))
	for i, sc := range all {
		index[sc.ID] = i
	}
	adj := make([][]int, len(all)) // each script's dependencies, in the order written
	edges := false
	for v, sc := range all {
		for _, d := range policies[sc.ID].DependsOn {
			if w, ok := index[d.ID]; ok {
				adj[v] = append(adj[v], w)
				edges = true
			}
		}
	}
	if !edges {
		return nil
	}
	// A cycle stays within one strongly connected component: searching
	// only there keeps a large acyclic file linear.
	comp, size := components(adj)
	var cycles [][]string
	blocked := make([]bool, len(all))
	blockedBy := make([][]int, len(all)) // Johnson's B lists
	var stack []int
	var s int
	var unblock func(int)
	unblock = func(u int) {
		blocked[u] = false
		for _, w := range blockedBy[u] {
			if blocked[w] {
				unblock(w)
			}
		}
		blockedBy[u] = blockedBy[u][:0]
	}
	var circuit func(int) bool
	circuit = func(v int) bool {
		found := false
		stack = append(stack, v)
		blocked[v] = true
		for _, w := range adj[v] {
			if len(cycles) >= MaxCycles {
				break
			}
			switch {
			case w < s || comp[w] != comp[s]:
				// Cycles through w were all found from w.
			case w == s:
				cy := make([]string, 0, len(stack)+1)
				for _, u := range stack {
					cy = append(cy, all[u].ID)
				}
				cycles = append(cycles, append(cy, all[s].ID))
				found = true
			case !blocked[w]:
				if circuit(w) {
					found = true
				}
			}
		}
		if found {
			unblock(v)
		} else {
			for _, w := range adj[v] {
				if w >= s && comp[w] == comp[s] && !slices.Contains(blockedBy[w], v) {
					blockedBy[w] = append(blockedBy[w], v)
				}
			}
		}
		stack = stack[:len(stack)-1]
		return found
	}
	for s = range all {
		if len(cycles) >= MaxCycles {
			break
		}
		if size[comp[s]] == 1 && !slices.Contains(adj[s], s) {
			continue
		}
		for i := s; i < len(all); i++ {
			blocked[i] = false
			blockedBy[i] = blockedBy[i][:0]
		}
		circuit(s)
	}
	return cycles
}

// components numbers the strongly connected components of the graph adj
// (Tarjan's algorithm): comp[v] is v's, size[c] how many it has.
func components(adj [][]int) (comp, size []int) {
	n := len(adj)
	comp = make([]int, n)
	index := make([]int, n) // 0: not visited yet; else the visit's number + 1
	low := make([]int, n)
	onStack := make([]bool, n)
	var stack []int
	next := 0
	var visit func(int)
	visit = func(v int) {
		next++
		index[v], low[v] = next, next
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range adj[v] {
			switch {
			case index[w] == 0:
				visit(w)
				low[v] = min(low[v], low[w])
			case onStack[w]:
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			c := len(size)
			size = append(size, 0)
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = c
				size[c]++
				if w == v {
					break
				}
			}
		}
	}
	for v := range n {
		if index[v] == 0 {
			visit(v)
		}
	}
	return comp, size
}
