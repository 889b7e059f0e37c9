// Package clientip finds the address of the client behind a request: the
// peer's address, or, when the peer is a proxy the operator trusts
// (ROSTER_TRUSTED_PROXIES), the address that proxy reports in
// X-Forwarded-For. Anyone can write X-Forwarded-For, so it is believed only
// as far as trusted proxies wrote it. The address travels in the request's
// context, for the rate limits of server/ratelimit.
package clientip

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

type contextKey struct{}

// NewContext returns ctx carrying the client's address.
func NewContext(ctx context.Context, addr netip.Addr) context.Context {
	return context.WithValue(ctx, contextKey{}, addr)
}

// FromContext returns the client's address, or the zero Addr when ctx
// carries none.
func FromContext(ctx context.Context) netip.Addr {
	a, _ := ctx.Value(contextKey{}).(netip.Addr)
	return a
}

// Key returns what rate limits count per client: the address, or for IPv6
// its /64 network (one subscriber's usual allocation, which a single client
// can rotate through), or "unknown".
func Key(ctx context.Context) string {
	a := FromContext(ctx)
	switch {
	case !a.IsValid():
		return "unknown"
	case a.Is4():
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// Resolver finds the client's address of requests.
type Resolver struct {
	trusted []netip.Prefix
}

// NewResolver returns a resolver that believes X-Forwarded-For from peers
// within trusted.
func NewResolver(trusted []netip.Prefix) Resolver { return Resolver{trusted: trusted} }

// Middleware puts each request's client address into its context.
func (r Resolver) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		next.ServeHTTP(w, req.WithContext(NewContext(req.Context(), r.ClientIP(req))))
	})
}

// ClientIP returns the address of the client behind req: X-Forwarded-For
// read from the right (each proxy appends the address it received from),
// skipping trusted proxies, as long as the peer itself is trusted; else the
// peer.
func (r Resolver) ClientIP(req *http.Request) netip.Addr {
	peer := parseAddr(req.RemoteAddr)
	if !r.trusts(peer) {
		return peer
	}
	hops := strings.Split(strings.Join(req.Header.Values("X-Forwarded-For"), ","), ",")
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if hop == "" {
			continue
		}
		a := parseAddr(hop)
		if !a.IsValid() {
			// Not an address a proxy writes: the last trusted hop is as
			// far as the chain can be believed.
			break
		}
		client = a
		if !r.trusts(a) {
			break
		}
	}
	return client
}

func (r Resolver) trusts(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	for _, p := range r.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseAddr reads "1.2.3.4", "1.2.3.4:5678", "[::1]:80" or "::1", or
// returns the zero Addr.
func parseAddr(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap()
	}
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return netip.Addr{}
	}
	return a.WithZone("").Unmap()
}

// ParsePrefixes reads a comma-separated list of CIDRs (10.0.0.0/8,
// fd00::/8) or single addresses (127.0.0.1), as ROSTER_TRUSTED_PROXIES
// gives them.
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if strings.Contains(item, "/") {
			p, err := netip.ParsePrefix(item)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: want a CIDR such as 10.0.0.0/8 or an address", item)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(item)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: want a CIDR such as 10.0.0.0/8 or an address", item)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
