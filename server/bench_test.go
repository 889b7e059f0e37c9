package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/servertest"
)

// BenchmarkBulkInvite1000 invites 1,000 addresses in one bulkInviteMembers
// call, through the HTTP handler, into an organization with room for them.
func BenchmarkBulkInvite1000(b *testing.B) {
	env := servertest.Start(b, func(c *server.Config) { c.DefaultSeatLimit = 1001 })
	owner := env.User("owner@bench.test", "Owner")
	lines := make([]string, 1000)
	for i := range lines {
		lines[i] = fmt.Sprintf("person%04d@bench.test", i)
	}
	emails := strings.Join(lines, "\n")
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		org := owner.CreateOrg(fmt.Sprintf("Bench %d", i))
		b.StartTimer()
		var out struct {
			BulkInviteMembers struct{ Invitations []struct{ ID string } }
		}
		owner.MustDo(`mutation($in: BulkInviteMembersInput!) { bulkInviteMembers(input: $in) { invitations { id } } }`,
			map[string]any{"in": map[string]any{"organizationID": org.ID, "emails": emails, "role": "MEMBER"}}, &out)
		if len(out.BulkInviteMembers.Invitations) != 1000 {
			b.Fatalf("invited %d", len(out.BulkInviteMembers.Invitations))
		}
	}
}

// BenchmarkMemberPage reads a page of 50 members with their users.
func BenchmarkMemberPage(b *testing.B) {
	env := servertest.Start(b, func(c *server.Config) { c.DefaultSeatLimit = 1001 })
	owner := env.User("owner@bench.test", "Owner")
	org := owner.CreateOrg("Bench")
	addMembers(b, env, org, 0, 1000)
	for b.Loop() {
		owner.MustDo(`query($s: String!) { organization(slug: $s) { members(first: 50) { totalCount edges { node { id role joinedAt user { name email } } } } } }`,
			map[string]any{"s": org.Slug}, nil)
	}
}
