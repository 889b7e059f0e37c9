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

// Record writes e in tx, with the viewer of ctx as the actor (the system
// when there is none).
func Record(ctx context.Context, tx *ent.Tx, e Event) error {
	c := tx.AuditEvent.Create().
		SetAction(e.Action).
		SetTarget(e.Target).
		SetActorLabel("system")
	if e.OrganizationID != "" {
		c.SetOrganizationID(e.OrganizationID)
	}
	if e.TargetID != "" {
		c.SetTargetID(e.TargetID)
	}
	if e.Data != nil {
		c.SetData(e.Data)
	}
	if v := viewer.FromContext(ctx); v != nil {
		c.SetActorID(v.UserID).SetActorLabel(v.Email)
	}
	return c.Exec(ctx)
}
