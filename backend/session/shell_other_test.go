//go:build !windows

package session

// Command lines for the shell Hum runs them with here (sh -c).
const (
	sleepLine = "exec sleep 30"
	pwdLine   = "pwd"
	// errorLine prints a Node exception and fails.
	errorLine = `node -e "function boom(){ throw new Error('kaboom') } boom()"`
)
