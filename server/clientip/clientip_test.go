package clientip

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

// TestClientIP: X-Forwarded-For is believed only as far as trusted
// proxies wrote it; a client cannot choose its address by writing one.
func TestClientIP(t *testing.T) {
	trusted, err := ParsePrefixes("10.0.0.0/8, 192.0.2.1,fd00::/8")
	if err != nil {
		t.Fatal(err)
	}
	r := NewResolver(trusted)
	for _, tc := range []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"direct, no header", "203.0.113.5:4000", nil, "203.0.113.5"},
		{"direct client forging the header", "203.0.113.5:4000", []string{"1.2.3.4"}, "203.0.113.5"},
		{"through a trusted proxy", "10.1.2.3:80", []string{"198.51.100.7"}, "198.51.100.7"},
		{"forged entry left of the real one", "10.1.2.3:80", []string{"1.2.3.4, 198.51.100.7"}, "198.51.100.7"},
		{"two trusted proxies", "192.0.2.1:80", []string{"1.2.3.4, 198.51.100.7, 10.9.9.9"}, "198.51.100.7"},
		{"headers repeated", "10.1.2.3:80", []string{"1.2.3.4", "198.51.100.7"}, "198.51.100.7"},
		{"garbage from the client", "10.1.2.3:80", []string{"198.51.100.7, not-an-ip, 10.0.0.9"}, "10.0.0.9"},
		{"all trusted", "10.1.2.3:80", []string{"10.0.0.1"}, "10.0.0.1"},
		{"trusted proxy, no header", "10.1.2.3:80", nil, "10.1.2.3"},
		{"IPv6 through a proxy", "[fd00::1]:80", []string{"2001:db8::5"}, "2001:db8::5"},
		{"IPv4-mapped peer", "[::ffff:203.0.113.5]:4000", nil, "203.0.113.5"},
		{"entry with a port", "10.1.2.3:80", []string{"198.51.100.7:5555"}, "198.51.100.7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			req.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			if got := r.ClientIP(req); got.String() != tc.want {
				t.Errorf("ClientIP = %s, want %s", got, tc.want)
			}
		})
	}
	// With no trusted proxies the header is never read.
	req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	req.RemoteAddr = "127.0.0.1:1"
	req.Header.Set("X-Forwarded-For", "1.2.3.4")
	if got := NewResolver(nil).ClientIP(req); got.String() != "127.0.0.1" {
		t.Errorf("untrusted loopback: %s", got)
	}
}

func TestParsePrefixesRefusesNonsense(t *testing.T) {
	for _, bad := range []string{"10.0.0.0/33", "proxy.example.com", "10.0.0"} {
		if _, err := ParsePrefixes(bad); err == nil {
			t.Errorf("ParsePrefixes(%q) was accepted", bad)
		}
	}
	if p, err := ParsePrefixes(""); err != nil || len(p) != 0 {
		t.Errorf(`ParsePrefixes("") = %v, %v`, p, err)
	}
}

func TestKey(t *testing.T) {
	for ip, want := range map[string]string{"203.0.113.5": "203.0.113.5", "2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64"} {
		if got := Key(NewContext(context.Background(), netip.MustParseAddr(ip))); got != want {
			t.Errorf("Key(%s) = %s, want %s", ip, got, want)
		}
	}
	if got := Key(context.Background()); got != "unknown" {
		t.Errorf("Key without an address = %s", got)
	}
}
