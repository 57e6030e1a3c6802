package process

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The Windows tests' helper programs are this test binary itself, started
// with HUM_PROCESS_HELPER naming what to be: small Go programs compiled for
// Windows with the tests, so they run unchanged on Windows and under Wine,
// where no Go toolchain exists to build anything at test time. They stand in
// for what POSIX shell tricks do in the Unix tests (sleep trees, traps,
// printf, seq).
const helperEnv = "HUM_PROCESS_HELPER"

// onBreakEnv says what a tree helper and its children do on CTRL_BREAK:
// "exit" (say so and exit 0) or "ignore". Inherited by the children.
const onBreakEnv = "HUM_HELPER_ON_BREAK"

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		os.Exit(runHelper(mode, os.Args[1:]))
	}
	os.Exit(m.Run())
}

// helperSpec is a Spec that runs helper mode with args, directly (no shell).
func helperSpec(t *testing.T, mode string, args ...string) Spec {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return Spec{Name: mode, Argv: append([]string{exe}, args...), Env: []string{helperEnv + "=" + mode}}
}

// runHelper is the helper program; it returns the exit code.
func runHelper(mode string, args []string) int {
	out := bufio.NewWriter(os.Stdout)
	say := func(format string, a ...any) {
		fmt.Fprintf(out, format+"\n", a...)
		out.Flush()
	}
	switch mode {
	case "tree": // args: number of children; prints "child PID" each, then "ready"
		n, _ := strconv.Atoi(args[0])
		breaks := watchBreak()
		for range n {
			exe, _ := os.Executable()
			c := exec.Command(exe)
			c.Env = append(os.Environ(), helperEnv+"=child")
			c.Stdout, c.Stderr = os.Stdout, os.Stderr
			if err := c.Start(); err != nil {
				say("start child: %v", err)
				return 2
			}
			say("child %d", c.Process.Pid)
		}
		say("ready")
		return onBreak(breaks, say, "leader")
	case "child": // a tree's child: waits, reacts to CTRL_BREAK like its leader
		return onBreak(watchBreak(), say, fmt.Sprintf("child %d", os.Getpid()))
	case "orphan": // starts a child, prints its PID and exits at once
		exe, _ := os.Executable()
		c := exec.Command(exe)
		c.Env = append(os.Environ(), helperEnv+"=child", onBreakEnv+"=ignore")
		c.Stdout = os.Stdout // holds the pipe open after the leader exits
		if err := c.Start(); err != nil {
			say("start child: %v", err)
			return 2
		}
		say("child %d", c.Process.Pid)
		return 0
	case "flood": // args: n; prints 1..n, one a line, as fast as it can
		n, _ := strconv.Atoi(args[0])
		for i := 1; i <= n; i++ {
			out.WriteString(strconv.Itoa(i))
			out.WriteByte('\n')
		}
		out.Flush()
		return 0
	case "print": // args: text, written as is (no newline added), then exit
		out.WriteString(args[0])
		out.Flush()
		return 0
	case "prompt": // prints a prompt without a newline and waits
		out.WriteString("Password: ")
		out.Flush()
		time.Sleep(10 * time.Minute)
		return 0
	case "argv": // prints its arguments as one JSON array
		b, _ := json.Marshal(args)
		say("%s", b)
		return 0
	case "console": // prints the PIDs attached to its console, one JSON array
		pids := make([]uint32, 64)
		n, _, _ := procGetConsoleProcessList.Call(uintptr(unsafe.Pointer(&pids[0])), uintptr(len(pids)))
		b, _ := json.Marshal(pids[:min(int(n), len(pids))])
		say("%s", b)
		return 0
	case "exit": // args: exit code
		code, _ := strconv.Atoi(args[0])
		return code
	case "supervisor": // a Hum stand-in: starts a tree, prints its PIDs, waits to be killed
		m := NewManager(Options{Sink: SinkFunc(func(_ string, _ Stream, line []byte) { say("%s", line) })})
		exe, _ := os.Executable()
		spec := Spec{Argv: []string{exe, "2"}, Env: []string{helperEnv + "=tree", onBreakEnv + "=ignore"}}
		st, err := m.Start(spec)
		if err != nil {
			say("start: %v", err)
			return 2
		}
		say("leader %d", st.PID)
		time.Sleep(10 * time.Minute)
		return 0
	}
	fmt.Fprintf(os.Stderr, "unknown helper mode %q\n", mode)
	return 2
}

// watchBreak subscribes to CTRL_BREAK and CTRL_C (os.Interrupt in Go) when
// the helper should react to them; without a subscription Go's default
// is to exit, like any console program's.
func watchBreak() chan os.Signal {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	return c
}

// onBreak waits: for CTRL_BREAK when told to exit on it (prints its
// shutdown line, exits 0), forever when told to ignore it.
func onBreak(c chan os.Signal, say func(string, ...any), who string) int {
	for {
		<-c
		if os.Getenv(onBreakEnv) == "exit" {
			say("%s got CTRL_BREAK, shutting down", who)
			return 0
		}
	}
}

// pidGone reports whether the process with pid has exited (or never was).
func pidGone(pid int) bool {
	h, err := windows.OpenProcess(windows.SYNCHRONIZE|windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		return true // ERROR_INVALID_PARAMETER: no such process
	}
	defer windows.CloseHandle(h)
	ev, err := windows.WaitForSingleObject(h, 0)
	return err == nil && ev == windows.WAIT_OBJECT_0
}
