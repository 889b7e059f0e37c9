package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/rosterhq/roster/server/globalid"
)

// Session is a signed-in browser, kept by the session manager (scs) through
// server/session's store. Only a hash of the cookie's token is stored.
type Session struct{ ent.Schema }

func (Session) Mixin() []ent.Mixin { return []ent.Mixin{idMixin{prefix: globalid.Session}} }

func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").Unique().NotEmpty().Sensitive(),
		field.Bytes("data"),
		field.String("user_id").Optional().Comment("Copied from data, to end a user's sessions."),
		field.Time("expires_at"),
	}
}

func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("expires_at"), index.Fields("user_id")}
}

func (Session) Annotations() []schema.Annotation { return []schema.Annotation{skipGraphQL()} }
