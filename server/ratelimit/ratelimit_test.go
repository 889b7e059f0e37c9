package ratelimit

import (
	"context"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/clientip"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/errcode"
)

// clock is a time the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	// Mid-window on purpose: the previous window's weight is not 0 or 1.
	return &clock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC).Add(17*time.Minute + 300*time.Millisecond)}
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func openDB(t *testing.T, url string) *ent.Client {
	t.Helper()
	client, err := database.Open(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	if err := database.Migrate(context.Background(), client); err != nil {
		t.Fatal(err)
	}
	return client
}

func newLimiter(t *testing.T, client *ent.Client, c *clock, rules Rules) *Limiter {
	t.Helper()
	l, err := New(context.Background(), client, Options{Enabled: true, Rules: rules, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func testRules() Rules {
	r := Defaults()
	r.SignUpIP.Limit, r.SignUpIP.Window = 3, time.Minute
	r.SignUpAddress.Limit = 0 // off: one rule at a time
	return r
}

func fromIP(ip string) context.Context {
	return clientip.NewContext(context.Background(), netip.MustParseAddr(ip))
}

func mustRefuse(t *testing.T, err error) int {
	t.Helper()
	e, ok := errcode.As(err)
	if !ok || e.Code != errcode.RateLimited {
		t.Fatalf("got %v, want RATE_LIMITED", err)
	}
	n, ok := e.Extensions["retryAfter"].(int)
	if !ok || n < 1 {
		t.Fatalf("retryAfter = %#v, want whole seconds ≥ 1", e.Extensions["retryAfter"])
	}
	if _, leaked := e.Extensions["rule"]; leaked {
		t.Error("the rule's name reached the client's extensions")
	}
	return n
}

// TestRefusedAtThresholdAndAllowedAfterRetryAfter: the limit's worth of
// attempts pass, the next is refused with retryAfter, is still refused a
// second before it, and passes once it has gone by. Refusals do not count.
func TestRefusedAtThresholdAndAllowedAfterRetryAfter(t *testing.T) {
	c := newClock()
	l := newLimiter(t, openDB(t, databasetest.URL(t)), c, testRules())
	ctx := fromIP("203.0.113.7")
	for i := range 3 {
		if err := l.SignUp(ctx, "a@example.com"); err != nil {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	wait := mustRefuse(t, l.SignUp(ctx, "a@example.com"))
	if wait > 120 {
		t.Fatalf("retryAfter %d s for a one-minute window", wait)
	}
	// Hammering while refused changes nothing: refusals are not counted.
	for range 5 {
		mustRefuse(t, l.SignUp(ctx, "a@example.com"))
	}
	if err := l.SignUp(fromIP("203.0.113.8"), "a@example.com"); err != nil {
		t.Fatalf("another client address was refused: %v", err)
	}
	c.Add(time.Duration(wait)*time.Second - time.Second)
	mustRefuse(t, l.SignUp(ctx, "a@example.com"))
	c.Add(time.Second)
	if err := l.SignUp(ctx, "a@example.com"); err != nil {
		t.Fatalf("refused after retryAfter had gone by: %v", err)
	}
	mustRefuse(t, l.SignUp(ctx, "a@example.com"))
	c.Add(2 * time.Minute)
	for i := range 3 {
		if err := l.SignUp(ctx, "a@example.com"); err != nil {
			t.Fatalf("two windows later, attempt %d: %v", i+1, err)
		}
	}
}

// TestIPv6CountsPerNetwork: a client rotating through the addresses of its
// /64 is one client.
func TestIPv6CountsPerNetwork(t *testing.T) {
	l := newLimiter(t, openDB(t, databasetest.URL(t)), newClock(), testRules())
	for i := range 3 {
		ip := netip.MustParseAddr("2001:db8:1:2::" + string(rune('a'+i)))
		if err := l.SignUp(clientip.NewContext(context.Background(), ip), "x@example.com"); err != nil {
			t.Fatal(err)
		}
	}
	mustRefuse(t, l.SignUp(fromIP("2001:db8:1:2:ffff::1"), "x@example.com"))
	if err := l.SignUp(fromIP("2001:db8:1:3::1"), "x@example.com"); err != nil {
		t.Fatalf("another /64 was refused: %v", err)
	}
}

// TestSignInFailuresPerPairAndAccount: five failures from one address lock
// that address out of the account, not another address; twenty from
// anywhere lock the account; a success forgets the pair's failures and
// does not count.
func TestSignInFailuresPerPairAndAccount(t *testing.T) {
	c := newClock()
	l := newLimiter(t, openDB(t, databasetest.URL(t)), c, Defaults())
	attacker, owner := fromIP("198.51.100.1"), fromIP("192.0.2.50")
	for i := range 5 {
		if err := l.SignIn(attacker, "Owner@Example.com "); err != nil {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	wait := mustRefuse(t, l.SignIn(attacker, "owner@example.com"))
	if wait > 20*60 {
		t.Errorf("retryAfter %d s for a ten-minute window", wait)
	}
	if err := l.SignIn(owner, "owner@example.com"); err != nil {
		t.Fatalf("the owner, elsewhere, was locked out by someone else's failures: %v", err)
	}
	l.SignedIn(owner, "owner@example.com")
	if err := l.SignIn(attacker, "other@example.com"); err != nil {
		t.Fatalf("another account was refused: %v", err)
	}

	// A success forgets the pair: five more failures are allowed.
	for i := range 4 {
		if err := l.SignIn(owner, "owner@example.com"); err != nil {
			t.Fatalf("owner failure %d: %v", i+1, err)
		}
	}
	if err := l.SignIn(owner, "owner@example.com"); err != nil {
		t.Fatalf("owner's fifth attempt: %v", err)
	}
	l.SignedIn(owner, "owner@example.com")
	for i := range 5 {
		if err := l.SignIn(owner, "owner@example.com"); err != nil {
			t.Fatalf("after a success, owner failure %d: %v", i+1, err)
		}
	}
	mustRefuse(t, l.SignIn(owner, "owner@example.com"))
	// The account has 5 + 4 + 5 failures: a success forgets the pair's
	// failures, not the account's, and only itself is taken back. Six more
	// addresses reach the account's 20.
	for i := range 10 {
		ctx := fromIP("203.0.113." + string(rune('0'+i)))
		if err := l.SignIn(ctx, "owner@example.com"); err != nil && i < 6 {
			t.Fatalf("address %d: %v", i, err)
		} else if i >= 6 {
			if err == nil {
				t.Fatalf("the account's 21st failure (address %d) was allowed", i)
			}
			mustRefuse(t, err)
		}
	}
}

// TestConcurrentAttemptsNeverExceedTheLimit: attempts racing from two
// limiters on one database (two replicas) never admit more than the limit.
func TestConcurrentAttemptsNeverExceedTheLimit(t *testing.T) {
	url := databasetest.URL(t)
	c := newClock()
	rules := testRules()
	rules.SignUpIP.Limit = 5
	limiters := []*Limiter{newLimiter(t, openDB(t, url), c, rules), newLimiter(t, openDB(t, url), c, rules)}
	var admitted, refused atomic.Int32
	var wg sync.WaitGroup
	for i := range 24 {
		wg.Go(func() {
			err := limiters[i%2].SignUp(fromIP("203.0.113.9"), "race@example.com")
			switch {
			case err == nil:
				admitted.Add(1)
			case errcode.Is(err, errcode.RateLimited):
				refused.Add(1)
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if admitted.Load() != 5 || refused.Load() != 19 {
		t.Fatalf("admitted %d and refused %d of 24, want 5 and 19", admitted.Load(), refused.Load())
	}
}

// TestInvitationsCountEachLineAndTheFirstSend: a bulk counts each line;
// a bulk larger than what is left is refused whole, saying how many fit;
// one larger than the limit can never pass. An invitation's first send
// counts among its three.
func TestInvitationsCountEachLineAndTheFirstSend(t *testing.T) {
	c := newClock()
	client := openDB(t, databasetest.URL(t))
	rules := Defaults()
	rules.InvitationsOrg.Limit = 10
	l := newLimiter(t, client, c, rules)
	ctx := context.Background()
	inTx := func(fn func(tx *ent.Tx) error) error { return database.InTx(database.System(ctx), client, fn) }

	if err := inTx(func(tx *ent.Tx) error { return l.Invitations(ctx, tx, "org1", 7) }); err != nil {
		t.Fatal(err)
	}
	err := inTx(func(tx *ent.Tx) error { return l.Invitations(ctx, tx, "org1", 4) })
	mustRefuse(t, err)
	if e, _ := errcode.As(err); !strings.Contains(e.Message, "Only 3 more") {
		t.Errorf("message %q does not say how many fit", e.Message)
	}
	err = inTx(func(tx *ent.Tx) error { return l.Invitations(ctx, tx, "org2", 11) })
	mustRefuse(t, err)
	if e, _ := errcode.As(err); !strings.Contains(e.Message, "At most 10") {
		t.Errorf("message %q does not give the limit", e.Message)
	}
	// A transaction that rolls back (no seat, say) counts nothing.
	_ = inTx(func(tx *ent.Tx) error {
		if err := l.Invitations(ctx, tx, "org1", 3); err != nil {
			t.Fatal(err)
		}
		return errcode.New(errcode.SeatLimitReached, "no seats")
	})
	if err := inTx(func(tx *ent.Tx) error { return l.Invitations(ctx, tx, "org1", 3) }); err != nil {
		t.Fatalf("a rolled-back count was kept: %v", err)
	}

	created := c.Now().Add(-time.Minute)
	for i := range 2 {
		if err := inTx(func(tx *ent.Tx) error { return l.ResendInvitation(ctx, tx, "org3", "inv1", created) }); err != nil {
			t.Fatalf("resend %d: %v", i+1, err)
		}
	}
	wait := mustRefuse(t, inTx(func(tx *ent.Tx) error { return l.ResendInvitation(ctx, tx, "org3", "inv1", created) }))
	c.Add(time.Duration(wait) * time.Second)
	if err := inTx(func(tx *ent.Tx) error { return l.ResendInvitation(ctx, tx, "org3", "inv1", created) }); err != nil {
		t.Fatalf("after retryAfter: %v", err)
	}
	// An invitation created long ago has three resends in an hour.
	old := c.Now().Add(-5 * time.Hour)
	for i := range 3 {
		if err := inTx(func(tx *ent.Tx) error { return l.ResendInvitation(ctx, tx, "org3", "inv2", old) }); err != nil {
			t.Fatalf("resend %d of an old invitation: %v", i+1, err)
		}
	}
}

// TestDisabledAllowsAll: ROSTER_RATE_LIMIT=off.
func TestDisabledAllowsAll(t *testing.T) {
	client := openDB(t, databasetest.URL(t))
	l, err := New(context.Background(), client, Options{Enabled: false, Rules: testRules()})
	if err != nil {
		t.Fatal(err)
	}
	var nilLimiter *Limiter
	for range 10 {
		if err := l.SignUp(fromIP("203.0.113.1"), "a@example.com"); err != nil {
			t.Fatal(err)
		}
		if err := nilLimiter.SignIn(fromIP("203.0.113.1"), "a@example.com"); err != nil {
			t.Fatal(err)
		}
	}
	if n := client.RateCounter.Query().CountX(database.System(context.Background())); n != 0 {
		t.Errorf("a disabled limiter counted %d rows", n)
	}
}

// TestPurgeRemovesOnlyOldWindows.
func TestPurgeRemovesOnlyOldWindows(t *testing.T) {
	c := newClock()
	client := openDB(t, databasetest.URL(t))
	l := newLimiter(t, client, c, testRules())
	ctx := fromIP("203.0.113.1")
	_ = l.SignUp(ctx, "a@example.com")
	_ = l.SignIn(ctx, "a@example.com") // 10-minute and 1-hour windows
	if n, err := l.Purge(ctx); err != nil || n != 0 {
		t.Fatalf("Purge = %d, %v; want nothing yet", n, err)
	}
	c.Add(3 * time.Minute) // past two one-minute windows
	if n, err := l.Purge(ctx); err != nil || n != 1 {
		t.Fatalf("Purge = %d, %v; want the sign-up's row", n, err)
	}
	c.Add(2 * time.Hour)
	if n, err := l.Purge(ctx); err != nil || n != 2 {
		t.Fatalf("Purge = %d, %v; want the sign-in's two rows", n, err)
	}
}

// TestKeysHoldNoPersonalData: addresses are stored hashed.
func TestKeysHoldNoPersonalData(t *testing.T) {
	client := openDB(t, databasetest.URL(t))
	l := newLimiter(t, client, newClock(), Defaults())
	ctx := fromIP("203.0.113.77")
	_ = l.SignUp(ctx, "secret.person@example.com")
	for _, r := range client.RateCounter.Query().AllX(database.System(ctx)) {
		if strings.Contains(r.Key, "secret") || strings.Contains(r.Key, "203.0.113") {
			t.Errorf("key %q holds the address", r.Key)
		}
	}
}

// BenchmarkTake is the cost a limit adds to an attempt: one transaction
// with an upsert and a read per rule (sign-up has two rules).
func BenchmarkTake(b *testing.B) {
	client, err := database.Open(databasetest.URL(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer client.Close()
	if err := database.Migrate(context.Background(), client); err != nil {
		b.Fatal(err)
	}
	rules := Defaults()
	rules.SignUpIP.Limit, rules.SignUpAddress.Limit = 1<<30, 1<<30
	l, err := New(context.Background(), client, Options{Enabled: true, Rules: rules})
	if err != nil {
		b.Fatal(err)
	}
	ctx := fromIP("203.0.113.1")
	for b.Loop() {
		if err := l.SignUp(ctx, "bench@example.com"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNilLimiterAllowsEverything: as the package says, a nil Limiter (no
// limits configured) allows every attempt, in every hook, without a panic.
func TestNilLimiterAllowsEverything(t *testing.T) {
	var l *Limiter
	ctx := context.Background()
	for name, hook := range map[string]func() error{
		"SignIn":                  func() error { return l.SignIn(ctx, "a@x.test") },
		"SignUp":                  func() error { return l.SignUp(ctx, "a@x.test") },
		"RequestPasswordReset":    func() error { return l.RequestPasswordReset(ctx, "a@x.test") },
		"ResetPassword":           func() error { return l.ResetPassword(ctx) },
		"ChangePassword":          func() error { return l.ChangePassword(ctx, "usr_1") },
		"ResendVerificationEmail": func() error { return l.ResendVerificationEmail(ctx, "usr_1") },
		"Invitations":             func() error { return l.Invitations(ctx, nil, "org_1", 3) },
		"ResendInvitation":        func() error { return l.ResendInvitation(ctx, nil, "org_1", "inv_1", time.Now()) },
		"OAuthClientAuth":         func() error { return l.OAuthClientAuth(ctx) },
		"OAuthToken":              func() error { return l.OAuthToken(ctx, "oac_1") },
		"DomainCheck":             func() error { return l.DomainCheck(ctx, "org_1") },
	} {
		if err := hook(); err != nil {
			t.Errorf("%s on a nil Limiter: %v", name, err)
		}
	}
	l.SignedIn(ctx, "a@x.test")
	l.OAuthClientAuthenticated(ctx)
}
