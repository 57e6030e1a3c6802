//go:build unix && !linux

package process

import (
	"os/exec"
	"syscall"
)

// No parent-death signal outside Linux; StopAll at quit is what stops trees.
func setParentDeathSignal(*syscall.SysProcAttr) {}

func startCmd(cmd *exec.Cmd) error { return cmd.Start() }

// Without /proc, a zombie counts as a member here. The leader is reaped by
// our own Wait, and the system's init (launchd on macOS) reaps orphans
// promptly, so this only delays alive's answer.
func groupHasLiveMember(int) bool { return true }
