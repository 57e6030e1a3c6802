//go:build race

package logs

// The race detector makes every byte the sanitiser reads cost a shadow-memory
// check (about 15x slower here). Under it the gigabyte stream is cut to a
// quarter, still 32 times the 8 MiB bound, to keep the package under a
// minute; without -race the full gigabyte runs.
const streamBytes = 256 << 20
