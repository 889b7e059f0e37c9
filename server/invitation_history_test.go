package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent/invitation"
	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/servertest"
)

type historyInvitation struct {
	ID, Email, Role, Status string
	SendCount               int
	LastSentAt, ExpiresAt   time.Time
}

// invitationsWith lists the emails of an organization's invitations of a
// status, as a client sees them.
func invitationsWith(t *testing.T, c *servertest.Client, org servertest.Org, status string) []string {
	t.Helper()
	var out struct {
		Organization struct {
			Invitations struct {
				Edges []struct{ Node historyInvitation }
			}
		}
	}
	c.MustDo(`query($s: String!, $st: InvitationStatus) { organization(slug: $s) { invitations(first: 100, status: $st) {
		edges { node { id email role status sendCount lastSentAt expiresAt } } } } }`, map[string]any{"s": org.Slug, "st": status}, &out)
	var emails []string
	for _, e := range out.Organization.Invitations.Edges {
		if e.Node.Status != status {
			t.Errorf("invitations(status: %s) holds %s, %s", status, e.Node.Email, e.Node.Status)
		}
		emails = append(emails, e.Node.Email)
	}
	slices.Sort(emails)
	return emails
}

// TestInvitationHistoryAndResend: the status filter lists expired (swept
// or not yet), declined and canceled invitations; an expired one is resent
// with a new token and expiry, takes a seat again, and is refused with
// SEAT_LIMIT_REACHED when the seats are full; a declined or canceled one is
// not resent.
func TestInvitationHistoryAndResend(t *testing.T) {
	const ttl = time.Hour
	clock := databasetest.NewClock()
	env := servertest.Start(t, func(c *server.Config) { c.Clock = clock; c.InvitationTTL = ttl; c.DefaultSeatLimit = 4 })
	owner := env.User("owner@past.test", "Olive Owner")
	org := owner.CreateOrg("Past")
	ids := map[string]string{}
	for _, who := range []string{"expired", "declined", "canceled"} {
		ids[who] = owner.Invite(org, who+"@past.test", "MEMBER")
	}
	oldToken := env.Token("expired@past.test", "/invitations/accept")
	env.NewClient().MustDo(`mutation($t: String!) { declineInvitation(token: $t) }`,
		map[string]any{"t": env.Token("declined@past.test", "/invitations/accept")}, nil)
	owner.MustDo(`mutation($id: ID!) { cancelInvitation(id: $id) { id } }`, map[string]any{"id": ids["canceled"]}, nil)
	clock.Advance(ttl + time.Second) // "expired" expires: the sweeper may record it, or not yet

	// Two more, then one of them past its expiry in the database (by the
	// real time too, which seat counts read), with the clock where it is:
	// the sweeper has not recorded it.
	ids["unswept"] = owner.Invite(org, "unswept@past.test", "ADMIN")
	ids["pending"] = owner.Invite(org, "pending@past.test", "MEMBER")
	if err := env.App.Client().Invitation.UpdateOneID(ids["unswept"]).
		SetExpiresAt(time.Now().Add(-time.Minute)).Exec(systemContext()); err != nil {
		t.Fatal(err)
	}
	if got, err := env.App.Client().Invitation.Get(systemContext(), ids["unswept"]); err != nil || got.Status != invitation.StatusPENDING {
		t.Fatalf("the unswept invitation is stored as %v (%v), want PENDING", got.Status, err)
	}

	for status, want := range map[string][]string{
		"EXPIRED":  {"expired@past.test", "unswept@past.test"},
		"DECLINED": {"declined@past.test"},
		"CANCELED": {"canceled@past.test"},
		"PENDING":  {"pending@past.test"},
	} {
		if got := invitationsWith(t, owner, org, status); !slices.Equal(got, want) {
			t.Errorf("invitations(status: %s) = %v, want %v", status, got, want)
		}
	}
	if s := owner.Seats(org); s.Active != 1 || s.Pending != 1 {
		t.Fatalf("seats before resending = %+v, want 1 active and 1 pending", s)
	}
	owner.MustDo(`mutation($o: ID!) { updateSeatLimit(organizationID: $o, seats: 3) { id } }`, map[string]any{"o": org.ID}, nil)

	resend := `mutation($id: ID!) { resendInvitation(id: $id) { id email status sendCount lastSentAt expiresAt } }`
	var out struct{ ResendInvitation historyInvitation }
	owner.MustDo(resend, map[string]any{"id": ids["expired"]}, &out)
	r := out.ResendInvitation
	now := clock.Now()
	if r.Status != "PENDING" || r.SendCount != 2 || r.LastSentAt.Before(now.Add(-time.Minute)) || r.LastSentAt.After(now) ||
		!r.ExpiresAt.Equal(r.LastSentAt.Add(ttl)) {
		t.Errorf("the resent invitation = %+v, want PENDING, sent twice, last now (%v), expiring a TTL later", r, now)
	}
	if s := owner.Seats(org); s.Pending != 2 || s.Available != 0 {
		t.Errorf("seats after resending = %+v: the resent invitation takes a seat again", s)
	}
	newToken := env.Token("expired@past.test", "/invitations/accept")
	if newToken == oldToken {
		t.Error("the resent invitation has the old token")
	}
	var preview struct{ InvitationByToken *struct{ Status string } }
	env.NewClient().MustDo(`query($t: String!) { invitationByToken(token: $t) { status } }`, map[string]any{"t": oldToken}, &preview)
	if preview.InvitationByToken != nil {
		t.Errorf("the old token still shows the invitation: %+v", preview.InvitationByToken)
	}
	env.NewClient().MustDo(`query($t: String!) { invitationByToken(token: $t) { status } }`, map[string]any{"t": newToken}, &preview)
	if preview.InvitationByToken == nil || preview.InvitationByToken.Status != "PENDING" {
		t.Errorf("the new token shows %+v, want a PENDING invitation", preview.InvitationByToken)
	}
	if got := invitationsWith(t, owner, org, "EXPIRED"); !slices.Equal(got, []string{"unswept@past.test"}) {
		t.Errorf("expired after the resend = %v", got)
	}

	// The seats are full (1 active, 2 pending of 3): resending the other
	// expired one is refused, and changes nothing.
	res := owner.Do(resend, map[string]any{"id": ids["unswept"]})
	if res.Code() != "SEAT_LIMIT_REACHED" {
		t.Fatalf("resending with the seats full: %s %+v, want SEAT_LIMIT_REACHED", res.Data, res.Errors)
	}
	ext := res.Errors[0].Extensions
	if fmt.Sprint(ext["needed"]) != "1" || fmt.Sprint(ext["available"]) != "0" {
		t.Errorf("SEAT_LIMIT_REACHED extensions = %v, want needed 1, available 0", ext)
	}
	if got := invitationsWith(t, owner, org, "EXPIRED"); !slices.Equal(got, []string{"unswept@past.test"}) {
		t.Errorf("expired after the refused resend = %v", got)
	}
	// With a seat freed, it goes.
	owner.MustDo(`mutation($id: ID!) { cancelInvitation(id: $id) { id } }`, map[string]any{"id": ids["pending"]}, nil)
	owner.MustDo(resend, map[string]any{"id": ids["unswept"]}, &out)
	if out.ResendInvitation.Status != "PENDING" {
		t.Errorf("resent with a free seat: %+v", out.ResendInvitation)
	}

	// Declined and canceled invitations stay ended.
	for _, who := range []string{"declined", "canceled"} {
		res := owner.Do(resend, map[string]any{"id": ids[who]})
		if res.Code() != "BAD_USER_INPUT" || !strings.Contains(res.Errors[0].Message, who) {
			t.Errorf("resending a %s invitation: %s %+v, want BAD_USER_INPUT naming it", who, res.Data, res.Errors)
		}
	}
	if got := invitationsWith(t, owner, org, "DECLINED"); !slices.Equal(got, []string{"declined@past.test"}) {
		t.Errorf("declined after the refused resend = %v", got)
	}
}

// TestInvitationsOfARoleComeInFullPages: 60 invitations of mixed roles,
// paged 25 at a time by role, give full pages of that role only, with
// hasNextPage right, forwards and backwards.
func TestInvitationsOfARoleComeInFullPages(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.DefaultSeatLimit = 100 })
	owner := env.User("owner@pages.test", "Olive Owner")
	org := owner.CreateOrg("Pages")
	want := map[string]int{}
	var admins, members []string
	for i := range 60 {
		email := fmt.Sprintf("p%02d@pages.test", i)
		if i%3 == 1 { // every third: 20 admins interleaved with 40 members
			admins = append(admins, email)
		} else {
			members = append(members, email)
		}
	}
	for role, emails := range map[string][]string{"ADMIN": admins, "MEMBER": members} {
		want[role] = len(emails)
		owner.MustDo(`mutation($in: BulkInviteMembersInput!) { bulkInviteMembers(input: $in) { rejected { input } } }`,
			map[string]any{"in": map[string]any{"organizationID": org.ID, "emails": strings.Join(emails, "\n"), "role": role}}, nil)
	}
	type conn struct {
		Organization struct {
			Invitations struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage, HasPreviousPage bool
					StartCursor, EndCursor       *string
				}
				Edges []struct{ Node struct{ Email, Role string } }
			}
		}
	}
	const q = `query($s: String!, $r: Role, $first: Int, $after: Cursor, $last: Int, $before: Cursor) { organization(slug: $s) {
		invitations(role: $r, first: $first, after: $after, last: $last, before: $before) { totalCount
			pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { email role } } } } }`
	for role, n := range want {
		var sizes []int
		seen := map[string]bool{}
		var after any
		for {
			var out conn
			owner.MustDo(q, map[string]any{"s": org.Slug, "r": role, "first": 25, "after": after}, &out)
			inv := out.Organization.Invitations
			if inv.TotalCount != n {
				t.Fatalf("%s: totalCount %d, want %d", role, inv.TotalCount, n)
			}
			for _, e := range inv.Edges {
				if e.Node.Role != role || seen[e.Node.Email] {
					t.Fatalf("%s: page holds %s (%s), seen before: %v", role, e.Node.Email, e.Node.Role, seen[e.Node.Email])
				}
				seen[e.Node.Email] = true
			}
			sizes = append(sizes, len(inv.Edges))
			if !inv.PageInfo.HasNextPage {
				break
			}
			after = *inv.PageInfo.EndCursor
		}
		wantSizes := []int{}
		for left := n; left > 0; left -= 25 {
			wantSizes = append(wantSizes, min(left, 25))
		}
		if !slices.Equal(sizes, wantSizes) || len(seen) != n {
			t.Errorf("%s: pages of %v (%d invitations), want %v", role, sizes, len(seen), wantSizes)
		}
		// Backwards, the same full pages from the end.
		var back []int
		var before any
		for {
			var out conn
			owner.MustDo(q, map[string]any{"s": org.Slug, "r": role, "last": 25, "before": before}, &out)
			inv := out.Organization.Invitations
			for _, e := range inv.Edges {
				if e.Node.Role != role {
					t.Fatalf("%s backwards: page holds %s (%s)", role, e.Node.Email, e.Node.Role)
				}
			}
			back = append(back, len(inv.Edges))
			if !inv.PageInfo.HasPreviousPage {
				break
			}
			before = *inv.PageInfo.StartCursor
		}
		if !slices.Equal(back, wantSizes) { // the full pages from the end
			t.Errorf("%s backwards: pages of %v, want %v", role, back, wantSizes)
		}
	}
}
