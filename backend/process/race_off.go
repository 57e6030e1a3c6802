//go:build !race

package process

// raceEnabled turns on the checks that only race-detector builds afford.
const raceEnabled = false
