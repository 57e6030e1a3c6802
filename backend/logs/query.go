package logs

// The read side of the store: pages of the merged or per-process timeline,
// the newest lines, errors, URLs and stats. Every read holds Store.mu for
// a bounded amount of work and returns copies.

import "sort"

// clampLimit is the number of lines a page holds at most for limit:
// DefaultPageLimit when it is <= 0, never more than MaxPageLimit.
func clampLimit(limit int) int {
	switch {
	case limit <= 0:
		return DefaultPageLimit
	case limit > MaxPageLimit:
		return MaxPageLimit
	}
	return limit
}

// Page returns up to limit lines with Seq > afterSeq, oldest first, from
// procID or, with procID "", from all processes merged in Seq order.
// A limit <= 0 means DefaultPageLimit; more than MaxPageLimit means
// MaxPageLimit.
func (s *Store) Page(procID string, afterSeq uint64, limit int) Page {
	limit = clampLimit(limit)
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := s.procListLocked(procID)
	type cursor struct {
		r *ring
		i int
	}
	cs := make([]cursor, 0, len(ps))
	pg := Page{Next: afterSeq}
	total := 0
	for _, p := range ps {
		r := &p.ring
		if r.evictedSeq > afterSeq {
			pg.Gap = true
			pg.Next = max(pg.Next, r.evictedSeq)
		}
		if i := r.after(afterSeq); i < r.n {
			cs = append(cs, cursor{r, i})
			total += r.n - i
		}
	}
	pg.Lines = make([]Line, 0, min(limit, total))
	// The merged timeline leaves out what full-screen programs drew: it
	// is only readable in the process's own view.
	merged := procID == ""
	// A k-way merge; k (processes) is small, so a linear scan for the
	// minimum beats a heap.
	for len(pg.Lines) < limit && len(cs) > 0 {
		best := 0
		for k := 1; k < len(cs); k++ {
			if cs[k].r.at(cs[k].i).line.Seq < cs[best].r.at(cs[best].i).line.Seq {
				best = k
			}
		}
		c := &cs[best]
		if l := &c.r.at(c.i).line; !merged || !l.Screen {
			pg.Lines = append(pg.Lines, *l)
		} else {
			pg.Next = max(pg.Next, l.Seq)
		}
		c.i++
		if c.i == c.r.n {
			cs = append(cs[:best], cs[best+1:]...)
		}
	}
	if n := len(pg.Lines); n > 0 {
		pg.Next = pg.Lines[n-1].Seq
	}
	return pg
}

// Tail returns the newest limit lines of procID ("" = all merged), oldest
// first, limit bounded as for Page. Next is the afterSeq for following
// with Page; Gap reports that older lines of the selection were evicted.
func (s *Store) Tail(procID string, limit int) Page {
	limit = clampLimit(limit)
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := s.procListLocked(procID)
	type cursor struct {
		r *ring
		i int // one past the next line to take, walking backwards
	}
	cs := make([]cursor, 0, len(ps))
	var pg Page
	total := 0
	for _, p := range ps {
		r := &p.ring
		pg.Next = max(pg.Next, r.last)
		if r.evicted > 0 {
			pg.Gap = true
		}
		if r.n > 0 {
			cs = append(cs, cursor{r, r.n})
			total += r.n
		}
	}
	merged := procID == "" // leaves out the alternate screen's lines, as Page does
	n := min(limit, total)
	pg.Lines = make([]Line, n)
	k := n
	for k > 0 && len(cs) > 0 {
		best := 0
		for j := 1; j < len(cs); j++ {
			if cs[j].r.at(cs[j].i-1).line.Seq > cs[best].r.at(cs[best].i-1).line.Seq {
				best = j
			}
		}
		c := &cs[best]
		c.i--
		if l := &c.r.at(c.i).line; !merged || !l.Screen {
			k--
			pg.Lines[k] = *l
		}
		if c.i == 0 {
			cs = append(cs[:best], cs[best+1:]...)
		}
	}
	// Skipped lines leave the start of the slice unused.
	pg.Lines = pg.Lines[k:]
	n = len(pg.Lines)
	if n > 0 {
		pg.Next = max(pg.Next, pg.Lines[n-1].Seq)
	}
	return pg
}

// Errors returns the errors kept for procID ("" = all, in ID order),
// empty rather than nil when there are none (it encodes as []).
// The entries' Frames slices are shared and must not be modified.
func (s *Store) Errors(procID string) []ErrorEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []ErrorEntry{}
	for _, p := range s.procListLocked(procID) {
		out = append(out, p.errs...)
	}
	if procID == "" {
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	}
	return out
}

// URLs returns the server URLs procID announced, first seen first ("" =
// all processes, by process ID, de-duplicated).
func (s *Store) URLs(procID string) []string {
	return s.urlList(procID, func(p *proc) []string { return p.urls })
}

// Links returns the other URLs procID printed (ClassifyURLs), first seen
// first, as URLs does.
func (s *Store) Links(procID string) []string {
	return s.urlList(procID, func(p *proc) []string { return p.links })
}

func (s *Store) urlList(procID string, of func(*proc) []string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, p := range s.procListLocked(procID) {
		for _, u := range of(p) {
			if procID != "" || !containsString(out, u) {
				out = append(out, u)
			}
		}
	}
	return out
}

// Stats reports procID's stored history ("" = all processes summed).
func (s *Store) Stats(procID string) Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	var st Stats
	for _, p := range s.procListLocked(procID) {
		st.Lines += p.ring.n
		st.Bytes += p.ring.bytes
		st.Evicted += p.ring.evicted
	}
	return st
}
