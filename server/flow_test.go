package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/mail/mailtest"
	"github.com/rosterhq/roster/server/servertest"
)

// systemContext reads past the tenant rules, to check what was stored.
func systemContext() context.Context { return database.System(context.Background()) }

// TestGuide walks the team-members guide through the public API: every
// email is delivered by the worker to a real SMTP server, and every link is
// followed from the delivered message.
func TestGuide(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.DefaultSeatLimit = 4 })

	// Sign up, verify from the email, create an organization.
	owner := env.User("owner@acme.test", "Olivia Owner")
	var me struct {
		Viewer struct {
			Email         string
			EmailVerified bool
		}
	}
	owner.MustDo(`{ viewer { email emailVerified } }`, nil, &me)
	if !me.Viewer.EmailVerified || me.Viewer.Email != "owner@acme.test" {
		t.Fatalf("viewer after verifying = %+v", me.Viewer)
	}
	org := owner.CreateOrg("Acme Inc")
	if org.Slug != "acme-inc" {
		t.Errorf("slug = %q, want acme-inc", org.Slug)
	}
	if got := owner.Seats(org); got != (servertest.SeatUsage{Active: 1, Used: 1, Total: 4, Available: 3}) {
		t.Errorf("seats of a new organization = %+v", got)
	}

	// Single invitation: the email names the organization and the inviter.
	owner.Invite(org, " Ada@Example.COM ", "ADMIN")
	m := env.Mail.WaitFor(t, "ada@example.com", nil, servertest.MailTimeout)
	for _, want := range []string{"Acme Inc", "Olivia Owner", env.URL + "/invitations/accept?token="} {
		if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, strings.ReplaceAll(want, "&", "&amp;")) {
			t.Errorf("invitation email lacks %q in its text or HTML part", want)
		}
	}
	adaToken := mailtest.TokenFrom(t, m, "/invitations/accept")

	// The link shows the invitation before signing in.
	anon := env.NewClient()
	var preview struct {
		InvitationByToken struct {
			OrganizationName, Email, Role, Status string
			InvitedByName                         *string
		}
	}
	anon.MustDo(`query($t: String!) { invitationByToken(token: $t) { organizationName email role status invitedByName } }`,
		map[string]any{"t": adaToken}, &preview)
	p := preview.InvitationByToken
	if p.OrganizationName != "Acme Inc" || p.Email != "ada@example.com" || p.Role != "ADMIN" || p.Status != "PENDING" || p.InvitedByName == nil || *p.InvitedByName != "Olivia Owner" {
		t.Errorf("preview = %+v", p)
	}

	// Pending invitations count against seats and show in the member list.
	if got := owner.Seats(org); got.Used != 2 || got.Pending != 1 {
		t.Errorf("seats with one pending invitation = %+v", got)
	}

	// Resend: a new email with a new token; the old token stops working.
	var resent struct{ ResendInvitation struct{ SendCount int } }
	invID := pendingInvitationID(t, owner, org, "ada@example.com")
	owner.MustDo(`mutation($id: ID!) { resendInvitation(id: $id) { sendCount } }`, map[string]any{"id": invID}, &resent)
	if resent.ResendInvitation.SendCount != 2 {
		t.Errorf("sendCount after resend = %d", resent.ResendInvitation.SendCount)
	}
	newToken := env.Token("ada@example.com", "/invitations/accept")
	if newToken == adaToken {
		t.Fatal("resend kept the token")
	}

	// The invitee signs up from the link, verifies, and accepts.
	ada := env.User("ada@example.com", "Ada Admin")
	if res := ada.Do(`mutation($t: String!) { acceptInvitation(token: $t) { id } }`, map[string]any{"t": adaToken}); res.Code() != "INVITATION_INVALID" {
		t.Errorf("accepting with the replaced token: code %q, want INVITATION_INVALID", res.Code())
	}
	var accepted struct {
		AcceptInvitation struct {
			Role         string
			Organization struct{ Slug string }
		}
	}
	ada.MustDo(`mutation($t: String!) { acceptInvitation(token: $t) { role organization { slug } } }`, map[string]any{"t": newToken}, &accepted)
	if accepted.AcceptInvitation.Role != "ADMIN" || accepted.AcceptInvitation.Organization.Slug != org.Slug {
		t.Errorf("accepted = %+v", accepted)
	}
	if res := ada.Do(`mutation($t: String!) { acceptInvitation(token: $t) { id } }`, map[string]any{"t": newToken}); res.Code() != "INVITATION_INVALID" {
		t.Errorf("accepting twice: code %q, want INVITATION_INVALID", res.Code())
	}
	if got := owner.Seats(org); got != (servertest.SeatUsage{Active: 2, Used: 2, Total: 4, Available: 2}) {
		t.Errorf("seats after accepting = %+v (the invitation's seat must become the member's)", got)
	}

	// Bulk invitation: one address a line, per-line rejections, one role.
	var bulk struct {
		BulkInviteMembers struct {
			Invitations []struct{ Email, Role string }
			Rejected    []struct {
				Line        int
				Input, Code string
			}
		}
	}
	ada.MustDo(`mutation($in: BulkInviteMembersInput!) { bulkInviteMembers(input: $in) {
		invitations { email role } rejected { line input code } } }`,
		map[string]any{"in": map[string]any{"organizationID": org.ID, "role": "MEMBER",
			"emails": "bo@example.com\n\n  not an email \nada@example.com\nBO@example.com\ncy@example.com\n"}}, &bulk)
	if n := len(bulk.BulkInviteMembers.Invitations); n != 2 {
		t.Errorf("bulk invited %d, want 2 (bo, cy)", n)
	}
	wantRejected := map[int]string{3: "INVALID_EMAIL", 4: "ALREADY_MEMBER", 5: "DUPLICATE"}
	for _, r := range bulk.BulkInviteMembers.Rejected {
		if wantRejected[r.Line] != r.Code {
			t.Errorf("line %d (%q) rejected with %s", r.Line, r.Input, r.Code)
		}
		delete(wantRejected, r.Line)
	}
	if len(wantRejected) > 0 {
		t.Errorf("lines not rejected: %v", wantRejected)
	}

	// The seats are full now (2 members + 2 pending = 4): no invitation fits.
	res := owner.Do(`mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"organizationID": org.ID, "email": "dee@example.com", "role": "MEMBER"}})
	if res.Code() != "SEAT_LIMIT_REACHED" || res.Errors[0].Extensions["needed"] != float64(1) || res.Errors[0].Extensions["available"] != float64(0) {
		t.Fatalf("inviting with no seat left: %+v", res.Errors)
	}

	// Cancel frees a seat at once.
	var canceled struct{ CancelInvitation struct{ Status string } }
	owner.MustDo(`mutation($id: ID!) { cancelInvitation(id: $id) { status } }`,
		map[string]any{"id": pendingInvitationID(t, owner, org, "cy@example.com")}, &canceled)
	if canceled.CancelInvitation.Status != "CANCELED" {
		t.Errorf("status after cancel = %s", canceled.CancelInvitation.Status)
	}
	if got := owner.Seats(org); got.Used != 3 || got.Available != 1 {
		t.Errorf("seats after cancel = %+v", got)
	}
	if res := anon.Do(`mutation($t: String!) { declineInvitation(token: $t) }`,
		map[string]any{"t": env.Token("cy@example.com", "/invitations/accept")}); res.Code() != "INVITATION_INVALID" {
		t.Errorf("declining a canceled invitation: code %q, want INVITATION_INVALID", res.Code())
	}

	// bo accepts; then the last seat goes to dee.
	bo := env.User("bo@example.com", "Bo Member")
	boMembership := bo.Accept(env.Token("bo@example.com", "/invitations/accept"))
	owner.Invite(org, "dee@example.com", "MEMBER")
	if got := owner.Seats(org); got != (servertest.SeatUsage{Active: 3, Pending: 1, Used: 4, Total: 4, Available: 0}) {
		t.Errorf("full seats = %+v", got)
	}

	// Remove: access ends at once, the seat is freed, the user stays and can
	// be invited again.
	var removed struct {
		RemoveMember struct{ User struct{ Email string } }
	}
	ada.MustDo(`mutation($id: ID!) { removeMember(id: $id) { user { email } } }`, map[string]any{"id": boMembership}, &removed)
	if removed.RemoveMember.User.Email != "bo@example.com" {
		t.Errorf("removed = %+v", removed)
	}
	var seen struct{ Organization *struct{ ID string } }
	bo.MustDo(`query($s: String!) { organization(slug: $s) { id } }`, map[string]any{"s": org.Slug}, &seen)
	if seen.Organization != nil {
		t.Error("a removed member still sees the organization")
	}
	if res := bo.Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": boMembership}); res.Code() != "NOT_FOUND" {
		t.Errorf("a removed member reading their old membership: code %q", res.Code())
	}
	if got := owner.Seats(org); got.Used != 3 {
		t.Errorf("seats after removal = %+v", got)
	}
	owner.Invite(org, "bo@example.com", "MEMBER")
	bo.Accept(env.Token("bo@example.com", "/invitations/accept"))

	// Change roles: the owner demotes and promotes an admin.
	adaMembership := membershipID(t, owner, org, "ada@example.com")
	for _, role := range []string{"MEMBER", "ADMIN"} {
		var changed struct{ ChangeMemberRole struct{ Role string } }
		owner.MustDo(`mutation($id: ID!, $r: Role!) { changeMemberRole(id: $id, role: $r) { role } }`,
			map[string]any{"id": adaMembership, "r": role}, &changed)
		if changed.ChangeMemberRole.Role != role {
			t.Errorf("role after change = %s, want %s", changed.ChangeMemberRole.Role, role)
		}
	}

	// Transfer ownership: the old owner becomes an admin.
	owner.MustDo(`mutation($o: ID!, $m: ID!) { transferOwnership(organizationID: $o, membershipID: $m) { id } }`,
		map[string]any{"o": org.ID, "m": adaMembership}, nil)
	for c, want := range map[*servertest.Client]string{owner: "ADMIN", ada: "OWNER"} {
		var out struct{ Organization struct{ ViewerRole string } }
		c.MustDo(`query($s: String!) { organization(slug: $s) { viewerRole } }`, map[string]any{"s": org.Slug}, &out)
		if out.Organization.ViewerRole != want {
			t.Errorf("viewerRole after transfer = %s, want %s", out.Organization.ViewerRole, want)
		}
	}

	// Update the limit: only the owner, never below what is used.
	if res := owner.Do(`mutation($o: ID!) { updateSeatLimit(organizationID: $o, seats: 20) { id } }`, map[string]any{"o": org.ID}); res.Code() != "FORBIDDEN" {
		t.Errorf("an admin raising the limit: code %q, want FORBIDDEN", res.Code())
	}
	if res := ada.Do(`mutation($o: ID!) { updateSeatLimit(organizationID: $o, seats: 3) { id } }`, map[string]any{"o": org.ID}); res.Code() != "BAD_USER_INPUT" {
		t.Errorf("a limit below usage: code %q, want BAD_USER_INPUT", res.Code())
	}
	ada.MustDo(`mutation($o: ID!) { updateSeatLimit(organizationID: $o, seats: 10) { id } }`, map[string]any{"o": org.ID}, nil)
	if got := ada.Seats(org); got.Total != 10 || got.Available != 6 {
		t.Errorf("seats after raising the limit = %+v", got)
	}

	// The member list: name, email, role, join date; pending invitations.
	var list struct {
		Organization struct {
			Members struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Role     string
						JoinedAt string
						User     struct{ Name, Email string }
					}
				}
			}
			Invitations struct {
				TotalCount int
				Edges      []struct {
					Node struct{ Email, Role, Status string }
				}
			}
		}
	}
	bo.MustDo(`query($s: String!) { organization(slug: $s) {
		members { totalCount edges { node { role joinedAt user { name email } } } }
		invitations(status: PENDING) { totalCount edges { node { email role status } } } } }`,
		map[string]any{"s": org.Slug}, &list)
	if list.Organization.Members.TotalCount != 3 {
		t.Errorf("members = %d, want 3", list.Organization.Members.TotalCount)
	}
	if e := list.Organization.Members.Edges; len(e) == 0 || e[0].Node.User.Email != "bo@example.com" || e[0].Node.JoinedAt == "" {
		t.Errorf("members are not newest first: %+v", e)
	}
	if inv := list.Organization.Invitations; inv.TotalCount != 1 || inv.Edges[0].Node.Email != "dee@example.com" {
		t.Errorf("pending invitations = %+v", inv)
	}

	// Audit: the changes above left a trail, in their own transactions.
	events, err := env.App.Client().AuditEvent.Query().All(systemContext())
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, e := range events {
		actions[e.Action]++
	}
	for _, a := range []string{"organization.created", "invitation.created", "invitation.resent", "invitation.accepted",
		"member.joined", "invitation.canceled", "member.removed", "member.role_changed",
		"organization.ownership_transferred", "seats.changed"} {
		if actions[a] == 0 {
			t.Errorf("no audit event %s (have %v)", a, actions)
		}
	}
}

// pendingInvitationID finds the pending invitation of an address.
func pendingInvitationID(t *testing.T, c *servertest.Client, org servertest.Org, email string) string {
	t.Helper()
	var out struct {
		Organization struct {
			Invitations struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	c.MustDo(`query($s: String!, $q: String!) { organization(slug: $s) { invitations(status: PENDING, search: $q) { edges { node { id } } } } }`,
		map[string]any{"s": org.Slug, "q": email}, &out)
	if len(out.Organization.Invitations.Edges) != 1 {
		t.Fatalf("pending invitations of %s: %+v", email, out)
	}
	return out.Organization.Invitations.Edges[0].Node.ID
}

// membershipID finds the membership of a member by email.
func membershipID(t *testing.T, c *servertest.Client, org servertest.Org, email string) string {
	t.Helper()
	var out struct {
		Organization struct {
			Members struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	c.MustDo(`query($s: String!, $q: String!) { organization(slug: $s) { members(search: $q) { edges { node { id } } } } }`,
		map[string]any{"s": org.Slug, "q": email}, &out)
	if len(out.Organization.Members.Edges) != 1 {
		t.Fatalf("members matching %s: %+v", email, out)
	}
	return out.Organization.Members.Edges[0].Node.ID
}

// TestLogHoldsNoDevMailboxToken runs a dev server without SMTP, whose
// emails go to the dev mailbox: the verification token it shows there is
// recorded as a secret, and servertest's check fails the test if any log
// line of the server holds it (the guide: token links never reach the log).
func TestLogHoldsNoDevMailboxToken(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.SMTPURL = ""; c.Dev = true })
	const address = "dev@mailbox.test"
	c := env.SignUp(address, "Dev")
	token := ""
	for deadline := time.Now().Add(30 * time.Second); token == ""; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no verification email in the dev mailbox within 30s")
		}
		res, err := http.Get(env.URL + "/dev/mail.json")
		if err != nil {
			t.Fatal(err)
		}
		var msgs []struct{ To, Text string }
		err = json.NewDecoder(res.Body).Decode(&msgs)
		res.Body.Close()
		if err != nil {
			t.Fatalf("/dev/mail.json: %v", err)
		}
		for _, m := range msgs {
			if m.To == address {
				if match := regexp.MustCompile(`/verify-email\?token=([^\s&]+)`).FindStringSubmatch(m.Text); match != nil {
					token = match[1]
				}
			}
		}
	}
	env.Secret(token, "the verification token shown in the dev mailbox")
	c.MustDo(`mutation($t: String!) { verifyEmail(token: $t) { id } }`, map[string]any{"t": token}, nil)
}
