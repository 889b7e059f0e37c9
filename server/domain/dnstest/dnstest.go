// Package dnstest runs a real DNS server (miekg/dns) on loopback, over UDP
// and TCP on one port, answering TXT questions from records the test sets:
// the resolver that domain verification is pointed at in tests (Go and the
// portal's end-to-end suite, through the small program in
// frontend/e2e/dns). It can answer UDP with the TC bit set and no records,
// as a server does when the answer is too big, so that the TCP retry is
// exercised, and fail every question with SERVFAIL.
package dnstest

import (
	"errors"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/miekg/dns"
)

// Server is a running DNS server.
type Server struct {
	// Addr is its host:port, for ROSTER_DNS_RESOLVER.
	Addr string

	mu       sync.Mutex
	records  map[string][]string // lower-case FQDN -> TXT values
	truncate bool
	fail     bool

	UDPQueries, TCPQueries atomic.Int64

	udp, tcp *dns.Server
}

// Start runs a server for the test, closed when it ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// Listen runs a server on addr (port 0: a free one, the same for UDP and
// TCP).
func Listen(addr string) (*Server, error) {
	s := &Server{records: map[string][]string{}}
	var err error
	for range 20 {
		var pc net.PacketConn
		if pc, err = net.ListenPacket("udp", addr); err != nil {
			return nil, err
		}
		var ln net.Listener
		if ln, err = net.Listen("tcp", pc.LocalAddr().String()); err != nil {
			_ = pc.Close() // the port is taken for TCP: try another
			continue
		}
		s.Addr = pc.LocalAddr().String()
		s.udp = &dns.Server{PacketConn: pc, Handler: s.handler("udp")}
		s.tcp = &dns.Server{Listener: ln, Handler: s.handler("tcp")}
		started := make(chan struct{}, 2)
		s.udp.NotifyStartedFunc = func() { started <- struct{}{} }
		s.tcp.NotifyStartedFunc = func() { started <- struct{}{} }
		go func() { _ = s.udp.ActivateAndServe() }()
		go func() { _ = s.tcp.ActivateAndServe() }()
		<-started
		<-started
		return s, nil
	}
	return nil, errors.Join(errors.New("dnstest: no port free for both UDP and TCP"), err)
}

// Close stops the server.
func (s *Server) Close() {
	_ = s.udp.Shutdown()
	_ = s.tcp.Shutdown()
}

// SetTXT makes name's TXT records exactly values (none: the name does not
// exist).
func (s *Server) SetTXT(name string, values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(dns.Fqdn(name))
	if len(values) == 0 {
		delete(s.records, key)
		return
	}
	s.records[key] = append([]string(nil), values...)
}

// TruncateUDP makes every UDP answer truncated (TC, no records), so that
// clients must ask again over TCP.
func (s *Server) TruncateUDP(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.truncate = on
}

// Fail makes every answer SERVFAIL.
func (s *Server) Fail(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = on
}

func (s *Server) handler(network string) dns.HandlerFunc {
	return func(w dns.ResponseWriter, q *dns.Msg) {
		if network == "udp" {
			s.UDPQueries.Add(1)
		} else {
			s.TCPQueries.Add(1)
		}
		m := new(dns.Msg)
		m.SetReply(q)
		m.Authoritative = true
		s.mu.Lock()
		truncate, fail := s.truncate, s.fail
		var values []string
		exists := false
		if len(q.Question) == 1 {
			values, exists = s.records[strings.ToLower(q.Question[0].Name)]
		}
		s.mu.Unlock()
		switch {
		case fail:
			m.Rcode = dns.RcodeServerFailure
		case len(q.Question) != 1:
			m.Rcode = dns.RcodeFormatError
		case !exists:
			m.Rcode = dns.RcodeNameError
		case network == "udp" && truncate:
			m.Truncated = true
		case q.Question[0].Qtype == dns.TypeTXT:
			for _, v := range values {
				m.Answer = append(m.Answer, &dns.TXT{
					Hdr: dns.RR_Header{Name: q.Question[0].Name, Rrtype: dns.TypeTXT, Class: dns.ClassINET, Ttl: 60},
					Txt: split(v),
				})
			}
		}
		_ = w.WriteMsg(m)
	}
}

// split cuts a value into the 255-byte strings a TXT record holds.
func split(v string) []string {
	var out []string
	for len(v) > 255 {
		out = append(out, v[:255])
		v = v[255:]
	}
	return append(out, v)
}
