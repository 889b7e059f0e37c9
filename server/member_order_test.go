package server_test

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/servertest"
)

// orderedMember is a member as the order test reads it.
type orderedMember struct {
	ID           string
	Role         string
	JoinedAt     time.Time
	LastActiveAt *time.Time
	User         struct{ Name, Email string }
}

type memberPage struct {
	Organization struct {
		Members struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage, HasPreviousPage bool
				StartCursor, EndCursor       *string
			}
			Edges []struct {
				Cursor string
				Node   orderedMember
			}
		}
	}
}

const orderedPage = `query($s: String!, $first: Int, $after: Cursor, $last: Int, $before: Cursor, $o: MembershipOrder, $r: Role, $q: String) {
	organization(slug: $s) { members(first: $first, after: $after, last: $last, before: $before, orderBy: $o, role: $r, search: $q) {
		totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
		edges { cursor node { id role joinedAt lastActiveAt user { name email } } } } } }`

// seedOrderedMembers stores n members whose names repeat (in several
// cases), with mixed roles and last activity days (some never active), so
// that every order has ties for its later keys and the ID to break.
func seedOrderedMembers(t *testing.T, env *servertest.Env, org servertest.Org, n int) {
	t.Helper()
	ctx := systemContext()
	client := env.App.Client()
	names := []string{"alice", "Bob", "carol", "DAVE", "eve", "Alice", "bob"}
	users := make([]*ent.UserCreate, n)
	for i := range n {
		users[i] = client.User.Create().
			SetEmail(fmt.Sprintf("u%03d@order.test", (i*37)%n)). // emails not in the order of names
			SetName(names[i%len(names)]).
			SetPasswordHash("-").SetEmailVerified(true)
	}
	created, err := client.User.CreateBulk(users...).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	ms := make([]*ent.MembershipCreate, n)
	for i, u := range created {
		role := policy.Member
		if i%5 == 0 {
			role = policy.Admin
		}
		ms[i] = client.Membership.Create().SetOrganizationID(org.ID).SetUserID(u.ID).SetRole(role).
			SetJoinedAt(day.Add(time.Duration(i%9) * time.Hour)) // joined at 9 distinct times
		if i%3 != 0 {
			ms[i].SetLastActiveAt(day.AddDate(0, 0, i%4)) // 4 distinct days; a third never active
		}
	}
	if err := client.Membership.CreateBulk(ms...).Exec(ctx); err != nil {
		t.Fatal(err)
	}
}

// primary compares two members by the order's keys before the ID, as the
// server orders them (by rank, case-insensitively, never active lowest).
func primary(field string, a, b orderedMember) int {
	rank := map[string]int{"OWNER": 0, "ADMIN": 1, "MEMBER": 2}
	name := func(m orderedMember) string { return strings.ToLower(m.User.Name) }
	email := func(m orderedMember) string { return strings.ToLower(m.User.Email) }
	active := func(m orderedMember) (int, time.Time) {
		if m.LastActiveAt == nil {
			return 0, m.JoinedAt
		}
		return 1, *m.LastActiveAt
	}
	switch field {
	case "NAME":
		return cmp.Or(cmp.Compare(name(a), name(b)), cmp.Compare(email(a), email(b)))
	case "EMAIL":
		return cmp.Compare(email(a), email(b))
	case "ROLE":
		return cmp.Or(cmp.Compare(rank[a.Role], rank[b.Role]), cmp.Compare(name(a), name(b)), cmp.Compare(email(a), email(b)))
	case "LAST_ACTIVE_AT":
		fa, ta := active(a)
		fb, tb := active(b)
		return cmp.Or(cmp.Compare(fa, fb), ta.Compare(tb))
	default:
		return a.JoinedAt.Compare(b.JoinedAt)
	}
}

// TestMembersOrderedPageByPage pages through 121 members in every order,
// both directions, forwards (first/after) and backwards (last/before): the
// pages hold every member once, in the order's sequence, and both ways
// agree; the role and search filters combine with every order.
func TestMembersOrderedPageByPage(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.DefaultSeatLimit = 1000 })
	owner := env.User("owner@order.test", "Olive Owner")
	org := owner.CreateOrg("Order")
	const n = 120
	seedOrderedMembers(t, env, org, n)

	read := func(vars map[string]any) memberPage {
		t.Helper()
		vars["s"] = org.Slug
		var p memberPage
		owner.MustDo(orderedPage, vars, &p)
		return p
	}
	type filter struct {
		role, search string
		want         int
	}
	for _, field := range []string{"JOINED_AT", "NAME", "EMAIL", "ROLE", "LAST_ACTIVE_AT"} {
		for _, dir := range []string{"ASC", "DESC"} {
			for _, f := range []filter{{"", "", n + 1}, {"MEMBER", "", n - n/5}, {"", "bo", 2 * n / 7}, {"ADMIN", "ALICE", 0}} {
				name := fmt.Sprintf("%s %s role=%q search=%q", field, dir, f.role, f.search)
				order := map[string]any{"field": field, "direction": dir}
				base := func(extra map[string]any) map[string]any {
					v := map[string]any{"o": order}
					if f.role != "" {
						v["r"] = f.role
					}
					if f.search != "" {
						v["q"] = f.search
					}
					for k, x := range extra {
						v[k] = x
					}
					return v
				}
				// Forwards.
				var forward []orderedMember
				var after any
				for pages := 0; ; pages++ {
					p := read(base(map[string]any{"first": 25, "after": after})).Organization.Members
					if f.want >= 0 && p.TotalCount != f.want && !(f.search != "" || f.role == "ADMIN") {
						t.Fatalf("%s: totalCount %d, want %d", name, p.TotalCount, f.want)
					}
					if p.PageInfo.HasNextPage && len(p.Edges) != 25 {
						t.Fatalf("%s: a page of %d with a next page", name, len(p.Edges))
					}
					if p.PageInfo.HasPreviousPage != (after != nil) {
						t.Fatalf("%s: hasPreviousPage %v after %v", name, p.PageInfo.HasPreviousPage, after)
					}
					for _, e := range p.Edges {
						forward = append(forward, e.Node)
					}
					if !p.PageInfo.HasNextPage {
						if len(forward) != p.TotalCount {
							t.Fatalf("%s: paged through %d members of %d", name, len(forward), p.TotalCount)
						}
						break
					}
					if pages > 10 {
						t.Fatalf("%s: paging does not end", name)
					}
					after = *p.PageInfo.EndCursor
				}
				seen := map[string]bool{}
				for i, m := range forward {
					if seen[m.ID] {
						t.Fatalf("%s: %s (%s) twice", name, m.ID, m.User.Name)
					}
					seen[m.ID] = true
					if f.role != "" && m.Role != f.role {
						t.Fatalf("%s: %s has the role %s", name, m.User.Email, m.Role)
					}
					if f.search != "" && !strings.Contains(strings.ToLower(m.User.Name+" "+m.User.Email), strings.ToLower(f.search)) {
						t.Fatalf("%s: %s does not match", name, m.User.Email)
					}
					if i == 0 {
						continue
					}
					c := primary(field, forward[i-1], m)
					if dir == "DESC" {
						c = -c
					}
					if c > 0 {
						t.Fatalf("%s: %+v before %+v", name, forward[i-1], m)
					}
				}
				if f.role == "" && f.search == "" && len(forward) != n+1 {
					t.Fatalf("%s: %d members, want %d", name, len(forward), n+1)
				}
				if f.role == "MEMBER" && f.search == "" && len(forward) != n-n/5 {
					t.Fatalf("%s: %d members, want %d", name, len(forward), n-n/5)
				}
				// Backwards: last/before gives the same sequence.
				var backward []orderedMember
				var before any
				for pages := 0; ; pages++ {
					p := read(base(map[string]any{"last": 25, "before": before})).Organization.Members
					if p.PageInfo.HasPreviousPage && len(p.Edges) != 25 {
						t.Fatalf("%s: a last page of %d with a previous page", name, len(p.Edges))
					}
					if p.PageInfo.HasNextPage != (before != nil) {
						t.Fatalf("%s: hasNextPage %v before %v", name, p.PageInfo.HasNextPage, before)
					}
					nodes := make([]orderedMember, len(p.Edges))
					for i, e := range p.Edges {
						nodes[i] = e.Node
					}
					backward = append(nodes, backward...)
					if !p.PageInfo.HasPreviousPage {
						break
					}
					if pages > 10 {
						t.Fatalf("%s: paging back does not end", name)
					}
					before = *p.PageInfo.StartCursor
				}
				ids := func(ms []orderedMember) []string {
					out := make([]string, len(ms))
					for i, m := range ms {
						out[i] = m.ID
					}
					return out
				}
				if !slices.Equal(ids(forward), ids(backward)) {
					t.Fatalf("%s: backwards paging gives another sequence:\n%v\n%v", name, ids(forward), ids(backward))
				}
				// Between two cursors: after the 10th and before the 20th.
				if len(forward) >= 20 {
					full := read(base(map[string]any{"first": 25})).Organization.Members
					p := read(base(map[string]any{"first": 100, "after": full.Edges[9].Cursor, "before": full.Edges[19].Cursor})).Organization.Members
					if got := len(p.Edges); got != 9 {
						t.Fatalf("%s: %d members between the 10th and the 20th, want 9", name, got)
					}
					for i, e := range p.Edges {
						if e.Node.ID != forward[10+i].ID {
							t.Fatalf("%s: between cursors, %d is %s, want %s", name, i, e.Node.ID, forward[10+i].ID)
						}
					}
				}
			}
		}
	}

	// A cursor of another order is refused, not misread.
	nameCursor := read(map[string]any{"first": 1, "o": map[string]any{"field": "NAME", "direction": "ASC"}}).Organization.Members.PageInfo.EndCursor
	res := owner.Do(orderedPage, map[string]any{"s": org.Slug, "first": 5, "after": *nameCursor, "o": map[string]any{"field": "ROLE", "direction": "ASC"}})
	if res.Code() != "BAD_USER_INPUT" {
		t.Errorf("a NAME cursor in the ROLE order: %s %+v, want BAD_USER_INPUT", res.Data, res.Errors)
	}
	joinedCursor := read(map[string]any{"first": 1}).Organization.Members.PageInfo.EndCursor
	for _, c := range []struct {
		cursor, field string
	}{{*joinedCursor, "NAME"}, {*nameCursor, "JOINED_AT"}} {
		res := owner.Do(orderedPage, map[string]any{"s": org.Slug, "first": 5, "after": c.cursor, "o": map[string]any{"field": c.field, "direction": "ASC"}})
		if res.Code() != "BAD_USER_INPUT" {
			t.Errorf("a cursor of another order in the %s order: %s %+v, want BAD_USER_INPUT", c.field, res.Data, res.Errors)
		}
	}
	if res := owner.Do(orderedPage, map[string]any{"s": org.Slug, "first": 5, "last": 5}); res.Code() != "BAD_USER_INPUT" {
		t.Errorf("first and last together: %s %+v, want BAD_USER_INPUT", res.Data, res.Errors)
	}
	// The default order stays the newest first.
	p := read(map[string]any{"first": 1}).Organization.Members
	if len(p.Edges) != 1 || p.Edges[0].Node.Role != "OWNER" {
		t.Errorf("the default order's first member is %+v, want the owner, who joined last", p.Edges)
	}
	// Never active members are last when the most recently active come
	// first.
	last := read(map[string]any{"last": 1, "o": map[string]any{"field": "LAST_ACTIVE_AT", "direction": "DESC"}}).Organization.Members
	if len(last.Edges) != 1 || last.Edges[0].Node.LastActiveAt != nil {
		t.Errorf("the last member by LAST_ACTIVE_AT DESC is %+v, want one never active", last.Edges)
	}
	n0, err := env.App.Client().Membership.Query().Where(membership.LastActiveAtIsNil()).Count(systemContext())
	if err != nil || n0 < 2 {
		t.Fatalf("never active members: %d, %v", n0, err)
	}
}
