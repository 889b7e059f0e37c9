package member

import (
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/rosterhq/roster/server/relay"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/ent/predicate"
	"github.com/rosterhq/roster/ent/user"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/policy"
)

// ListOptions select and order one page of an organization's members.
type ListOptions struct {
	After, Before *relay.Cursor[string]
	First, Last   *int // one of them (the caller bounds it)
	Search        string
	Role          *policy.Role
	Order         *Order // DefaultOrder when nil
	Count         bool   // fill TotalCount (the members matching, without the cursors)
	// WithOrganization loads each member's organization with the page
	// (one statement for the page, not one a member).
	WithOrganization bool
	// WithInvitedBy loads each member's inviter with the page.
	WithInvitedBy bool
}

// List returns a page of an organization's members, read as the viewer of
// ctx (the tenant rules of ent/schema apply), their users loaded.
//
// The pages are keyset pages of entgql's shape (a cursor is the ID and the
// order's values of a member), ordered by the order's keys and then the ID,
// all in the order's direction, so that paging after or before a cursor
// neither skips nor repeats a member whatever the order. The keys are
// expressions (a role's rank, a name without case, "never active" below
// every day), which entgql's order fields cannot express: the cursor holds
// the member's raw values and the database computes the same expression of
// both sides, so SQLite and PostgreSQL each agree with themselves.
func List(ctx context.Context, client *ent.Client, orgID string, o ListOptions) (*ent.MembershipConnection, error) {
	order := DefaultOrder
	if o.Order != nil {
		order = *o.Order
	}
	if o.First != nil && o.Last != nil {
		return nil, errcode.Invalid("last", "Pass first or last, not both.")
	}
	if err := order.Direction.Validate(); err != nil {
		return nil, errcode.Invalid("orderBy", "%v", err)
	}
	if !order.Field.Valid() {
		return nil, errcode.Invalid("orderBy", "%q is not a MembershipOrderField.", order.Field)
	}
	q := client.Membership.Query().Where(membership.OrganizationID(orgID))
	if o.Role != nil {
		q.Where(membership.RoleEQ(*o.Role))
	}
	if o.Search != "" {
		q.Where(membership.HasUserWith(user.Or(user.NameContainsFold(o.Search), user.EmailContainsFold(o.Search))))
	}
	conn := &ent.MembershipConnection{Edges: []*ent.MembershipEdge{}}
	if o.Count {
		n, err := q.Clone().Count(ctx)
		if err != nil {
			return nil, err
		}
		conn.TotalCount = n
	}
	n := 0
	switch {
	case o.First != nil:
		n = *o.First
	case o.Last != nil:
		n = *o.Last
	}
	if n == 0 {
		conn.PageInfo.HasNextPage = o.First != nil && conn.TotalCount > 0
		conn.PageInfo.HasPreviousPage = o.Last != nil && conn.TotalCount > 0
		return conn, nil
	}
	keys := keysOf(order.Field)
	needsUser := order.Field != OrderJoinedAt && order.Field != OrderLastActiveAt
	// The direction of the query: the order's, reversed when reading the
	// last n (then the rows are turned back).
	desc := order.Direction == relay.OrderDirectionDesc
	if o.Last != nil {
		desc = !desc
	}
	for _, c := range []struct {
		cursor *relay.Cursor[string]
		arg    string
		after  bool
	}{{o.After, "after", true}, {o.Before, "before", false}} {
		if c.cursor == nil {
			continue
		}
		vals, err := cursorValues(order.Field, c.cursor)
		if err != nil {
			return nil, errcode.Invalid(c.arg, "This cursor is not one of this order (%v); start again from the first page.", err)
		}
		// after: the rows past the cursor in the order's direction;
		// before: the rows ahead of it.
		greater := c.after == (order.Direction == relay.OrderDirectionAsc)
		q.Where(predicate.Membership(func(s *sql.Selector) {
			s.Where(sql.P(func(b *sql.Builder) {
				b.WriteByte('(')
				for i, k := range keys {
					if i > 0 {
						b.Comma()
					}
					b.WriteString(k.expr(s))
				}
				b.Comma().WriteString(s.C(membership.FieldID)).WriteString(")")
				if greater {
					b.WriteString(" > (")
				} else {
					b.WriteString(" < (")
				}
				for i, k := range keys {
					if i > 0 {
						b.Comma()
					}
					k.arg(b, vals[i])
				}
				b.Comma().Arg(c.cursor.ID).WriteByte(')')
			}))
		}))
	}
	if needsUser {
		q.Where(predicate.Membership(func(s *sql.Selector) { joinUser(s) }))
	}
	q.Order(func(s *sql.Selector) {
		dir := " ASC"
		if desc {
			dir = " DESC"
		}
		for _, k := range keys {
			s.OrderExpr(sql.Expr(k.expr(s) + dir))
		}
		s.OrderExpr(sql.Expr(s.C(membership.FieldID) + dir))
	})
	q.WithUser()
	if o.WithInvitedBy {
		q.WithInvitedBy()
	}
	if o.WithOrganization {
		q.WithOrganization()
	}
	rows, err := q.Limit(n + 1).All(ctx)
	if err != nil {
		return nil, err
	}
	more := len(rows) > n
	if more {
		rows = rows[:n]
	}
	if o.Last != nil {
		slices.Reverse(rows)
		conn.PageInfo.HasPreviousPage = more
		conn.PageInfo.HasNextPage = o.Before != nil
	} else {
		conn.PageInfo.HasNextPage = more
		conn.PageInfo.HasPreviousPage = o.After != nil
	}
	conn.Edges = make([]*ent.MembershipEdge, len(rows))
	for i, m := range rows {
		conn.Edges[i] = &ent.MembershipEdge{Node: m, Cursor: cursorOf(order.Field, m)}
	}
	if l := len(conn.Edges); l > 0 {
		conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
		conn.PageInfo.EndCursor = &conn.Edges[l-1].Cursor
	}
	if !o.Count {
		conn.TotalCount = len(rows)
	}
	return conn, nil
}

// orderUser is the alias of the users table joined for ordering by a
// user's name or email.
const orderUser = "order_user"

// joinUser joins the member's user, once, for the order's keys.
func joinUser(s *sql.Selector) {
	t := sql.Table(user.Table).As(orderUser)
	s.Join(t).On(s.C(membership.FieldUserID), t.C(user.FieldID))
}

// key is one sort key of an order: its SQL expression over a membership
// row (and its user, joined as orderUser), and the same expression of a
// cursor's value, bound as an argument.
type key struct {
	expr func(s *sql.Selector) string
	arg  func(b *sql.Builder, v any)
}

func userColumn(col string) string {
	return `LOWER("` + orderUser + `"."` + col + `")`
}

var (
	keyJoinedAt = key{
		expr: func(s *sql.Selector) string { return s.C(membership.FieldJoinedAt) },
		arg:  func(b *sql.Builder, v any) { b.Arg(v) },
	}
	keyName = key{
		expr: func(*sql.Selector) string { return userColumn(user.FieldName) },
		arg:  func(b *sql.Builder, v any) { b.WriteString("LOWER(").Arg(v).WriteString(")") },
	}
	keyEmail = key{
		expr: func(*sql.Selector) string { return userColumn(user.FieldEmail) },
		arg:  func(b *sql.Builder, v any) { b.WriteString("LOWER(").Arg(v).WriteString(")") },
	}
	// keyRank: OWNER, ADMIN, MEMBER ascending. The cursor holds the rank.
	keyRank = key{
		expr: func(s *sql.Selector) string {
			c := s.C(membership.FieldRole)
			return fmt.Sprintf("(CASE %s WHEN '%s' THEN 0 WHEN '%s' THEN 1 ELSE 2 END)", c, policy.Owner, policy.Admin)
		},
		arg: func(b *sql.Builder, v any) { b.Arg(v) },
	}
	// keyActive is 1 for a member ever active, 0 for one never active:
	// the never active come below every day (last when descending).
	keyActive = key{
		expr: func(s *sql.Selector) string {
			return fmt.Sprintf("(CASE WHEN %s IS NULL THEN 0 ELSE 1 END)", s.C(membership.FieldLastActiveAt))
		},
		arg: func(b *sql.Builder, v any) { b.Arg(v) },
	}
	// keyLastActive is the day last active, the day joined for the never
	// active (ordered among themselves by when they joined).
	keyLastActive = key{
		expr: func(s *sql.Selector) string {
			return fmt.Sprintf("COALESCE(%s, %s)", s.C(membership.FieldLastActiveAt), s.C(membership.FieldJoinedAt))
		},
		arg: func(b *sql.Builder, v any) { b.Arg(v) },
	}
)

// keysOf returns the sort keys of f, before the ID.
func keysOf(f OrderField) []key {
	switch f {
	case OrderName:
		return []key{keyName, keyEmail}
	case OrderEmail:
		return []key{keyEmail}
	case OrderRole:
		return []key{keyRank, keyName, keyEmail}
	case OrderLastActiveAt:
		return []key{keyActive, keyLastActive}
	default:
		return []key{keyJoinedAt}
	}
}

// rank is a role's place in the ROLE order.
func rank(r policy.Role) int {
	switch r {
	case policy.Owner:
		return 0
	case policy.Admin:
		return 1
	default:
		return 2
	}
}

// cursorOf is m's cursor in the order f: its ID and the values of f's keys,
// after the field's name; in the default order (JOINED_AT), the time it
// joined alone, as entgql's cursors of that order were (and are, where a
// page is read otherwise).
func cursorOf(f OrderField, m *ent.Membership) relay.Cursor[string] {
	if f == OrderJoinedAt {
		return relay.Cursor[string]{ID: m.ID, Value: m.JoinedAt}
	}
	var name, email string
	if u := m.Edges.User; u != nil {
		name, email = u.Name, u.Email
	}
	vals := []any{string(f)}
	switch f {
	case OrderName:
		vals = append(vals, name, email)
	case OrderEmail:
		vals = append(vals, email)
	case OrderRole:
		vals = append(vals, rank(m.Role), name, email)
	case OrderLastActiveAt:
		if m.LastActiveAt == nil {
			vals = append(vals, 0, m.JoinedAt)
		} else {
			vals = append(vals, 1, *m.LastActiveAt)
		}
	default:
		vals = append(vals, m.JoinedAt)
	}
	return relay.Cursor[string]{ID: m.ID, Value: vals}
}

// cursorValues checks that c is a cursor of the order f, and returns the
// values of f's keys.
func cursorValues(f OrderField, c *relay.Cursor[string]) ([]any, error) {
	if f == OrderJoinedAt {
		t, ok := c.Value.(time.Time)
		if !ok || c.ID == "" {
			return nil, fmt.Errorf("not a cursor of %s", f)
		}
		return []any{t.UTC()}, nil
	}
	vals, ok := c.Value.([]any)
	if !ok || len(vals) == 0 || vals[0] != string(f) || c.ID == "" {
		return nil, fmt.Errorf("not a cursor of %s", f)
	}
	vals = vals[1:]
	var kinds []string
	switch f {
	case OrderName:
		kinds = []string{"string", "string"}
	case OrderEmail:
		kinds = []string{"string"}
	case OrderRole:
		kinds = []string{"int", "string", "string"}
	case OrderLastActiveAt:
		kinds = []string{"int", "time"}
	default:
		kinds = []string{"time"}
	}
	if len(vals) != len(kinds) {
		return nil, fmt.Errorf("%d values, want %d", len(vals), len(kinds))
	}
	out := make([]any, len(vals))
	for i, kind := range kinds {
		switch kind {
		case "string":
			s, ok := vals[i].(string)
			if !ok || len(s) > 1000 {
				return nil, fmt.Errorf("value %d is not a string", i)
			}
			out[i] = s
		case "int":
			n, ok := toInt(vals[i])
			if !ok || n < 0 || n > 2 {
				return nil, fmt.Errorf("value %d is not a small number", i)
			}
			out[i] = n
		case "time":
			t, ok := vals[i].(time.Time)
			if !ok {
				return nil, fmt.Errorf("value %d is not a time", i)
			}
			out[i] = t.UTC()
		}
	}
	return out, nil
}

// toInt reads a number as msgpack decodes it.
func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int8:
		return int(n), true
	case int16:
		return int(n), true
	case int32:
		return int(n), true
	case int64:
		return int(n), true
	case uint8:
		return int(n), true
	case uint16:
		return int(n), true
	case uint32:
		return int(n), true
	case uint64:
		return int(n), true
	}
	return 0, false
}
