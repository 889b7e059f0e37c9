package mail

import (
	"context"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/outboxemail"
	"github.com/rosterhq/roster/server/database"
)

// Backlog returns how many emails wait in the outbox (PENDING: not sent
// yet, retries included; FAILED ones were given up) and when the oldest of
// them was queued, for the metrics.
func Backlog(ctx context.Context, client *ent.Client) (int, time.Time, error) {
	sys := database.System(ctx)
	q := client.OutboxEmail.Query().Where(outboxemail.StatusEQ(outboxemail.StatusPENDING))
	n, err := q.Clone().Count(sys)
	if err != nil || n == 0 {
		return n, time.Time{}, err
	}
	oldest, err := q.Order(ent.Asc(outboxemail.FieldCreatedAt)).Select(outboxemail.FieldCreatedAt).First(sys)
	if ent.IsNotFound(err) { // sent meanwhile
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, err
	}
	return n, oldest.CreatedAt, nil
}
