package session

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"hum/backend/shellquote"
)

// Command lines for the shell Hum runs them with on Windows (cmd /c): ping
// is the wait every Windows has; Node may be missing (under Wine it is), so
// the exception is printed as Node prints it.
const (
	sleepLine     = "ping -n 31 127.0.0.1 >nul"
	longSleepLine = "ping -n 301 127.0.0.1 >nul"
	upThenSleep   = "echo up& " + sleepLine
	pwdLine       = "cd"
	errorLine     = `echo Error: kaboom& echo     at boom (C:\app\boom.js:1:24)& echo     at Object.^<anonymous^> (C:\app\boom.js:1:44)& exit /b 1`
	printABBase   = "echo %A% %B% %FROM_BASE%"
	printD        = "echo %D%"
	printPass     = "echo %PASS%"
)

// helperFlag makes this test binary print variables instead of running
// the tests (see TestMain): cmd.exe has no `${v-unset}`.
const helperFlag = "-hum-show-vars"

// showVarsLine prints the variables the env tests check, one NAME=value
// line each ("unset" for a missing one), by this test binary.
func showVarsLine(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return shellquote.Cmd(exe) + " " + helperFlag + " FROM_BASE A B C D URL PATH_TAIL"
}

// printVars prints each named variable as NAME=value.
func printVars(names []string) {
	var b strings.Builder
	for _, n := range names {
		v, ok := os.LookupEnv(n)
		if !ok {
			v = "unset"
		}
		fmt.Fprintf(&b, "%s=%s\n", n, v)
	}
	os.Stdout.WriteString(b.String())
}
