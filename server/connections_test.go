package server_test

import (
	"fmt"
	"testing"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/servertest"
)

// TestConnectionsTakeAliasesAndBothCursors: a connection that entgql pages
// (invitations here; audit events, keys and the rest share its code)
// answers an aliased edges and totalCount, and a page between two cursors,
// read forwards or backwards (ent/entc.go mends entgql's template for
// both).
func TestConnectionsTakeAliasesAndBothCursors(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.DefaultSeatLimit = 100 })
	owner := env.User("owner@between.test", "Owner")
	org := owner.CreateOrg("Between")
	for i := range 30 {
		owner.Invite(org, fmt.Sprintf("p%02d@between.test", i), "MEMBER")
	}
	type edges []struct {
		Cursor string
		Node   struct{ Email string }
	}
	var full struct {
		Organization struct{ Invitations struct{ Edges edges } }
	}
	owner.MustDo(`query($s: String!) { organization(slug: $s) { invitations(first: 25) { edges { cursor node { email } } } } }`,
		map[string]any{"s": org.Slug}, &full)
	all := full.Organization.Invitations.Edges
	for _, size := range []string{"first", "last"} {
		var between struct {
			Organization struct {
				Invitations struct {
					Edges    edges
					PageInfo struct{ HasNextPage, HasPreviousPage bool }
				}
			}
		}
		owner.MustDo(`query($s: String!, $a: Cursor, $b: Cursor) { organization(slug: $s) {
			invitations(`+size+`: 100, after: $a, before: $b) { edges { cursor node { email } } pageInfo { hasNextPage hasPreviousPage } } } }`,
			map[string]any{"s": org.Slug, "a": all[9].Cursor, "b": all[19].Cursor}, &between)
		got := between.Organization.Invitations.Edges
		if len(got) != 9 {
			t.Fatalf("%s: %d invitations between the 10th and the 20th, want 9", size, len(got))
		}
		for i, e := range got {
			if e.Node.Email != all[10+i].Node.Email {
				t.Errorf("%s: between the cursors, %d is %s, want %s", size, i, e.Node.Email, all[10+i].Node.Email)
			}
		}
	}
	var aliased struct {
		Organization struct {
			I struct {
				T int
				E []struct{ N struct{ Email string } }
				P struct{ More bool }
			}
		}
	}
	owner.MustDo(`query($s: String!) { organization(slug: $s) { i: invitations(first: 5) { t: totalCount e: edges { n: node { email } } p: pageInfo { more: hasNextPage } } } }`,
		map[string]any{"s": org.Slug}, &aliased)
	if a := aliased.Organization.I; a.T != 30 || len(a.E) != 5 || a.E[0].N.Email != all[0].Node.Email || !a.P.More {
		t.Errorf("aliased: %+v, want 5 of 30 with a next page", a)
	}
}
