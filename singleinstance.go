package main

import "github.com/wailsapp/wails/v2/pkg/options"

// singleInstanceID names Hum's single-instance lock. Wails turns it into a
// D-Bus name on Linux (org.wails_app_<id>.SingleInstance, with '.' and '-'
// replaced by '_'), a named mutex and window class on Windows and a
// distributed notification name on macOS. It must stay the same across
// versions, or an old and a new Hum would run side by side; and it must stay
// a valid D-Bus name element (letters, digits, '_', '.', '-'), or Wails on
// Linux silently runs without the lock.
const singleInstanceID = "dev.hum.Hum"

// singleInstanceLock makes a second launch of the window hand over to the one
// already running: Wails sends the second process's arguments and working
// directory to the first, calls onSecond there, and ends the second process
// (exit status 1 on Linux; that is how Wails reports the hand-off). onSecond
// runs on a Wails goroutine, not the UI thread, once per later launch; a
// relative folder in args is relative to workingDir.
//
// The headless subcommands (`hum scripts`, `hum run`, `hum --version`) must be
// dispatched before wails.Run so they never meet this lock.
func singleInstanceLock(onSecond func(args []string, workingDir string)) *options.SingleInstanceLock {
	return &options.SingleInstanceLock{
		UniqueId: singleInstanceID,
		OnSecondInstanceLaunch: func(d options.SecondInstanceData) {
			onSecond(d.Args, d.WorkingDirectory)
		},
	}
}
