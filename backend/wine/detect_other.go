//go:build !windows

package wine

const running = false
