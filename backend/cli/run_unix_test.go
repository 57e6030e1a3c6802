//go:build unix

package cli

import (
	"context"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
)

var ansiRE = regexp.MustCompile("\x1b\\[[0-9;]*m")

// printABColour prints $A|$B|$FORCE_COLOR.
const printABColour = `printf '%s|%s|%s\n' "$A" "$B" "$FORCE_COLOR"`

func TestRunScriptsMergedOutputAndFirstFailure(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile": "hello: echo hello; printf '\\033[31mred\\033[0m\\n'; sleep 0.2; echo world\n" +
			"failing: sleep 0.5; echo about to fail; exit 3\n" +
			"late-fail: sleep 1.5; exit 4\n",
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
	dir := writeProject(t, map[string]string{"Procfile": "a: printf '\\033[32mgreen\\033[0m\\n'\n"})
	var stdout, stderr syncBuffer
	ctx := stopContexts{stop: context.Background(), force: context.Background()}
	code := runCmd(ctx, []string{dir, "a"}, &stdout, &stderr, true)
	require.Equal(t, 0, code, "stderr %q", stderr.String())
	want := "\x1b[36ma |\x1b[0m \x1b[32mgreen\x1b[0m\n"
	assert.Contains(t, stdout.String(), want, "got %q, want it to contain %q", stdout.String(), want)
}

func TestRunStopsEveryTreeWhenStopped(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile": "sleeper: echo ready; sleep 300\n" +
			"trapper: trap 'echo got TERM; exit 0' TERM; echo ready; while :; do sleep 0.1; done\n" +
			"child: sh -c 'sleep 300' & echo ready; wait\n",
	})
	stop, stopNow := context.WithCancel(context.Background())
	defer stopNow()
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		done <- runCmd(stopContexts{stop: stop, force: context.Background()}, []string{dir, "sleeper", "trapper", "child"}, &stdout, &stderr, false)
	}()
	eventually(t, 30*time.Second, func() bool { return strings.Count(stdout.String(), "| ready") == 3 },
		"got output %q, want three ready lines", stdout.String())
	start := time.Now()
	stopNow()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, "a requested stop is not a failure; got %v, want 0", code)
	case <-time.After(60 * time.Second):
		t.Fatal("hum run did not exit after the stop")
	}
	out := stdout.String()
	for _, want := range []string{"sleeper | stopped", "trapper | got TERM", "child   | stopped"} {
		assert.Contains(t, out, want)
	}
	// Every tree took the graceful signal: nothing waited out the grace period.
	assert.Less(t, time.Since(start), 20*time.Second)
}

// TestRunForwardsTypedLinesToItsOneProcess: `hum run` on a prompting script
// passes the user's line to it, and the end of the input ends a program
// that reads to the end (cat), as on a terminal.
func TestRunForwardsTypedLinesToItsOneProcess(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile": "ask: read -p 'Name? ' n; echo \"hi $n\"; cat; echo \"cat ended\"\n",
	})
	typed, typing := io.Pipe()
	var stdout, stderr syncBuffer
	ctx := stopContexts{stop: context.Background(), force: context.Background(), input: typed}
	done := make(chan int)
	go func() { done <- runCmd(ctx, []string{dir, "ask"}, &stdout, &stderr, false) }()
	poll.Until(t, 30*time.Second, func() bool { return strings.Contains(stdout.String(), "ask | Name? ") },
		"the prompt; got %q", stdout.String())
	_, err := typing.Write([]byte("Ada\n"))
	require.NoError(t, err)
	poll.Until(t, 30*time.Second, func() bool { return strings.Contains(stdout.String(), "ask | hi Ada\n") },
		"the answer; got %q", stdout.String())
	require.NoError(t, typing.Close()) // the end of the input: Ctrl-D
	select {
	case code := <-done:
		assert.Equal(t, 0, code, "stderr %q", stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("hum run did not end with the input; output %q", stdout.String())
	}
	assert.Contains(t, stdout.String(), "ask | cat ended\n")
}

// TestRunSaysWhenTypedInputHasNoProcess: with two processes running a line
// cannot be given to one of them, and stderr says so once.
func TestRunSaysWhenTypedInputHasNoProcess(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "a: echo a-up; exec sleep 60\nb: echo b-up; exec sleep 60\n"})
	typed, typing := io.Pipe()
	stop, stopNow := context.WithCancel(context.Background())
	defer stopNow()
	var stdout, stderr syncBuffer
	ctx := stopContexts{stop: stop, force: context.Background(), input: typed}
	done := make(chan int)
	go func() { done <- runCmd(ctx, []string{dir, "a", "b"}, &stdout, &stderr, false) }()
	poll.Until(t, 30*time.Second, func() bool {
		return strings.Contains(stdout.String(), "a | a-up") && strings.Contains(stdout.String(), "b | b-up")
	}, "both running; got %q", stdout.String())
	_, err := typing.Write([]byte("one\ntwo\n"))
	require.NoError(t, err)
	const want = "hum: what you type goes to a process only while exactly one runs (2 do now)\n"
	poll.Until(t, 30*time.Second, func() bool { return strings.Contains(stderr.String(), want) }, "the note; got %q", stderr.String())
	stopNow()
	<-done
	assert.Equal(t, 1, strings.Count(stderr.String(), "exactly one runs"), "got %q, want the note once", stderr.String())
	assert.NotContains(t, stdout.String(), "one", "a line reached a process")
}
