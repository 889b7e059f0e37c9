package pubsub

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
)

func openDB(t *testing.T, url string) *ent.Client {
	t.Helper()
	client, err := database.Open(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	if err := database.Migrate(context.Background(), client); err != nil {
		t.Fatal(err)
	}
	return client
}

// signaled reports whether sub got a notice within d.
func signaled(sub *Subscription, d time.Duration) bool {
	if d == 0 {
		select {
		case <-sub.C:
			return true
		default:
			return false
		}
	}
	select {
	case <-sub.C:
		return true
	case <-time.After(d):
		return false
	}
}

var errRollback = errors.New("roll back")

// TestPublishInTxDeliversAtCommitOnly: in one process (no transport), a notice
// published in a transaction reaches subscribers of its topic once the
// transaction commits; never before, never after a rollback, never to
// another topic's subscribers.
func TestPublishInTxDeliversAtCommitOnly(t *testing.T) {
	client := openDB(t, databasetest.URL(t))
	ctx := context.Background()
	hub := NewHub()
	sub := hub.Subscribe(Organization("o1"))
	defer sub.Close()
	other := hub.Subscribe(Organization("o2"), User("u1"))
	defer other.Close()

	err := database.InTx(ctx, client, func(tx *ent.Tx) error {
		if err := hub.PublishInTx(ctx, tx, Organization("o1")); err != nil {
			return err
		}
		if signaled(sub, 0) {
			t.Error("the notice arrived before the commit")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !signaled(sub, time.Second) {
		t.Error("no notice after the commit")
	}
	if signaled(other, 0) {
		t.Error("another topic's subscriber got the notice")
	}

	_ = database.InTx(ctx, client, func(tx *ent.Tx) error {
		_ = hub.PublishInTx(ctx, tx, Organization("o1"))
		return errRollback
	})
	if signaled(sub, 50*time.Millisecond) {
		t.Error("a rolled-back change sent a notice")
	}
}

// TestNoticesMergeAndCloseStops: notices a subscriber has not taken yet
// merge into one (it reads the current state once), SubscribeFunc runs its
// function per notice, and a closed subscription hears nothing more.
func TestNoticesMergeAndCloseStops(t *testing.T) {
	hub := NewHub()
	sub := hub.Subscribe(User("u1"))
	calls := 0
	fn := hub.SubscribeFunc(User("u1"), func() { calls++ })
	for range 3 {
		hub.Deliver(User("u1"))
	}
	if !signaled(sub, 0) || signaled(sub, 0) {
		t.Error("three notices did not merge into one signal")
	}
	if calls != 3 {
		t.Errorf("SubscribeFunc ran %d times for 3 notices", calls)
	}
	sub.Close()
	fn.Close()
	hub.Deliver(User("u1"))
	hub.DeliverAll()
	if signaled(sub, 0) || calls != 3 {
		t.Error("a closed subscription still hears notices")
	}
	if len(hub.subs) != 0 {
		t.Errorf("closed subscriptions left topics behind: %v", hub.subs)
	}
}

// TestPostgresNoticesReachEveryReplicaAtCommit: with replicas sharing a
// PostgreSQL database, a notice published in a transaction is NOTIFY in
// that transaction: every replica's hub (the publisher's too) hears it once
// the transaction commits, none before, and none after a rollback.
func TestPostgresNoticesReachEveryReplicaAtCommit(t *testing.T) {
	databasetest.SkipUnlessPostgres(t)
	url := databasetest.URL(t)
	client := openDB(t, url)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))

	var subs []*Subscription
	var publisher *Hub
	for i := range 2 {
		hub := NewHub()
		p, err := NewPostgres(ctx, url, hub, logger)
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		hub.SetTransport(p)
		go p.Run(ctx)
		subs = append(subs, hub.Subscribe(Organization("o1")))
		if i == 0 {
			publisher = hub
		}
	}
	// The listeners connect asynchronously: publish outside a transaction
	// until both hear, then drain.
	for deadline := time.Now().Add(10 * time.Second); ; {
		if err := publisher.Publish(ctx, Organization("o1")); err != nil {
			t.Fatal(err)
		}
		if signaled(subs[0], 100*time.Millisecond) && signaled(subs[1], 100*time.Millisecond) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the replicas' listeners never heard a notice")
		}
	}
	time.Sleep(200 * time.Millisecond)
	for _, s := range subs {
		signaled(s, 0)
	}

	err := database.InTx(ctx, client, func(tx *ent.Tx) error {
		if err := publisher.PublishInTx(ctx, tx, Organization("o1")); err != nil {
			return err
		}
		for i, s := range subs {
			if signaled(s, 200*time.Millisecond) {
				t.Errorf("replica %d heard the notice before the commit", i)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range subs {
		if !signaled(s, 5*time.Second) {
			t.Errorf("replica %d did not hear the committed notice", i)
		}
	}

	_ = database.InTx(ctx, client, func(tx *ent.Tx) error {
		if err := publisher.PublishInTx(ctx, tx, Organization("o1")); err != nil {
			t.Error(err)
		}
		return errRollback
	})
	for i, s := range subs {
		if signaled(s, 300*time.Millisecond) {
			t.Errorf("replica %d heard a rolled-back notice", i)
		}
	}
}
