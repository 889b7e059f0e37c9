package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/rosterhq/roster/server/globalid"
	"github.com/rosterhq/roster/server/policy"
)

// Invitation asks one email address to join an organization with a role.
// While PENDING and unexpired it holds a seat.
type Invitation struct{ ent.Schema }

func (Invitation) Mixin() []ent.Mixin { return []ent.Mixin{idMixin{prefix: globalid.Invitation}} }

func (Invitation) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").NotEmpty().MaxLen(254),
		field.Enum("role").GoType(policy.Role("")).Annotations(gqlType("Role")),
		// The stored status. An invitation past expires_at is EXPIRED even
		// before the sweeper writes it, so the GraphQL field is declared in
		// graph/schema/invitation.graphql and resolved from both columns.
		field.Enum("status").
			Values("PENDING", "ACCEPTED", "DECLINED", "CANCELED", "EXPIRED").
			Default("PENDING").
			Annotations(skipGraphQL()),
		field.String("token_hash").Unique().Sensitive().Annotations(skipGraphQL()),
		createdAt(),
		field.Time("expires_at"),
		field.Time("last_sent_at").Default(now),
		field.Int("send_count").Default(1),
		field.Time("responded_at").Optional().Nillable().Annotations(skipGraphQL()).
			Comment("When it was accepted, declined or canceled."),
		field.String("organization_id").Immutable().Annotations(skipGraphQL()),
		field.String("invited_by_id").Optional().Nillable().Immutable().Annotations(skipGraphQL()),
	}
}

func (Invitation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("invitations").Field("organization_id").
			Unique().Required().Immutable(),
		edge.To("invited_by", User.Type).Field("invited_by_id").Unique().Immutable().
			Annotations(entsql.OnDelete(entsql.SetNull)),
	}
}

func (Invitation) Indexes() []ent.Index {
	return []ent.Index{
		// One pending invitation per address and organization.
		index.Fields("organization_id", "email").Unique().
			Annotations(entsql.IndexWhere("status = 'PENDING'")),
		index.Fields("organization_id", "status", "expires_at"),
		index.Fields("organization_id", "created_at"),
	}
}

func (Invitation) Annotations() []schema.Annotation {
	return []schema.Annotation{relayConnection()}
}
