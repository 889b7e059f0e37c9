package graph

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/rosterhq/roster/server/relay"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/ent/user"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/viewer"
)

// membersPage is a page of an organization's members read in one SQL
// statement: the memberships joined with their users, and the total count
// as a scalar subquery when the operation asks for totalCount. entgql's
// Paginate runs three (the count, the page, then the users with an IN
// list), and the users' privacy filter adds a subquery of its own. The
// connection it returns is the one Paginate returns: the same edges,
// cursors, page info and total, with each membership's user and
// organization edges loaded.
//
// Tenant scoping: ent's privacy rules narrow memberships to the viewer's
// organizations. This query does not pass through them, so it runs only
// when the viewer belongs to org, where that rule narrows nothing (the page
// is of org's memberships alone). Their users are then visible to the
// viewer by the users' rule (they share org).
type membersPage struct {
	org           *ent.Organization
	role          *policy.Role
	search        string
	after, before *relay.Cursor[string]
	first, last   *int
	// orderField is the contract's MembershipOrderField (JOINED_AT...).
	orderField string
	direction  relay.OrderDirection
	asked      membersAsked
}

// membersAsked is what the operation asks of the members connection being
// resolved, read once for both ways of reading the page (membersPage and
// member.List): its edges and their nodes, and its total.
type membersAsked struct {
	// all: no field context to read it from (a call outside an
	// operation), so everything is asked.
	all          bool
	edges, nodes []graphql.CollectedField
	count        bool
}

// askedOfMembers reads what the operation of ctx asks of the members
// connection being resolved. Fields are matched by name (under any
// alias), with the fragments on their types.
func askedOfMembers(ctx context.Context) membersAsked {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return membersAsked{all: true, count: true}
	}
	conn := []graphql.CollectedField{fc.Field}
	a := membersAsked{
		edges: collected(ctx, conn, "MembershipConnection", "edges"),
		count: len(collected(ctx, conn, "MembershipConnection", "totalCount")) > 0,
	}
	a.nodes = collected(ctx, a.edges, "MembershipEdge", "node")
	return a
}

// node reports whether field of the nodes is asked for.
func (a membersAsked) node(ctx context.Context, field string) bool {
	return a.all || len(collected(ctx, a.nodes, "Membership", field)) > 0
}

// joinedMembersPage is off only in tests that compare the joined page with
// entgql's.
var joinedMembersPage atomic.Bool

func init() { joinedMembersPage.Store(true) }

// membersOrder is how the joined page orders by a field: its column in the
// memberships table, and the value of a member's cursor (with its id).
type membersOrder struct {
	column string
	value  func(*ent.Membership) any
	// fits reports whether a cursor's value is one of this order's (a
	// cursor of another order is left to member.List, which refuses it).
	fits func(any) bool
}

// membersOrders are the order fields the joined page knows. A page in
// another order goes through server/member's List. The cursors are entgql's:
// the member's id and its value of the field.
var membersOrders = map[string]membersOrder{
	"JOINED_AT": {membership.FieldJoinedAt, func(m *ent.Membership) any { return m.JoinedAt },
		func(v any) bool { _, ok := v.(time.Time); return ok }},
}

// run returns the page, or ok false when the page is not one it reads (an
// order it does not know, a viewer outside the organization, no edges
// asked for, first and last together): the caller then reads it with
// server/member's List, which answers the same (graph's tests compare).
func (p membersPage) run(ctx context.Context, client *ent.Client) (_ *ent.MembershipConnection, ok bool, _ error) {
	if !joinedMembersPage.Load() {
		return nil, false, nil
	}
	order, known := membersOrders[p.orderField]
	column := order.column
	if !known || p.direction.Validate() != nil {
		return nil, false, nil
	}
	for _, c := range []*relay.Cursor[string]{p.after, p.before} {
		if c != nil && (c.ID == "" || !order.fits(c.Value)) {
			return nil, false, nil
		}
	}
	if _, member := viewer.FromContext(ctx).Role(p.org.ID); !member {
		return nil, false, nil
	}
	if (p.first != nil && *p.first == 0) || (p.last != nil && *p.last == 0) || (p.first != nil && p.last != nil) {
		return nil, false, nil
	}
	asked := p.asked
	if asked.all || len(asked.edges) == 0 {
		return nil, false, nil
	}
	withCount := asked.count
	users := collected(ctx, asked.nodes, "Membership", "user")
	withInviter := asked.node(ctx, "invitedBy")
	withUser := len(users) > 0
	userColumns := userColumnsFor(ctx, users)
	membershipColumns := membershipColumns
	for _, o := range optionalMembershipColumns {
		if asked.node(ctx, o.field) {
			membershipColumns = append(slices.Clip(membershipColumns), o.column)
		}
	}

	direction := p.direction
	if p.last != nil {
		direction = direction.Reverse()
	}
	d := client.Dialect()
	b := entsql.Dialect(d)
	m, u := table(d, membership.Table, "m"), table(d, user.Table, "u")
	columns := make([]string, 0, len(membership.Columns)+len(user.Columns)+1)
	for _, c := range membershipColumns {
		columns = append(columns, m.C(c))
	}
	if withUser {
		for _, c := range userColumns {
			columns = append(columns, u.C(c))
		}
	}
	s := b.Select(columns...).From(m)
	if withUser || p.search != "" {
		s.Join(u).On(m.C(membership.FieldUserID), u.C(user.FieldID))
	}
	if withCount {
		m2, u2 := table(d, membership.Table, "m2"), table(d, user.Table, "u2")
		count := b.Select(entsql.Count("*")).From(m2)
		if p.search != "" {
			count.Join(u2).On(m2.C(membership.FieldUserID), u2.C(user.FieldID))
		}
		count.Where(p.filter(m2, u2))
		s.AppendSelectExpr(entsql.ExprFunc(func(b *entsql.Builder) { b.Wrap(func(b *entsql.Builder) { b.Join(count) }) }))
	}
	s.Where(p.filter(m, u))
	// Members after the after cursor and before the before cursor, in the
	// page's order, whichever end the statement reads from. (entgql's
	// CursorsPredicate compares both cursors one way, in the direction it
	// is given: with both, one of them is read the wrong way round.)
	for _, where := range relay.CursorsPredicate(p.after, nil, membership.FieldID, column, p.direction) {
		where(s)
	}
	for _, where := range relay.CursorsPredicate(nil, p.before, membership.FieldID, column, p.direction.Reverse()) {
		where(s)
	}
	s.OrderExpr(entsql.ExprFunc(func(b *entsql.Builder) {
		b.WriteString(m.C(column)).Pad().WriteString(string(direction)).Comma()
		b.WriteString(m.C(membership.FieldID)).Pad().WriteString(string(direction))
	}))
	var limit int
	if p.first != nil {
		limit = *p.first
	} else {
		limit = *p.last
	}
	s.Limit(limit + 1)

	query, args := s.Query()
	rows, err := client.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, true, err
	}
	defer rows.Close()
	nodes := make([]*ent.Membership, 0, limit+1)
	var total int
	// ent's holders, made once for all rows: Assign copies each value out
	// of them (ent allocates them afresh for every row).
	values, err := client.Membership.ScanValues(membershipColumns)
	if err != nil {
		return nil, true, err
	}
	var userValues []any
	if withUser {
		if userValues, err = client.User.ScanValues(userColumns); err != nil {
			return nil, true, err
		}
		values = append(values, userValues...)
	}
	if withCount {
		values = append(values, &total)
	}
	for rows.Next() {
		if err := rows.Scan(values...); err != nil {
			return nil, true, fmt.Errorf("members page: %w", err)
		}
		node, err := client.Membership.Assign(membershipColumns, values[:len(membershipColumns)])
		if err != nil {
			return nil, true, err
		}
		node.OrganizationID = p.org.ID
		if withUser {
			u, err := client.User.Assign(userColumns, userValues)
			if err != nil {
				return nil, true, err
			}
			u.ID = node.UserID
			node.SetUserLoaded(u)
		}
		node.SetOrganizationLoaded(p.org)
		nodes = append(nodes, node)
	}
	if err := rows.Err(); err != nil {
		return nil, true, err
	}
	if withInviter {
		if err := loadInviters(ctx, client, nodes); err != nil {
			return nil, true, err
		}
	}
	if withCount && len(nodes) == 0 {
		// No row carried the count: a cursor past the end.
		if total, err = p.count(ctx, client); err != nil {
			return nil, true, err
		}
	}
	withCursors := len(collected(ctx, asked.edges, "MembershipEdge", "cursor")) > 0
	return p.connection(nodes, total, order, withCursors), true, nil
}

// loadInviters reads the inviters of nodes in one statement, through
// ent's privacy rules (an inviter the viewer may not see, or whose account
// is gone, reads as none), as eager loading would.
func loadInviters(ctx context.Context, client *ent.Client, nodes []*ent.Membership) error {
	var ids []string
	for _, n := range nodes {
		if id := n.InvitedByID; id != nil && !slices.Contains(ids, *id) {
			ids = append(ids, *id)
		}
	}
	byID := make(map[string]*ent.User, len(ids))
	if len(ids) > 0 {
		inviters, err := client.User.Query().Where(user.IDIn(ids...)).All(ctx)
		if err != nil {
			return err
		}
		for _, u := range inviters {
			byID[u.ID] = u
		}
	}
	for _, n := range nodes {
		var u *ent.User
		if n.InvitedByID != nil {
			u = byID[*n.InvitedByID]
		}
		n.SetInvitedByLoaded(u)
	}
	return nil
}

// filter is the page's condition on the memberships m joined with their
// users u, cursors aside: the organization, the role and the search.
func (p membersPage) filter(m, u *entsql.SelectTable) *entsql.Predicate {
	where := entsql.EQ(m.C(membership.FieldOrganizationID), p.org.ID)
	if p.role != nil {
		where = entsql.And(where, entsql.EQ(m.C(membership.FieldRole), string(*p.role)))
	}
	if p.search != "" {
		where = entsql.And(where, entsql.Or(
			entsql.ContainsFold(u.C(user.FieldName), p.search),
			entsql.ContainsFold(u.C(user.FieldEmail), p.search)))
	}
	return where
}

// count reads the total alone, through ent (and so its privacy rules).
func (p membersPage) count(ctx context.Context, client *ent.Client) (int, error) {
	q := client.Membership.Query().Where(membership.OrganizationID(p.org.ID))
	if p.role != nil {
		q.Where(membership.RoleEQ(*p.role))
	}
	if p.search != "" {
		q.Where(membership.HasUserWith(user.Or(user.NameContainsFold(p.search), user.EmailContainsFold(p.search))))
	}
	return q.Count(ctx)
}

// connection is the connection of the nodes read (one more than the page
// when there are more), as entgql's MembershipConnection.build makes it.
//
// An edge's cursor holds its order's value only when the operation asks
// for the edges' cursors (boxing it costs an allocation a member); the
// first and last edges' always do, for pageInfo's.
func (p membersPage) connection(nodes []*ent.Membership, total int, order membersOrder, withCursors bool) *ent.MembershipConnection {
	c := &ent.MembershipConnection{TotalCount: total}
	c.PageInfo.HasNextPage = p.before != nil
	c.PageInfo.HasPreviousPage = p.after != nil
	if p.first != nil && *p.first+1 == len(nodes) {
		c.PageInfo.HasNextPage = true
		nodes = nodes[:len(nodes)-1]
	} else if p.last != nil && *p.last+1 == len(nodes) {
		c.PageInfo.HasPreviousPage = true
		nodes = nodes[:len(nodes)-1]
	}
	c.Edges = make([]*ent.MembershipEdge, len(nodes))
	edges := make([]ent.MembershipEdge, len(nodes))
	for i := range nodes {
		node := nodes[i]
		if p.last != nil {
			node = nodes[len(nodes)-1-i]
		}
		edges[i] = ent.MembershipEdge{Node: node, Cursor: ent.Cursor{ID: node.ID}}
		if withCursors || i == 0 || i == len(nodes)-1 {
			edges[i].Cursor.Value = order.value(node)
		}
		c.Edges[i] = &edges[i]
	}
	if l := len(c.Edges); l > 0 {
		c.PageInfo.StartCursor = &c.Edges[0].Cursor
		c.PageInfo.EndCursor = &c.Edges[l-1].Cursor
	}
	if c.TotalCount == 0 {
		c.TotalCount = len(nodes)
	}
	return c
}

// membershipColumns are the columns of memberships the page always reads:
// all but the organization's id, which is the page's (the user's id is
// read here, and not again from users), and the optional ones.
var membershipColumns = slices.DeleteFunc(slices.Clone(membership.Columns), func(c string) bool {
	return c == membership.FieldOrganizationID || slices.ContainsFunc(optionalMembershipColumns, func(o optionalColumn) bool { return o.column == c })
})

// optionalColumn is a column of memberships that one field of Membership
// alone reads: the page reads it when the operation asks for that field.
type optionalColumn struct{ column, field string }

// optionalMembershipColumns are read in this order after the others, so
// that a page's SQL text, and so its prepared statement, is one per set
// of fields asked for.
var optionalMembershipColumns = []optionalColumn{
	{membership.FieldLastActiveAt, "lastActiveAt"},
	{membership.FieldInvitedByID, "invitedBy"},
}

// userColumnsButID are all the columns of users but the id.
var userColumnsButID = slices.DeleteFunc(slices.Clone(user.Columns), func(c string) bool { return c == user.FieldID })

// userFieldColumns are the columns of the users table each field of the
// GraphQL User type reads, as entgql's field collection selects them. The
// other fields of the type (memberships, receivedInvitations) read the id
// alone (the membership's user_id).
var userFieldColumns = map[string]string{
	"email":         user.FieldEmail,
	"name":          user.FieldName,
	"emailVerified": user.FieldEmailVerified,
	"createdAt":     user.FieldCreatedAt,
}

// userIDFields are the fields of User that need no column but the id.
var userIDFields = map[string]bool{"id": true, "__typename": true, "memberships": true, "receivedInvitations": true}

// userColumnsFor returns the columns of users the operation's selections
// of a member's user read, but the id (the membership's user_id): the
// fields' columns, or every column when a field reads one it does not
// know (a field added to the type since).
func userColumnsFor(ctx context.Context, users []graphql.CollectedField) []string {
	var columns []string
	oc := graphql.GetOperationContext(ctx)
	for _, u := range users {
		for _, f := range graphql.CollectFields(oc, u.Selections, []string{"User", "Node"}) {
			column, ok := userFieldColumns[f.Name]
			switch {
			case ok && !slices.Contains(columns, column):
				columns = append(columns, column)
			case !ok && !userIDFields[f.Name]:
				return userColumnsButID
			}
		}
	}
	return columns
}

// table is the table name as alias, in dialect d (a table takes its
// dialect from the selector it is added to, and its columns are named
// before that).
func table(d, name, alias string) *entsql.SelectTable {
	t := entsql.Table(name).As(alias)
	t.SetDialect(d)
	return t
}

// collected returns the fields named name (under any alias) that the
// operation selects in fields, whose type is typeName. It matches names:
// entgql's collection matches aliases, so an aliased edges reads to it as
// not asked for.
func collected(ctx context.Context, fields []graphql.CollectedField, typeName, name string) []graphql.CollectedField {
	var out []graphql.CollectedField
	oc := graphql.GetOperationContext(ctx)
	for _, field := range fields {
		for _, f := range graphql.CollectFields(oc, field.Selections, []string{typeName}) {
			if f.Name == name {
				out = append(out, f)
			}
		}
	}
	return out
}
