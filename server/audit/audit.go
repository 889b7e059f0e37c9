// Package audit records who did what, on what, and when. An event is written
// in the transaction of the change it records, so the trail never claims a
// change that was rolled back and never misses one that was committed.
package audit

import (
	"context"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/viewer"
)

// Event is one recorded action. Action names follow the contract's event
// types: invitation.created, member.removed, seats.changed, ….
type Event struct {
	OrganizationID string
	Action         string
	Target         string // what was acted on, as people read it (an email, a name)
	TargetID       string
	Data           map[string]any
}

// Record writes events in tx, with the viewer of ctx as their actor (the
// system when there is none).
func Record(ctx context.Context, tx *ent.Tx, events ...Event) error {
	actorID, actorLabel := "", "system"
	if v := viewer.FromContext(ctx); v != nil {
		actorID, actorLabel = v.UserID, v.Email
	}
	builders := make([]*ent.AuditEventCreate, len(events))
	for i, e := range events {
		c := tx.AuditEvent.Create().
			SetAction(e.Action).
			SetTarget(e.Target).
			SetActorLabel(actorLabel)
		if actorID != "" {
			c.SetActorID(actorID)
		}
		if e.OrganizationID != "" {
			c.SetOrganizationID(e.OrganizationID)
		}
		if e.TargetID != "" {
			c.SetTargetID(e.TargetID)
		}
		if e.Data != nil {
			c.SetData(e.Data)
		}
		builders[i] = c
	}
	for len(builders) > 0 {
		n := min(len(builders), insertBatch)
		if err := tx.AuditEvent.CreateBulk(builders[:n]...).Exec(ctx); err != nil {
			return err
		}
		builders = builders[n:]
	}
	return nil
}

// insertBatch keeps one INSERT's parameters well under SQLite's and
// PostgreSQL's limits.
const insertBatch = 500
