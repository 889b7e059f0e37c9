package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/rosterhq/roster/server/globalid"
)

// User is a person with an account. A user belongs to organizations through
// memberships and stays when a membership ends.
type User struct{ ent.Schema }

func (User) Mixin() []ent.Mixin { return []ent.Mixin{idMixin{prefix: globalid.User}} }

func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").Unique().NotEmpty().MaxLen(254).
			Comment("Lower-case; the address the user signs in with."),
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.Bool("email_verified").Default(false),
		field.String("password_hash").Sensitive().Annotations(skipGraphQL()),
		field.String("verification_token_hash").Optional().Nillable().Unique().Sensitive().
			Annotations(skipGraphQL()),
		field.Time("verification_expires_at").Optional().Nillable().Annotations(skipGraphQL()),
		// One pending password reset at a time: a newer request replaces
		// the hash, and any password change clears it.
		field.String("password_reset_token_hash").Optional().Nillable().Unique().Sensitive().
			Annotations(skipGraphQL()),
		field.Time("password_reset_expires_at").Optional().Nillable().Annotations(skipGraphQL()),
		createdAt(),
	}
}

func (User) Edges() []ent.Edge {
	return []ent.Edge{
		// Declared in graph/schema/user.graphql: only the viewer's own are shown.
		edge.To("memberships", Membership.Type).Annotations(skipGraphQL()),
	}
}
