package domain

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Resolver looks up TXT records through one DNS server: the one of
// ROSTER_DNS_RESOLVER, or the first of the system's (/etc/resolv.conf).
// The standard library's resolver cannot be pointed at a given server
// portably, and would cache and search domains; miekg/dns asks exactly
// the question given, over UDP, and again over TCP when the answer comes
// back truncated.
type Resolver struct {
	server  string
	timeout time.Duration
	missing error // no server to ask: every lookup fails with it
}

// ErrLookup is a lookup that got no answer to judge by (a timeout, a
// server failure): not evidence that the record is gone.
var ErrLookup = errors.New("the DNS server gave no usable answer")

// systemConfig is where the system's resolvers are listed.
const systemConfig = "/etc/resolv.conf"

// NewResolver returns a resolver that asks server (host:port; port 53 when
// omitted), or the system's first resolver when server is empty. A
// machine without one still starts: its lookups fail (ErrLookup), naming
// the setting.
func NewResolver(server string) (*Resolver, error) {
	if server == "" {
		conf, err := dns.ClientConfigFromFile(systemConfig)
		if err != nil || len(conf.Servers) == 0 {
			return &Resolver{missing: fmt.Errorf("%w: no DNS resolver: set ROSTER_DNS_RESOLVER (host:port), or list one in %s", ErrLookup, systemConfig)}, nil
		}
		return &Resolver{server: net.JoinHostPort(conf.Servers[0], conf.Port), timeout: 5 * time.Second}, nil
	}
	if _, _, err := net.SplitHostPort(server); err != nil {
		server = net.JoinHostPort(strings.Trim(server, "[]"), "53")
	}
	host, port, err := net.SplitHostPort(server)
	if err != nil || host == "" || port == "" {
		return nil, fmt.Errorf("ROSTER_DNS_RESOLVER %q is not host:port", server)
	}
	return &Resolver{server: server, timeout: 5 * time.Second}, nil
}

// Server is the host:port asked.
func (r *Resolver) Server() string { return r.server }

// TXT returns the TXT records of name, each one's strings joined as one
// value (RFC 7208 §3.3 reads split strings so). A name that does not exist,
// or has no TXT records, gives none and no error; a failure to get an
// answer is ErrLookup.
func (r *Resolver) TXT(ctx context.Context, name string) ([]string, error) {
	if r.missing != nil {
		return nil, r.missing
	}
	q := new(dns.Msg)
	q.SetQuestion(dns.Fqdn(name), dns.TypeTXT)
	q.RecursionDesired = true
	q.SetEdns0(1232, false) // the DNS flag day's size: no fragments on the way
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	in, _, err := (&dns.Client{Net: "udp", Timeout: r.timeout}).ExchangeContext(ctx, q, r.server)
	if err == nil && in.Truncated {
		in, _, err = (&dns.Client{Net: "tcp", Timeout: r.timeout}).ExchangeContext(ctx, q, r.server)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrLookup, err)
	}
	switch in.Rcode {
	case dns.RcodeSuccess, dns.RcodeNameError:
	default:
		return nil, fmt.Errorf("%w: %s", ErrLookup, dns.RcodeToString[in.Rcode])
	}
	// The records of the name asked, or of the names its CNAMEs lead to.
	names := map[string]bool{strings.ToLower(dns.Fqdn(name)): true}
	for _, rr := range in.Answer {
		if c, ok := rr.(*dns.CNAME); ok && names[strings.ToLower(c.Hdr.Name)] {
			names[strings.ToLower(c.Target)] = true
		}
	}
	var out []string
	for _, rr := range in.Answer {
		if t, ok := rr.(*dns.TXT); ok && names[strings.ToLower(t.Hdr.Name)] {
			out = append(out, strings.Join(t.Txt, ""))
		}
	}
	return out, nil
}
