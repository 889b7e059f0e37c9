package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/rosterhq/roster/server/globalid"
)

// Webhook is an endpoint that gets an organization's events, signed per
// the Standard Webhooks specification. Its signing secret is shown once
// and stored encrypted (server/secretbox): Roster signs with it, so a hash
// would not do.
type Webhook struct{ ent.Schema }

func (Webhook) Mixin() []ent.Mixin { return []ent.Mixin{idMixin{prefix: globalid.Webhook}} }

func (Webhook) Fields() []ent.Field {
	return []ent.Field{
		field.String("organization_id").Immutable().Annotations(skipGraphQL()),
		field.String("url").NotEmpty().MaxLen(2048).Immutable().Annotations(gqlName("url")),
		field.Strings("events").Immutable().Comment("The event types it gets."),
		field.String("secret_sealed").Immutable().Sensitive().Annotations(skipGraphQL()),
		field.Bool("active").Default(true),
		createdAt(),
		field.String("created_by_id").Optional().Nillable().Immutable().Annotations(skipGraphQL()),
	}
}

func (Webhook) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("webhooks").Field("organization_id").
			Unique().Required().Immutable().Annotations(skipGraphQL()),
		// deliveries is declared in graph/schema/developer.graphql, newest first.
		edge.To("deliveries", WebhookDelivery.Type).Annotations(entsql.OnDelete(entsql.Cascade), skipGraphQL()),
	}
}

func (Webhook) Indexes() []ent.Index {
	return []ent.Index{index.Fields("organization_id", "created_at")}
}

func (Webhook) Policy() ent.Policy { return organizationRows() }

// WebhookDelivery is one event for one webhook: the delivery outbox,
// written in the transaction of the change it reports, and its log.
type WebhookDelivery struct{ ent.Schema }

func (WebhookDelivery) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: globalid.WebhookDelivery}}
}

func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.String("webhook_id").Immutable().Annotations(skipGraphQL()),
		field.String("organization_id").Immutable().Annotations(skipGraphQL()),
		field.String("event_type").Immutable(),
		field.Text("payload").Immutable().Annotations(skipGraphQL()).
			Comment("The JSON body, made once: a retry or resend sends the same bytes under the same webhook-id."),
		field.String("status").Default("PENDING").Comment("PENDING, SUCCEEDED or FAILED (after the last retry)."),
		field.Int("attempts").Default(0),
		field.Int("response_status").Optional().Nillable(),
		field.String("last_error").Optional().Annotations(skipGraphQL()),
		field.Time("next_attempt_at").Annotations(skipGraphQL()),
		field.Time("payload_timestamp").Immutable().Annotations(skipGraphQL()),
		createdAt(),
	}
}

func (WebhookDelivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("webhook", Webhook.Type).Ref("deliveries").Field("webhook_id").
			Unique().Required().Immutable().Annotations(skipGraphQL()),
	}
}

func (WebhookDelivery) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "next_attempt_at"),
		index.Fields("webhook_id", "created_at"),
	}
}

func (WebhookDelivery) Annotations() []schema.Annotation {
	return []schema.Annotation{relayConnection()}
}

func (WebhookDelivery) Policy() ent.Policy { return organizationRows() }

// ServerKey is a key the server generated for itself and keeps in the
// database, such as the one that seals webhook secrets when
// ROSTER_SECRET_KEY is unset. Only system work reads it.
type ServerKey struct{ ent.Schema }

func (ServerKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").Immutable().NotEmpty().Comment("What the key is for."),
		field.String("value").Immutable().Sensitive(),
		createdAt(),
	}
}

func (ServerKey) Annotations() []schema.Annotation { return []schema.Annotation{skipGraphQL()} }

func (ServerKey) Policy() ent.Policy { return systemOnly() }
