package metrics

// ring is a fixed-capacity history of points: appending to a full ring
// overwrites the oldest point, so a process's history costs the same memory
// after ten minutes as after ten hours.
// A ring is not safe for concurrent use: the Sampler guards each one with its mu.
type ring struct {
	buf  []Point // len == capacity, allocated once
	head int     // index of the oldest point when full; next write position
	n    int     // points stored, <= len(buf)
}

func newRing(capacity int) *ring { return &ring{buf: make([]Point, capacity)} }

func (r *ring) add(p Point) {
	r.buf[r.head] = p
	r.head = (r.head + 1) % len(r.buf)
	if r.n < len(r.buf) {
		r.n++
	}
}

// points returns a copy, oldest first, that the caller owns.
func (r *ring) points() []Point {
	out := make([]Point, r.n)
	start := (r.head - r.n + len(r.buf)) % len(r.buf)
	k := copy(out, r.buf[start:min(start+r.n, len(r.buf))])
	copy(out[k:], r.buf[:r.n-k])
	return out
}
