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

// OAuthClient is a program registered for the client-credentials grant
// (RFC 6749 section 4.4) in one organization, acting with a role (admin or
// member). Its client ID is public; its secret is shown once and stored as
// a SHA-256 hash. Revoking it ends its access tokens at once.
type OAuthClient struct{ ent.Schema }

func (OAuthClient) Mixin() []ent.Mixin { return []ent.Mixin{idMixin{prefix: globalid.OAuthClient}} }

func (OAuthClient) Fields() []ent.Field {
	return []ent.Field{
		field.String("organization_id").Immutable().Annotations(skipGraphQL()),
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.String("client_id").Unique().Immutable().Annotations(gqlName("clientID")),
		field.String("secret_hash").Immutable().Sensitive().Annotations(skipGraphQL()),
		field.Enum("role").GoType(policy.Role("")).Immutable().Annotations(gqlType("Role")),
		createdAt(),
		field.Time("revoked_at").Optional().Nillable(),
		field.String("created_by_id").Optional().Nillable().Immutable().Annotations(skipGraphQL()),
	}
}

func (OAuthClient) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("oauth_clients").Field("organization_id").
			Unique().Required().Immutable().Annotations(skipGraphQL()),
		edge.To("created_by", User.Type).Field("created_by_id").Unique().Immutable().Annotations(skipGraphQL()),
		edge.To("tokens", OAuthToken.Type).Annotations(entsql.OnDelete(entsql.Cascade), skipGraphQL()),
	}
}

func (OAuthClient) Indexes() []ent.Index {
	return []ent.Index{index.Fields("organization_id", "created_at")}
}

func (OAuthClient) Policy() ent.Policy { return organizationRows() }

// OAuthToken is an access token issued to an OAuth client: short-lived,
// stored as a SHA-256 hash, and worthless once its client is revoked.
type OAuthToken struct{ ent.Schema }

func (OAuthToken) Mixin() []ent.Mixin { return []ent.Mixin{idMixin{prefix: globalid.OAuthToken}} }

func (OAuthToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("client_id").Immutable().Comment("The OAuthClient row's ID."),
		field.String("token_hash").Unique().Immutable().Sensitive(),
		createdAt(),
		field.Time("expires_at").Immutable(),
	}
}

func (OAuthToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("client", OAuthClient.Type).Ref("tokens").Field("client_id").Unique().Required().Immutable(),
	}
}

func (OAuthToken) Indexes() []ent.Index { return []ent.Index{index.Fields("expires_at")} }

func (OAuthToken) Annotations() []schema.Annotation { return []schema.Annotation{skipGraphQL()} }

// Tokens are read by their hash, by the token endpoint and the bearer
// check only, as the system.
func (OAuthToken) Policy() ent.Policy { return systemOnly() }
