//go:build unix

package servertest

import (
	"net"
	"syscall"
)

// holdDialer dials with a small receive buffer set before connecting, so
// that the window the connection advertises stays small from the start and
// the kernel does not grow it.
func holdDialer() *net.Dialer {
	return &net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var err error
		if cerr := c.Control(func(fd uintptr) {
			err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, holdReadBuffer)
		}); cerr != nil {
			return cerr
		}
		return err
	}}
}
