package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/rosterhq/roster/server/globalid"
)

// Organization is a team: its members, invitations and seats.
type Organization struct{ ent.Schema }

func (Organization) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: globalid.Organization}}
}

func (Organization) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.String("slug").Unique().NotEmpty().MaxLen(48),
		field.Int("seat_limit").Positive().Annotations(skipGraphQL()).
			Comment("Seats of the subscription; seatUsage.total."),
		field.Int("change_sequence").Default(0).NonNegative().Annotations(skipGraphQL()).
			Comment("The number of committed changes: each adds one, under the seat lock (see server/change)."),
		createdAt(),
		field.Time("updated_at").Default(now).UpdateDefault(now).Annotations(skipGraphQL()).
			Comment("Also touched to lock the row for a seat check (see server/seat)."),
	}
}

func (Organization) Edges() []ent.Edge {
	cascade := entsql.OnDelete(entsql.Cascade)
	return []ent.Edge{
		// members and invitations are declared in graph/schema with filters.
		edge.To("memberships", Membership.Type).Annotations(cascade, skipGraphQL()),
		edge.To("invitations", Invitation.Type).Annotations(cascade, skipGraphQL()),
		// domains: the contract's Organization.domains (server/domain).
		edge.To("domains", Domain.Type).Annotations(cascade),
		edge.To("api_keys", APIKey.Type).Annotations(cascade, skipGraphQL()),
		edge.To("oauth_clients", OAuthClient.Type).Annotations(cascade, skipGraphQL()),
		edge.To("webhooks", Webhook.Type).Annotations(cascade, skipGraphQL()),
	}
}
