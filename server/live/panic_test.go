package live

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/seat"
	"github.com/rosterhq/roster/server/viewer"
)

// syncBuffer is a log destination that the feed's goroutine and the test
// share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestPanicInAFeedEndsItsStreams: a panic in an organization's feed (here
// in a subscriber's Access, which the feed calls when the subscriber's
// session may have ended) is logged, ends that feed's streams, and leaves
// the process and the next subscriber's new feed working.
func TestPanicInAFeedEndsItsStreams(t *testing.T) {
	client, err := database.Open(databasetest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sys := database.System(context.Background())
	if err := database.Migrate(sys, client); err != nil {
		t.Fatal(err)
	}
	org := client.Organization.Create().SetName("Feed").SetSlug("feed").SetSeatLimit(10).SaveX(sys)
	var users []string
	for _, email := range []string{"ada@feed.test", "bo@feed.test"} {
		u := client.User.Create().SetEmail(email).SetName(email).SetPasswordHash("x").SaveX(sys)
		client.Membership.Create().SetOrganizationID(org.ID).SetUserID(u.ID).SetRole(policy.Member).ExecX(sys)
		users = append(users, u.ID)
	}
	access := func(userID string) Access {
		return func(context.Context) (*viewer.Viewer, error) {
			return viewer.New(userID, userID, userID, true, map[string]policy.Role{org.ID: policy.Member}), nil
		}
	}
	var calls atomic.Int32
	panicky := func(ctx context.Context) (*viewer.Viewer, error) {
		if calls.Add(1) > 1 { // the subscription's own check passes; the feed's recheck panics
			panic("the test's Access panics")
		}
		return access(users[0])(ctx)
	}

	logs := &syncBuffer{}
	hub := pubsub.NewHub()
	svc := NewService(client, hub, slog.New(slog.NewTextHandler(logs, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first, err := svc.SeatUsage(ctx, org.ID, panicky)
	if err != nil {
		t.Fatal(err)
	}
	second, err := svc.SeatUsage(ctx, org.ID, access(users[1]))
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range []<-chan *seat.Usage{first, second} {
		if u := <-ch; u == nil || u.Active != 2 {
			t.Fatalf("first usage %+v, want 2 active", u)
		}
	}

	hub.Deliver(pubsub.User(users[0])) // the first subscriber's session may have ended: the feed checks it
	for i, ch := range []<-chan *seat.Usage{first, second} {
		if !ended(ch, 10*time.Second) {
			t.Fatalf("stream %d did not end after its feed panicked", i+1)
		}
	}
	if l := logs.String(); !strings.Contains(l, "level=ERROR") || !strings.Contains(l, "the test's Access panics") {
		t.Errorf("the panic was not logged as an error:\n%s", l)
	}

	// A new subscriber gets a new feed, which follows changes.
	third, err := svc.SeatUsage(ctx, org.ID, access(users[1]))
	if err != nil {
		t.Fatal(err)
	}
	<-third
	client.Organization.UpdateOneID(org.ID).SetSeatLimit(20).ExecX(sys)
	hub.Deliver(pubsub.Organization(org.ID))
	select {
	case u, ok := <-third:
		if !ok || u.Total != 20 {
			t.Errorf("after the change: %+v (open %v), want 20 seats", u, ok)
		}
	case <-time.After(10 * time.Second):
		t.Error("the new feed did not deliver a change")
	}
}

// ended reports whether ch is closed (after any usage still waiting in it)
// within wait.
func ended(ch <-chan *seat.Usage, wait time.Duration) bool {
	timeout := time.After(wait)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return true
			}
		case <-timeout:
			return false
		}
	}
}
