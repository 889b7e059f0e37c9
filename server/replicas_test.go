package server_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent/auditevent"
	"github.com/rosterhq/roster/ent/invitation"
	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/servertest"
)

// Two replicas of one deployment share a PostgreSQL database. These tests
// run with the PostgreSQL suite (make test-go-postgres); SQLite is one
// process's database, where there is nothing to share.

// TestReplicasShareChanges: a subscriber on replica A sees a change made
// through replica B, and a removal through B ends A's stream.
func TestReplicasShareChanges(t *testing.T) {
	databasetest.SkipUnlessPostgres(t)
	envs := servertest.Replicas(t, 2)
	a, b := envs[0], envs[1]
	owner := b.User("owner@replicas.test", "Owner")
	org := owner.CreateOrg("Replicas")
	member, membershipID := b.Join(owner, org, "member@replicas.test", "MEMBER")

	// The same browser session works on both replicas.
	onA := a.NewClient()
	onA.Header.Set("Cookie", owner.CookieHeader())
	s := onA.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
	if u := nextUsage(t, s).SeatUsageChanged; u.Used != 2 {
		t.Fatalf("first event on A = %+v", u)
	}
	memberOnA := a.NewClient()
	memberOnA.Header.Set("Cookie", member.CookieHeader())
	ms := memberOnA.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
	nextUsage(t, ms)

	owner.Invite(org, "guest@replicas.test", "MEMBER") // through B
	if u := nextUsage(t, s).SeatUsageChanged; u.Used != 3 || u.Pending != 1 {
		t.Errorf("A saw %+v after an invitation through B", u)
	}
	owner.MustDo(`mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": membershipID}, nil)
	for deadline := time.Now().Add(time.Second); ; {
		ev, ok := ms.Next(time.Until(deadline))
		if !ok {
			t.Fatal("a removal through B did not end the member's stream on A within a second")
		}
		if ev.Done || ev.Closed {
			break
		}
	}
}

// TestReplicasNeverOversell sends 100 invitations at once, split across two
// replicas, into an organization with 10 seats left: exactly 10 succeed.
func TestReplicasNeverOversell(t *testing.T) {
	databasetest.SkipUnlessPostgres(t)
	envs := servertest.Replicas(t, 2, func(c *server.Config) { c.DefaultSeatLimit = 11 })
	owner := envs[0].User("owner@replicas.test", "Owner")
	org := owner.CreateOrg("Replicas")
	onB := envs[1].NewClient()
	onB.Header.Set("Cookie", owner.CookieHeader())
	clients := []*servertest.Client{owner, onB}

	const n = 100
	count := concurrently(n, func(i int) string {
		return clients[i%2].Do(`mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"organizationID": org.ID, "email": fmt.Sprintf("p%d@replicas.test", i), "role": "MEMBER"}}).Code()
	})
	if count[""] != 10 || count["SEAT_LIMIT_REACHED"] != n-10 {
		t.Fatalf("outcomes %v, want 10 successes and %d SEAT_LIMIT_REACHED", count, n-10)
	}
}

// TestReplicasDeliverEachEmailOnce queues 200 invitation emails and lets
// both replicas' mail workers drain the outbox: each arrives exactly once.
func TestReplicasDeliverEachEmailOnce(t *testing.T) {
	databasetest.SkipUnlessPostgres(t)
	envs := servertest.Replicas(t, 2, func(c *server.Config) { c.DefaultSeatLimit = 300 })
	owner := envs[1].User("owner@replicas.test", "Owner")
	org := owner.CreateOrg("Replicas")
	lines := make([]string, 200)
	for i := range lines {
		lines[i] = fmt.Sprintf("p%03d@replicas.test", i)
	}
	owner.MustDo(`mutation($in: BulkInviteMembersInput!) { bulkInviteMembers(input: $in) { invitations { id } } }`,
		map[string]any{"in": map[string]any{"organizationID": org.ID, "emails": strings.Join(lines, "\n"), "role": "MEMBER"}}, nil)
	mail := envs[0].Mail // both replicas deliver to the one catcher
	received := func() map[string]int {
		got := map[string]int{}
		for _, m := range mail.Messages() {
			if strings.Contains(m.Subject, "invited you") {
				for _, to := range m.To {
					got[strings.ToLower(to)]++
				}
			}
		}
		return got
	}
	for deadline := time.Now().Add(20 * time.Second); len(received()) < 200 && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(time.Second) // time for a second delivery, if there were to be one
	got := received()
	for _, addr := range lines {
		if got[addr] != 1 {
			t.Errorf("%s received %d invitations", addr, got[addr])
		}
	}
}

// TestReplicasExpireEachInvitationOnce invites through both replicas with a
// short lifetime, so both sweepers wake at the same expiry: each invitation
// is expired, and audited, exactly once.
func TestReplicasExpireEachInvitationOnce(t *testing.T) {
	databasetest.SkipUnlessPostgres(t)
	const ttl = time.Hour
	clock := databasetest.NewClock() // one for both: Advance wakes both sweepers at once
	envs := servertest.Replicas(t, 2, func(c *server.Config) { c.DefaultSeatLimit = 100; c.InvitationTTL = ttl; c.Clock = clock })
	owner := envs[0].User("owner@replicas.test", "Owner")
	org := owner.CreateOrg("Replicas")
	onB := envs[1].NewClient()
	onB.Header.Set("Cookie", owner.CookieHeader())
	const n = 40
	for i, c := range []*servertest.Client{owner, onB} {
		lines := make([]string, n/2)
		for j := range lines {
			lines[j] = fmt.Sprintf("p%d-%02d@replicas.test", i, j)
		}
		c.MustDo(`mutation($in: BulkInviteMembersInput!) { bulkInviteMembers(input: $in) { invitations { id } } }`,
			map[string]any{"in": map[string]any{"organizationID": org.ID, "emails": strings.Join(lines, "\n"), "role": "MEMBER"}}, nil)
	}

	db := envs[0].App.Client()
	expired := func() int {
		n, err := db.Invitation.Query().Where(invitation.StatusEQ(invitation.StatusEXPIRED)).Count(systemContext())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	clock.Advance(ttl)
	for deadline := time.Now().Add(30 * time.Second); expired() < n && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
	}
	if got := expired(); got != n {
		t.Fatalf("%d of %d invitations marked expired", got, n)
	}
	clock.Advance(time.Second)         // both sweepers sweep again
	time.Sleep(500 * time.Millisecond) // time for a second expiry, if there were to be one
	events, err := db.AuditEvent.Query().Where(auditevent.Action("invitation.expired")).All(systemContext())
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, e := range events {
		per[e.Target]++
	}
	if len(events) != n || len(per) != n {
		t.Errorf("%d invitation.expired events for %d addresses, want one for each of %d", len(events), len(per), n)
	}
	if u := owner.Seats(org); u.Pending != 0 || u.Used != 1 {
		t.Errorf("seats after the expiry: %+v, want only the owner's", u)
	}
}

// TestReplicasStreamEveryChangeInOrder: while both replicas invite at once,
// a subscriber on each replica gets every change once, numbered one after
// another in commit order: the same numbers, the same invitations.
func TestReplicasStreamEveryChangeInOrder(t *testing.T) {
	databasetest.SkipUnlessPostgres(t)
	envs := servertest.Replicas(t, 2, func(c *server.Config) { c.DefaultSeatLimit = 100 })
	owner := envs[0].User("owner@replicas.test", "Owner")
	org := owner.CreateOrg("Replicas")
	onB := envs[1].NewClient()
	onB.Header.Set("Cookie", owner.CookieHeader())
	clients := []*servertest.Client{owner, onB}
	vars := map[string]any{"o": org.ID}
	streams := []*servertest.Stream{
		owner.Subscribe(changeSubscription, vars, servertest.DialOptions{}),
		onB.Subscribe(changeSubscription, vars, servertest.DialOptions{Protocol: servertest.LegacyWS}),
	}
	for _, s := range streams {
		if hello := nextChange(t, s); hello.Kind != "SUBSCRIBED" || hello.Sequence != 0 {
			t.Fatalf("SUBSCRIBED: %+v", hello)
		}
	}
	const n = 30
	count := concurrently(n, func(i int) string {
		return clients[i%2].Do(`mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"organizationID": org.ID, "email": fmt.Sprintf("p%d@replicas.test", i), "role": "MEMBER"}}).Code()
	})
	if count[""] != n {
		t.Fatalf("outcomes %v", count)
	}
	var seen [2][]string
	for i, s := range streams {
		for want := 1; want <= n; want++ {
			c := nextChange(t, s)
			if c.Sequence != want || c.Kind != "INVITATION_CREATED" || c.Invitation == nil {
				t.Fatalf("replica %d: got %s #%d, want INVITATION_CREATED #%d", i, c.Kind, c.Sequence, want)
			}
			seen[i] = append(seen[i], c.Invitation.ID)
		}
	}
	if !slices.Equal(seen[0], seen[1]) {
		t.Errorf("the replicas streamed the changes in different orders:\n%v\n%v", seen[0], seen[1])
	}
}

// TestReplicasForgetAccessAtOnce: each replica keeps who is signed in and
// their roles in a cache; a change on one replica reaches the other's
// cache before the request that made it answers. Warm on B, changed
// through A, the very next request on B sees the change: a removed member
// no longer reads the organization, a demoted admin no longer invites, a
// signed-out session is anonymous.
func TestReplicasForgetAccessAtOnce(t *testing.T) {
	databasetest.SkipUnlessPostgres(t)
	envs := servertest.Replicas(t, 2)
	a, b := envs[0], envs[1]
	owner := a.User("owner@cache.test", "Owner")
	org := owner.CreateOrg("Cache")
	onB := func(c *servertest.Client) *servertest.Client {
		other := b.NewClient()
		other.Header.Set("Cookie", c.CookieHeader())
		return other
	}
	const orgQ = `query($s: String!) { organization(slug: $s) { id viewerRole } }`
	role := func(c *servertest.Client) (string, string) {
		t.Helper()
		res := c.Do(orgQ, map[string]any{"s": org.Slug})
		var out struct{ Organization *struct{ ViewerRole string } }
		if res.Code() == "" {
			_ = json.Unmarshal(res.Data, &out)
		}
		if out.Organization == nil {
			return "", res.Code()
		}
		return out.Organization.ViewerRole, res.Code()
	}

	for round := range 5 { // a race lost once in a while would show
		email := fmt.Sprintf("admin%d@cache.test", round)
		admin, membershipID := a.Join(owner, org, email, "ADMIN")
		adminB := onB(admin)
		if r, code := role(adminB); r != "ADMIN" {
			t.Fatalf("round %d: the admin on B: %q %s", round, r, code)
		}
		owner.MustDo(`mutation($id: ID!) { changeMemberRole(id: $id, role: MEMBER) { id } }`, map[string]any{"id": membershipID}, nil)
		if r, _ := role(adminB); r != "MEMBER" {
			t.Fatalf("round %d: demoted on A, B still says %q", round, r)
		}
		res := adminB.Do(`mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"organizationID": org.ID, "email": fmt.Sprintf("x%d@cache.test", round), "role": "MEMBER"}})
		if res.Code() != "FORBIDDEN" {
			t.Fatalf("round %d: a demoted admin invites on B: %s", round, res.Code())
		}
		owner.MustDo(`mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": membershipID}, nil)
		if r, code := role(adminB); r != "" { // organization(slug) is null to a non-member
			t.Fatalf("round %d: removed on A, B answers %q %s", round, r, code)
		}
		admin.MustDo(`mutation { signOut }`, nil, nil)
		if res := adminB.Do(`{ viewer { id } }`, nil); string(res.Data) != `{"viewer":null}` {
			t.Fatalf("round %d: signed out on A, B answers %s %+v", round, res.Data, res.Errors)
		}
	}
}
