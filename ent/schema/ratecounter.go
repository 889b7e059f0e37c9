package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// RateCounter counts the events of one rate-limit key (a rule and what it
// limits, hashed) in one window, for server/ratelimit's sliding windows. It
// lives in the database, not in a process, so that every replica sees the
// same counts; rows are purged once their window no longer matters.
type RateCounter struct{ ent.Schema }

func (RateCounter) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().
			Comment("The rule's name and a hash of what it limits (an address, an IP, an ID): no personal data."),
		field.Time("window_start"),
		field.Int("count"),
		field.Time("expires_at").Comment("When the row stops mattering: two windows after window_start."),
	}
}

func (RateCounter) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("key", "window_start").Unique(),
		index.Fields("expires_at"),
	}
}

func (RateCounter) Annotations() []schema.Annotation { return []schema.Annotation{skipGraphQL()} }
