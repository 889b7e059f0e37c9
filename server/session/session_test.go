package session

import (
	"context"
	"testing"
	"time"

	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
)

// TestStoreKeepsHashesAndCleansUp: the store finds a session by its token
// while it lasts, keeps only a hash of the token, and DeleteExpired removes
// what has expired.
func TestStoreKeepsHashesAndCleansUp(t *testing.T) {
	ctx := context.Background()
	client, err := database.Open(databasetest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if err := database.Migrate(ctx, client); err != nil {
		t.Fatal(err)
	}
	m := NewManager(client, Options{PublicURL: "http://localhost"})
	if err := m.store.CommitCtx(ctx, "live-token", []byte("a"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := m.store.CommitCtx(ctx, "old-token", []byte("b"), time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if b, found, err := m.store.FindCtx(ctx, "live-token"); err != nil || !found || string(b) != "a" {
		t.Fatalf("Find(live) = %q, %v, %v", b, found, err)
	}
	if _, found, _ := m.store.FindCtx(ctx, "old-token"); found {
		t.Error("an expired session was found")
	}
	stored, err := client.Session.Query().All(database.System(ctx))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stored {
		if s.TokenHash == "live-token" || s.TokenHash == "old-token" {
			t.Error("a token is stored in the clear")
		}
	}
	if n, err := m.DeleteExpired(ctx); err != nil || n != 1 {
		t.Fatalf("DeleteExpired = %d, %v; want 1", n, err)
	}
	if n, _ := client.Session.Query().Count(database.System(ctx)); n != 1 {
		t.Errorf("%d sessions left, want 1", n)
	}
}
