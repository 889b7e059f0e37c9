package webhook

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestPublic: the addresses an attacker would aim a webhook at are not
// public, however written.
func TestPublic(t *testing.T) {
	for _, a := range []string{
		"127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.100.100.200",
		"100.64.0.1", "0.0.0.0", "::1", "::", "fe80::1", "fd00:ec2::254", "fc00::1", "::ffff:127.0.0.1",
		"::ffff:169.254.169.254", "224.0.0.1", "255.255.255.255", "64:ff9b::7f00:1",
	} {
		if Public(netip.MustParseAddr(a)) {
			t.Errorf("%s counts as public", a)
		}
	}
	for _, a := range []string{"93.184.215.14", "1.1.1.1", "2606:4700:4700::1111"} {
		if !Public(netip.MustParseAddr(a)) {
			t.Errorf("%s counts as private", a)
		}
	}
}

// TestCheckURL: what creation refuses, with and without private networks.
func TestCheckURL(t *testing.T) {
	ctx := context.Background()
	strict, open := Guard{}, Guard{AllowPrivate: true}
	for _, u := range []string{
		"http://127.0.0.1:8080/hook", "https://127.0.0.1/hook", "https://localhost/hook", "https://169.254.169.254/latest",
		"https://[::1]/", "https://[::ffff:127.0.0.1]/", "https://10.1.2.3/", "ftp://example.com/", "https://user:pw@example.com/",
		"/relative", "https://0/", "https://2130706433/",
	} {
		if _, err := strict.CheckURL(ctx, u); err == nil {
			t.Errorf("%s is accepted without private networks", u)
		}
	}
	for _, u := range []string{"http://127.0.0.1:8080/hook", "https://127.0.0.1/hook", "http://localhost:9/x"} {
		if _, err := open.CheckURL(ctx, u); err != nil {
			t.Errorf("%s is refused with private networks allowed: %v", u, err)
		}
	}
	if _, err := open.CheckURL(ctx, "http://10.0.0.1/hook"); err == nil {
		t.Error("http:// beyond loopback is accepted")
	}
}

// TestDeliveryClientChecksEachConnection: the delivery client refuses a
// private address as it dials (whatever the URL said at creation), and
// follows no redirect.
func TestDeliveryClientChecksEachConnection(t *testing.T) {
	var hits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer target.Close()
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL, http.StatusFound)
	}))
	defer redirect.Close()

	_, err := newHTTPClient(Guard{}, time.Second).Post(target.URL, "application/json", strings.NewReader("{}"))
	if !errors.Is(err, ErrPrivateAddress) || hits.Load() != 0 {
		t.Errorf("a loopback delivery without private networks: %v, %d hits", err, hits.Load())
	}
	res, err := newHTTPClient(Guard{AllowPrivate: true}, time.Second).Post(redirect.URL, "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound || hits.Load() != 0 {
		t.Errorf("a redirect was followed: status %d, %d hits", res.StatusCode, hits.Load())
	}
}

func TestBackoffGrows(t *testing.T) {
	want := []time.Duration{30 * time.Second, 2 * time.Minute, 8 * time.Minute, 32 * time.Minute}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %s, want %s", i+1, got, w)
		}
	}
}
