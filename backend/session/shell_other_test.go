//go:build !windows

package session

import "testing"

// Command lines for the shell Hum runs them with here (sh -c).
const (
	sleepLine     = "exec sleep 30"
	longSleepLine = "exec sleep 300"
	upThenSleep   = "echo up; exec sleep 30"
	pwdLine       = "pwd"
	// errorLine prints a Node exception and fails.
	errorLine = `node -e "function boom(){ throw new Error('kaboom') } boom()"`
	// printABBase prints $A $B $FROM_BASE on one line.
	printABBase = `printf '%s %s %s\n' "$A" "$B" "$FROM_BASE"`
	// printD and printPass print $D and $PASS as they are.
	printD    = `printf '%s\n' "$D"`
	printPass = `printf '%s\n' "$PASS"`
)

// showVarsLine prints the variables the env tests check, one NAME=value
// line each ("unset" for a missing one).
func showVarsLine(*testing.T) string {
	return `for v in FROM_BASE A B C D URL PATH_TAIL; do eval "printf '%s=%s\n' $v \"\${$v-unset}\""; done`
}
