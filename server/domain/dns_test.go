package domain_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/rosterhq/roster/server/domain"
	"github.com/rosterhq/roster/server/domain/dnstest"
)

// TestResolverAsksTheGivenServer: TXT records through a real DNS server on
// loopback, over UDP, and again over TCP when the UDP answer is truncated.
func TestResolverAsksTheGivenServer(t *testing.T) {
	srv := dnstest.Start(t)
	r, err := domain.NewResolver(srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	name := "_roster-challenge.corp.example.com"
	long := strings.Repeat("x", 600) // three strings in one record, read as one value

	t.Run("absent", func(t *testing.T) {
		got, err := r.TXT(ctx, name)
		if err != nil || len(got) != 0 {
			t.Fatalf("TXT = %q, %v; want none", got, err)
		}
	})
	t.Run("among other records, over UDP", func(t *testing.T) {
		srv.SetTXT(name, "v=spf1 -all", "roster-verification=abc", long)
		udp, tcp := srv.UDPQueries.Load(), srv.TCPQueries.Load()
		got, err := r.TXT(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"v=spf1 -all", "roster-verification=abc", long}
		if !slices.Equal(got, want) {
			t.Fatalf("TXT = %q, want %q", got, want)
		}
		if srv.UDPQueries.Load() != udp+1 || srv.TCPQueries.Load() != tcp {
			t.Fatalf("asked %d times over UDP and %d over TCP, want once over UDP", srv.UDPQueries.Load()-udp, srv.TCPQueries.Load()-tcp)
		}
	})
	t.Run("truncated over UDP, retried over TCP", func(t *testing.T) {
		srv.TruncateUDP(true)
		defer srv.TruncateUDP(false)
		tcp := srv.TCPQueries.Load()
		got, err := r.TXT(ctx, name)
		if err != nil || !slices.Contains(got, "roster-verification=abc") {
			t.Fatalf("TXT = %q, %v", got, err)
		}
		if srv.TCPQueries.Load() != tcp+1 {
			t.Fatal("the truncated answer was not asked again over TCP")
		}
	})
	t.Run("a server failure is no answer, not an absent record", func(t *testing.T) {
		srv.Fail(true)
		defer srv.Fail(false)
		if got, err := r.TXT(ctx, name); !errors.Is(err, domain.ErrLookup) {
			t.Fatalf("TXT = %q, %v; want ErrLookup", got, err)
		}
	})
	t.Run("nobody listening is no answer", func(t *testing.T) {
		dead := dnstest.Start(t)
		addr := dead.Addr
		dead.Close()
		r, _ := domain.NewResolver(addr)
		ctx, cancel := context.WithTimeout(ctx, 3e9)
		defer cancel()
		if _, err := r.TXT(ctx, name); !errors.Is(err, domain.ErrLookup) {
			t.Fatalf("err = %v, want ErrLookup", err)
		}
	})
}

func TestNewResolverChecksTheAddress(t *testing.T) {
	for in, want := range map[string]string{"127.0.0.1:5353": "127.0.0.1:5353", "10.0.0.2": "10.0.0.2:53", "[::1]:53": "[::1]:53", "::1": "[::1]:53"} {
		r, err := domain.NewResolver(in)
		if err != nil || r.Server() != want {
			t.Errorf("NewResolver(%q) = %v, %v; want %s", in, r, err, want)
		}
	}
	if _, err := domain.NewResolver(":53"); err == nil {
		t.Error("an address without a host was taken")
	}
}
