package server_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/servertest"
)

// TestConcurrentInvitationsNeverOversell sends 50 invitations at once into
// an organization with 5 seats left: exactly 5 succeed, the rest are
// SEAT_LIMIT_REACHED, on every run.
func TestConcurrentInvitationsNeverOversell(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.DefaultSeatLimit = 6 })
	owner := env.User("owner@race.test", "Owner")
	org := owner.CreateOrg("Race")

	const n = 50
	count := concurrently(n, func(i int) string {
		return owner.Do(`mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"organizationID": org.ID, "email": fmt.Sprintf("p%d@race.test", i), "role": "MEMBER"}}).Code()
	})
	if count[""] != 5 || count["SEAT_LIMIT_REACHED"] != n-5 {
		t.Fatalf("outcomes = %v, want 5 successes and %d SEAT_LIMIT_REACHED", count, n-5)
	}
	if got := owner.Seats(org); got.Used != 6 || got.Pending != 5 {
		t.Errorf("seats = %+v", got)
	}
}

// TestConcurrentAcceptsMakeOneMembership uses one invitation link 16 times
// at once: exactly one membership results.
func TestConcurrentAcceptsMakeOneMembership(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@race.test", "Owner")
	org := owner.CreateOrg("Race")
	owner.Invite(org, "guest@race.test", "MEMBER")
	tok := env.Token("guest@race.test", "/invitations/accept")
	guest := env.User("guest@race.test", "Guest")

	const n = 16
	count := concurrently(n, func(int) string {
		return guest.Do(`mutation($t: String!) { acceptInvitation(token: $t) { id } }`, map[string]any{"t": tok}).Code()
	})
	if count[""] != 1 || count["INVITATION_INVALID"] != n-1 {
		t.Fatalf("outcomes = %v, want 1 success and %d INVITATION_INVALID", count, n-1)
	}
	members, err := env.App.Client().Membership.Query().Where(membership.OrganizationID(org.ID)).Count(systemContext())
	if err != nil {
		t.Fatal(err)
	}
	if members != 2 {
		t.Errorf("memberships = %d, want 2 (owner and guest)", members)
	}
}

// concurrently runs request n times at once and counts the error codes
// of the outcomes ("" for success).
func concurrently(n int, request func(i int) string) map[string]int {
	codes := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { codes[i] = request(i) })
	}
	wg.Wait()
	count := map[string]int{}
	for _, c := range codes {
		count[c]++
	}
	return count
}
