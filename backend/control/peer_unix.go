//go:build unix

package control

import (
	"fmt"
	"os"
	"syscall"
)

// checkPrivate makes sure dir is the user's own and closed to everyone
// else: a folder someone else owns could hold a socket of theirs.
func checkPrivate(dir string) error {
	info, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("control: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("control: %s is not a folder", dir)
	}
	if st, ok := info.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return fmt.Errorf("control: %s belongs to another user", dir)
	}
	if info.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("control: %w", err)
		}
	}
	return nil
}
