package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/ent/user"
	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/servertest"
)

// activityUpdates counts the statements that wrote lastActiveAt so far.
func activityUpdates(logs *servertest.Logs) int {
	n := 0
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "msg=sql") && strings.Contains(line, "UPDATE") && strings.Contains(line, "last_active_at") {
			n++
		}
	}
	return n
}

// TestLastActiveAt: a member's use of an organization (reading it, acting
// in it) and signing in set lastActiveAt to the day, written by the
// worker; more use the same day writes nothing; the next day writes again.
// Programs and outsiders set nothing.
func TestLastActiveAt(t *testing.T) {
	const day = 24 * time.Hour
	clock := databasetest.NewClock()
	toNoon(clock)
	logs := new(servertest.Logs)
	env := servertest.StartLogged(t, logs, func(c *server.Config) { c.Clock = clock })
	ctx := context.Background()
	owner := env.User("owner@active.test", "Olive Owner")
	org := owner.CreateOrg("Active")
	member, memberID := env.Join(owner, org, "meg@active.test", "MEMBER")
	_, idleID := env.Join(owner, org, "ida@active.test", "MEMBER")

	lastActive := func(membershipID string) *time.Time {
		t.Helper()
		if err := env.App.FlushActivity(ctx); err != nil {
			t.Fatal(err)
		}
		m, err := env.App.Client().Membership.Get(systemContext(), membershipID)
		if err != nil {
			t.Fatal(err)
		}
		return m.LastActiveAt
	}
	today := func() time.Time { return clock.Now().Truncate(day) }
	read := func(c *servertest.Client) {
		t.Helper()
		c.MustDo(`query($s: String!) { organization(slug: $s) { id viewerRole } }`, map[string]any{"s": org.Slug}, nil)
	}

	if got := lastActive(idleID); got != nil {
		t.Fatalf("a member who never used the organization has lastActiveAt %v, want null", got)
	}
	read(member)
	if got := lastActive(memberID); got == nil || !got.Equal(today()) {
		t.Fatalf("after a read, lastActiveAt = %v, want %v", got, today())
	}
	// The API shows it, at 00:00 UTC.
	var out struct {
		Organization struct {
			Members struct {
				Edges []struct {
					Node struct {
						ID           string
						LastActiveAt *time.Time
					}
				}
			}
		}
	}
	owner.MustDo(`query($s: String!) { organization(slug: $s) { members(first: 10) { edges { node { id lastActiveAt } } } } }`, map[string]any{"s": org.Slug}, &out)
	found := false
	for _, e := range out.Organization.Members.Edges {
		switch e.Node.ID {
		case memberID:
			found = e.Node.LastActiveAt != nil && e.Node.LastActiveAt.Equal(today())
		case idleID:
			if e.Node.LastActiveAt != nil {
				t.Errorf("the idle member shows lastActiveAt %v", e.Node.LastActiveAt)
			}
		}
	}
	if !found {
		t.Errorf("members does not show the member's lastActiveAt %v: %+v", today(), out)
	}

	// More use the same day: not one statement more.
	before := activityUpdates(logs)
	for range 5 {
		read(member)
		// A change refused to a member's role still is use (viewer.Require).
		member.Do(`mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"organizationID": org.ID, "email": "x@active.test", "role": "ADMIN"}})
	}
	if lastActive(memberID); activityUpdates(logs) != before {
		t.Errorf("more use the same day wrote lastActiveAt %d more times", activityUpdates(logs)-before)
	}

	// The next day: one write.
	clock.Advance(day)
	read(member)
	read(member)
	if got := lastActive(memberID); got == nil || !got.Equal(today()) {
		t.Fatalf("the next day, lastActiveAt = %v, want %v", got, today())
	}
	if n := activityUpdates(logs) - before; n != 1 {
		t.Errorf("the next day's use wrote lastActiveAt in %d statements, want 1", n)
	}

	// Signing in counts, in each of the person's organizations.
	clock.Advance(day)
	again := env.NewClient()
	again.MustDo(`mutation($p: String!) { signIn(email: "meg@active.test", password: $p) { user { id } } }`, map[string]any{"p": servertest.Password}, nil)
	if got := lastActive(memberID); got == nil || !got.Equal(today()) {
		t.Fatalf("after signing in, lastActiveAt = %v, want %v", got, today())
	}

	// A program of the organization and an outsider note nobody.
	clock.Advance(day)
	key := keyClient(t, env, owner, org, "MEMBER")
	prev := lastActive(idleID)
	ownerID := membershipOf(t, env, org, "owner@active.test")
	ownerBefore := *lastActive(ownerID)
	before = activityUpdates(logs)
	read(key)
	key.MustDo(`query($s: String!) { organization(slug: $s) { members(first: 5) { totalCount } } }`, map[string]any{"s": org.Slug}, nil)
	outsider := env.User("out@active.test", "Out Sider")
	outsider.CreateOrg("Elsewhere")
	outsider.Do(`query($s: String!) { organization(slug: $s) { id } }`, map[string]any{"s": org.Slug})
	if got := lastActive(idleID); got != nil || prev != nil {
		t.Errorf("an API key's use set the idle member's lastActiveAt to %v", got)
	}
	if got := lastActive(ownerID); !got.Equal(ownerBefore) {
		t.Errorf("an API key's use moved its maker's lastActiveAt to %v", got)
	}
	if n := activityUpdates(logs) - before; n != 0 {
		t.Errorf("a program's and an outsider's use wrote lastActiveAt %d times", n)
	}
}

// membershipOf returns the ID of the membership of email's user in org.
func membershipOf(t *testing.T, env *servertest.Env, org servertest.Org, email string) string {
	t.Helper()
	m, err := env.App.Client().Membership.Query().
		Where(membership.OrganizationID(org.ID), membership.HasUserWith(user.Email(email))).
		Only(systemContext())
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}
