package process

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The console Hum's trees share. CTRL_BREAK is the closest Windows has to
// SIGTERM for console programs, and GenerateConsoleCtrlEvent only reaches a
// process group that shares the caller's console. hum.exe is a GUI program:
// started from the Start menu it has no console, and a console child would
// then get a console of its own (a window each, or none with
// CREATE_NO_WINDOW, but never one Hum can signal). So before its first tree
// Hum makes sure it has a console: its own when it has one (started from a
// terminal, where main attaches to the terminal's), else a hidden one it
// creates. Every tree then runs on that console in its own process group
// (CREATE_NEW_PROCESS_GROUP, the leader's PID is the group ID), and Stop's
// CTRL_BREAK reaches that tree and nothing else: not Hum, not other trees.
var (
	consoleOnce sync.Once
	consoleErr  error // written once in consoleOnce; nil when trees share Hum's console
)

// treeConsole makes sure Hum has a console its trees can share (see above)
// and reports whether it has. On failure children run without a console
// window of their own (CREATE_NO_WINDOW) and Stop cannot be graceful.
func treeConsole() error {
	consoleOnce.Do(func() { consoleErr = ensureConsole() })
	return consoleErr
}

var (
	kernel32                  = windows.NewLazySystemDLL("kernel32.dll")
	procGetConsoleProcessList = kernel32.NewProc("GetConsoleProcessList")
	procAttachConsole         = kernel32.NewProc("AttachConsole")
	procFreeConsole           = kernel32.NewProc("FreeConsole")
)

// hasConsole reports whether this process is attached to a console (the
// console's process list holds at least this process).
func hasConsole() bool {
	var pids [1]uint32
	n, _, _ := procGetConsoleProcessList.Call(uintptr(unsafe.Pointer(&pids[0])), 1)
	return n != 0
}

// consoleHostTimeout bounds the wait for the hidden console to exist.
const consoleHostTimeout = 10 * time.Second

// ensureConsole attaches Hum to a hidden console when it has none. Not
// AllocConsole: that console takes its window state from Hum's own start
// (visible), and where Windows Terminal is the default terminal it opens a
// terminal window. Instead a console host process is started hidden
// (SW_HIDE) with a new console, Hum attaches to that console, and the host
// is let go: the console lives on while Hum or any tree is attached to it.
func ensureConsole() error {
	if hasConsole() {
		return nil
	}
	sys, err := windows.GetSystemDirectory()
	if err != nil {
		return fmt.Errorf("console for process trees: %w", err)
	}
	// cmd.exe reading commands from a pipe nobody writes to: it lives until
	// Hum closes the pipe, after attaching. Not its console's input, which
	// may report end of file at once (Wine). Not hum.exe itself: a GUI
	// program gets no console.
	host := exec.Command(filepath.Join(sys, "cmd.exe"), "/d", "/q", "/k")
	host.SysProcAttr = &syscall.SysProcAttr{
		HideWindow:    true,
		CreationFlags: windows.CREATE_NEW_CONSOLE | windows.CREATE_NEW_PROCESS_GROUP,
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("console for process trees: %w", err)
	}
	host.Stdin = pr // stdout and stderr: the null device
	err = host.Start()
	pr.Close()
	if err != nil {
		pw.Close()
		return fmt.Errorf("console for process trees: start its host: %w", err)
	}
	exited := make(chan struct{})
	go func() { _ = host.Wait(); close(exited) }()
	defer func() {
		pw.Close() // the host reads end of file and exits
		select {
		case <-exited:
		case <-time.After(consoleHostTimeout):
			_ = host.Process.Kill() // Hum started it: ours to end
		}
	}()

	// A process started with CREATE_NO_WINDOW (or by Wine from a Unix
	// shell) holds a console handle with no console behind it, which
	// AttachConsole refuses (access denied): let go of it first. With no
	// console at all this does nothing.
	_, _, _ = procFreeConsole.Call()
	// The host's console exists once its process has initialised, a few
	// milliseconds after it started; AttachConsole fails until then.
	deadline := time.Now().Add(consoleHostTimeout)
	for {
		r, _, callErr := procAttachConsole.Call(uintptr(host.Process.Pid))
		if r != 0 {
			break
		}
		select {
		case <-exited:
			return errors.New("console for process trees: its host exited before Hum could attach")
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("console for process trees: attach: %w", callErr)
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Hum's own os.Stdout and os.Stderr stay what they were (nothing, or
	// a file): Go read them at start. CTRL_BREAK to a tree's group never
	// reaches Hum, which is in another group, and no CTRL_CLOSE comes from
	// a console without a window.
	return nil
}
