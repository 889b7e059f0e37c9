// Package schema is Roster's data model: the ent schemas from which ent/,
// graph/ent.graphql and part of the GraphQL layer are generated, and the
// privacy rules that scope every query to the caller's organizations.
package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/rosterhq/roster/server/globalid"
)

// idMixin gives a type its opaque, prefixed string identifier.
type idMixin struct {
	mixin.Schema
	prefix string
}

func (m idMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").
			Immutable().
			NotEmpty().
			DefaultFunc(func() string { return globalid.New(m.prefix) }),
	}
}

// now is the clock of every stored time, as database.Now (which this
// package cannot import): UTC, at the microsecond precision that both
// SQLite's text times and PostgreSQL's timestamptz keep exactly.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// createdAt records when a row was made.
func createdAt() ent.Field {
	return field.Time("created_at").Immutable().Default(now).
		Annotations(gqlOrderField("CREATED_AT"))
}
