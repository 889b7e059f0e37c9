package server_test

import (
	"fmt"
	"maps"
	"testing"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/servertest"
)

// addMembers stores n members in an organization directly, for tests about
// reading many of them.
func addMembers(t testing.TB, env *servertest.Env, org servertest.Org, from, n int) {
	t.Helper()
	ctx := systemContext()
	client := env.App.Client()
	users := make([]*ent.UserCreate, n)
	for i := range n {
		users[i] = client.User.Create().
			SetEmail(fmt.Sprintf("m%04d@many.test", from+i)).
			SetName(fmt.Sprintf("Member %04d", from+i)).
			SetPasswordHash("-").SetEmailVerified(true)
	}
	created, err := client.User.CreateBulk(users...).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ms := make([]*ent.MembershipCreate, n)
	for i, u := range created {
		ms[i] = client.Membership.Create().SetOrganizationID(org.ID).SetUserID(u.ID).SetRole(policy.Member)
	}
	if err := client.Membership.CreateBulk(ms...).Exec(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestMemberPageCostsConstantStatements reads a page of members with their
// users: the number of SQL statements does not grow with the page.
func TestMemberPageCostsConstantStatements(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.DefaultSeatLimit = 1000 })
	owner := env.User("owner@many.test", "Owner")
	org := owner.CreateOrg("Many")
	const page = `query($s: String!, $n: Int!) { organization(slug: $s) {
		seatUsage { used total }
		members(first: $n) { totalCount pageInfo { hasNextPage endCursor }
			edges { cursor node { id role joinedAt user { id name email } organization { slug } } } } } }`
	read := func(n int) int {
		return env.Statements(func() {
			var out struct {
				Organization struct {
					Members struct {
						Edges []struct {
							Node struct{ User struct{ Email string } }
						}
					}
				}
			}
			owner.MustDo(page, map[string]any{"s": org.Slug, "n": n}, &out)
			if got := len(out.Organization.Members.Edges); got != n {
				t.Fatalf("page of %d has %d members", n, got)
			}
			for _, e := range out.Organization.Members.Edges {
				if e.Node.User.Email == "" {
					t.Fatal("a member without a user")
				}
			}
		})
	}
	addMembers(t, env, org, 0, 4)
	read(5) // the owner's session is read once (then cached on SQLite): count the page alone
	small := read(5)
	addMembers(t, env, org, 4, 96)
	large := read(50)
	t.Logf("SQL statements for a page of 5 members: %d; of 50: %d", small, large)
	if large != small {
		t.Errorf("a page of 50 members ran %d statements, a page of 5 ran %d: N+1", large, small)
	}
}

// TestMemberSearchAndPagination pages through members by cursor, filters
// by role and searches by name or email, case-insensitively.
func TestMemberSearchAndPagination(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.DefaultSeatLimit = 1000 })
	owner := env.User("owner@many.test", "Owner")
	org := owner.CreateOrg("Many")
	addMembers(t, env, org, 0, 120)

	type page struct {
		Organization struct {
			Members struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   *string
				}
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	seen := map[string]bool{}
	var after any
	for pages := 0; ; pages++ {
		var p page
		owner.MustDo(`query($s: String!, $a: Cursor) { organization(slug: $s) { members(first: 50, after: $a) {
			totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`,
			map[string]any{"s": org.Slug, "a": after}, &p)
		m := p.Organization.Members
		if m.TotalCount != 121 {
			t.Fatalf("totalCount = %d, want 121", m.TotalCount)
		}
		for _, e := range m.Edges {
			if seen[e.Node.ID] {
				t.Fatalf("member %s on two pages", e.Node.ID)
			}
			seen[e.Node.ID] = true
		}
		if !m.PageInfo.HasNextPage {
			break
		}
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		after = *m.PageInfo.EndCursor
	}
	if len(seen) != 121 {
		t.Errorf("paged through %d members, want 121", len(seen))
	}

	for _, tt := range []struct {
		search, role string
		want         int
	}{
		{"MEMBER 001", "", 10}, // m0010…m0019
		{"m0007@MANY", "", 1},
		{"", "OWNER", 1},
		{"", "MEMBER", 120},
		{"owner", "MEMBER", 0},
	} {
		var p page
		vars := map[string]any{"s": org.Slug, "q": tt.search, "r": nil}
		if tt.role != "" {
			vars["r"] = tt.role
		}
		owner.MustDo(`query($s: String!, $q: String, $r: Role) { organization(slug: $s) { members(search: $q, role: $r) { totalCount } } }`, vars, &p)
		if p.Organization.Members.TotalCount != tt.want {
			t.Errorf("search %q role %q: %d members, want %d", tt.search, tt.role, p.Organization.Members.TotalCount, tt.want)
		}
	}
}

// invitations(role:) filters on the server: every page is full of that
// role (the portal once filtered after paging, so a page came back short
// while "Next page" stayed on), and the role combines with status.
func TestInvitationsFilteredByRoleOnTheServer(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.DefaultSeatLimit = 30 })
	owner := env.User("owner@roles.test", "Owner")
	org := owner.CreateOrg("Roles")
	for i := range 12 {
		role := "MEMBER"
		if i%3 == 0 {
			role = "ADMIN" // 4 admins among 12, interleaved with members
		}
		owner.Invite(org, fmt.Sprintf("p%02d@roles.test", i), role)
	}
	const page = `query($s: String!, $after: Cursor, $role: Role) {
		organization(slug: $s) { invitations(first: 3, after: $after, role: $role, status: PENDING) {
			totalCount pageInfo { hasNextPage endCursor } edges { node { email role } } } } }`
	type result struct {
		Organization struct {
			Invitations struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   *string
				}
				Edges []struct{ Node struct{ Email, Role string } }
			}
		}
	}
	for role, want := range map[string]int{"ADMIN": 4, "MEMBER": 8} {
		var seen []string
		var after *string
		for pages := 0; ; pages++ {
			var out result
			owner.MustDo(page, map[string]any{"s": org.Slug, "after": after, "role": role}, &out)
			inv := out.Organization.Invitations
			if inv.TotalCount != want {
				t.Fatalf("%s: totalCount %d, want %d", role, inv.TotalCount, want)
			}
			for _, e := range inv.Edges {
				if e.Node.Role != role {
					t.Fatalf("%s: page holds %s (%s)", role, e.Node.Email, e.Node.Role)
				}
				seen = append(seen, e.Node.Email)
			}
			if inv.PageInfo.HasNextPage && len(inv.Edges) != 3 {
				t.Fatalf("%s: a page of %d with another after it", role, len(inv.Edges))
			}
			if !inv.PageInfo.HasNextPage {
				break
			}
			after = inv.PageInfo.EndCursor
		}
		if len(seen) != want {
			t.Errorf("%s: %d invitations over the pages, want %d: %v", role, len(seen), want, seen)
		}
	}
	// A role that is not one is refused by the schema, not ignored.
	if r := owner.Do(page, map[string]any{"s": org.Slug, "role": "OWNERISH"}); len(r.Errors) == 0 {
		t.Error("an unknown role was accepted")
	}
}

// TestMembersSayWhoInvitedThem: a member who accepted an invitation names
// its sender (the members export's "invited by"), in the default order's
// joined page and in another order alike; the creator and an admin's
// invitee name theirs; nobody invited the owner.
func TestMembersSayWhoInvitedThem(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@invitedby.test", "Olive Owner")
	org := owner.CreateOrg("Invited By")
	admin, _ := env.Join(owner, org, "admin@invitedby.test", "ADMIN")
	env.Join(admin, org, "member@invitedby.test", "MEMBER")
	for _, order := range []string{"", `, orderBy: {field: NAME, direction: ASC}`} {
		var out struct {
			Organization struct {
				Members struct {
					Edges []struct {
						Node struct {
							User      struct{ Email string }
							InvitedBy *struct{ Email, Name string }
						}
					}
				}
			}
		}
		owner.MustDo(`query($s: String!) { organization(slug: $s) { members(first: 10`+order+`) { edges { node { user { email } invitedBy { email name } } } } } }`,
			map[string]any{"s": org.Slug}, &out)
		got := map[string]string{}
		for _, e := range out.Organization.Members.Edges {
			got[e.Node.User.Email] = ""
			if e.Node.InvitedBy != nil {
				got[e.Node.User.Email] = e.Node.InvitedBy.Email
			}
		}
		want := map[string]string{"owner@invitedby.test": "", "admin@invitedby.test": "owner@invitedby.test", "member@invitedby.test": "admin@invitedby.test"}
		if !maps.Equal(got, want) {
			t.Errorf("order %q: invited by %v, want %v", order, got, want)
		}
		// The inviters are read in one statement, however many members.
		page := func(inviter string) int {
			return env.Statements(func() {
				owner.MustDo(`query($s: String!) { organization(slug: $s) { members(first: 10`+order+`) { edges { node { id `+inviter+` } } } } }`,
					map[string]any{"s": org.Slug}, nil)
			})
		}
		without, with := page(""), page("invitedBy { name }")
		if with > without+1 {
			t.Errorf("order %q: the page ran %d statements with its 3 members' inviters, %d without", order, with, without)
		}
	}
}
