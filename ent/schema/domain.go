package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/rosterhq/roster/ent/privacy"
	"github.com/rosterhq/roster/server/globalid"
)

// Domain is an email domain an organization claims (see server/domain):
// pending until its DNS TXT record is found, then verified; a verified
// domain with auto_join lets new users of that domain join as members.
type Domain struct{ ent.Schema }

func (Domain) Mixin() []ent.Mixin { return []ent.Mixin{idMixin{prefix: globalid.Domain}} }

func (Domain) Fields() []ent.Field {
	return []ent.Field{
		field.String("domain").NotEmpty().MaxLen(253).Immutable().
			Comment("Lower case, ASCII (punycode), no trailing dot."),
		field.String("token").NotEmpty().Immutable().Annotations(skipGraphQL()).
			Comment("The random part of the TXT record's value; shown to the organization's members, so not a secret."),
		field.Bool("verified").Default(false),
		field.Time("verified_at").Optional().Nillable(),
		field.Bool("auto_join").Default(false),
		field.Int("failed_checks").Default(0).NonNegative().Annotations(skipGraphQL()).
			Comment("Re-verifications in a row that found no record; at 3 the verification is lost."),
		field.Time("last_checked_at").Optional().Nillable().Annotations(skipGraphQL()),
		field.Time("verification_lost_at").Optional().Nillable().
			Comment("When re-verification last gave up on this domain; cleared when it is verified again."),
		createdAt(),
		field.String("organization_id").Immutable().Annotations(skipGraphQL()),
	}
}

func (Domain) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("domains").Field("organization_id").
			Unique().Required().Immutable(),
	}
}

func (Domain) Indexes() []ent.Index {
	return []ent.Index{
		// An organization adds a domain once.
		index.Fields("organization_id", "domain").Unique(),
		// One organization per verified domain, whatever the race.
		index.Fields("domain").Unique().Annotations(entsql.IndexWhere("verified")),
	}
}

// Every member sees the organization's domains; only the domain service,
// after asking the policy, changes them. Matching a new user's email across
// organizations (auto-join) reads as the system.
func (Domain) Policy() ent.Policy {
	rule := rowsOfViewersOrganizations()
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule, privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{createsInViewersOrganizations(), rule, privacy.AlwaysAllowRule()},
	}
}
