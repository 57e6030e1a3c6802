package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/shellquote"
	"hum/backend/wine"
)

// `hum run` on Windows, with the scripts' commands played by this test
// binary: started with helperFlag first, it runs the steps its other
// arguments name (see runSteps) instead of the tests. The Unix tests use sh
// for the same (run_unix_test.go).
const helperFlag = "-hum-helper"

// humFlag makes this test binary be hum.exe: started with it first, it runs
// cli.Run on its other arguments, as main does (killed_windows_test.go).
const humFlag = "-hum-binary"

var ansiRE = regexp.MustCompile("\x1b\\[[0-9;]*m")

// printABColour prints %A%|%B%|%FORCE_COLOR% (^| is a literal | for cmd).
const printABColour = "echo %A%^|%B%^|%FORCE_COLOR%"

func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == helperFlag {
		os.Exit(runSteps(os.Args[2:]))
	}
	if len(os.Args) > 1 && os.Args[1] == humFlag {
		code, _ := Run(os.Args[2:], os.Stdout, os.Stderr)
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// runSteps runs steps in order: say:TEXT prints a line, colour:CODE:TEXT
// prints TEXT in an SGR colour, sleep:SECONDS waits, exit:CODE exits,
// trap makes CTRL_BREAK print "got CTRL_BREAK" and exit 0 (else it ends
// the helper, as any console program), child starts a child that waits,
// pid prints "helper PID" with the helper's own PID, children:N starts N
// children that wait and prints "child PID" for each.
func runSteps(steps []string) int {
	for _, step := range steps {
		verb, arg, _ := strings.Cut(step, ":")
		switch verb {
		case "say":
			fmt.Println(arg)
		case "colour":
			code, text, _ := strings.Cut(arg, ":")
			fmt.Printf("\x1b[%sm%s\x1b[0m\n", code, text)
		case "sleep":
			s, _ := strconv.ParseFloat(arg, 64)
			time.Sleep(time.Duration(s * float64(time.Second)))
		case "exit":
			code, _ := strconv.Atoi(arg)
			return code
		case "trap":
			c := make(chan os.Signal, 1)
			signal.Notify(c, os.Interrupt)
			go func() {
				<-c
				fmt.Println("got CTRL_BREAK")
				os.Exit(0)
			}()
		case "child":
			exe, _ := os.Executable()
			if err := exec.Command(exe, helperFlag, "sleep:300").Start(); err != nil {
				fmt.Println(err)
				return 2
			}
		case "pid":
			fmt.Printf("helper %d\n", os.Getpid())
		case "children":
			n, _ := strconv.Atoi(arg)
			exe, _ := os.Executable()
			for range n {
				c := exec.Command(exe, helperFlag, "sleep:300")
				if err := c.Start(); err != nil {
					fmt.Println(err)
					return 2
				}
				fmt.Printf("child %d\n", c.Process.Pid)
			}
		}
	}
	return 0
}

// helperLine is a Procfile command that runs the helper with steps,
// quoted for cmd.exe as discovery quotes.
func helperLine(t *testing.T, steps ...string) string {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	words := []string{shellquote.Cmd(exe), helperFlag}
	for _, s := range steps {
		words = append(words, shellquote.Cmd(s))
	}
	return strings.Join(words, " ")
}

func TestRunScriptsMergedOutputAndFirstFailure(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile": "hello: " + helperLine(t, "say:hello", "colour:31:red", "sleep:0.2", "say:world") + "\n" +
			"failing: " + helperLine(t, "sleep:0.5", "say:about to fail", "exit:3") + "\n" +
			"late-fail: " + helperLine(t, "sleep:1.5", "exit:4") + "\n",
	})
	var stdout, stderr syncBuffer
	ctx := stopContexts{stop: context.Background(), force: context.Background()}
	done := make(chan int)
	go func() { done <- runCmd(ctx, []string{dir, "hello", "failing", "late-fail"}, &stdout, &stderr, false) }()
	var code int
	select {
	case code = <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("hum run did not exit after every script ended")
	}
	assert.Equal(t, 3, code, "got %v, want the first failure's code 3 (stderr %q)", code, stderr.String())
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	for _, want := range []string{
		"hello     | hello",
		"hello     | red", // colours stripped: not a terminal
		"hello     | world",
		"hello     | exited with code 0",
		"failing   | about to fail",
		"failing   | exited with code 3",
		"late-fail | exited with code 4",
	} {
		assert.Contains(t, lines, want, "got %q", stdout.String())
	}
	assert.Less(t, slices.Index(lines, "hello     | hello"), slices.Index(lines, "hello     | world"))
	assert.False(t, ansiRE.MatchString(stdout.String()), "no colours when not a terminal")
}

func TestRunColoursNames(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "a: " + helperLine(t, "colour:32:green") + "\n"})
	var stdout, stderr syncBuffer
	ctx := stopContexts{stop: context.Background(), force: context.Background()}
	code := runCmd(ctx, []string{dir, "a"}, &stdout, &stderr, true)
	require.Equal(t, 0, code, "stderr %q", stderr.String())
	want := "\x1b[36ma |\x1b[0m \x1b[32mgreen\x1b[0m\n"
	assert.Contains(t, stdout.String(), want, "got %q, want it to contain %q", stdout.String(), want)
}

// runUntilStopped runs scripts until every one printed ready, stops them
// as Ctrl-C does, and returns the output, the exit code and how long the
// stop took.
func runUntilStopped(t *testing.T, dir string, names ...string) (string, int, time.Duration) {
	t.Helper()
	stop, stopNow := context.WithCancel(context.Background())
	defer stopNow()
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		done <- runCmd(stopContexts{stop: stop, force: context.Background()}, append([]string{dir}, names...), &stdout, &stderr, false)
	}()
	eventually(t, 30*time.Second, func() bool { return strings.Count(stdout.String(), "| ready") == len(names) },
		"got output %q, want %d ready lines", stdout.String(), len(names))
	start := time.Now()
	stopNow()
	select {
	case code := <-done:
		return stdout.String(), code, time.Since(start)
	case <-time.After(60 * time.Second):
		t.Fatal("hum run did not exit after the stop")
	}
	return "", 0, 0
}

// Ctrl-C stops every tree, the child of a script's leader included.
func TestRunStopsEveryTreeWhenStopped(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile": "sleeper: " + helperLine(t, "say:ready", "sleep:300") + "\n" +
			"child: " + helperLine(t, "child", "say:ready", "sleep:300") + "\n",
	})
	out, code, _ := runUntilStopped(t, dir, "sleeper", "child")
	assert.Equal(t, 0, code, "a requested stop is not a failure; got %v, want 0", code)
	for _, want := range []string{"sleeper | stopped", "child   | stopped"} {
		assert.Contains(t, out, want)
	}
}

// The stop is graceful: a script that handles CTRL_BREAK prints its last
// words and exits, and nothing waits out the grace period.
func TestRunStopsGracefully(t *testing.T) {
	wine.Skip(t, wine.ConsoleCtrlEvents)
	dir := writeProject(t, map[string]string{
		"Procfile": "trapper: " + helperLine(t, "trap", "say:ready", "sleep:300") + "\n",
	})
	out, code, took := runUntilStopped(t, dir, "trapper")
	assert.Equal(t, 0, code, "got %v, want 0", code)
	assert.Contains(t, out, "trapper | got CTRL_BREAK")
	assert.Less(t, took, 20*time.Second)
}
