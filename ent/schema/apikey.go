package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/rosterhq/roster/server/globalid"
	"github.com/rosterhq/roster/server/policy"
)

// APIKey is a program's credential in one organization, acting with a role
// (admin or member, never owner). Its secret is shown once, when it is
// made; only its SHA-256 hash is kept, so a copy of the database opens
// nothing. A revoked key stays, for the audit trail and the list.
type APIKey struct{ ent.Schema }

func (APIKey) Mixin() []ent.Mixin { return []ent.Mixin{idMixin{prefix: globalid.APIKey}} }

func (APIKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("organization_id").Immutable().Annotations(skipGraphQL()),
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.String("prefix").Immutable().Comment("The secret's first characters, to recognise it in a list."),
		field.String("secret_hash").Unique().Immutable().Sensitive().Annotations(skipGraphQL()),
		field.Enum("role").GoType(policy.Role("")).Immutable().Annotations(gqlType("Role")),
		createdAt(),
		field.Time("last_used_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable(),
		field.String("created_by_id").Optional().Nillable().Immutable().Annotations(skipGraphQL()),
	}
}

func (APIKey) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("api_keys").Field("organization_id").
			Unique().Required().Immutable().Annotations(skipGraphQL()),
		edge.To("created_by", User.Type).Field("created_by_id").Unique().Immutable(),
	}
}

func (APIKey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("organization_id", "created_at")}
}

func (APIKey) Policy() ent.Policy { return organizationRows() }
