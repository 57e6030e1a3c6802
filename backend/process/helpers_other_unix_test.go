//go:build unix && !linux

package process

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// pidGone reports whether pid has exited. Without /proc a zombie counts as
// alive; callers poll, and orphans are reaped promptly by init here.
func pidGone(pid int) bool { return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) }

// liveGroupMembers returns the PGIDs in pgids that still have a member.
func liveGroupMembers(pgids map[int]bool) []int {
	var live []int
	for pgid := range pgids {
		if !errors.Is(syscall.Kill(-pgid, 0), syscall.ESRCH) {
			live = append(live, pgid)
		}
	}
	return live
}

// command returns the name of the program pid runs ("" once it is gone).
func command(pid int) string {
	out, err := exec.Command("ps", "-o", "comm=", "-p", strconv.Itoa(pid)).Output()
	if err != nil {
		return ""
	}
	return filepath.Base(strings.TrimSpace(string(out)))
}

// suspended reports whether pid is stopped by a signal (state T).
func suspended(pid int) bool {
	out, err := exec.Command("ps", "-o", "state=", "-p", strconv.Itoa(pid)).Output()
	return err == nil && strings.HasPrefix(strings.TrimSpace(string(out)), "T")
}
