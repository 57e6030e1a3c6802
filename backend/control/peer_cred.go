//go:build linux || darwin

package control

import (
	"fmt"
	"net"
	"os"
)

// checkPeer refuses a connection from another user, asking the kernel who
// is at the other end (peerUID): the 0700 folder already keeps others out,
// this holds even if someone loosened it.
func checkPeer(c net.Conn) error {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return fmt.Errorf("control: not a unix socket")
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return err
	}
	var uid uint32
	var cerr error
	if err := raw.Control(func(fd uintptr) { uid, cerr = peerUID(int(fd)) }); err != nil {
		return err
	}
	if cerr != nil {
		return cerr
	}
	return samePeer(int(uid))
}

func samePeer(uid int) error {
	if uid != os.Getuid() {
		return fmt.Errorf("control: peer is user %d", uid)
	}
	return nil
}
