package logs

// entry is a stored line and the bytes it is charged against the store's
// byte bound.
type entry struct {
	line Line
	size int
}

// ring is one process's bounded line history, oldest first. Appending is
// O(1) amortised: the buffer grows by doubling up to maxLines, then each
// append overwrites the oldest slot, and byte eviction pops from the head.
// A ring is not safe for concurrent use: Store.mu guards every ring.
type ring struct {
	buf   []entry
	head  int // index of the oldest entry in buf
	n     int // number of entries
	bytes int // sum of entry sizes

	maxLines int
	maxBytes int

	evictedSeq uint64 // Seq of the newest line evicted by the bounds; 0 if none
	evicted    uint64 // lines evicted by the bounds so far
	last       uint64 // Seq of the newest line ever pushed, kept across clear
}

func (r *ring) at(i int) *entry {
	j := r.head + i
	if j >= len(r.buf) {
		j -= len(r.buf)
	}
	return &r.buf[j]
}

// push appends e, evicting the oldest lines until both bounds hold. The
// newest line is always kept, so a single line larger than maxBytes (at most
// the core's 64 KiB split, times the sanitiser's expansion) can exceed the
// byte bound by itself.
func (r *ring) push(e entry) {
	for r.n > 0 && (r.n >= r.maxLines || r.bytes+e.size > r.maxBytes) {
		r.popOldest()
	}
	if r.n == len(r.buf) {
		r.grow()
	}
	*r.at(r.n) = e
	r.n++
	r.last = e.line.Seq
	r.bytes += e.size
}

func (r *ring) popOldest() {
	old := r.at(0)
	r.evictedSeq = old.line.Seq
	r.evicted++
	r.bytes -= old.size
	*old = entry{} // drop the strings now, not when the slot is reused
	r.head++
	if r.head == len(r.buf) {
		r.head = 0
	}
	r.n--
}

func (r *ring) grow() {
	size := len(r.buf) * 2
	if size < 64 {
		size = 64
	}
	if size > r.maxLines {
		size = r.maxLines
	}
	buf := make([]entry, size)
	for i := 0; i < r.n; i++ {
		buf[i] = *r.at(i)
	}
	r.buf = buf
	r.head = 0
}

// clear drops every line and releases the buffer.
func (r *ring) clear() {
	r.buf = nil
	r.head, r.n, r.bytes = 0, 0, 0
}

// after returns the index of the first line with Seq > seq (r.n if none).
// Seqs in a ring increase, so this is a binary search.
func (r *ring) after(seq uint64) int {
	lo, hi := 0, r.n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if r.at(m).line.Seq <= seq {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
