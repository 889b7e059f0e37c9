package graph

import (
	"github.com/99designs/gqlgen/graphql"
	"github.com/rosterhq/roster/server/relay"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/invitation"
	"github.com/rosterhq/roster/server/member"
	"github.com/rosterhq/roster/server/policy"
)

// MaxComplexity is the most a query may cost. Every field costs 1, and a
// list multiplies the cost of what is asked of each item by how many items
// it may hold: a connection by its page size, nodes by the ids asked for, a
// user's memberships by a generous number of organizations. The portal's
// heaviest query, a page of 100 members with their users beside a page of
// invitations, costs 3,204 (TestPortalOperationsFitTheCostLimit);
// connections nested in connections (members, their organization, its
// members, …) would load millions of rows, and are refused before anything
// runs.
const MaxComplexity = 10_000

// bulkPreviewCost is what a bulk invite preview costs: it parses up to
// 1,000 lines and looks each up, so a query may not ask for it under every
// member of a page (members { organization { bulkInvitePreview } }).
const bulkPreviewCost = 500

// membershipsPerUser is what a user's memberships are counted as.
const membershipsPerUser = 20

// NewSchema returns the executable schema with its resolvers and the cost
// of its lists.
func NewSchema(r *Resolver) graphql.ExecutableSchema {
	c := Config{Resolvers: r}
	c.Complexity.Organization.Members = func(child int, _ *relay.Cursor[string], first *int, _ *relay.Cursor[string], last *int, _ *string, _ *policy.Role, _ *member.Order) int {
		return pageCost(child, first, last)
	}
	c.Complexity.Organization.Invitations = func(child int, _ *relay.Cursor[string], first *int, _ *relay.Cursor[string], last *int, _ *invitation.Status, _ *policy.Role, _ *string, _ *ent.InvitationOrder) int {
		return pageCost(child, first, last)
	}
	c.Complexity.Query.Nodes = func(child int, ids []string) int { return 1 + child*max(len(ids), 1) }
	c.Complexity.User.Memberships = func(child int) int { return 1 + child*membershipsPerUser }
	c.Complexity.Organization.BulkInvitePreview = func(child int, _ string, _ policy.Role) int { return bulkPreviewCost + child }
	return NewExecutableSchema(c)
}

// pageCost is the cost of a connection: its own field, and what is asked of
// each item times the most items a page may hold.
func pageCost(child int, first, last *int) int {
	n := defaultPageSize
	switch {
	case first != nil:
		n = *first
	case last != nil:
		n = *last
	}
	return 1 + child*min(max(n, 1), maxPageSize)
}
