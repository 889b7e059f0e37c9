package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/organization"
	"github.com/rosterhq/roster/graph"
	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/servertest"
	"github.com/rosterhq/roster/server/viewer"
)

// seedPage stores n members in org: every third an admin, names and
// emails numbered, joined in groups of four at the same instant (so that
// pages are ordered, and cut, by id within a group too).
func seedPage(t *testing.T, env *servertest.Env, orgID, domain string, n int) {
	t.Helper()
	ctx := database.System(context.Background())
	client := env.App.Client()
	users := make([]*ent.UserCreate, n)
	for i := range n {
		users[i] = client.User.Create().SetEmail(fmt.Sprintf("p%03d@%s", i, domain)).
			SetName(fmt.Sprintf("Person %03d", i)).SetPasswordHash("-").SetEmailVerified(i%2 == 0)
	}
	created, err := client.User.CreateBulk(users...).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	base := time.Now().Add(-time.Hour).Truncate(time.Second)
	ms := make([]*ent.MembershipCreate, n)
	for i, u := range created {
		role := policy.Member
		if i%3 == 0 {
			role = policy.Admin
		}
		ms[i] = client.Membership.Create().SetOrganizationID(orgID).SetUserID(u.ID).SetRole(role).
			SetJoinedAt(base.Add(time.Duration(i/4) * time.Minute))
		if i%2 == 0 {
			ms[i].SetLastActiveAt(base.Truncate(24 * time.Hour))
		}
		if i%3 == 1 {
			ms[i].SetInvitedByID(created[0].ID)
		}
	}
	if err := client.Membership.CreateBulk(ms...).Exec(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestJoinedMembersPageAnswersAsMemberList reads members pages in one joined
// statement (graph/memberspage.go) and through server/member's List, and
// wants the same answers byte for byte: edges, cursors, page info, total,
// users and organization, under filters, both directions and cursors
// (a cursor past the end included), with aliases; and fewer statements.
func TestJoinedMembersPageAnswersAsMemberList(t *testing.T) {
	// The answer cache off: these compare two ways of running the page.
	env := servertest.Start(t, func(c *server.Config) { c.DefaultSeatLimit = 1000; c.AnswerCache = false })
	owner := env.User("owner@joined.test", "Owner")
	org := owner.CreateOrg("Joined")
	seedPage(t, env, org.ID, "joined.test", 40)
	other := env.User("owner@other.test", "Other")
	seedPage(t, env, other.CreateOrg("Other").ID, "other.test", 5)
	// The owners' use so far is written now: their lastActiveAt is today
	// before the pages are compared, and stays so.
	if err := env.App.FlushActivity(context.Background()); err != nil {
		t.Fatal(err)
	}

	const full = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
		edges { cursor node { id role joinedAt lastActiveAt invitedBy { id name } user { id name email emailVerified createdAt } organization { slug } } }`
	// both answers query with the joined page and without it, and wants
	// the same; it returns the answer and the statements of each.
	both := func(query string, vars map[string]any) (json.RawMessage, int, int) {
		t.Helper()
		vars["s"] = org.Slug
		var answers [2]*servertest.Response
		var statements [2]int
		for i, on := range []bool{false, true} {
			restore := graph.SetJoinedMembersPage(on)
			statements[i] = env.Statements(func() { answers[i] = owner.Do(query, vars) })
			restore()
		}
		off, on := answers[0], answers[1]
		if fmt.Sprint(off.Errors) != fmt.Sprint(on.Errors) || !bytes.Equal(off.Data, on.Data) {
			t.Fatalf("%s %v:\nList:   %s %v\njoined: %s %v", query, vars, off.Data, off.Errors, on.Data, on.Errors)
		}
		if len(on.Errors) > 0 {
			t.Fatalf("%s: %v", query, on.Errors)
		}
		return on.Data, statements[0], statements[1]
	}
	type conn struct {
		Organization struct {
			Members struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage, HasPreviousPage bool
					StartCursor, EndCursor       *string
				}
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	decode := func(data json.RawMessage) conn {
		var c conn
		if err := json.Unmarshal(data, &c); err != nil {
			t.Fatal(err)
		}
		return c
	}

	// The whole page: one statement more than the organization alone
	// (where entgql's Paginate ran four more).
	data, off, on := both(`query($s: String!) { organization(slug: $s) { members(first: 10) { `+full+` } } }`, map[string]any{})
	if c := decode(data); len(c.Organization.Members.Edges) != 10 || c.Organization.Members.TotalCount != 41 {
		t.Fatalf("first page: %s", data)
	}
	alone := env.Statements(func() {
		owner.MustDo(`query($s: String!) { organization(slug: $s) { id } }`, map[string]any{"s": org.Slug}, nil)
	})
	t.Logf("statements: the organization alone %d, with the page by member.List %d, joined %d", alone, off, on)
	if on != alone+2 {
		t.Errorf("the joined page with its inviters ran %d statements, the organization alone %d: want two more", on, alone)
	}
	if _, _, on := both(`query($s: String!) { organization(slug: $s) { members(first: 10) { `+strings.Replace(full, "invitedBy { id name }", "", 1)+` } } }`, map[string]any{}); on != alone+1 {
		t.Errorf("the joined page ran %d statements, the organization alone %d: want one more", on, alone)
	}

	// Without the edges' cursors, pageInfo's are still whole: page on by
	// them, both ways.
	for _, dir := range [][2]string{{"first", "after"}, {"last", "before"}} {
		paged := fmt.Sprintf(`query($s: String!, $c: Cursor) { organization(slug: $s) {
			members(%s: 9, %s: $c) { pageInfo { startCursor endCursor } edges { node { id } } } } }`, dir[0], dir[1])
		data, _, _ := both(paged, map[string]any{"c": nil})
		var p struct {
			Organization struct {
				Members struct {
					PageInfo struct{ StartCursor, EndCursor string }
				}
			}
		}
		if err := json.Unmarshal(data, &p); err != nil {
			t.Fatal(err)
		}
		next := p.Organization.Members.PageInfo.EndCursor
		if dir[0] == "last" {
			next = p.Organization.Members.PageInfo.StartCursor
		}
		both(paged, map[string]any{"c": next})
	}

	// Forwards and backwards through every page, in each order, filtered
	// or not.
	for _, order := range []string{"ASC", "DESC"} {
		for _, filter := range []string{``, `, role: ADMIN`, `, search: "SON 01"`, `, search: "p02", role: MEMBER`} {
			for _, dir := range [][2]string{{"first", "after"}, {"last", "before"}} {
				query := fmt.Sprintf(`query($s: String!, $c: Cursor) { organization(slug: $s) {
					members(%s: 7, %s: $c, orderBy: {field: JOINED_AT, direction: %s}%s) { %s } } }`, dir[0], dir[1], order, filter, full)
				var cursor any
				seen := 0
				for pages := 0; ; pages++ {
					data, off, on := both(query, map[string]any{"c": cursor})
					c := decode(data).Organization.Members
					seen += len(c.Edges)
					if len(c.Edges) > 0 && on >= off {
						t.Errorf("%s: the joined page ran %d statements, member.List %d", query, on, off)
					}
					more, next := c.PageInfo.HasNextPage, c.PageInfo.EndCursor
					if dir[0] == "last" {
						more, next = c.PageInfo.HasPreviousPage, c.PageInfo.StartCursor
					}
					if !more {
						if seen != c.TotalCount {
							t.Errorf("%s: paged through %d members of %d", query, seen, c.TotalCount)
						}
						if next != nil { // past the end: an empty page, with the total
							both(query, map[string]any{"c": *next})
						}
						break
					}
					if pages > 10 {
						t.Fatalf("%s: pagination does not end", query)
					}
					cursor = *next
				}
			}
		}
	}

	// Fields asked twice, no totalCount, no user, an empty page.
	for _, query := range []string{
		`query($s: String!) { organization(slug: $s) { members(first: 2, role: OWNER) { edges { node { user { email } } } edges { node { user { name } } } } } }`,
		`query($s: String!) { organization(slug: $s) { members(first: 5) { pageInfo { hasNextPage } edges { node { id role } } } } }`,
		`query($s: String!) { organization(slug: $s) { members(last: 3) { edges { node { user { ... on Node { id } ... on User { name } } } } } } }`,
		`query($s: String!) { organization(slug: $s) { members(first: 0) { totalCount edges { node { id } } } } }`,
		`query($s: String!) { organization(slug: $s) { members(search: "nobody") { totalCount pageInfo { startCursor } edges { node { id } } } } }`,
		`query($s: String!) { organization(slug: $s) { members { totalCount } } }`,
	} {
		both(query, map[string]any{})
	}

	// Aliases: entgql's collection matched aliases, not names, so Paginate
	// read an aliased edges as not asked for, and answered no edges and a
	// total of 0; the joined page, and member.List in the other orders,
	// answer the page.
	var aliased struct {
		Organization struct {
			A struct {
				T int
				E []struct {
					N struct {
						I string
						U struct{ N string }
					}
				}
			}
		}
	}
	owner.MustDo(`query($s: String!) { organization(slug: $s) { a: members(first: 3) { t: totalCount e: edges { n: node { i: id u: user { n: name } } } } } }`,
		map[string]any{"s": org.Slug}, &aliased)
	first := decode(data).Organization.Members.Edges
	if a := aliased.Organization.A; a.T != 41 || len(a.E) != 3 || a.E[1].N.I != first[1].Node.ID || a.E[1].N.U.N == "" {
		t.Errorf("aliased: %+v, want the first 3 of %+v of 41", a, first)
	}
	aliased.Organization.A.E = nil
	owner.MustDo(`query($s: String!) { organization(slug: $s) { a: members(first: 3, orderBy: {field: NAME, direction: ASC}) { t: totalCount e: edges { n: node { i: id u: user { n: name } } } } } }`,
		map[string]any{"s": org.Slug}, &aliased)
	if a := aliased.Organization.A; a.T != 41 || len(a.E) != 3 || a.E[1].N.U.N == "" {
		t.Errorf("aliased, by name: %+v, want 3 of 41", a)
	}
}

// TestJoinedMembersPageOnlyInTheViewersOrganizations: the joined page
// passes by ent's privacy rules, so it reads only an organization of the
// viewer's; for any other it leaves the page to member.List, whose rules
// answer.
func TestJoinedMembersPageOnlyInTheViewersOrganizations(t *testing.T) {
	// The answer cache off: these compare two ways of running the page.
	env := servertest.Start(t, func(c *server.Config) { c.DefaultSeatLimit = 1000; c.AnswerCache = false })
	ownerA := env.User("owner@a.test", "A")
	orgA := ownerA.CreateOrg("A")
	seedPage(t, env, orgA.ID, "a.test", 3)
	ownerB := env.User("owner@b.test", "B")
	orgB := ownerB.CreateOrg("B")

	client := env.App.Client()
	sys := database.System(context.Background())
	a, err := client.Organization.Query().Where(organization.ID(orgA.ID)).Only(sys)
	if err != nil {
		t.Fatal(err)
	}
	as := func(orgID string) context.Context {
		return viewer.NewContext(context.Background(), viewer.New("someone", "x@x.test", "X", true, map[string]policy.Role{orgID: policy.Owner}))
	}
	ok, ids, err := graph.JoinedMembersPage(as(orgA.ID), client, a)
	if err != nil || !ok || len(ids) != 4 {
		t.Fatalf("a member of A: read %v, ids %v, %v; want A's 4 members", ok, ids, err)
	}
	ok, ids, err = graph.JoinedMembersPage(as(orgB.ID), client, a)
	if err != nil || ok || len(ids) != 0 {
		t.Fatalf("a member of B reading A's members: read %v, ids %v, %v; want it left to member.List", ok, ids, err)
	}
	ok, _, err = graph.JoinedMembersPage(context.Background(), client, a)
	if err != nil || ok {
		t.Fatalf("no viewer: read %v, %v; want it left to member.List", ok, err)
	}
}
