package account

import (
	"context"
	"errors"
	"net/netip"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/server/clientip"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/mail"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/ratelimit"
)

// holdAllHashSlots takes every place of the hash semaphore until the test
// ends: a hash started meanwhile waits.
func holdAllHashSlots(t *testing.T) {
	t.Helper()
	n := int64(max(1, runtime.GOMAXPROCS(0)))
	if err := hashing.Acquire(context.Background(), n); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hashing.Release(n) })
}

// TestHashesWaitTheirTurnAndGiveUpWithTheRequest: with every place taken,
// a hash waits, and returns its request's error when the request ends,
// without hashing.
func TestHashesWaitTheirTurnAndGiveUpWithTheRequest(t *testing.T) {
	stored := argonHash("a password of ours")
	if ok, err := checkPassword(context.Background(), stored, "a password of ours"); err != nil || !ok {
		t.Fatalf("checkPassword = %v, %v", ok, err)
	}
	holdAllHashSlots(t)
	if hashing.TryAcquire(1) {
		t.Fatal("the semaphore has a place beyond GOMAXPROCS")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := hashPassword(ctx, "a password of ours"); !errors.Is(err, context.Canceled) {
		t.Fatalf("hashPassword with every place taken and the request gone = %v", err)
	}
	if _, err := checkPassword(ctx, stored, "a password of ours"); !errors.Is(err, context.Canceled) {
		t.Fatalf("checkPassword with every place taken and the request gone = %v", err)
	}
}

// TestRefusedSignInHashesNothing: a sign-in refused by the rate limit
// answers at once, though every hash place is taken: it never asked for
// one. (If it did, it would wait until the deadline and fail with it.)
func TestRefusedSignInHashesNothing(t *testing.T) {
	ctx := clientip.NewContext(context.Background(), netip.MustParseAddr("198.51.100.1"))
	client, err := database.Open(databasetest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if err := database.Migrate(ctx, client); err != nil {
		t.Fatal(err)
	}
	rules := ratelimit.Defaults()
	rules.SignInPair.Limit = 2
	limits, err := ratelimit.New(ctx, client, ratelimit.Options{Enabled: true, Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	s := NewService(client, mail.NewOutbox(), pubsub.NewHub(), nil, "http://localhost", limits)
	for range 2 {
		if _, err := s.SignIn(ctx, "nobody@example.com", "a wrong password"); !errcode.Is(err, errcode.Unauthenticated) {
			t.Fatalf("SignIn = %v, want UNAUTHENTICATED", err)
		}
	}
	holdAllHashSlots(t)
	deadline, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := s.SignIn(deadline, "nobody@example.com", "a wrong password"); !errcode.Is(err, errcode.RateLimited) {
		t.Fatalf("SignIn over the limit = %v, want RATE_LIMITED without hashing", err)
	}
	// A sign-up the limit allows does wait for a place, until its request
	// ends.
	short, cancelShort := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancelShort()
	if _, err := s.SignUp(short, "new@example.com", "a long enough password", "New"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("SignUp with every hash place taken = %v, want the request's deadline", err)
	}
}

// The written-out dummy hash must cost what a stored hash costs: the same
// algorithm, version, parameters and key length as hashPassword's, and a
// hash that checks (checkPassword runs the whole derivation for it).
func TestDummyHashHasTheCurrentParameters(t *testing.T) {
	fresh, err := hashPassword(context.Background(), "any password")
	if err != nil {
		t.Fatal(err)
	}
	want, got := strings.Split(fresh, "$"), strings.Split(dummyHash, "$")
	if len(got) != len(want) || !slices.Equal(got[:4], want[:4]) || len(got[5]) != len(want[5]) {
		t.Fatalf("dummyHash %q is not made as hashPassword makes %q: hash a password again with the new parameters and write it in", dummyHash, fresh)
	}
	if ok, err := checkPassword(context.Background(), dummyHash, "not the password of anyone at all"); err != nil || !ok {
		t.Fatalf("dummyHash does not check: %v, %v", ok, err)
	}
}
