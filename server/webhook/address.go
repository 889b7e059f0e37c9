package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// blocked are the networks a webhook may not reach unless private networks
// are allowed: loopback, private (RFC 1918, unique local), link-local
// (where cloud metadata services answer, 169.254.169.254 and
// fd00:ec2::254), carrier-grade NAT and a provider's metadata address
// (100.100.100.200), "this network", benchmarking, multicast and reserved
// ranges. IPv4-mapped IPv6 addresses are unmapped before the check.
var blocked = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
		"192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
		"203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
		"::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001:db8::/32",
		"fc00::/7", "fe80::/10", "ff00::/8",
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// ErrPrivateAddress refuses an address on a private, loopback, link-local
// or metadata network.
var ErrPrivateAddress = errors.New("the address is on a private, loopback, link-local or metadata network")

// Public reports whether a webhook may reach addr when private networks
// are not allowed.
func Public(addr netip.Addr) bool {
	addr = addr.Unmap()
	if !addr.IsValid() || addr.IsUnspecified() || addr.IsLoopback() || addr.IsPrivate() ||
		addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() || addr.IsMulticast() {
		return false
	}
	for _, p := range blocked {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// Guard decides where webhooks may go.
type Guard struct {
	// AllowPrivate lets webhooks reach loopback and private addresses
	// (ROSTER_WEBHOOK_ALLOW_PRIVATE_NETWORKS), and http:// URLs on
	// loopback, for tests and development.
	AllowPrivate bool
	// Resolver looks host names up; net.DefaultResolver when nil.
	Resolver *net.Resolver
}

// CheckURL checks a webhook's URL as it is created: absolute HTTPS
// (http only to loopback when private networks are allowed), no
// credentials or fragment, and a host whose every address may be reached.
// The message is for the person who typed the URL.
func (g Guard) CheckURL(ctx context.Context, raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "" {
		return nil, errors.New("Enter an absolute URL, such as https://example.com/hooks/roster.")
	}
	if u.User != nil {
		return nil, errors.New("The URL may not carry a user name or password.")
	}
	if u.Fragment != "" {
		return nil, errors.New("The URL may not have a fragment (#…).")
	}
	host := u.Hostname()
	switch u.Scheme {
	case "https":
	case "http":
		if !g.AllowPrivate || !isLoopbackHost(host) {
			return nil, errors.New("The URL must start with https://.")
		}
	default:
		return nil, errors.New("The URL must start with https://.")
	}
	if len(raw) > 2048 {
		return nil, errors.New("The URL is longer than 2048 characters.")
	}
	addrs, err := g.resolve(ctx, host)
	if err != nil {
		return nil, fmt.Errorf("The host %s cannot be resolved.", host)
	}
	if !g.AllowPrivate {
		for _, a := range addrs {
			if !Public(a) {
				return nil, fmt.Errorf("The host %s resolves to %s: %w.", host, a, ErrPrivateAddress)
			}
		}
	}
	return u, nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

func (g Guard) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a}, nil
	}
	r := g.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err == nil && len(addrs) == 0 {
		err = errors.New("no addresses")
	}
	return addrs, err
}

// control refuses, as each connection is made, an address a webhook may
// not reach: the check is on the address actually dialed, after every
// lookup, so a host that resolves to a public address at creation and to
// a private one later (DNS rebinding) is still refused.
func (g Guard) control(_, address string, _ syscall.RawConn) error {
	if g.AllowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return err
	}
	if !Public(ap.Addr()) {
		return fmt.Errorf("dial %s: %w", address, ErrPrivateAddress)
	}
	return nil
}
