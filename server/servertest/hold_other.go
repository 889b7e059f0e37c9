//go:build !unix

package servertest

import "net"

// holdDialer dials as usual; Dial then shrinks the receive buffer.
func holdDialer() *net.Dialer { return &net.Dialer{} }
