package session

import (
	"context"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/rosterhq/roster/ent"
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
	ctx = context.WithValue(ctx, newSessionKey{}, true) // as SignIn commits
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

// TestEndedSessionStaysEnded: a commit of a session whose row is gone
// (ended while its request ran) does not write it back; only SignIn's
// commit creates a row. EndAll ends every session of a user, or every other
// one, and no one else's.
func TestEndedSessionStaysEnded(t *testing.T) {
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
	created := context.WithValue(ctx, newSessionKey{}, true)
	expiry := time.Now().Add(time.Hour)
	data := func(userID string) []byte {
		b, err := m.scs.Codec.Encode(expiry, map[string]any{userIDKey: userID})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for tok, user := range map[string]string{"ann-1": "usr_ann", "ann-2": "usr_ann", "ann-3": "usr_ann", "bob-1": "usr_bob"} {
		if err := m.store.CommitCtx(created, tok, data(user), expiry); err != nil {
			t.Fatal(err)
		}
	}
	found := func(tok string) bool {
		_, ok, err := m.store.FindCtx(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}

	// Every other session of ann: the current one (ann-1) stays.
	current, err := m.scs.Load(ctx, "ann-1")
	if err != nil {
		t.Fatal(err)
	}
	endAll := func(ctx context.Context, keep bool) {
		t.Helper()
		err := database.InTx(database.System(ctx), client, func(tx *ent.Tx) error { return m.EndAll(ctx, tx, "usr_ann", keep) })
		if err != nil {
			t.Fatal(err)
		}
	}
	endAll(current, true)
	if !found("ann-1") || found("ann-2") || found("ann-3") || !found("bob-1") {
		t.Fatalf("after ending ann's other sessions: ann-1 %v, ann-2 %v, ann-3 %v, bob-1 %v",
			found("ann-1"), found("ann-2"), found("ann-3"), found("bob-1"))
	}

	// A request of ann-2 that was running commits late: it stays ended.
	if err := m.store.CommitCtx(ctx, "ann-2", data("usr_ann"), expiry); err != nil {
		t.Fatal(err)
	}
	if found("ann-2") {
		t.Error("a late commit brought an ended session back")
	}

	// Every session, the current one included.
	endAll(current, false)
	if found("ann-1") || !found("bob-1") {
		t.Errorf("after ending all of ann's sessions: ann-1 %v, bob-1 %v", found("ann-1"), found("bob-1"))
	}
}

// TestCodecReadsBothFormats: a session is written as JSON, and one written
// by an earlier version (gob) is still read, so an upgrade signs nobody out.
func TestCodecReadsBothFormats(t *testing.T) {
	deadline := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	values := map[string]any{userIDKey: "usr_1"}
	for name, enc := range map[string]scs.Codec{"json": codec{}, "gob (earlier versions)": scs.GobCodec{}} {
		b, err := enc.Encode(deadline, values)
		if err != nil {
			t.Fatal(err)
		}
		d, v, err := codec{}.Decode(b)
		if err != nil || !d.Equal(deadline) || v[userIDKey] != "usr_1" {
			t.Errorf("%s: decoded %v %v %v", name, d, v, err)
		}
	}
	if _, _, err := (codec{}).Decode([]byte("{not json")); err == nil {
		t.Error("broken data decoded")
	}
}

// TestCodecKeepsDecodedDataApart: data decoded again from the codec's
// cache is what decoding gives, and each caller gets a map of its own (scs
// changes it in place: a sign-out in one request must not reach another's).
func TestCodecKeepsDecodedDataApart(t *testing.T) {
	c := newCodec()
	deadline := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	b, err := c.Encode(deadline, map[string]any{userIDKey: "usr_1"})
	if err != nil {
		t.Fatal(err)
	}
	_, first, err := c.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	delete(first, userIDKey)
	first["other"] = "x"
	for range 2 {
		d, v, err := c.Decode(b)
		if err != nil || !d.Equal(deadline) || len(v) != 1 || v[userIDKey] != "usr_1" {
			t.Fatalf("decoded again: %v %v %v; want the stored data, untouched by the first caller's changes", d, v, err)
		}
		v[userIDKey] = "usr_2"
	}
	if c.decoded.Len() != 1 {
		t.Errorf("%d data decoded and kept, want 1", c.decoded.Len())
	}
}
