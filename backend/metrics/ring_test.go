package metrics

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRing(t *testing.T) {
	pts := func(ts ...int64) []Point {
		out := make([]Point, len(ts))
		for i, v := range ts {
			out[i] = Point{T: v, CPU: float64(v), RSS: v}
		}
		return out
	}
	cases := []struct {
		name     string
		capacity int
		add      int
		want     []Point
	}{
		{"empty", 3, 0, pts()},
		{"partly full", 3, 2, pts(1, 2)},
		{"exactly full", 3, 3, pts(1, 2, 3)},
		{"wrapped once", 3, 4, pts(2, 3, 4)},
		{"wrapped many times", 3, 10, pts(8, 9, 10)},
		{"capacity one", 1, 5, pts(5)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRing(tc.capacity)
			for i := 1; i <= tc.add; i++ {
				r.add(Point{T: int64(i), CPU: float64(i), RSS: int64(i)})
			}
			got := r.points()
			assert.Equal(t, tc.want, got, "got %v, want %v", got, tc.want)
		})
	}
}

func TestRingPointsIsACopy(t *testing.T) {
	r := newRing(2)
	r.add(Point{T: 1})
	got := r.points()
	got[0].T = 99
	again := r.points()
	assert.Equal(t, int64(1), again[0].T, "got %v, want 1: points must not share the ring's memory", again[0].T)
}
