package ports

import (
	"encoding/binary"
	"errors"
	"syscall"
)

// Listening sockets through netlink's sock_diag, the interface ss(8) uses.
// /proc/net/tcp is the obvious source but costs 10-15 ms a read on a
// machine with 24 GiB (measured; see docs/BENCHMARKS.md): the kernel walks
// every bucket of the established-connections hash, which is sized by
// memory, to print a table with a few lines. Asked for listening sockets
// only, sock_diag walks the listening hash alone. /proc/net/tcp stays the
// fallback for a kernel without it.

const (
	sockDiagByFamily = 20 // SOCK_DIAG_BY_FAMILY
	tcpListen        = 10 // TCP_LISTEN, the state /proc/net/tcp prints as 0A
	nlmsgHdrLen      = 16
	diagReqLen       = 56 // struct inet_diag_req_v2
	diagMsgLen       = 72 // struct inet_diag_msg
)

// sockDiagListening adds the listening TCP sockets (IPv4 and IPv6) to m,
// inode to port; only those on wantPort unless it is 0.
func sockDiagListening(wantPort int, m map[uint64]int) error {
	fd, err := syscall.Socket(syscall.AF_NETLINK, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, syscall.NETLINK_INET_DIAG)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	buf := make([]byte, 64<<10)
	for i, family := range []byte{syscall.AF_INET, syscall.AF_INET6} {
		req := make([]byte, nlmsgHdrLen+diagReqLen)
		ne := binary.NativeEndian
		ne.PutUint32(req[0:], uint32(len(req)))
		ne.PutUint16(req[4:], sockDiagByFamily)
		ne.PutUint16(req[6:], syscall.NLM_F_REQUEST|syscall.NLM_F_DUMP)
		ne.PutUint32(req[8:], uint32(i+1)) // sequence number
		req[16] = family
		req[17] = syscall.IPPROTO_TCP
		ne.PutUint32(req[20:], 1<<tcpListen) // idiag_states
		if wantPort > 0 {
			binary.BigEndian.PutUint16(req[24:], uint16(wantPort)) // id.idiag_sport
		}
		if err := syscall.Sendto(fd, req, 0, &syscall.SockaddrNetlink{Family: syscall.AF_NETLINK}); err != nil {
			return err
		}
		if err := readDiag(fd, buf, uint32(i+1), wantPort, m); err != nil {
			return err
		}
	}
	return nil
}

// readDiag reads one dump's answers until NLMSG_DONE.
func readDiag(fd int, buf []byte, seq uint32, wantPort int, m map[uint64]int) error {
	for {
		n, _, err := syscall.Recvfrom(fd, buf, 0)
		if err != nil {
			if err == syscall.EINTR {
				continue
			}
			return err
		}
		msgs, err := syscall.ParseNetlinkMessage(buf[:n])
		if err != nil {
			return err
		}
		for _, msg := range msgs {
			if msg.Header.Seq != seq {
				continue
			}
			switch msg.Header.Type {
			case syscall.NLMSG_DONE:
				return nil
			case syscall.NLMSG_ERROR:
				return errors.New("sock_diag: the kernel refused the dump")
			}
			d := msg.Data
			if len(d) < diagMsgLen || d[1] != tcpListen {
				continue
			}
			port := int(binary.BigEndian.Uint16(d[4:6]))
			inode := uint64(binary.NativeEndian.Uint32(d[68:72]))
			if port == 0 || inode == 0 || (wantPort != 0 && port != wantPort) {
				continue
			}
			m[inode] = port
		}
	}
}
