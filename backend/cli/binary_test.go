//go:build unix

package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/config"
)

// These tests build the real binary (a plain `go build`, no Wails tags:
// main dispatches to Run before it touches Wails) and run it on the demo
// project, as a person would.

const testVersion = "0.0.0-clitest"

var (
	buildOnce sync.Once
	humPath   string // written once in buildOnce
	buildErr  error  // written once in buildOnce
	moduleDir string // written once in buildOnce
)

func TestMain(m *testing.M) {
	// A config folder of the tests' own: hum run and hum up keep the
	// watchdog's state files in it and report what they find there, and
	// must not do either in the user's.
	cfg, err := os.MkdirTemp("", "hum-cli-test-config-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv(config.EnvDir, cfg)
	code := m.Run()
	if humPath != "" {
		os.RemoveAll(filepath.Dir(humPath))
	}
	os.RemoveAll(cfg)
	os.Exit(code)
}

// hum returns the path of a freshly built binary, building it once.
func hum(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		out, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil {
			buildErr = err
			return
		}
		moduleDir = filepath.Dir(strings.TrimSpace(string(out)))
		dir, err := os.MkdirTemp("", "hum-cli-test-")
		if err != nil {
			buildErr = err
			return
		}
		humPath = filepath.Join(dir, "hum")
		build := exec.Command("go", "build", "-o", humPath, "-ldflags", "-X main.version="+testVersion, "hum")
		build.Dir = moduleDir
		if out, err := build.CombinedOutput(); err != nil {
			buildErr = errors.New(string(out))
		}
	})
	require.NoError(t, buildErr, "building hum")
	return humPath
}

func demoDir(t *testing.T) string {
	t.Helper()
	hum(t)
	return filepath.Join(moduleDir, "examples", "demo")
}

// runHum runs the binary to completion and returns its output and exit code.
func runHum(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(hum(t), args...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.WaitDelay = 10 * time.Second
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	done := make(chan error, 1)
	require.NoError(t, cmd.Start())
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		code = 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else {
			require.NoError(t, err)
		}
	case <-time.After(90 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("hum %v did not exit; stdout %q", args, out.String())
	}
	return out.String(), errOut.String(), code
}

func requireNode(t *testing.T) {
	t.Helper()
	_, err := exec.LookPath("node")
	require.NoError(t, err, "the demo project needs node")
	_, err = exec.LookPath("npm")
	require.NoError(t, err, "the demo project needs npm")
}

func TestBinaryVersionAndUsage(t *testing.T) {
	stdout, _, code := runHum(t, "--version")
	assert.Equal(t, 0, code)
	assert.Equal(t, "hum "+testVersion+"\n", stdout, "got %q, want the -ldflags version", stdout)

	stdout, stderr, code := runHum(t, "frobnicate")
	assert.Equal(t, 2, code, "got %v, want 2", code)
	assert.Empty(t, stdout)
	first, _, _ := strings.Cut(stderr, "\n")
	assert.Equal(t, `hum: unknown command "frobnicate"`, first)
	assert.Contains(t, stderr, "Usage:")

	stdout, _, code = runHum(t, "help")
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "hum run [DIR] NAME...")
}

func TestBinaryScriptsOnDemo(t *testing.T) {
	demo := demoDir(t)
	stdout, stderr, code := runHum(t, "scripts", demo)
	require.Equal(t, 0, code, "stderr %q", stderr)
	for _, want := range []string{
		"Scripts in " + demo,
		"package.json (npm)",
		"  dev ", "  fail ", "  chatty ", "  package.json:build ",
		"Makefile", "  makefile:build ", "# Build the demo bundle", "# Remove build output",
		"Procfile", "  web ", "  worker ",
	} {
		assert.Contains(t, stdout, want)
	}
	assert.NotContains(t, stdout, "Problems")

	stdout, stderr, code = runHum(t, "scripts", "--json", demo)
	require.Equal(t, 0, code, "stderr %q", stderr)
	var doc Document
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	assert.Equal(t, demo, doc.Root)
	ids := map[string]DocumentScript{}
	for _, s := range doc.Scripts {
		ids[s.ID] = s
	}
	for _, id := range []string{
		"package.json:package.json:dev", "package.json:package.json:fail", "package.json:package.json:chatty",
		"package.json:package.json:build", "makefile:Makefile:build", "procfile:Procfile:web",
	} {
		assert.Contains(t, ids, id)
	}
	assert.Equal(t, "npm run dev", ids["package.json:package.json:dev"].Run)
	assert.Equal(t, "node server.js", ids["package.json:package.json:dev"].Command)
	assert.Empty(t, doc.Problems)
}

func TestBinaryRunSucceedsAndFails(t *testing.T) {
	requireNode(t)
	demo := demoDir(t)

	stdout, stderr, code := runHum(t, "run", demo, "package.json:build")
	assert.Equal(t, 0, code, "stderr %q stdout %q", stderr, stdout)
	assert.Contains(t, stdout, "package.json:build | [build] compiling 12 modules")
	assert.Contains(t, stdout, "package.json:build | exited with code 0")

	stdout, stderr, code = runHum(t, "run", demo, "fail", "package.json:build")
	assert.Equal(t, 1, code, "got %v, want the failing script's code 1; stderr %q", code, stderr)
	assert.Contains(t, stdout, "fail               | Error: could not load config.json")
	assert.Contains(t, stdout, "fail               | exited with code 1")
	assert.Contains(t, stdout, "package.json:build | exited with code 0", "the other script runs to its end")

	_, stderr, code = runHum(t, "run", demo, "build")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `"build" is ambiguous`)
	assert.Contains(t, stderr, "makefile:build")
}

var urlRE = regexp.MustCompile(`http://localhost:\d+/`)

// TestBinaryRunStopsOnSIGTERM runs the demo's server and chatty logger,
// sends hum SIGTERM, and checks that both trees were stopped gracefully:
// hum exits 0 by itself and the server's port no longer answers.
func TestBinaryRunStopsOnSIGTERM(t *testing.T) {
	requireNode(t)
	demo := demoDir(t)
	cmd := exec.Command(hum(t), "run", demo, "dev", "chatty")
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	// If a child outlived hum and held the pipe, Wait would block for
	// ever; the assertions below catch that case, so only bound it.
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	var waitErr error // written before exited is closed
	exited := make(chan struct{})
	go func() {
		waitErr = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		select {
		case <-exited:
		default: // the test failed before hum exited: end what we started
			cmd.Process.Kill()
			<-exited
		}
	})

	eventually(t, 60*time.Second, func() bool {
		// chatty's first line means node is running its script, so its
		// SIGTERM handler is installed.
		return urlRE.MatchString(stdout.String()) && strings.Contains(stdout.String(), "chatty | INFO")
	}, "got output %q, want the server URL and chatty lines", stdout.String())
	url := urlRE.FindString(stdout.String())
	resp, err := http.Get(url)
	require.NoError(t, err, "the demo server answers while running")
	resp.Body.Close()
	assert.Regexp(t, `(?m)^dev    \| .*Local:`, stdout.String(), "names padded to the same width")

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-exited:
		assert.NoError(t, waitErr, "a requested stop exits 0; stderr %q", stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("hum did not exit after SIGTERM; output %q", stdout.String())
	}
	out := stdout.String()
	assert.Contains(t, out, "dev    | received SIGTERM, closing", "the server got the graceful signal")
	assert.Contains(t, out, "chatty | chatty: bye")
	assert.Contains(t, out, "dev    | stopped")
	assert.Contains(t, out, "chatty | stopped")
	assert.Contains(t, stderr.String(), "hum: stopping every script")

	client := http.Client{Timeout: 5 * time.Second}
	if resp, err := client.Get(url); err == nil {
		resp.Body.Close()
		t.Fatalf("the demo server still answers at %s after hum exited", url)
	}
}

func TestBinaryRunNoColourWarning(t *testing.T) {
	requireNode(t)
	stdout, stderr, code := runHum(t, "run", demoDir(t), "package.json:build")
	require.Equal(t, 0, code, "stderr %q", stderr)
	assert.NotContains(t, stdout, "Warning: The 'NO_COLOR' env is ignored", "NO_COLOR must not meet a forced FORCE_COLOR")
	assert.NotContains(t, stdout, "\x1b[", "no escape sequences when not a terminal")
}

func TestBinaryRunStopsEverythingWhenItsReaderGoes(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Procfile": "tick: sh -c 'sleep 300 & echo $! > child.pid; while :; do echo tick; sleep 0.05; done'\n",
	})
	// head exits after three lines; hum's next write then fails.
	cmd := exec.Command("sh", "-c", `"$0" run "$1" tick | head -n 3`, hum(t), dir)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.Output()
	require.NoError(t, err, "the pipeline; output %q", out)
	assert.Equal(t, 3, strings.Count(string(out), "tick | tick"), "got %q, want three tick lines", out)

	raw, err := os.ReadFile(filepath.Join(dir, "child.pid"))
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	require.NoError(t, err)
	eventually(t, 30*time.Second, func() bool { return gone(pid) },
		"the script's background child %d is still running after hum lost its reader", pid)
}

// gone reports whether pid has exited: no such process, or a zombie
// waiting to be reaped (which can take a while on machines whose PID 1 is
// not a classic init).
func gone(pid int) bool {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		return syscall.Kill(pid, 0) != nil // no /proc (macOS): ask the kernel
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	// The state follows the command name, which is in parentheses.
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && i+2 < len(s) && s[i+2] == 'Z'
}

// TestBinaryRunFloodArrivesWholeAndInOrder runs a script that prints two
// million lines as fast as it can: every one of them must come out of hum,
// once, in order, with its prefix, and hum must end by saying the script
// exited.
func TestBinaryRunFloodArrivesWholeAndInOrder(t *testing.T) {
	const n = 2_000_000
	dir := writeProject(t, map[string]string{"Procfile": fmt.Sprintf("flood: seq 1 %d\n", n)})
	cmd := exec.Command(hum(t), "run", dir, "flood")
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.WaitDelay = 10 * time.Second
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr syncBuffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	killed := time.AfterFunc(5*time.Minute, func() { cmd.Process.Kill() })
	defer killed.Stop()

	sc := bufio.NewScanner(stdout)
	next, bad := 1, 0
	var rest []string
	for sc.Scan() {
		line := sc.Text()
		if next <= n {
			if want := "flood | " + strconv.Itoa(next); line != want {
				if bad++; bad <= 3 {
					t.Errorf("line %d: got %q, want %q", next, line, want)
				}
			}
			next++
			continue
		}
		rest = append(rest, line)
	}
	require.NoError(t, sc.Err())
	require.NoError(t, cmd.Wait(), "stderr %q", stderr.String())
	assert.Equal(t, n+1, next, "got %d numbered lines, want %d", next-1, n)
	assert.Zero(t, bad, "lines out of order or changed")
	assert.Equal(t, []string{"flood | exited with code 0"}, rest, "got %q after the flood", rest)
}

// TestBinaryRunLoneLineAppearsAtOnce checks that gathering output into
// larger writes never holds back a line printed alone: the script prints
// one line and then sleeps, and that line must reach hum's reader while the
// script still runs.
func TestBinaryRunLoneLineAppearsAtOnce(t *testing.T) {
	dir := writeProject(t, map[string]string{"Procfile": "lone: sh -c 'echo ready; exec sleep 300'\n"})
	cmd := exec.Command(hum(t), "run", dir, "lone")
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.WaitDelay = 10 * time.Second
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})

	first := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		first <- line
		io.Copy(io.Discard, stdout) // keep draining until hum exits
	}()
	select {
	case line := <-first:
		assert.Equal(t, "lone | ready\n", line)
	case <-time.After(30 * time.Second): // generous: the script sleeps for 300 s
		t.Fatal("the lone line did not appear while the script ran")
	}
}
