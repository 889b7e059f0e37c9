package mail

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/database"
)

// Outbox queues messages in the caller's transaction and wakes the worker
// after commit: an email exists exactly when the change that causes it was
// committed, and it leaves without waiting for a polling interval.
type Outbox struct {
	// wake holds at most one pending wake-up; more commits while the worker
	// is busy collapse into it, since one pass delivers everything due.
	wake chan struct{}
}

// NewOutbox returns an outbox; give the same one to the Worker.
func NewOutbox() *Outbox {
	return &Outbox{wake: make(chan struct{}, 1)}
}

// Enqueue writes messages to the outbox in tx. The worker is woken once tx
// commits; if tx rolls back, the emails are gone with the rest of the
// change.
func (o *Outbox) Enqueue(ctx context.Context, tx *ent.Tx, msgs ...Message) error {
	now := database.Now()
	builders := make([]*ent.OutboxEmailCreate, len(msgs))
	for i, m := range msgs {
		if err := m.check(); err != nil {
			return err
		}
		builders[i] = tx.OutboxEmail.Create().
			SetKind(m.Kind).
			SetToAddress(m.To).
			SetSubject(m.Subject).
			SetTextBody(m.Text).
			SetHTMLBody(m.HTML).
			SetNextAttemptAt(now).
			SetCreatedAt(now)
	}
	for batch := range slices.Chunk(builders, database.Batch) {
		if err := tx.OutboxEmail.CreateBulk(batch...).Exec(database.System(ctx)); err != nil {
			return fmt.Errorf("mail: queue %d emails: %w", len(batch), err)
		}
	}
	database.AfterCommit(tx, o.notify)
	return nil
}

// notify wakes the worker without ever blocking the committing request.
func (o *Outbox) notify() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// check refuses a message that no SMTP server would take, so that the
// change queueing it fails now rather than its email failing ten times.
func (m Message) check() error {
	switch {
	case strings.TrimSpace(m.To) == "":
		return errors.New("mail: message has no recipient")
	case m.Kind == "":
		return errors.New("mail: message has no kind")
	case strings.ContainsAny(m.To, "\r\n\x00"), strings.ContainsAny(m.Subject, "\r\n\x00"):
		return errors.New("mail: line break in a header")
	}
	return nil
}
