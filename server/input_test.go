package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent/invitation"
	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/servertest"
)

// Bad input: every case gets a clear code (and the field at fault, where
// there is one), and writes nothing.

const (
	inviteQ  = `mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`
	bulkQ    = `mutation($in: BulkInviteMembersInput!) { bulkInviteMembers(input: $in) { invitations { email } rejected { line code } } }`
	signUpQ  = `mutation($in: SignUpInput!) { signUp(input: $in) { user { id } } }`
	signInQ  = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { user { id } } }`
	acceptQ  = `mutation($t: String!) { acceptInvitation(token: $t) { id role } }`
	declineQ = `mutation($t: String!) { declineInvitation(token: $t) }`
	resendQ  = `mutation($id: ID!) { resendInvitation(id: $id) { id status sendCount } }`
	cancelQ  = `mutation($id: ID!) { cancelInvitation(id: $id) { id } }`
)

func inviteVars(org servertest.Org, email, role string) map[string]any {
	return map[string]any{"in": map[string]any{"organizationID": org.ID, "email": email, "role": role}}
}

func bulkVars(org servertest.Org, emails, role string) map[string]any {
	return map[string]any{"in": map[string]any{"organizationID": org.ID, "emails": emails, "role": role}}
}

func signUpVars(email, password, name string) map[string]any {
	return map[string]any{"in": map[string]any{"email": email, "password": password, "name": name}}
}

// rowCounts counts the rows of every table a change could write.
type rowCounts struct {
	Users, Organizations, Memberships, Invitations, Emails, AuditEvents, Sessions int
}

func countRows(t *testing.T, env *servertest.Env) rowCounts {
	t.Helper()
	ctx, db := systemContext(), env.App.Client()
	var c rowCounts
	for _, n := range []struct {
		to    *int
		count func() (int, error)
	}{
		{&c.Users, func() (int, error) { return db.User.Query().Count(ctx) }},
		{&c.Organizations, func() (int, error) { return db.Organization.Query().Count(ctx) }},
		{&c.Memberships, func() (int, error) { return db.Membership.Query().Count(ctx) }},
		{&c.Invitations, func() (int, error) { return db.Invitation.Query().Count(ctx) }},
		{&c.Emails, func() (int, error) { return db.OutboxEmail.Query().Count(ctx) }},
		{&c.AuditEvents, func() (int, error) { return db.AuditEvent.Query().Count(ctx) }},
		{&c.Sessions, func() (int, error) { return db.Session.Query().Count(ctx) }},
	} {
		v, err := n.count()
		if err != nil {
			t.Fatal(err)
		}
		*n.to = v
	}
	return c
}

// expectError checks that res failed with code and, when field is not
// empty, extensions.field; that the message is written for people; and
// that nothing leaked.
func expectError(t *testing.T, res *servertest.Response, code, field string) {
	t.Helper()
	assertNoLeaks(t, res)
	if len(res.Errors) == 0 {
		t.Fatalf("succeeded with %s, want %s", res.Data, code)
	}
	if res.Code() != code {
		t.Fatalf("code %q, want %s (errors %+v)", res.Code(), code, res.Errors)
	}
	if field != "" && res.Errors[0].Extensions["field"] != field {
		t.Errorf("extensions.field = %v, want %q (errors %+v)", res.Errors[0].Extensions["field"], field, res.Errors)
	}
	if strings.TrimSpace(res.Errors[0].Message) == "" {
		t.Error("an error without a message")
	}
}

// refused runs call, which must fail with code (and field), and checks that
// it wrote nothing.
func refused(t *testing.T, env *servertest.Env, code, field string, call func() *servertest.Response) *servertest.Response {
	t.Helper()
	before := countRows(t, env)
	res := call()
	expectError(t, res, code, field)
	if after := countRows(t, env); after != before {
		t.Errorf("a refused call wrote rows: before %+v, after %+v", before, after)
	}
	return res
}

// refusedUnchanged is refused, and the organizations are as they were:
// none of their rows was updated either.
func refusedUnchanged(t *testing.T, env *servertest.Env, code string, orgIDs []string, call func() *servertest.Response) *servertest.Response {
	t.Helper()
	before := make([]orgSnapshot, len(orgIDs))
	for i, id := range orgIDs {
		before[i] = snapshotOf(t, env, id)
	}
	res := refused(t, env, code, "", call)
	for i, id := range orgIDs {
		if after := snapshotOf(t, env, id); !after.equal(before[i]) {
			t.Errorf("organization %s changed: %+v -> %+v", id, before[i], after)
		}
	}
	return res
}

// within returns env for a subtest: helpers that fail fail t.
func within(t *testing.T, env *servertest.Env) *servertest.Env {
	e := *env
	e.T = t
	return &e
}

// longAddress returns an address of exactly n characters with a local part
// of local characters.
func longAddress(local, n int) string {
	domain := n - local - 1 - len(".test")
	var labels []string
	for domain > 0 {
		k := min(domain, 63)
		if domain-k == 1 { // leave room for a dot and a label of at least one character
			k--
		}
		labels = append(labels, strings.Repeat("d", k))
		domain -= k + 1
	}
	a := strings.Repeat("l", local) + "@" + strings.Join(labels, ".") + ".test"
	if len(a) != n {
		panic(fmt.Sprintf("longAddress(%d, %d) made %d characters", local, n, len(a)))
	}
	return a
}

// TestInputEmailAddresses refuses malformed addresses, on inviteMember and
// on signUp, with BAD_USER_INPUT on the email field, and accepts the
// longest addresses RFC 5321 allows.
func TestInputEmailAddresses(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@input.test", "Olivia Owner")
	org := owner.CreateOrg("Input Co")
	anon := env.NewClient()

	bad := []struct{ name, email string }{
		{"empty", ""},
		{"only spaces", "   "},
		{"no @", "bob.example.com"},
		{"two @", "bob@mail@example.com"},
		{"two @ in a row", "bob@@example.com"},
		{"display name", "Bob <bob@example.com>"},
		{"angle brackets", "<bob@example.com>"},
		{"line break inside", "bob@exam\nple.com"},
		{"header injection", "bob@example.com\nBcc: eve@example.com"},
		{"carriage return", "bob\r@example.com"},
		{"space inside", "bob smith@example.com"},
		{"tab inside", "bob\t@example.com"},
		{"no dot in domain", "bob@localhost"},
		{"nothing before @", "@example.com"},
		{"nothing after @", "bob@"},
		{"empty domain label", "bob@example..com"},
		{"two addresses", "bob@example.com, eve@example.com"},
		{"NUL byte", "bob\x00@example.com"},
		{"domain label starting with a hyphen", "bob@-example.com"},
		{"local part of 65", strings.Repeat("a", 65) + "@example.com"},
		{"255 characters", longAddress(64, 255)},
		{"1000 characters", longAddress(64, 1000)},
	}
	for _, tc := range bad {
		t.Run("inviteMember/"+tc.name, func(t *testing.T) {
			refused(t, env, "BAD_USER_INPUT", "email", func() *servertest.Response {
				return owner.Do(inviteQ, inviteVars(org, tc.email, "MEMBER"))
			})
		})
		t.Run("signUp/"+tc.name, func(t *testing.T) {
			res := refused(t, env, "BAD_USER_INPUT", "email", func() *servertest.Response {
				return anon.Do(signUpQ, signUpVars(tc.email, servertest.Password, "Bob"))
			})
			if len(res.Errors) > 0 && len(tc.email) > 200 && len(res.Errors[0].Message) > 400 {
				t.Errorf("the message repeats the whole input: %d characters", len(res.Errors[0].Message))
			}
		})
	}
	if got := owner.Seats(org); got.Pending != 0 || got.Used != 1 {
		t.Errorf("seats after the refused invitations = %+v", got)
	}

	// The limits are limits, not off by one: these are valid.
	for _, tc := range []struct{ name, email string }{
		{"local part of 64", strings.Repeat("b", 64) + "@example.com"},
		{"254 characters", longAddress(60, 254)},
		{"plus and dots", "first.last+tag@sub.example.com"},
	} {
		t.Run("valid/"+tc.name, func(t *testing.T) {
			res := owner.Do(`mutation($in: InviteMemberInput!) { inviteMember(input: $in) { email } }`, inviteVars(org, "  "+strings.ToUpper(tc.email)+" ", "MEMBER"))
			assertNoLeaks(t, res)
			if len(res.Errors) > 0 {
				t.Fatalf("inviting %q: %+v", tc.email, res.Errors)
			}
			var out struct{ InviteMember struct{ Email string } }
			decodeData(t, res.Data, &out)
			if out.InviteMember.Email != tc.email {
				t.Errorf("stored address %q, want it trimmed and lower-case: %q", out.InviteMember.Email, tc.email)
			}
		})
	}
}

// TestInputSignUp refuses short passwords, empty names and a second
// account for a verified address; none of them creates anything.
func TestInputSignUp(t *testing.T) {
	env := servertest.Start(t)
	env.User("taken@input.test", "Taken") // verified: an unverified address may be signed up for again
	anon := env.NewClient()
	for _, tc := range []struct {
		name, email, password, person string
		code, field                   string
	}{
		{"password of 9 characters", "new@input.test", "123456789", "New", "BAD_USER_INPUT", "password"},
		{"empty password", "new@input.test", "", "New", "BAD_USER_INPUT", "password"},
		{"9 characters of 2 bytes each", "new@input.test", strings.Repeat("é", 9), "New", "BAD_USER_INPUT", "password"},
		{"empty name", "new@input.test", servertest.Password, "", "BAD_USER_INPUT", "name"},
		{"blank name", "new@input.test", servertest.Password, " \t ", "BAD_USER_INPUT", "name"},
		{"password of 1,025 characters", "new@input.test", strings.Repeat("p", 1025), "New", "BAD_USER_INPUT", "password"},
		{"name with a line break", "new@input.test", servertest.Password, "New\nPerson", "BAD_USER_INPUT", "name"},
		{"name with a NUL byte", "new@input.test", servertest.Password, "New\x00Person", "BAD_USER_INPUT", "name"},
		{"name of 101 characters", "new@input.test", servertest.Password, strings.Repeat("n", 101), "BAD_USER_INPUT", "name"},
		{"duplicate", "taken@input.test", servertest.Password, "Again", "CONFLICT", ""},
		{"duplicate in another case", " Taken@Input.TEST ", servertest.Password, "Again", "CONFLICT", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			refused(t, env, tc.code, tc.field, func() *servertest.Response {
				return anon.Do(signUpQ, signUpVars(tc.email, tc.password, tc.person))
			})
			var me struct{ Viewer *struct{ ID string } }
			doOK(t, anon, `{ viewer { id } }`, nil, &me)
			if me.Viewer != nil {
				t.Error("a refused sign-up signed the client in")
			}
		})
	}
	// Ten characters are enough.
	doOK(t, anon, signUpQ, signUpVars("ten@input.test", "0123456789", "Ten"), nil)
}

// TestInputSignIn gives an unknown address and a wrong password the same
// answer, so that sign-in does not tell who has an account.
func TestInputSignIn(t *testing.T) {
	env := servertest.Start(t)
	env.User("known@input.test", "Known")
	anon := env.NewClient()
	var messages []string
	for _, tc := range []struct{ name, email, password string }{
		{"unknown email", "unknown@input.test", servertest.Password},
		{"wrong password", "known@input.test", servertest.Password + "!"},
		{"empty password", "known@input.test", ""},
		{"enormous password", "known@input.test", strings.Repeat("p", 100_000)},
		{"unknown email in another form", " UNKNOWN@input.test ", servertest.Password},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := refused(t, env, "UNAUTHENTICATED", "", func() *servertest.Response {
				return anon.Do(signInQ, map[string]any{"e": tc.email, "p": tc.password})
			})
			messages = append(messages, res.Errors[0].Message)
			var me struct{ Viewer *struct{ ID string } }
			doOK(t, anon, `{ viewer { id } }`, nil, &me)
			if me.Viewer != nil {
				t.Error("a refused sign-in signed the client in")
			}
		})
	}
	for _, m := range messages[1:] {
		if m != messages[0] {
			t.Errorf("sign-in refusals differ: %q", messages)
		}
	}
	// The right password works, so the refusals above are about the input.
	doOK(t, anon, signInQ, map[string]any{"e": "KNOWN@input.test", "p": servertest.Password}, nil)
}

// TestInputBulkInvite refuses empty and oversized bulk invitations, and a
// bulk invitation that does not fit in the seats creates nothing at all.
func TestInputBulkInvite(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@bulk.test", "Olivia Owner")
	org := owner.CreateOrg("Bulk Co")
	inviteAddress(t, owner, org, "one@bulk.test", "MEMBER")
	inviteAddress(t, owner, org, "two@bulk.test", "MEMBER")
	// 10 seats: the owner and two pending invitations use 3.

	lines := func(n int, format string) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, format+"\n", i)
		}
		return b.String()
	}
	for _, tc := range []struct{ name, emails string }{
		{"empty", ""},
		{"whitespace only", "  \n\n\t\n \r\n   "},
		{"2,000 lines", lines(2000, "person%d@bulk.test")},
		{"1,001 lines", lines(1001, "person%d@bulk.test")},
		{"1,001 lines between blank lines", "\n\n" + strings.ReplaceAll(lines(1001, "person%d@bulk.test"), "\n", "\n\n")},
		{"one enormous line", strings.Repeat("x", 400_000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			refused(t, env, "BAD_USER_INPUT", "emails", func() *servertest.Response {
				return owner.Do(bulkQ, bulkVars(org, tc.emails, "MEMBER"))
			})
		})
	}

	t.Run("more than the free seats", func(t *testing.T) {
		// 8 new valid addresses need 8 seats; 7 are free. The invalid line,
		// the duplicate and the pending address take none.
		emails := "not an address\n" + lines(8, "new%d@bulk.test") + "NEW0@bulk.test\none@bulk.test\n"
		res := refused(t, env, "SEAT_LIMIT_REACHED", "", func() *servertest.Response {
			return owner.Do(bulkQ, bulkVars(org, emails, "MEMBER"))
		})
		ext := res.Errors[0].Extensions
		if ext["needed"] != float64(8) || ext["available"] != float64(7) {
			t.Errorf("extensions = %v, want needed 8 and available 7", ext)
		}
		if got := owner.Seats(org); got.Pending != 2 || got.Used != 3 {
			t.Errorf("seats after the refused bulk invitation = %+v", got)
		}
		var list struct {
			Organization struct{ Invitations struct{ TotalCount int } }
		}
		doOK(t, owner, `query($s: String!) { organization(slug: $s) { invitations { totalCount } } }`, map[string]any{"s": org.Slug}, &list)
		if list.Organization.Invitations.TotalCount != 2 {
			t.Errorf("invitations after the refused bulk invitation: %d, want 2", list.Organization.Invitations.TotalCount)
		}
	})

	t.Run("exactly the free seats", func(t *testing.T) {
		var out struct {
			BulkInviteMembers struct {
				Invitations []struct{ Email string }
				Rejected    []struct {
					Line int
					Code string
				}
			}
		}
		doOK(t, owner, bulkQ, bulkVars(org, lines(7, "fit%d@bulk.test")+"one@bulk.test", "MEMBER"), &out)
		if n := len(out.BulkInviteMembers.Invitations); n != 7 {
			t.Errorf("invited %d, want 7", n)
		}
		if r := out.BulkInviteMembers.Rejected; len(r) != 1 || r[0].Line != 8 || r[0].Code != "ALREADY_INVITED" {
			t.Errorf("rejected = %+v, want line 8 ALREADY_INVITED", r)
		}
		if got := owner.Seats(org); got.Used != 10 || got.Available != 0 {
			t.Errorf("seats = %+v, want all 10 used", got)
		}
	})
}

// TestInputBulkInviteThousand invites 1,000 addresses at once, the most one
// bulk invitation takes.
func TestInputBulkInviteThousand(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.DefaultSeatLimit = 2000 })
	owner := env.User("owner@thousand.test", "Olivia Owner")
	org := owner.CreateOrg("Thousand Co")
	var b strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&b, "Person.%04d@Thousand.test\n", i)
	}
	start := time.Now()
	var out struct {
		BulkInviteMembers struct {
			Invitations []struct{ Email string }
			Rejected    []struct{ Line int }
		}
	}
	doOK(t, owner, bulkQ, bulkVars(org, b.String(), "MEMBER"), &out)
	t.Logf("bulkInviteMembers of 1,000 lines took %s", time.Since(start))
	if n := len(out.BulkInviteMembers.Invitations); n != 1000 {
		t.Errorf("invited %d, want 1000", n)
	}
	if r := out.BulkInviteMembers.Rejected; len(r) != 0 {
		t.Errorf("rejected %d lines: %+v", len(r), r[:min(len(r), 5)])
	}
	if got := owner.Seats(org); got.Pending != 1000 || got.Used != 1001 || got.Available != 999 {
		t.Errorf("seats after 1,000 invitations = %+v", got)
	}
	n, err := env.App.Client().OutboxEmail.Query().Count(systemContext())
	if err != nil {
		t.Fatal(err)
	}
	if n != 1001 { // the owner's verification and one invitation each
		t.Errorf("emails queued = %d, want 1001", n)
	}
}

// TestInputUnknownIDs gives NOT_FOUND for identifiers that name nothing,
// name another type, or name another organization's objects, and changes
// nothing there.
func TestInputUnknownIDs(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@ids.test", "Olivia Owner")
	org := owner.CreateOrg("Ids Co")
	_, ownMember := env.Join(owner, org, "member@ids.test", "MEMBER")
	ownInv := inviteAddress(t, owner, org, "pending@ids.test", "MEMBER")

	other := env.User("owner@other.test", "Otto Other")
	otherOrg := other.CreateOrg("Other Co")
	_, otherMember := env.Join(other, otherOrg, "member@other.test", "MEMBER")
	_, otherAdmin := env.Join(other, otherOrg, "admin@other.test", "ADMIN")
	otherInv := inviteAddress(t, other, otherOrg, "pending@other.test", "MEMBER")

	unknown := []string{"inv_doesnotexist", "mem_x", "org_x", "usr_x", "nonsense", "", "inv_01jzzzzzzzzzzzzzzzzzzzzzzz", "' OR 1=1 --"}
	type call struct {
		name  string
		query string
		vars  map[string]any
	}
	var calls []call
	for _, id := range unknown {
		calls = append(calls,
			call{"resendInvitation " + id, resendQ, map[string]any{"id": id}},
			call{"cancelInvitation " + id, cancelQ, map[string]any{"id": id}},
			call{"removeMember " + id, `mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": id}},
			call{"changeMemberRole " + id, `mutation($id: ID!) { changeMemberRole(id: $id, role: ADMIN) { id } }`, map[string]any{"id": id}},
			call{"updateSeatLimit " + id, `mutation($o: ID!) { updateSeatLimit(organizationID: $o, seats: 20) { id } }`, map[string]any{"o": id}},
			call{"transferOwnership of " + id, `mutation($o: ID!, $m: ID!) { transferOwnership(organizationID: $o, membershipID: $m) { id } }`, map[string]any{"o": id, "m": ownMember}},
			call{"transferOwnership to " + id, `mutation($o: ID!, $m: ID!) { transferOwnership(organizationID: $o, membershipID: $m) { id } }`, map[string]any{"o": org.ID, "m": id}},
			call{"inviteMember to " + id, inviteQ, map[string]any{"in": map[string]any{"organizationID": id, "email": "x@ids.test", "role": "MEMBER"}}},
			call{"bulkInviteMembers to " + id, bulkQ, map[string]any{"in": map[string]any{"organizationID": id, "emails": "x@ids.test", "role": "MEMBER"}}},
			call{"leaveOrganization " + id, `mutation($o: ID!) { leaveOrganization(organizationID: $o) }`, map[string]any{"o": id}},
			call{"deleteOrganization " + id, `mutation($o: ID!) { deleteOrganization(id: $o, confirmSlug: "ids-co") }`, map[string]any{"o": id}},
		)
	}
	calls = append(calls,
		// Another type's identifier.
		call{"resendInvitation of a membership ID", resendQ, map[string]any{"id": ownMember}},
		call{"cancelInvitation of an organization ID", cancelQ, map[string]any{"id": org.ID}},
		call{"removeMember of an invitation ID", `mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": ownInv}},
		call{"updateSeatLimit of a membership ID", `mutation($o: ID!) { updateSeatLimit(organizationID: $o, seats: 20) { id } }`, map[string]any{"o": ownMember}},
		// Another organization's objects.
		call{"resendInvitation of another organization's", resendQ, map[string]any{"id": otherInv}},
		call{"cancelInvitation of another organization's", cancelQ, map[string]any{"id": otherInv}},
		call{"removeMember of another organization's member", `mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": otherMember}},
		call{"removeMember of another organization's admin", `mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": otherAdmin}},
		call{"changeMemberRole of another organization's member", `mutation($id: ID!) { changeMemberRole(id: $id, role: ADMIN) { id } }`, map[string]any{"id": otherMember}},
		call{"changeMemberRole of another organization's admin", `mutation($id: ID!) { changeMemberRole(id: $id, role: MEMBER) { id } }`, map[string]any{"id": otherAdmin}},
		call{"updateSeatLimit of another organization", `mutation($o: ID!) { updateSeatLimit(organizationID: $o, seats: 20) { id } }`, map[string]any{"o": otherOrg.ID}},
		call{"transferOwnership of another organization", `mutation($o: ID!, $m: ID!) { transferOwnership(organizationID: $o, membershipID: $m) { id } }`, map[string]any{"o": otherOrg.ID, "m": otherMember}},
		call{"transferOwnership to another organization's member", `mutation($o: ID!, $m: ID!) { transferOwnership(organizationID: $o, membershipID: $m) { id } }`, map[string]any{"o": org.ID, "m": otherMember}},
		call{"inviteMember to another organization", inviteQ, inviteVars(otherOrg, "x@ids.test", "MEMBER")},
		call{"leaveOrganization of another organization", `mutation($o: ID!) { leaveOrganization(organizationID: $o) }`, map[string]any{"o": otherOrg.ID}},
		call{"deleteOrganization of another organization", `mutation($o: ID!) { deleteOrganization(id: $o, confirmSlug: "other-co") }`, map[string]any{"o": otherOrg.ID}},
	)
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			res := refusedUnchanged(t, env, "NOT_FOUND", []string{org.ID, otherOrg.ID}, func() *servertest.Response { return owner.Do(c.query, c.vars) })
			// The answer for a real object elsewhere is the answer for none.
			if msg := res.Errors[0].Message; strings.Contains(msg, otherOrg.Slug) || strings.Contains(msg, "Other Co") || strings.Contains(msg, "@other.test") {
				t.Errorf("the message tells about the other organization: %q", msg)
			}
		})
	}
}

// TestInputTokens refuses used, unknown and other people's invitation
// links, and links of people who have not verified their address.
func TestInputTokens(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@tokens.test", "Olivia Owner")
	org := owner.CreateOrg("Tokens Co")
	anon := env.NewClient()

	t.Run("used twice", func(t *testing.T) {
		e := within(t, env)
		inviteAddress(t, owner, org, "ada@tokens.test", "ADMIN")
		tok := e.Token("ada@tokens.test", "/invitations/accept")
		ada := e.User("ada@tokens.test", "Ada")
		doOK(t, ada, acceptQ, map[string]any{"t": tok}, nil)
		refused(t, env, "INVITATION_INVALID", "", func() *servertest.Response { return ada.Do(acceptQ, map[string]any{"t": tok}) })
		refused(t, env, "INVITATION_INVALID", "", func() *servertest.Response { return anon.Do(declineQ, map[string]any{"t": tok}) })
		if p := preview(t, anon, tok); p == nil || p.Status != "ACCEPTED" {
			t.Errorf("preview of a used link = %+v, want ACCEPTED", p)
		}
	})

	t.Run("declined, then accepted", func(t *testing.T) {
		e := within(t, env)
		inviteAddress(t, owner, org, "dan@tokens.test", "MEMBER")
		tok := e.Token("dan@tokens.test", "/invitations/accept")
		doOK(t, anon, declineQ, map[string]any{"t": tok}, nil)
		dan := e.User("dan@tokens.test", "Dan")
		refused(t, env, "INVITATION_INVALID", "", func() *servertest.Response { return dan.Do(acceptQ, map[string]any{"t": tok}) })
		refused(t, env, "INVITATION_INVALID", "", func() *servertest.Response { return anon.Do(declineQ, map[string]any{"t": tok}) })
	})

	for _, tok := range []string{
		"x", "", strings.Repeat("A", 43), "tok_" + strings.Repeat("z", 40), strings.Repeat("t", 5000), "' OR 1=1 --' padding padding padding",
	} {
		name := tok
		if len(name) > 20 {
			name = name[:20] + "…"
		}
		t.Run("unknown token "+name, func(t *testing.T) {
			if p := preview(t, anon, tok); p != nil {
				t.Errorf("invitationByToken of an unknown token = %+v, want null", *p)
			}
			refused(t, env, "INVITATION_INVALID", "", func() *servertest.Response { return owner.Do(acceptQ, map[string]any{"t": tok}) })
			refused(t, env, "INVITATION_INVALID", "", func() *servertest.Response { return anon.Do(declineQ, map[string]any{"t": tok}) })
		})
	}

	var otherUserMessage string
	t.Run("another verified user", func(t *testing.T) {
		e := within(t, env)
		invID := inviteAddress(t, owner, org, "cy@tokens.test", "MEMBER")
		tok := e.Token("cy@tokens.test", "/invitations/accept")
		bo := e.User("bo@tokens.test", "Bo")
		res := refused(t, env, "FORBIDDEN", "", func() *servertest.Response { return bo.Do(acceptQ, map[string]any{"t": tok}) })
		otherUserMessage = res.Errors[0].Message
		if !strings.Contains(otherUserMessage, "cy@tokens.test") {
			t.Errorf("message %q does not name the invited address", otherUserMessage)
		}
		if got := storedInvitationStatus(t, env, invID); got != invitation.StatusPENDING {
			t.Errorf("status after a refused accept = %s", got)
		}
		// The invitee can still accept.
		cy := e.User("cy@tokens.test", "Cy")
		doOK(t, cy, acceptQ, map[string]any{"t": tok}, nil)
	})

	t.Run("before verifying", func(t *testing.T) {
		e := within(t, env)
		invID := inviteAddress(t, owner, org, "dee@tokens.test", "MEMBER")
		tok := e.Token("dee@tokens.test", "/invitations/accept")
		dee := e.SignUp("dee@tokens.test", "Dee")
		res := refused(t, env, "FORBIDDEN", "", func() *servertest.Response { return dee.Do(acceptQ, map[string]any{"t": tok}) })
		msg := res.Errors[0].Message
		if !strings.Contains(strings.ToLower(msg), "verif") || msg == otherUserMessage {
			t.Errorf("message %q does not say the address must be verified first", msg)
		}
		if got := storedInvitationStatus(t, env, invID); got != invitation.StatusPENDING {
			t.Errorf("status after a refused accept = %s", got)
		}
		// Verifying makes the same link work.
		doOK(t, dee, `mutation($t: String!) { verifyEmail(token: $t) { id } }`, map[string]any{"t": e.Token("dee@tokens.test", "/verify-email")}, nil)
		doOK(t, dee, acceptQ, map[string]any{"t": tok}, nil)
	})

	t.Run("anonymous", func(t *testing.T) {
		e := within(t, env)
		inviteAddress(t, owner, org, "eve@tokens.test", "MEMBER")
		tok := e.Token("eve@tokens.test", "/invitations/accept")
		refused(t, env, "UNAUTHENTICATED", "", func() *servertest.Response { return anon.Do(acceptQ, map[string]any{"t": tok}) })
	})
}

// TestInputExpiredInvitation: an expired link is INVITATION_INVALID, shows
// as EXPIRED, and its seat is free; resending it needs a seat again.
func TestInputExpiredInvitation(t *testing.T) {
	const ttl = time.Hour
	clock := databasetest.NewClock()
	env := servertest.Start(t, func(c *server.Config) {
		c.InvitationTTL = ttl
		c.DefaultSeatLimit = 2
		c.Clock = clock
	})
	owner := env.User("owner@expiry.test", "Olivia Owner")
	ada := env.User("ada@expiry.test", "Ada")
	org := owner.CreateOrg("Expiry Co")
	adaInv := inviteAddress(t, owner, org, "ada@expiry.test", "MEMBER")
	tok := mailedToken(t, env, "ada@expiry.test", "/invitations/accept")
	res := refused(t, env, "SEAT_LIMIT_REACHED", "", func() *servertest.Response {
		return owner.Do(inviteQ, inviteVars(org, "bo@expiry.test", "MEMBER"))
	})
	if ext := res.Errors[0].Extensions; ext["needed"] != float64(1) || ext["available"] != float64(0) {
		t.Errorf("extensions = %v", ext)
	}

	clock.Advance(ttl)
	waitSwept(t, env, adaInv)

	anon := env.NewClient()
	if p := preview(t, anon, tok); p == nil || p.Status != "EXPIRED" {
		t.Errorf("preview of an expired link = %+v, want EXPIRED", p)
	}
	if got := owner.Seats(org); got != (servertest.SeatUsage{Active: 1, Pending: 0, Used: 1, Total: 2, Available: 1}) {
		t.Errorf("seats with an expired invitation = %+v, want its seat free", got)
	}
	var list struct {
		Organization struct {
			Pending, Expired struct{ TotalCount int }
		}
	}
	doOK(t, owner, `query($s: String!) { organization(slug: $s) {
		pending: invitations(status: PENDING) { totalCount } expired: invitations(status: EXPIRED) { totalCount } } }`,
		map[string]any{"s": org.Slug}, &list)
	if list.Organization.Pending.TotalCount != 0 || list.Organization.Expired.TotalCount != 1 {
		t.Errorf("invitations by status = %+v, want 0 pending and 1 expired", list.Organization)
	}
	refused(t, env, "INVITATION_INVALID", "", func() *servertest.Response { return ada.Do(acceptQ, map[string]any{"t": tok}) })
	refused(t, env, "INVITATION_INVALID", "", func() *servertest.Response { return anon.Do(declineQ, map[string]any{"t": tok}) })

	// The freed seat goes to someone else; the expired invitation then
	// cannot be resent, for lack of a seat.
	inviteAddress(t, owner, org, "bo@expiry.test", "MEMBER")
	res = refusedUnchanged(t, env, "SEAT_LIMIT_REACHED", []string{org.ID}, func() *servertest.Response { return owner.Do(resendQ, map[string]any{"id": adaInv}) })
	if ext := res.Errors[0].Extensions; ext["needed"] != float64(1) || ext["available"] != float64(0) {
		t.Errorf("extensions = %v, want needed 1 and available 0", ext)
	}

	// With a seat free again, the resend works and its new link is good.
	doOK(t, owner, cancelQ, map[string]any{"id": pendingInvitationOf(t, owner, org, "bo@expiry.test")}, nil)
	var resent struct {
		ResendInvitation struct {
			Status    string
			SendCount int
		}
	}
	doOK(t, owner, resendQ, map[string]any{"id": adaInv}, &resent)
	if resent.ResendInvitation.Status != "PENDING" || resent.ResendInvitation.SendCount != 2 {
		t.Errorf("resent = %+v", resent.ResendInvitation)
	}
	newTok := mailedToken(t, env, "ada@expiry.test", "/invitations/accept")
	refused(t, env, "INVITATION_INVALID", "", func() *servertest.Response { return ada.Do(acceptQ, map[string]any{"t": tok}) })
	doOK(t, ada, acceptQ, map[string]any{"t": newTok}, nil)
}

// waitSwept waits for the sweeper to record that the invitation id has
// expired.
func waitSwept(t *testing.T, env *servertest.Env, id string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		inv, err := env.App.Client().Invitation.Get(systemContext(), id)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Status == invitation.StatusEXPIRED {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("invitation %s is still %s 30s after it expired", id, inv.Status)
		}
	}
}

// TestInputInvitationState refuses to resend or cancel an invitation that
// is over (accepted, declined, canceled), and writes nothing.
func TestInputInvitationState(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@state.test", "Olivia Owner")
	org := owner.CreateOrg("State Co")
	anon := env.NewClient()

	accepted := inviteAddress(t, owner, org, "accepted@state.test", "MEMBER")
	tok := mailedToken(t, env, "accepted@state.test", "/invitations/accept")
	doOK(t, env.User("accepted@state.test", "Accepted"), acceptQ, map[string]any{"t": tok}, nil)

	declined := inviteAddress(t, owner, org, "declined@state.test", "MEMBER")
	doOK(t, anon, declineQ, map[string]any{"t": mailedToken(t, env, "declined@state.test", "/invitations/accept")}, nil)

	canceled := inviteAddress(t, owner, org, "canceled@state.test", "MEMBER")
	doOK(t, owner, cancelQ, map[string]any{"id": canceled}, nil)

	for _, inv := range []struct{ name, id string }{{"accepted", accepted}, {"declined", declined}, {"canceled", canceled}} {
		for _, op := range []struct{ name, query string }{{"resend", resendQ}, {"cancel", cancelQ}} {
			t.Run(op.name+" "+inv.name, func(t *testing.T) {
				refusedUnchanged(t, env, "BAD_USER_INPUT", []string{org.ID}, func() *servertest.Response { return owner.Do(op.query, map[string]any{"id": inv.id}) })
			})
		}
	}
	if got := owner.Seats(org); got != (servertest.SeatUsage{Active: 2, Used: 2, Total: 10, Available: 8}) {
		t.Errorf("seats = %+v, want only the two members", got)
	}
}

// TestInputConflicts refuses inviting a member or an address already
// invited.
func TestInputConflicts(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@conflict.test", "Olivia Owner")
	org := owner.CreateOrg("Conflict Co")
	env.Join(owner, org, "member@conflict.test", "MEMBER")
	inviteAddress(t, owner, org, "pending@conflict.test", "MEMBER")
	for _, tc := range []struct{ name, email, role string }{
		{"a member", "member@conflict.test", "MEMBER"},
		{"a member, written differently", "  Member@Conflict.TEST ", "ADMIN"},
		{"the owner", "owner@conflict.test", "MEMBER"},
		{"a pending invitation", "pending@conflict.test", "MEMBER"},
		{"a pending invitation with another role", "PENDING@conflict.test", "ADMIN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			refusedUnchanged(t, env, "CONFLICT", []string{org.ID}, func() *servertest.Response { return owner.Do(inviteQ, inviteVars(org, tc.email, tc.role)) })
		})
	}
}

// TestInputOrganization refuses bad slugs, names, seat limits and delete
// confirmations.
func TestInputOrganization(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@orgs.test", "Olivia Owner")
	org := owner.CreateOrg("Orgs Co")
	create := func(name string, slug any) *servertest.Response {
		in := map[string]any{"name": name}
		if slug != nil {
			in["slug"] = slug
		}
		return owner.Do(`mutation($in: CreateOrganizationInput!) { createOrganization(input: $in) { id } }`, map[string]any{"in": in})
	}
	for _, tc := range []struct {
		name        string
		orgName     string
		slug        any
		code, field string
	}{
		{"slug with a space and capitals", "New", "A B", "BAD_USER_INPUT", "slug"},
		{"slug starting with a hyphen", "New", "-x", "BAD_USER_INPUT", "slug"},
		{"slug ending with a hyphen", "New", "x-", "BAD_USER_INPUT", "slug"},
		{"slug with two hyphens", "New", "a--b", "BAD_USER_INPUT", "slug"},
		{"slug of one character", "New", "x", "BAD_USER_INPUT", "slug"},
		{"slug in capitals", "New", "NEW", "BAD_USER_INPUT", "slug"},
		{"slug with a slash", "New", "a/b", "BAD_USER_INPUT", "slug"},
		{"slug of 49 characters", "New", strings.Repeat("s", 49), "BAD_USER_INPUT", "slug"},
		// A taken slug is not refused: see TestTakenSlugRevealsNoTenant.
		{"empty name", "", "fine-slug", "BAD_USER_INPUT", "name"},
		{"blank name", "   ", nil, "BAD_USER_INPUT", "name"},
		{"name of 101 characters", strings.Repeat("n", 101), nil, "BAD_USER_INPUT", "name"},
	} {
		t.Run("createOrganization/"+tc.name, func(t *testing.T) {
			refused(t, env, tc.code, tc.field, func() *servertest.Response { return create(tc.orgName, tc.slug) })
		})
	}

	t.Run("transferOwnership to the owner", func(t *testing.T) {
		var me struct {
			Organization struct {
				Members struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
		}
		doOK(t, owner, `query($s: String!) { organization(slug: $s) { members { edges { node { id } } } } }`, map[string]any{"s": org.Slug}, &me)
		refused(t, env, "BAD_USER_INPUT", "", func() *servertest.Response {
			return owner.Do(`mutation($o: ID!, $m: ID!) { transferOwnership(organizationID: $o, membershipID: $m) { id } }`,
				map[string]any{"o": org.ID, "m": me.Organization.Members.Edges[0].Node.ID})
		})
	})

	for _, seats := range []int{0, -1, -1000, 1 << 40} {
		t.Run(fmt.Sprintf("updateSeatLimit/%d", seats), func(t *testing.T) {
			before := snapshotOf(t, env, org.ID)
			res := owner.Do(`mutation($o: ID!, $n: Int!) { updateSeatLimit(organizationID: $o, seats: $n) { id } }`, map[string]any{"o": org.ID, "n": seats})
			expectError(t, res, "BAD_USER_INPUT", "")
			if after := snapshotOf(t, env, org.ID); after.SeatLimit != before.SeatLimit {
				t.Errorf("seat limit changed from %d to %d", before.SeatLimit, after.SeatLimit)
			}
		})
	}

	for _, confirm := range []string{"", "wrong", strings.ToUpper(org.Slug), org.Slug + " ", "Orgs Co"} {
		t.Run(fmt.Sprintf("deleteOrganization/confirm %q", confirm), func(t *testing.T) {
			refused(t, env, "BAD_USER_INPUT", "", func() *servertest.Response {
				return owner.Do(`mutation($id: ID!, $s: String!) { deleteOrganization(id: $id, confirmSlug: $s) }`, map[string]any{"id": org.ID, "s": confirm})
			})
			var out struct{ Organization *struct{ ID string } }
			doOK(t, owner, `query($s: String!) { organization(slug: $s) { id } }`, map[string]any{"s": org.Slug}, &out)
			if out.Organization == nil {
				t.Error("the organization is gone after a refused delete")
			}
		})
	}
}

// TestInputDocuments covers what gqlgen and the connections refuse: page
// sizes, cursors, broken and invalid documents.
func TestInputDocuments(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@docs.test", "Olivia Owner")
	org := owner.CreateOrg("Docs Co")
	vars := map[string]any{"s": org.Slug}
	for _, tc := range []struct{ name, query, code string }{
		{"members(first: 101)", `query($s: String!) { organization(slug: $s) { members(first: 101) { totalCount } } }`, "BAD_USER_INPUT"},
		{"members(last: 101)", `query($s: String!) { organization(slug: $s) { members(last: 101) { totalCount } } }`, "BAD_USER_INPUT"},
		{"members(first: -1)", `query($s: String!) { organization(slug: $s) { members(first: -1) { totalCount } } }`, "BAD_USER_INPUT"},
		{"invitations(first: 101)", `query($s: String!) { organization(slug: $s) { invitations(first: 101) { totalCount } } }`, "BAD_USER_INPUT"},
		{"malformed cursor", `query($s: String!) { organization(slug: $s) { members(first: 1, after: "not a cursor!") { totalCount } } }`, "BAD_USER_INPUT"},
		{"cursor of valid base64 but no cursor", `query($s: String!) { organization(slug: $s) { members(first: 1, after: "aGVsbG8gd29ybGQ=") { totalCount } } }`, "BAD_USER_INPUT"},
		{"malformed before cursor", `query($s: String!) { organization(slug: $s) { invitations(last: 1, before: "%%%") { totalCount } } }`, "BAD_USER_INPUT"},
		{"a number for a cursor", `query($s: String!) { organization(slug: $s) { members(first: 1, after: 5) { totalCount } } }`, "BAD_USER_INPUT"},
		{"an object for a cursor", `query($s: String!) { organization(slug: $s) { members(last: 1, before: {id: "x"}) { totalCount } } }`, "BAD_USER_INPUT"},
		{"broken document", `query($s: String!) { organization(slug: $s) { id `, "GRAPHQL_PARSE_FAILED"},
		{"not GraphQL at all", `SELECT * FROM users`, "GRAPHQL_PARSE_FAILED"},
		{"unknown field", `query($s: String!) { organization(slug: $s) { nope } }`, "GRAPHQL_VALIDATION_FAILED"},
		{"unknown argument", `query($s: String!) { organization(slug: $s, nope: 1) { id } }`, "GRAPHQL_VALIDATION_FAILED"},
		{"unknown enum value", `query($s: String!) { organization(slug: $s) { members(role: KING) { totalCount } } }`, "GRAPHQL_VALIDATION_FAILED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			refused(t, env, tc.code, "", func() *servertest.Response { return owner.Do(tc.query, vars) })
		})
	}
	t.Run("a role that is not a role, in variables", func(t *testing.T) {
		refused(t, env, "GRAPHQL_VALIDATION_FAILED", "", func() *servertest.Response {
			return owner.Do(inviteQ, inviteVars(org, "x@docs.test", "KING"))
		})
	})
	t.Run("search of 101 characters", func(t *testing.T) {
		refused(t, env, "BAD_USER_INPUT", "search", func() *servertest.Response {
			return owner.Do(`query($s: String!, $q: String!) { organization(slug: $s) { members(search: $q) { totalCount } } }`,
				map[string]any{"s": org.Slug, "q": strings.Repeat("q", 101)})
		})
	})
	// Search terms are text, not patterns.
	doOK(t, owner, inviteQ, inviteVars(org, "pending@docs.test", "MEMBER"), nil)
	for _, tc := range []struct {
		term              string
		want, invitations int
	}{{"%", 0, 0}, {"_", 0, 0}, {"%docs%", 0, 0}, {"o_ner", 0, 0}, {"OWNER@DOCS", 1, 0}, {"PENDING@", 0, 1}} {
		t.Run(fmt.Sprintf("search %q", tc.term), func(t *testing.T) {
			var out struct {
				Organization struct {
					Members, Invitations struct{ TotalCount int }
				}
			}
			doOK(t, owner, `query($s: String!, $q: String!) { organization(slug: $s) {
				members(search: $q) { totalCount } invitations(search: $q) { totalCount } } }`,
				map[string]any{"s": org.Slug, "q": tc.term}, &out)
			if m, i := out.Organization.Members.TotalCount, out.Organization.Invitations.TotalCount; m != tc.want || i != tc.invitations {
				t.Errorf("search %q found %d members and %d invitations, want %d and %d", tc.term, m, i, tc.want, tc.invitations)
			}
		})
	}
	// The same queries with sizes in range work, so the refusals are about
	// the sizes.
	doOK(t, owner, `query($s: String!) { organization(slug: $s) { members(first: 100) { totalCount } invitations(last: 100) { totalCount } } }`, vars, nil)
}

// invitationStatusIn reads an invitation's stored status.
func storedInvitationStatus(t *testing.T, env *servertest.Env, id string) invitation.Status {
	t.Helper()
	inv, err := env.App.Client().Invitation.Get(systemContext(), id)
	if err != nil {
		t.Fatal(err)
	}
	return inv.Status
}

// pendingInvitationOf finds the pending invitation of an address through
// the API.
func pendingInvitationOf(t *testing.T, c *servertest.Client, org servertest.Org, email string) string {
	t.Helper()
	var out struct {
		Organization struct {
			Invitations struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	doOK(t, c, `query($s: String!, $q: String!) { organization(slug: $s) { invitations(status: PENDING, search: $q) { edges { node { id } } } } }`,
		map[string]any{"s": org.Slug, "q": email}, &out)
	if len(out.Organization.Invitations.Edges) != 1 {
		t.Fatalf("pending invitations of %s: %+v", email, out)
	}
	return out.Organization.Invitations.Edges[0].Node.ID
}
