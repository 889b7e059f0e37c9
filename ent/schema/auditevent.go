package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/rosterhq/roster/server/globalid"
)

// AuditEvent records who did what, on what, when. Events are never changed
// and outlive the memberships, users and organizations they name, so they
// keep identifiers and labels rather than foreign keys.
type AuditEvent struct{ ent.Schema }

func (AuditEvent) Mixin() []ent.Mixin { return []ent.Mixin{idMixin{prefix: globalid.AuditEvent}} }

func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("organization_id").Optional().Immutable().Annotations(skipGraphQL()),
		field.String("action").NotEmpty().Immutable().Comment("e.g. invitation.created"),
		field.String("actor_id").Optional().Immutable().Annotations(skipGraphQL()).
			Comment("The acting user; empty for a program or the system."),
		field.String("actor_label").Immutable().Comment("The actor as shown to people: an email, 'API key <name>', 'OAuth client <name>' or 'system'."),
		field.String("target").Immutable().Comment("What was acted on, e.g. an email address."),
		field.String("target_id").Optional().Immutable().Annotations(skipGraphQL()),
		field.JSON("data", map[string]any{}).Optional().Immutable().Annotations(skipGraphQL()),
		field.Int("sequence").Optional().Nillable().Immutable().Annotations(skipGraphQL()).
			Comment("The organization's change counter after this change; empty for events outside its stream (created, deleted)."),
		field.Int("seats_active").Optional().Nillable().Immutable().Annotations(skipGraphQL()).
			Comment("Seat usage as the change committed it."),
		field.Int("seats_pending").Optional().Nillable().Immutable().Annotations(skipGraphQL()),
		field.Int("seats_total").Optional().Nillable().Immutable().Annotations(skipGraphQL()),
		createdAt(),
	}
}

func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("organization_id", "created_at"),
		// One event per number: the change feed reads an organization's
		// events in this order (server/live).
		index.Fields("organization_id", "sequence").Unique(),
	}
}

// The audit log (developer.graphql's auditEvents) is a Relay connection,
// declared on Organization in graph/schema/developer.graphql with its
// action filter.
func (AuditEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{relayConnection()}
}
