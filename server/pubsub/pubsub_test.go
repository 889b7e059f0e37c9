package pubsub

import (
	"context"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
)

// recordingTransport keeps the context of each notice it is asked to send.
type recordingTransport struct{ ctxs []context.Context }

func (r *recordingTransport) Send(ctx context.Context, _ string) error {
	r.ctxs = append(r.ctxs, ctx)
	return nil
}

// TestPublishAfterCommitHasADeadline: the notice of a committed change is
// sent under a deadline, so a database that does not answer cannot hold
// the committing request forever; a rolled-back change sends nothing.
func TestPublishAfterCommitHasADeadline(t *testing.T) {
	client, err := database.Open(databasetest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx := context.Background()
	if err := database.Migrate(ctx, client); err != nil {
		t.Fatal(err)
	}
	hub := NewHub()
	rec := &recordingTransport{}
	hub.SetTransport(rec)
	err = database.InTx(ctx, client, func(tx *ent.Tx) error {
		hub.PublishAfterCommit(tx, Organization("o1"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.ctxs) != 1 {
		t.Fatalf("%d notices sent, want 1", len(rec.ctxs))
	}
	deadline, ok := rec.ctxs[0].Deadline()
	if !ok || time.Until(deadline) > publishTimeout {
		t.Errorf("notice sent without a deadline of at most %v (deadline %v, set %v)", publishTimeout, deadline, ok)
	}

	_ = database.InTx(context.Background(), client, func(tx *ent.Tx) error {
		hub.PublishAfterCommit(tx, Organization("o2"))
		return context.Canceled
	})
	if len(rec.ctxs) != 1 {
		t.Error("a rolled-back change sent a notice")
	}
}
