package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachConsole gives the headless commands somewhere to print on Windows.
// hum.exe is a GUI-subsystem program, so that starting the window from the
// Start menu opens no console; run from cmd or PowerShell it then has no
// stdout or stderr either, unless it attaches to the console of the shell
// that started it. Output redirected to a file or a pipe already has its
// handles and is left alone. Compiled here, not run: see the README.
func attachConsole() {
	if h, err := windows.GetStdHandle(windows.STD_OUTPUT_HANDLE); err == nil && h != 0 && h != windows.InvalidHandle {
		return
	}
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1
	if r, _, _ := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole").Call(attachParentProcess); r == 0 {
		return // started from Explorer: there is no console to attach to
	}
	if f, err := os.OpenFile("CONOUT$", os.O_RDWR, 0); err == nil {
		os.Stdout, os.Stderr = f, f
	}
}
