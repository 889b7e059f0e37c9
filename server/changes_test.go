package server_test

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent/auditevent"
	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/servertest"
)

const changeSubscription = `subscription($o: ID!) { organizationChanged(organizationID: $o) {
  kind sequence viewerRole at
  seatUsage { active pending total }
  membership { id role user { email } }
  invitation { id email status }
  organization { id viewerPermissions }
} }`

type orgChange struct {
	Kind       string
	Sequence   int
	ViewerRole string
	At         time.Time
	SeatUsage  struct{ Active, Pending, Total int }
	Membership *struct {
		ID, Role string
		User     struct{ Email string }
	}
	Invitation   *struct{ ID, Email, Status string }
	Organization struct {
		ID                string
		ViewerPermissions []string
	}
}

// nextChange waits for the next organizationChanged event on s.
func nextChange(t *testing.T, s *servertest.Stream) orgChange {
	t.Helper()
	ev, ok := s.Next(10 * time.Second)
	if !ok {
		t.Fatal("no organizationChanged event within 10s")
	}
	if len(ev.Errors) > 0 || ev.Done || ev.Closed {
		t.Fatalf("want an organizationChanged event, got %+v", ev)
	}
	var out struct{ OrganizationChanged orgChange }
	if err := json.Unmarshal(ev.Data, &out); err != nil {
		t.Fatal(err)
	}
	return out.OrganizationChanged
}

// completed checks that s's stream ends, with no event before.
func completed(t *testing.T, s *servertest.Stream, who string) {
	t.Helper()
	ev, ok := s.Next(10 * time.Second)
	if !ok || !ev.Done {
		t.Fatalf("%s: want the stream completed, got %+v (data %s, ok %v)", who, ev, ev.Data, ok)
	}
}

// changeWatch follows the subscribers of one organization and checks each
// change against its audit row.
type changeWatch struct {
	t    *testing.T
	env  *servertest.Env
	org  servertest.Org
	next int // the sequence the next change must carry
}

// expect checks that every stream in subs gets the changes of kinds next,
// numbered one after another, and that each is in the audit trail under
// its action, with the same number and subject. It returns the events as
// the first stream got them.
func (w *changeWatch) expect(subs []*servertest.Stream, kinds ...change.Kind) []orgChange {
	w.t.Helper()
	var first []orgChange
	for i, s := range subs {
		for n, kind := range kinds {
			c := nextChange(w.t, s)
			want := w.next + n
			if c.Kind != string(kind) || c.Sequence != want {
				w.t.Fatalf("stream %d: got %s #%d, want %s #%d", i, c.Kind, c.Sequence, kind, want)
			}
			if c.Organization.ID != w.org.ID {
				w.t.Errorf("%s: organization %s", kind, c.Organization.ID)
			}
			if i == 0 {
				first = append(first, c)
				w.audited(c)
			}
		}
	}
	w.next += len(kinds)
	return first
}

// audited checks the audit row of c.
func (w *changeWatch) audited(c orgChange) {
	w.t.Helper()
	row, err := w.env.App.Client().AuditEvent.Query().
		Where(auditevent.OrganizationID(w.org.ID), auditevent.Sequence(c.Sequence)).
		Only(systemContext())
	if err != nil {
		w.t.Fatalf("%s #%d: no audit row: %v", c.Kind, c.Sequence, err)
	}
	if kind, ok := change.Action(row.Action).Kind(); !ok || string(kind) != c.Kind {
		w.t.Errorf("#%d: audit action %s for a %s event", c.Sequence, row.Action, c.Kind)
	}
	subject := ""
	switch {
	case c.Kind == string(change.KindSeatLimitChanged):
		subject = w.org.ID
	case c.Invitation != nil:
		subject = c.Invitation.ID
	case c.Membership != nil:
		subject = c.Membership.ID
	}
	if subject != "" && row.TargetID != subject {
		w.t.Errorf("%s #%d: audit subject %s, event subject %s", c.Kind, c.Sequence, row.TargetID, subject)
	}
	if row.SeatsActive == nil || *row.SeatsActive != c.SeatUsage.Active || *row.SeatsPending != c.SeatUsage.Pending || *row.SeatsTotal != c.SeatUsage.Total {
		w.t.Errorf("%s #%d: audit seats %v/%v/%v, event %+v", c.Kind, c.Sequence, row.SeatsActive, row.SeatsPending, row.SeatsTotal, c.SeatUsage)
	}
}

// TestOrganizationChangedCoversEveryChange walks an organization through
// every mutation that changes it, with subscribers on both websocket
// protocols: each change is one event, numbered after the last, with the
// seat usage it committed and the subscriber's role after it, and one audit
// row under the same number. A subscriber who loses access gets no event of
// that change: their stream completes.
func TestOrganizationChangedCoversEveryChange(t *testing.T) {
	const ttl = time.Hour
	clock := databasetest.NewClock()
	env := servertest.Start(t, func(c *server.Config) { c.Clock = clock; c.InvitationTTL = ttl })
	owner := env.User("owner@changes.test", "Olive Owner")
	org := owner.CreateOrg("Changes")
	// Each subscriber below keeps another organization, so that losing
	// this one completes the stream and keeps the socket (losing the last
	// closes it with 4403, which websocket_access_test checks).
	owner.CreateOrg("Elsewhere")
	w := &changeWatch{t: t, env: env, org: org, next: 1}
	vars := map[string]any{"o": org.ID}

	os := owner.Subscribe(changeSubscription, vars, servertest.DialOptions{Protocol: servertest.TransportWS})
	hello := nextChange(t, os)
	if hello.Kind != "SUBSCRIBED" || hello.Sequence != 0 || hello.ViewerRole != "OWNER" || hello.SeatUsage.Active != 1 ||
		hello.Membership != nil || hello.Invitation != nil {
		t.Fatalf("a new organization's SUBSCRIBED: %+v", hello)
	}

	ada, adaID := env.Join(owner, org, "ada@changes.test", "ADMIN")
	evs := w.expect([]*servertest.Stream{os}, change.KindInvitationCreated, change.KindInvitationAccepted, change.KindMemberJoined)
	if evs[2].Membership == nil || evs[2].Membership.ID != adaID || evs[2].Membership.Role != "ADMIN" || evs[2].SeatUsage.Active != 2 || evs[2].SeatUsage.Pending != 0 {
		t.Errorf("MEMBER_JOINED: %+v", evs[2])
	}

	ada.CreateOrg("Ada's own")
	as := ada.Subscribe(changeSubscription, vars, servertest.DialOptions{Protocol: servertest.LegacyWS})
	if hello := nextChange(t, as); hello.Kind != "SUBSCRIBED" || hello.Sequence != 3 || hello.ViewerRole != "ADMIN" {
		t.Fatalf("ada's SUBSCRIBED: %+v", hello)
	}
	both := []*servertest.Stream{os, as}

	bobInv := owner.Invite(org, "bob@changes.test", "MEMBER")
	evs = w.expect(both, change.KindInvitationCreated)
	if evs[0].Invitation == nil || evs[0].Invitation.ID != bobInv || evs[0].SeatUsage.Pending != 1 {
		t.Errorf("INVITATION_CREATED: %+v", evs[0])
	}

	var bulk struct {
		BulkInviteMembers struct{ Invitations []struct{ ID, Email string } }
	}
	ada.MustDo(`mutation($o: ID!) { bulkInviteMembers(input: {organizationID: $o, emails: "c1@changes.test\nc2@changes.test", role: MEMBER}) { invitations { id email } } }`, vars, &bulk)
	evs = w.expect(both, change.KindInvitationCreated, change.KindInvitationCreated)
	if evs[0].SeatUsage.Pending != 3 || evs[1].SeatUsage.Pending != 3 {
		t.Errorf("a bulk invite's events carry the usage the batch committed: %+v", evs)
	}

	owner.MustDo(`mutation($id: ID!) { resendInvitation(id: $id) { id } }`, map[string]any{"id": bobInv}, nil)
	w.expect(both, change.KindInvitationResent)
	ada.MustDo(`mutation($id: ID!) { cancelInvitation(id: $id) { id } }`, map[string]any{"id": bulk.BulkInviteMembers.Invitations[0].ID}, nil)
	if evs = w.expect(both, change.KindInvitationCanceled); evs[0].SeatUsage.Pending != 2 {
		t.Errorf("INVITATION_CANCELED: %+v", evs[0])
	}
	c2 := env.Token("c2@changes.test", "/invitations/accept")
	env.NewClient().MustDo(`mutation($t: String!) { declineInvitation(token: $t) }`, map[string]any{"t": c2}, nil)
	w.expect(both, change.KindInvitationDeclined)

	// Invitations received in the portal's list: accepted and declined by
	// ID, by the signed-in invitee.
	rita, ron := env.User("rita@changes.test", "Rita"), env.User("ron@changes.test", "Ron")
	ritaInv, ronInv := owner.Invite(org, "rita@changes.test", "MEMBER"), owner.Invite(org, "ron@changes.test", "MEMBER")
	w.expect(both, change.KindInvitationCreated, change.KindInvitationCreated)
	var accepted struct{ AcceptReceivedInvitation struct{ ID string } }
	rita.MustDo(`mutation($id: ID!) { acceptReceivedInvitation(id: $id) { id } }`, map[string]any{"id": ritaInv}, &accepted)
	evs = w.expect(both, change.KindInvitationAccepted, change.KindMemberJoined)
	if evs[0].Invitation == nil || evs[0].Invitation.ID != ritaInv || evs[1].Membership == nil || evs[1].Membership.ID != accepted.AcceptReceivedInvitation.ID {
		t.Errorf("an accepted received invitation: %+v", evs)
	}
	ron.MustDo(`mutation($id: ID!) { declineReceivedInvitation(id: $id) }`, map[string]any{"id": ronInv}, nil)
	w.expect(both, change.KindInvitationDeclined)

	// Bob accepts the resent email's link.
	env.Token("bob@changes.test", "/invitations/accept") // the first email's
	bobTok := env.Token("bob@changes.test", "/invitations/accept")
	bob := env.User("bob@changes.test", "Bob")
	bobID := bob.Accept(bobTok)
	w.expect(both, change.KindInvitationAccepted, change.KindMemberJoined)

	owner.MustDo(`mutation($id: ID!) { changeMemberRole(id: $id, role: ADMIN) { id } }`, map[string]any{"id": bobID}, nil)
	w.expect(both, change.KindMemberRoleChanged)

	// Ada demoted: her own stream says so at once, and what it resolves
	// for her in the event is as a member sees it.
	owner.MustDo(`mutation($id: ID!) { changeMemberRole(id: $id, role: MEMBER) { id } }`, map[string]any{"id": adaID}, nil)
	w.expect([]*servertest.Stream{os}, change.KindMemberRoleChanged)
	w.next--
	demoted := w.expect([]*servertest.Stream{as}, change.KindMemberRoleChanged)[0]
	if demoted.ViewerRole != "MEMBER" || contains(demoted.Organization.ViewerPermissions, "MANAGE_MEMBERS") {
		t.Errorf("the demoted admin's event: role %s, permissions %v", demoted.ViewerRole, demoted.Organization.ViewerPermissions)
	}

	owner.MustDo(`mutation($o: ID!) { updateSeatLimit(organizationID: $o, seats: 20) { id } }`, vars, nil)
	if evs = w.expect(both, change.KindSeatLimitChanged); evs[0].SeatUsage.Total != 20 {
		t.Errorf("SEAT_LIMIT_CHANGED: %+v", evs[0])
	}

	owner.MustDo(`mutation($o: ID!) { updateOrganization(input: {organizationID: $o, name: "Changes Renamed"}) { id } }`, vars, nil)
	w.expect(both, change.KindOrganizationUpdated)
	// The same name again is no change: nothing is recorded (the next
	// change below would find this one first).
	owner.MustDo(`mutation($o: ID!) { updateOrganization(input: {organizationID: $o, name: "Changes Renamed"}) { id } }`, vars, nil)

	owner.MustDo(`mutation($o: ID!, $m: ID!) { transferOwnership(organizationID: $o, membershipID: $m) { id } }`, map[string]any{"o": org.ID, "m": bobID}, nil)
	evs = w.expect([]*servertest.Stream{os}, change.KindOwnershipTransferred)
	if evs[0].ViewerRole != "ADMIN" || evs[0].Membership == nil || evs[0].Membership.ID != bobID || evs[0].Membership.Role != "OWNER" {
		t.Errorf("OWNERSHIP_TRANSFERRED as the previous owner sees it: %+v", evs[0])
	}
	w.next--
	w.expect([]*servertest.Stream{as}, change.KindOwnershipTransferred)

	// Ada removed: her stream completes without the removal; the others
	// see MEMBER_REMOVED, whose membership is gone.
	bob.MustDo(`mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": adaID}, nil)
	completed(t, as, "the removed admin")
	if evs = w.expect([]*servertest.Stream{os}, change.KindMemberRemoved); evs[0].Membership != nil || evs[0].SeatUsage.Active != 3 {
		t.Errorf("MEMBER_REMOVED: %+v", evs[0])
	}

	bob.CreateOrg("Bob's own")
	bs := bob.Subscribe(changeSubscription, vars, servertest.DialOptions{})
	if hello := nextChange(t, bs); hello.Sequence != w.next-1 || hello.ViewerRole != "OWNER" {
		t.Fatalf("bob's SUBSCRIBED: %+v (want #%d)", hello, w.next-1)
	}
	owner.MustDo(`mutation($o: ID!) { leaveOrganization(organizationID: $o) }`, vars, nil)
	completed(t, os, "the member who left")
	w.expect([]*servertest.Stream{bs}, change.KindMemberLeft)

	// The sweeper records an expiry as a change too.
	bob.Invite(org, "late@changes.test", "MEMBER")
	w.expect([]*servertest.Stream{bs}, change.KindInvitationCreated)
	clock.Advance(ttl + time.Second)
	if evs = w.expect([]*servertest.Stream{bs}, change.KindInvitationExpired); evs[0].Invitation == nil || evs[0].Invitation.Status != "EXPIRED" || evs[0].SeatUsage.Pending != 0 {
		t.Errorf("INVITATION_EXPIRED: %+v", evs[0])
	}

	bob.MustDo(`mutation($o: ID!, $s: String!) { deleteOrganization(id: $o, confirmSlug: $s) }`, map[string]any{"o": org.ID, "s": org.Slug}, nil)
	completed(t, bs, "the owner of a deleted organization")

	// Creating and deleting are in the audit trail, outside the numbers.
	for _, action := range []change.Action{change.ActionOrganizationCreated, change.ActionOrganizationDeleted} {
		row, err := env.App.Client().AuditEvent.Query().
			Where(auditevent.OrganizationID(org.ID), auditevent.Action(string(action))).
			Only(systemContext())
		if err != nil || row.Sequence != nil || row.TargetID != org.ID {
			t.Errorf("%s: %+v, %v", action, row, err)
		}
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestOrganizationChangeNumbersUnderConcurrency: changes committed at the
// same moment by several admins still get one number each, consecutive,
// with one audit row each, and a subscriber sees every number once, in
// order.
func TestOrganizationChangeNumbersUnderConcurrency(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@race.test", "Owner")
	org := owner.CreateOrg("Race")
	owner.MustDo(`mutation($o: ID!) { updateSeatLimit(organizationID: $o, seats: 500) { id } }`, map[string]any{"o": org.ID}, nil)
	admin, _ := env.Join(owner, org, "admin@race.test", "ADMIN")
	s := owner.Subscribe(changeSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
	start := nextChange(t, s).Sequence

	const each = 15
	var wg sync.WaitGroup
	for i, c := range []*servertest.Client{owner, admin} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range each {
				res := c.Do(`mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`,
					map[string]any{"in": map[string]any{"organizationID": org.ID, "email": fmt.Sprintf("p%d-%d@race.test", i, n), "role": "MEMBER"}})
				if len(res.Errors) > 0 {
					t.Errorf("invite: %+v", res.Errors)
				}
			}
		}()
	}
	wg.Wait()
	for n := 1; n <= 2*each; n++ {
		if c := nextChange(t, s); c.Sequence != start+n || c.Kind != "INVITATION_CREATED" {
			t.Fatalf("event %d: %s #%d, want #%d", n, c.Kind, c.Sequence, start+n)
		}
	}
	rows, err := env.App.Client().AuditEvent.Query().
		Where(auditevent.OrganizationID(org.ID), auditevent.SequenceGT(start)).
		Order(auditevent.BySequence()).
		All(systemContext())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2*each {
		t.Fatalf("%d numbered audit rows after #%d, want %d", len(rows), start, 2*each)
	}
	for i, r := range rows {
		if *r.Sequence != start+1+i {
			t.Fatalf("audit row %d has #%d, want #%d", i, *r.Sequence, start+1+i)
		}
	}
}
