//go:build !race

package logs

// streamBytes is how much TestMemoryBoundedOneGigabyte streams.
const streamBytes = 1 << 30
