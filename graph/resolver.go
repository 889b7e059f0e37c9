// Package graph is Roster's GraphQL layer: the schema files in graph/schema,
// gqlgen's generated executor, and thin resolvers that translate GraphQL into
// calls of the domain packages under server/ and back. Reads go through ent,
// whose privacy rules scope them to the viewer's organizations; every change
// goes through a domain service, which checks the policy.
package graph

import (
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/account"
	"github.com/rosterhq/roster/server/apikey"
	"github.com/rosterhq/roster/server/audit"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/domain"
	"github.com/rosterhq/roster/server/invitation"
	"github.com/rosterhq/roster/server/live"
	"github.com/rosterhq/roster/server/member"
	"github.com/rosterhq/roster/server/oauth"
	"github.com/rosterhq/roster/server/organization"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/session"
	"github.com/rosterhq/roster/server/webhook"
)

// Resolver is the root resolver; it holds the domain services.
type Resolver struct {
	Client        *ent.Client
	Accounts      *account.Service
	Sessions      *session.Manager
	Organizations *organization.Service
	Invitations   *invitation.Service
	Domains       *domain.Service
	Members       *member.Service
	APIKeys       *apikey.Service
	Audit         *audit.Service
	OAuth         *oauth.Service
	Webhooks      *webhook.Service
	Live          *live.Service
	// Hub announces sign-outs, which end the user's subscriptions.
	Hub *pubsub.Hub
	// Clock tells today's date to the seat history (database.SystemClock
	// when nil; tests move theirs).
	Clock database.Clock
}

// now is the time by r's clock.
func (r *Resolver) now() time.Time {
	if r.Clock == nil {
		return database.Now()
	}
	return r.Clock.Now()
}
