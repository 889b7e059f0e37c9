package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/rosterhq/roster/server/globalid"
)

// OutboxEmail is an email waiting to be sent (or sent). It is written in the
// transaction of the change that causes it and delivered by server/mail's
// worker, so that no committed change loses its email and no rolled-back
// change sends one.
type OutboxEmail struct{ ent.Schema }

func (OutboxEmail) Mixin() []ent.Mixin { return []ent.Mixin{idMixin{prefix: globalid.OutboxEmail}} }

func (OutboxEmail) Fields() []ent.Field {
	return []ent.Field{
		field.String("kind").Comment("verification, invitation, ..."),
		field.String("to_address"),
		field.String("subject"),
		field.Text("text_body"),
		field.Text("html_body"),
		field.Enum("status").Values("PENDING", "SENT", "FAILED").Default("PENDING"),
		field.Int("attempts").Default(0),
		field.Time("next_attempt_at").Default(now),
		field.Time("locked_until").Optional().Nillable().
			Comment("A worker's lease on the row while it sends."),
		field.String("last_error").Optional(),
		field.Time("sent_at").Optional().Nillable(),
		createdAt(),
	}
}

func (OutboxEmail) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "next_attempt_at")}
}

func (OutboxEmail) Annotations() []schema.Annotation { return []schema.Annotation{skipGraphQL()} }
