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

// Membership is a user's active place in an organization, with a role. It is
// deleted when the membership ends; the user and the audit trail stay.
type Membership struct{ ent.Schema }

func (Membership) Mixin() []ent.Mixin { return []ent.Mixin{idMixin{prefix: globalid.Membership}} }

func (Membership) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("role").GoType(policy.Role("")).Annotations(gqlType("Role")),
		// Members are ordered by server/member (its own keyset pages: by name,
		// role rank, last activity), not by entgql's order fields.
		field.Time("joined_at").Immutable().Default(now),
		field.Time("last_active_at").Optional().Nillable().
			Comment("00:00 UTC of the day the member last signed in or used Roster in this organization (server/member's activity recorder); null before the first time."),
		field.String("user_id").Immutable().Annotations(skipGraphQL()),
		field.String("organization_id").Immutable().Annotations(skipGraphQL()),
		field.String("invited_by_id").Optional().Nillable().Immutable().Annotations(skipGraphQL()).
			Comment("Who sent the invitation this member accepted; null for the creator, a domain's auto-join, and an inviter whose account is gone."),
	}
}

func (Membership) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("memberships").Field("user_id").
			Unique().Required().Immutable(),
		edge.From("organization", Organization.Type).Ref("memberships").Field("organization_id").
			Unique().Required().Immutable(),
		edge.To("invited_by", User.Type).Field("invited_by_id").Unique().Immutable().
			Annotations(entsql.OnDelete(entsql.SetNull)),
	}
}

func (Membership) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("organization_id", "user_id").Unique(),
		// The members page in its default order (joinedAt, then id) read
		// from the index alone: the page's columns are in it, so neither a
		// lookup of each row in the table nor a sort of equal joinedAt
		// values by id is left (graph/memberspage.go).
		index.Fields("organization_id", "joined_at", "id", "role", "user_id"),
		index.Fields("organization_id", "last_active_at"),
		index.Fields("user_id"),
	}
}

func (Membership) Annotations() []schema.Annotation {
	return []schema.Annotation{relayConnection()}
}
