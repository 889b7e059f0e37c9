package server_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rosterhq/roster/server/servertest"
)

// TestServedDecisionsAgreeWithTheMutations: for every viewer (owner, admin,
// member) and every target (the owner, an admin, a member, the viewer's own
// membership), viewerCanRemove says yes exactly when removeMember succeeds,
// and viewerAssignableRoles holds a role exactly when changeMemberRole to it
// succeeds. Each mutation runs on an organization where nothing has
// succeeded yet: a fresh one after every success.
func TestServedDecisionsAgreeWithTheMutations(t *testing.T) {
	w := newRoleWorld(t)
	targets := map[string]func(viewer string) string{
		"owner":  func(string) string { return asOwner },
		"admin":  func(string) string { return "targetAdmin" },
		"member": func(string) string { return "targetMember" },
		"self":   func(v string) string { return v },
	}
	var fx *roleFixture
	fresh := func() { fx = w.fixture(t, false) }
	fresh()
	type served struct {
		ViewerCanRemove       bool
		ViewerAssignableRoles []string
		Role                  string
	}
	read := func(viewer, person string) served {
		var out struct{ Node served }
		doOK(t, fx.clients[viewer], `query($id: ID!) { node(id: $id) { ... on Membership { role viewerCanRemove viewerAssignableRoles } } }`,
			map[string]any{"id": fx.mem[person]}, &out)
		return out.Node
	}
	for _, viewer := range []string{asOwner, asAdmin, asMember} {
		for _, tn := range []string{"owner", "admin", "member", "self"} {
			person := targets[tn](viewer)
			// removeMember
			got := read(viewer, person)
			if slices.Contains(got.ViewerAssignableRoles, got.Role) || slices.Contains(got.ViewerAssignableRoles, "OWNER") {
				t.Errorf("%s on %s: assignable roles %v hold the current role or OWNER", viewer, tn, got.ViewerAssignableRoles)
			}
			res := fx.clients[viewer].Do(`mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": fx.mem[person]})
			if ok := len(res.Errors) == 0; ok != got.ViewerCanRemove {
				t.Errorf("%s removes %s: viewerCanRemove %v, mutation %s %v", viewer, tn, got.ViewerCanRemove, res.Code(), res.Errors)
			} else if !ok && res.Code() != "FORBIDDEN" {
				t.Errorf("%s removes %s: refused with %s, want FORBIDDEN", viewer, tn, res.Code())
			}
			if len(res.Errors) == 0 {
				fresh()
			}
			// changeMemberRole, to every role but the current one
			for _, role := range []string{"OWNER", "ADMIN", "MEMBER"} {
				got := read(viewer, person)
				if role == got.Role {
					continue
				}
				res := fx.clients[viewer].Do(`mutation($id: ID!, $r: Role!) { changeMemberRole(id: $id, role: $r) { role } }`,
					map[string]any{"id": fx.mem[person], "r": role})
				if ok := len(res.Errors) == 0; ok != slices.Contains(got.ViewerAssignableRoles, role) {
					t.Errorf("%s makes %s %s: viewerAssignableRoles %v, mutation %s %v", viewer, tn, role, got.ViewerAssignableRoles, res.Code(), res.Errors)
				}
				if len(res.Errors) == 0 {
					fresh()
				}
			}
		}
	}
}

// TestInvitableRolesAgreeWithInviteMember: viewerInvitableRoles holds a
// role exactly when inviteMember with it succeeds, for each viewer role.
func TestInvitableRolesAgreeWithInviteMember(t *testing.T) {
	w := newRoleWorld(t)
	for _, viewer := range []string{asOwner, asAdmin, asMember} {
		fx := w.fixture(t, false)
		var out struct {
			Organization struct{ ViewerInvitableRoles []string }
		}
		doOK(t, fx.clients[viewer], `query($s: String!) { organization(slug: $s) { viewerInvitableRoles } }`, map[string]any{"s": fx.org.Slug}, &out)
		roles := out.Organization.ViewerInvitableRoles
		if viewer != asMember && len(roles) == 0 {
			t.Errorf("%s may invite with no role", viewer)
		}
		for _, role := range []string{"OWNER", "ADMIN", "MEMBER"} {
			res := fx.clients[viewer].Do(`mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"organizationID": fx.org.ID, "email": fmt.Sprintf("inv-%s-%s@roles.test", viewer, strings.ToLower(role)), "role": role}})
			if ok := len(res.Errors) == 0; ok != slices.Contains(roles, role) {
				t.Errorf("%s invites as %s: viewerInvitableRoles %v, mutation %s %v", viewer, role, roles, res.Code(), res.Errors)
			}
		}
	}
}

// TestBulkInvitePreviewIsWhatBulkInviteDoes: the preview of some lines,
// then bulkInviteMembers on the same lines, give the same valid count,
// rejections (codes, lines, inputs, messages) and seat answer; the preview
// writes nothing; and what the mutation refuses whole, the preview refuses
// with the same code.
func TestBulkInvitePreviewIsWhatBulkInviteDoes(t *testing.T) {
	w := newRoleWorld(t)
	const previewQ = `query($s: String!, $e: String!, $r: Role!) { organization(slug: $s) {
		seatUsage { used }
		bulkInvitePreview(emails: $e, role: $r) { valid seatsNeeded seatsAvailable fits rejected { line input code message } } } }`
	const bulkQ = `mutation($in: BulkInviteMembersInput!) { bulkInviteMembers(input: $in) { invitations { email } rejected { line input code message } } }`
	type rejection struct {
		Line                 int
		Input, Code, Message string
	}
	type preview struct {
		SeatUsage         struct{ Used int }
		BulkInvitePreview struct {
			Valid, SeatsNeeded, SeatsAvailable int
			Fits                               bool
			Rejected                           []rejection
		}
	}
	run := func(t *testing.T, fx *roleFixture, viewer, text, role string) (preview, *servertestResponse) {
		t.Helper()
		vars := map[string]any{"s": fx.org.Slug, "e": text, "r": role}
		pres := fx.clients[viewer].Do(previewQ, vars)
		var p struct{ Organization preview }
		if len(pres.Errors) == 0 {
			decodeData(t, pres.Data, &p)
		}
		var again struct{ Organization preview }
		if len(pres.Errors) == 0 {
			doOK(t, fx.clients[viewer], previewQ, vars, &again)
			if again.Organization.SeatUsage != p.Organization.SeatUsage {
				t.Errorf("the preview wrote: seats %+v then %+v", p.Organization.SeatUsage, again.Organization.SeatUsage)
			}
		}
		bres := fx.clients[viewer].Do(bulkQ, map[string]any{"in": map[string]any{"organizationID": fx.org.ID, "emails": text, "role": role}})
		return p.Organization, &servertestResponse{preview: pres.Code(), bulk: bres.Code(), data: bres.Data, ext: bres}
	}

	t.Run("lines", func(t *testing.T) {
		fx := w.fixture(t, false)
		text := strings.Join([]string{
			"  New.One@Example.com ", "", "not an address", "new.one@example.com",
			w.emails["targetMember"], fx.invMail + "\r", "new.two@example.com\r", "a@b@c",
		}, "\n")
		p, r := run(t, fx, asAdmin, text, "MEMBER")
		if r.preview != "" || r.bulk != "" {
			t.Fatalf("preview %s, bulk %s: %+v", r.preview, r.bulk, r.ext.Errors)
		}
		var out struct {
			BulkInviteMembers struct {
				Invitations []struct{ Email string }
				Rejected    []rejection
			}
		}
		decodeData(t, r.data, &out)
		b := out.BulkInviteMembers
		if p.BulkInvitePreview.Valid != len(b.Invitations) || p.BulkInvitePreview.SeatsNeeded != len(b.Invitations) || !p.BulkInvitePreview.Fits {
			t.Errorf("preview %+v, bulk invited %v", p.BulkInvitePreview, b.Invitations)
		}
		if !reflect.DeepEqual(p.BulkInvitePreview.Rejected, b.Rejected) {
			t.Errorf("rejected:\npreview %+v\nbulk    %+v", p.BulkInvitePreview.Rejected, b.Rejected)
		}
		codes := map[string]bool{}
		for _, rj := range b.Rejected {
			codes[rj.Code] = true
		}
		for _, c := range []string{"INVALID_EMAIL", "DUPLICATE", "ALREADY_MEMBER", "ALREADY_INVITED"} {
			if !codes[c] {
				t.Errorf("the lines were meant to give %s: %+v", c, b.Rejected)
			}
		}
	})

	t.Run("does not fit", func(t *testing.T) {
		fx := w.fixture(t, false)
		var lines []string
		for i := range 20 {
			lines = append(lines, fmt.Sprintf("many-%d-%d@roles.test", fx.n, i))
		}
		p, r := run(t, fx, asOwner, strings.Join(lines, "\n"), "ADMIN")
		pv := p.BulkInvitePreview
		if pv.Fits || pv.Valid != 20 || pv.SeatsNeeded != 20 {
			t.Errorf("preview %+v", pv)
		}
		if r.bulk != "SEAT_LIMIT_REACHED" {
			t.Fatalf("bulk: %s %+v", r.bulk, r.ext.Errors)
		}
		ext := r.ext.Errors[0].Extensions
		if ext["needed"] != float64(pv.SeatsNeeded) || ext["available"] != float64(pv.SeatsAvailable) {
			t.Errorf("bulk needed %v available %v, preview %+v", ext["needed"], ext["available"], pv)
		}
	})

	t.Run("refused whole", func(t *testing.T) {
		fx := w.fixture(t, false)
		for _, c := range []struct{ viewer, text, role string }{
			{asMember, "x@roles.test", "MEMBER"},
			{asAdmin, "x@roles.test", "OWNER"},
			{asOwner, " \n \n", "MEMBER"},
			{asOwner, strings.Repeat("y@roles.test\n", 1001), "MEMBER"},
		} {
			_, r := run(t, fx, c.viewer, c.text, c.role)
			if r.preview == "" || r.preview != r.bulk {
				t.Errorf("%s, role %s, %d bytes: preview %q, bulk %q", c.viewer, c.role, len(c.text), r.preview, r.bulk)
			}
		}
	})
}

// servertestResponse is a preview's code beside a bulk invite's outcome.
type servertestResponse struct {
	preview, bulk string
	data          json.RawMessage
	ext           *servertest.Response
}
