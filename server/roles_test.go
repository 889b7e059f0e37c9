package server_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/rosterhq/roster/ent/invitation"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/ent/organization"
	"github.com/rosterhq/roster/server/mail/mailtest"
	"github.com/rosterhq/roster/server/servertest"
)

// The actors of the role matrix. The invitee is the person a fixture's
// pending invitation was sent to, signed up and verified; only the cases
// about invitation links use them.
const (
	asOwner    = "owner"
	asAdmin    = "admin"
	asMember   = "member"
	asOutsider = "outsider" // the owner of another organization
	// asOutsiderAdmin is an admin of that other organization; they get what
	// its owner gets.
	asOutsiderAdmin = "outsider admin"
	asAnonymous     = "anonymous"
	asInvitee       = "invitee"
	// Programs: API keys of the case's organization with the role ADMIN or
	// MEMBER, and an ADMIN key of the outsider's organization. A key gets
	// what a person of its role gets (asAdmin's, asMember's, asOutsider's
	// expectation) unless a case says otherwise: what only people may do.
	asAdminKey    = "admin key"
	asMemberKey   = "member key"
	asOutsiderKey = "outsider key"
)

// webhookCreation adds a webhook at a public address (no lookup) for an
// event nothing in the matrix causes, so that nothing is sent.
const webhookCreation = `mutation($o: ID!) { createWebhook(organizationID: $o, url: "https://93.184.215.14/hook", events: ["domain.verified"]) { webhook { id url events } signingSecret } }`

// keyAs is the person whose expectation a key of the matrix shares.
var keyAs = map[string]string{asAdminKey: asAdmin, asMemberKey: asMember, asOutsiderKey: asOutsider}

// programs is the expectation of every key for what only people may do.
func programs(want map[string]string) map[string]string {
	for k := range keyAs {
		want[k] = "FORBIDDEN"
	}
	return want
}

// keyClient returns a client that calls with an API key of org, of role,
// made by owner.
func keyClient(t *testing.T, env *servertest.Env, owner *servertest.Client, org servertest.Org, role string) *servertest.Client {
	c, _ := newKey(t, env, owner, org, role)
	return c
}

// newKey is keyClient, and the key's ID.
func newKey(t *testing.T, env *servertest.Env, owner *servertest.Client, org servertest.Org, role string) (*servertest.Client, string) {
	t.Helper()
	var out struct {
		CreateAPIKey struct {
			APIKey struct{ ID string }
			Secret string
		}
	}
	doOK(t, owner, `mutation($o: ID!, $r: Role!) { createAPIKey(organizationID: $o, name: "matrix", role: $r) { apiKey { id } secret } }`,
		map[string]any{"o": org.ID, "r": role}, &out)
	env.Secret(out.CreateAPIKey.Secret, "an API key")
	c := env.NewClient()
	c.Header.Set("Authorization", "Bearer "+out.CreateAPIKey.Secret)
	return c, out.CreateAPIKey.APIKey.ID
}

// allowed is the expected code of a call that must succeed.
const allowed = ""

// roleWorld is one server and the people of the role matrix. The people sign
// up once; every case gets a fresh organization in which they hold their
// roles, so that no case sees what another did.
type roleWorld struct {
	env     *servertest.Env
	people  map[string]*servertest.Client // the actors, and targetMember and targetAdmin to act on
	emails  map[string]string
	outside servertest.Org // the outsider's organization
	n       int
}

// roleFixture is a fresh organization: its owner, an admin, a member, a
// second member and a second admin to act on, and a pending invitation.
type roleFixture struct {
	n       int
	org     servertest.Org
	mem     map[string]string // person -> membership ID
	inv     string            // the pending invitation's ID
	invMail string            // its address
	invTok  string            // the token of its link
	keyID   string            // the member key's ID
	oauthID string            // an OAuth client's ID
	hookID  string            // a webhook's ID
	clients map[string]*servertest.Client
}

func newRoleWorld(t *testing.T) *roleWorld {
	env := servertest.Start(t)
	w := &roleWorld{env: env, people: map[string]*servertest.Client{}, emails: map[string]string{}}
	for _, p := range []string{asOwner, asAdmin, asMember, "targetMember", "targetAdmin", asOutsider} {
		w.emails[p] = strings.ToLower(p) + "@roles.test"
		w.people[p] = env.User(w.emails[p], "The "+p)
	}
	w.people[asAnonymous] = env.NewClient()
	w.outside = w.people[asOutsider].CreateOrg("Elsewhere Ltd")
	w.emails[asOutsiderAdmin] = "outsider-admin@roles.test"
	w.people[asOutsiderAdmin], _ = env.Join(w.people[asOutsider], w.outside, w.emails[asOutsiderAdmin], "ADMIN")
	w.people[asOutsiderKey] = keyClient(t, env, w.people[asOutsider], w.outside, "ADMIN")
	return w
}

// fixture builds a fresh organization for one case.
func (w *roleWorld) fixture(t *testing.T, withInvitee bool) *roleFixture {
	t.Helper()
	w.n++
	fx := &roleFixture{n: w.n, mem: map[string]string{}, clients: maps.Clone(w.people)}
	owner := w.people[asOwner]
	var created struct{ CreateOrganization servertest.Org }
	doOK(t, owner, `mutation($in: CreateOrganizationInput!) { createOrganization(input: $in) { id slug } }`,
		map[string]any{"in": map[string]any{"name": fmt.Sprintf("Matrix %d", fx.n)}}, &created)
	fx.org = created.CreateOrganization
	var me struct {
		Organization struct {
			Members struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	doOK(t, owner, `query($s: String!) { organization(slug: $s) { members { edges { node { id } } } } }`,
		map[string]any{"s": fx.org.Slug}, &me)
	if len(me.Organization.Members.Edges) != 1 {
		t.Fatalf("a new organization has members %+v", me)
	}
	fx.mem[asOwner] = me.Organization.Members.Edges[0].Node.ID
	for _, p := range []struct{ person, role string }{
		{asAdmin, "ADMIN"}, {asMember, "MEMBER"}, {"targetMember", "MEMBER"}, {"targetAdmin", "ADMIN"},
	} {
		fx.mem[p.person] = w.join(t, fx.org, p.person, p.role)
	}
	fx.invMail = fmt.Sprintf("pending-%d@roles.test", fx.n)
	fx.inv = inviteAddress(t, owner, fx.org, fx.invMail, "MEMBER")
	fx.clients[asAdminKey] = keyClient(t, w.env, owner, fx.org, "ADMIN")
	fx.clients[asMemberKey], fx.keyID = newKey(t, w.env, owner, fx.org, "MEMBER")
	fx.oauthID = newOAuthClient(t, w.env, owner, fx.org, "MEMBER").ID
	var hook struct {
		CreateWebhook struct{ Webhook struct{ ID string } }
	}
	doOK(t, owner, webhookCreation, map[string]any{"o": fx.org.ID}, &hook)
	fx.hookID = hook.CreateWebhook.Webhook.ID
	fx.invTok = mailedToken(t, w.env, fx.invMail, "/invitations/accept")
	if withInvitee {
		fx.clients[asInvitee] = within(t, w.env).User(fx.invMail, "Ivy Invitee")
	}
	return fx
}

// join has the owner invite one of the people, who accepts from the link.
func (w *roleWorld) join(t *testing.T, org servertest.Org, person, role string) string {
	t.Helper()
	inviteAddress(t, w.people[asOwner], org, w.emails[person], role)
	tok := mailedToken(t, w.env, w.emails[person], "/invitations/accept")
	var out struct{ AcceptInvitation struct{ ID string } }
	doOK(t, w.people[person], `mutation($t: String!) { acceptInvitation(token: $t) { id } }`, map[string]any{"t": tok}, &out)
	return out.AcceptInvitation.ID
}

// roleCase is one mutation of the matrix: what each actor gets, and what
// an allowed call must have changed.
type roleCase struct {
	name string
	do   func(fx *roleFixture) (string, map[string]any)
	want map[string]string // actor -> expected code, allowed for success
	// message, when set, must be part of the message of every refusal to a
	// signed-in caller.
	message func(fx *roleFixture) string
	effect  func(t *testing.T, w *roleWorld, fx *roleFixture, actor string, data json.RawMessage)
}

// TestRolesMatrix runs every mutation of the contract as the owner, an
// admin, a member, another organization's owner and admin, and an anonymous
// caller (and, for invitation links, the invitee), on a fresh organization
// each time. Refusals must carry the exact code and change nothing; allowed
// calls must have their effect.
func TestRolesMatrix(t *testing.T) {
	w := newRoleWorld(t)

	membersManage := map[string]string{
		asOwner: allowed, asAdmin: allowed, asMember: "FORBIDDEN", asOutsider: "NOT_FOUND", asAnonymous: "UNAUTHENTICATED",
	}
	ownerOnly := map[string]string{
		asOwner: allowed, asAdmin: "FORBIDDEN", asMember: "FORBIDDEN", asOutsider: "NOT_FOUND", asAnonymous: "UNAUTHENTICATED",
	}
	nobody := map[string]string{
		asOwner: "FORBIDDEN", asAdmin: "FORBIDDEN", asMember: "FORBIDDEN", asOutsider: "NOT_FOUND", asAnonymous: "UNAUTHENTICATED",
	}
	toOwner := map[string]string{
		asOwner: "BAD_USER_INPUT", asAdmin: "BAD_USER_INPUT", asMember: "FORBIDDEN", asOutsider: "NOT_FOUND", asAnonymous: "UNAUTHENTICATED",
	}

	inviteQuery := func(role string) func(fx *roleFixture) (string, map[string]any) {
		return func(fx *roleFixture) (string, map[string]any) {
			return `mutation($in: InviteMemberInput!) { inviteMember(input: $in) { email role status } }`,
				map[string]any{"in": map[string]any{"organizationID": fx.org.ID, "email": newAddress(fx), "role": role}}
		}
	}
	invitedWith := func(role string) func(*testing.T, *roleWorld, *roleFixture, string, json.RawMessage) {
		return func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, _ json.RawMessage) {
			invs := pendingInvitations(t, w, fx)
			if got := invs[newAddress(fx)]; got != role {
				t.Errorf("pending invitations after inviting %s as %s: %v", newAddress(fx), role, invs)
			}
		}
	}
	roleChange := func(target, role string) func(fx *roleFixture) (string, map[string]any) {
		return func(fx *roleFixture) (string, map[string]any) {
			return `mutation($id: ID!, $r: Role!) { changeMemberRole(id: $id, role: $r) { role } }`,
				map[string]any{"id": fx.mem[target], "r": role}
		}
	}
	roleIs := func(target, role string) func(*testing.T, *roleWorld, *roleFixture, string, json.RawMessage) {
		return func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, _ json.RawMessage) {
			if got := memberRoles(t, w, fx)[fx.mem[target]]; got != role {
				t.Errorf("role of %s after the change = %q, want %s", target, got, role)
			}
		}
	}
	removal := func(target string) func(fx *roleFixture) (string, map[string]any) {
		return func(fx *roleFixture) (string, map[string]any) {
			return `mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": fx.mem[target]}
		}
	}
	gone := func(target string) func(*testing.T, *roleWorld, *roleFixture, string, json.RawMessage) {
		return func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, _ json.RawMessage) {
			if role, ok := memberRoles(t, w, fx)[fx.mem[target]]; ok {
				t.Errorf("%s is still a member (%s) after removal", target, role)
			}
			var seen struct{ Organization *struct{ ID string } }
			doOK(t, w.people[target], `query($s: String!) { organization(slug: $s) { id } }`, map[string]any{"s": fx.org.Slug}, &seen)
			if seen.Organization != nil {
				t.Errorf("removed %s still sees the organization", target)
			}
		}
	}

	cases := []roleCase{
		{
			name: "createOrganization",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($in: CreateOrganizationInput!) { createOrganization(input: $in) { slug viewerRole seatUsage { active } } }`,
					map[string]any{"in": map[string]any{"name": fmt.Sprintf("Created %d", fx.n)}}
			},
			want: programs(map[string]string{asOwner: allowed, asAdmin: allowed, asMember: allowed, asOutsider: allowed, asAnonymous: "UNAUTHENTICATED"}),
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, actor string, data json.RawMessage) {
				var out struct {
					CreateOrganization struct {
						Slug, ViewerRole string
						SeatUsage        struct{ Active int }
					}
				}
				decodeData(t, data, &out)
				o := out.CreateOrganization
				if o.ViewerRole != "OWNER" || o.SeatUsage.Active != 1 || o.Slug == "" {
					t.Errorf("created organization = %+v, want the creator as its owner", o)
				}
			},
		},
		{name: "inviteMember as MEMBER", do: inviteQuery("MEMBER"), want: membersManage, effect: invitedWith("MEMBER")},
		{name: "inviteMember as ADMIN", do: inviteQuery("ADMIN"), want: membersManage, effect: invitedWith("ADMIN")},
		{name: "inviteMember as OWNER", do: inviteQuery("OWNER"), want: toOwner},
		{
			name: "bulkInviteMembers",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($in: BulkInviteMembersInput!) { bulkInviteMembers(input: $in) { invitations { email } rejected { line } } }`,
					map[string]any{"in": map[string]any{"organizationID": fx.org.ID, "role": "MEMBER",
						"emails": fmt.Sprintf("bulk-a-%d@roles.test\nbulk-b-%d@roles.test\n", fx.n, fx.n)}}
			},
			want: membersManage,
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, _ json.RawMessage) {
				invs := pendingInvitations(t, w, fx)
				for _, e := range []string{fmt.Sprintf("bulk-a-%d@roles.test", fx.n), fmt.Sprintf("bulk-b-%d@roles.test", fx.n)} {
					if invs[e] != "MEMBER" {
						t.Errorf("%s not invited by the bulk invitation: %v", e, invs)
					}
				}
			},
		},
		{
			name: "bulkInviteMembers as OWNER",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($in: BulkInviteMembersInput!) { bulkInviteMembers(input: $in) { invitations { email } } }`,
					map[string]any{"in": map[string]any{"organizationID": fx.org.ID, "role": "OWNER", "emails": newAddress(fx)}}
			},
			want: toOwner,
		},
		{
			name: "resendInvitation",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($id: ID!) { resendInvitation(id: $id) { sendCount } }`, map[string]any{"id": fx.inv}
			},
			want: membersManage,
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, data json.RawMessage) {
				var out struct{ ResendInvitation struct{ SendCount int } }
				decodeData(t, data, &out)
				if out.ResendInvitation.SendCount != 2 {
					t.Errorf("sendCount after resend = %d, want 2", out.ResendInvitation.SendCount)
				}
				if p := preview(t, w.people[asAnonymous], fx.invTok); p != nil {
					t.Errorf("the replaced token still shows the invitation: %+v", *p)
				}
			},
		},
		{
			name: "cancelInvitation",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($id: ID!) { cancelInvitation(id: $id) { status } }`, map[string]any{"id": fx.inv}
			},
			want: membersManage,
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, _ json.RawMessage) {
				if got := storedInvitationStatus(t, w.env, fx.inv); got != invitation.StatusCANCELED {
					t.Errorf("status after cancel = %s", got)
				}
			},
		},
		{name: "removeMember of a member", do: removal("targetMember"), want: membersManage, effect: gone("targetMember")},
		{name: "removeMember of an admin", do: removal("targetAdmin"), want: ownerOnly, effect: gone("targetAdmin")},
		{name: "removeMember of the owner", do: removal(asOwner), want: nobody},
		{name: "changeMemberRole member to ADMIN", do: roleChange("targetMember", "ADMIN"), want: membersManage, effect: roleIs("targetMember", "ADMIN")},
		{name: "changeMemberRole admin to MEMBER", do: roleChange("targetAdmin", "MEMBER"), want: ownerOnly, effect: roleIs("targetAdmin", "MEMBER")},
		{name: "changeMemberRole member to OWNER", do: roleChange("targetMember", "OWNER"), want: toOwner},
		{name: "changeMemberRole admin to OWNER", do: roleChange("targetAdmin", "OWNER"), want: toOwner},
		{name: "changeMemberRole owner to ADMIN", do: roleChange(asOwner, "ADMIN"), want: nobody},
		{
			name: "leaveOrganization",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($o: ID!) { leaveOrganization(organizationID: $o) }`, map[string]any{"o": fx.org.ID}
			},
			want: programs(map[string]string{asOwner: "FORBIDDEN", asAdmin: allowed, asMember: allowed, asOutsider: "NOT_FOUND", asAnonymous: "UNAUTHENTICATED"}),
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, actor string, _ json.RawMessage) {
				gone(actor)(t, w, fx, actor, nil)
			},
		},
		{
			name: "transferOwnership",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($o: ID!, $m: ID!) { transferOwnership(organizationID: $o, membershipID: $m) { id } }`,
					map[string]any{"o": fx.org.ID, "m": fx.mem["targetMember"]}
			},
			want: ownerOnly,
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, _ json.RawMessage) {
				roles := memberRoles(t, w, fx)
				if roles[fx.mem["targetMember"]] != "OWNER" || roles[fx.mem[asOwner]] != "ADMIN" {
					t.Errorf("after the transfer: new owner is %s, old owner is %s; want OWNER and ADMIN",
						roles[fx.mem["targetMember"]], roles[fx.mem[asOwner]])
				}
			},
		},
		{
			name: "updateOrganization",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($in: UpdateOrganizationInput!) { updateOrganization(input: $in) { name slug } }`,
					map[string]any{"in": map[string]any{"organizationID": fx.org.ID, "name": "Renamed Co"}}
			},
			want: ownerOnly,
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, data json.RawMessage) {
				if s := snapshotOf(t, w.env, fx.org.ID); s.Name != "Renamed Co" {
					t.Errorf("name after the rename = %q", s.Name)
				}
				var out struct{ UpdateOrganization struct{ Name, Slug string } }
				if err := json.Unmarshal(data, &out); err != nil || out.UpdateOrganization.Slug != fx.org.Slug {
					t.Errorf("the slug must stay %q: %s", fx.org.Slug, data)
				}
			},
		},
		{
			name: "updateSeatLimit",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($o: ID!) { updateSeatLimit(organizationID: $o, seats: 20) { seatUsage { total } } }`, map[string]any{"o": fx.org.ID}
			},
			want: ownerOnly,
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, _ json.RawMessage) {
				if s := snapshotOf(t, w.env, fx.org.ID); s.SeatLimit != 20 {
					t.Errorf("seat limit after update = %d, want 20", s.SeatLimit)
				}
			},
		},
		{
			name: "deleteOrganization",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($id: ID!, $s: String!) { deleteOrganization(id: $id, confirmSlug: $s) }`,
					map[string]any{"id": fx.org.ID, "s": fx.org.Slug}
			},
			want: ownerOnly,
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, _ json.RawMessage) {
				if s := snapshotOf(t, w.env, fx.org.ID); s.OrgExists || len(s.Members) > 0 || len(s.Invitations) > 0 {
					t.Errorf("after deleting: %+v", s)
				}
			},
		},
		{
			name: "createAPIKey",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($o: ID!) { createAPIKey(organizationID: $o, name: "CI", role: MEMBER) { apiKey { id name role prefix } secret } }`,
					map[string]any{"o": fx.org.ID}
			},
			want: programs(maps.Clone(membersManage)),
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, data json.RawMessage) {
				var out struct {
					CreateAPIKey struct {
						APIKey struct{ ID, Name, Role, Prefix string }
						Secret string
					}
				}
				decodeData(t, data, &out)
				k := out.CreateAPIKey
				if k.APIKey.Name != "CI" || k.APIKey.Role != "MEMBER" || !strings.HasPrefix(k.Secret, k.APIKey.Prefix) {
					t.Errorf("created key = %+v", k.APIKey)
				}
				w.env.Secret(k.Secret, "an API key")
			},
		},
		{name: "createAPIKey as OWNER", do: func(fx *roleFixture) (string, map[string]any) {
			return `mutation($o: ID!) { createAPIKey(organizationID: $o, name: "CI", role: OWNER) { secret } }`,
				map[string]any{"o": fx.org.ID}
		}, want: programs(maps.Clone(toOwner))},
		{
			name: "revokeAPIKey",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($id: ID!) { revokeAPIKey(id: $id) { id revokedAt } }`, map[string]any{"id": fx.keyID}
			},
			want: programs(maps.Clone(membersManage)),
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, data json.RawMessage) {
				var out struct{ RevokeAPIKey struct{ RevokedAt *string } }
				decodeData(t, data, &out)
				if out.RevokeAPIKey.RevokedAt == nil {
					t.Error("revokedAt is null after revoking")
				}
				if res := fx.clients[asMemberKey].Do(`{ __typename }`, nil); res.Code() != "UNAUTHENTICATED" {
					t.Errorf("the revoked key still works: %+v", res)
				}
			},
		},
		{
			name: "createOAuthClient",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($o: ID!) { createOAuthClient(organizationID: $o, name: "Sync", role: ADMIN) { client { name role clientID } clientSecret } }`,
					map[string]any{"o": fx.org.ID}
			},
			want: programs(maps.Clone(membersManage)),
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, data json.RawMessage) {
				var out struct {
					CreateOAuthClient struct {
						Client       struct{ Name, Role, ClientID string }
						ClientSecret string
					}
				}
				decodeData(t, data, &out)
				if c := out.CreateOAuthClient; c.Client.Name != "Sync" || c.Client.Role != "ADMIN" || c.ClientSecret == "" || c.Client.ClientID == "" {
					t.Errorf("created client = %+v", c.Client)
				}
				w.env.Secret(out.CreateOAuthClient.ClientSecret, "an OAuth client secret")
			},
		},
		{name: "createOAuthClient as OWNER", do: func(fx *roleFixture) (string, map[string]any) {
			return `mutation($o: ID!) { createOAuthClient(organizationID: $o, name: "Sync", role: OWNER) { clientSecret } }`,
				map[string]any{"o": fx.org.ID}
		}, want: programs(maps.Clone(toOwner))},
		{
			name: "revokeOAuthClient",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($id: ID!) { revokeOAuthClient(id: $id) { id revokedAt } }`, map[string]any{"id": fx.oauthID}
			},
			want: programs(maps.Clone(membersManage)),
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, data json.RawMessage) {
				var out struct{ RevokeOAuthClient struct{ RevokedAt *string } }
				decodeData(t, data, &out)
				if out.RevokeOAuthClient.RevokedAt == nil {
					t.Error("revokedAt is null after revoking")
				}
			},
		},
		{
			name: "createWebhook",
			do: func(fx *roleFixture) (string, map[string]any) {
				return webhookCreation, map[string]any{"o": fx.org.ID}
			},
			want: programs(maps.Clone(membersManage)),
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, data json.RawMessage) {
				var out struct {
					CreateWebhook struct {
						Webhook       struct{ URL string }
						SigningSecret string
					}
				}
				decodeData(t, data, &out)
				if out.CreateWebhook.Webhook.URL != "https://93.184.215.14/hook" || !strings.HasPrefix(out.CreateWebhook.SigningSecret, "whsec_") {
					t.Errorf("created webhook = %+v", out.CreateWebhook.Webhook)
				}
				w.env.Secret(out.CreateWebhook.SigningSecret, "a webhook signing secret")
			},
		},
		{
			name: "deleteWebhook",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($id: ID!) { deleteWebhook(id: $id) }`, map[string]any{"id": fx.hookID}
			},
			want: programs(maps.Clone(membersManage)),
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, _ json.RawMessage) {
				var out struct {
					Organization struct{ Webhooks []struct{ ID string } }
				}
				doOK(t, w.people[asOwner], `query($s: String!) { organization(slug: $s) { webhooks { id } } }`, map[string]any{"s": fx.org.Slug}, &out)
				if len(out.Organization.Webhooks) != 0 {
					t.Errorf("webhooks after deleting: %+v", out.Organization.Webhooks)
				}
			},
		},
		{
			name: "acceptInvitation",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($t: String!) { acceptInvitation(token: $t) { role organization { id } } }`, map[string]any{"t": fx.invTok}
			},
			want: map[string]string{asInvitee: allowed, asOwner: "FORBIDDEN", asAdmin: "FORBIDDEN", asMember: "FORBIDDEN",
				asOutsider: "FORBIDDEN", asAnonymous: "UNAUTHENTICATED",
				// keys: the case below (their refusal names no address)
				asAdminKey: "-", asMemberKey: "-", asOutsiderKey: "-"},
			// Refusals of signed-in users say which address was invited.
			message: func(fx *roleFixture) string { return fx.invMail },
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, data json.RawMessage) {
				var out struct {
					AcceptInvitation struct {
						Role         string
						Organization struct{ ID string }
					}
				}
				decodeData(t, data, &out)
				if out.AcceptInvitation.Role != "MEMBER" || out.AcceptInvitation.Organization.ID != fx.org.ID {
					t.Errorf("accepted = %+v", out)
				}
				if got := storedInvitationStatus(t, w.env, fx.inv); got != invitation.StatusACCEPTED {
					t.Errorf("status after accepting = %s", got)
				}
			},
		},
		{
			// A program never accepts an invitation: it is no person.
			name: "acceptInvitation by a program",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($t: String!) { acceptInvitation(token: $t) { role } }`, map[string]any{"t": fx.invTok}
			},
			want: programs(map[string]string{}),
		},
		{
			// The link alone is enough to decline: an invitee need not sign up.
			name: "declineInvitation",
			do: func(fx *roleFixture) (string, map[string]any) {
				return `mutation($t: String!) { declineInvitation(token: $t) }`, map[string]any{"t": fx.invTok}
			},
			want: map[string]string{asInvitee: allowed, asAnonymous: allowed},
			effect: func(t *testing.T, w *roleWorld, fx *roleFixture, _ string, _ json.RawMessage) {
				if got := storedInvitationStatus(t, w.env, fx.inv); got != invitation.StatusDECLINED {
					t.Errorf("status after declining = %s", got)
				}
			},
		},
	}

	actors := []string{asOwner, asAdmin, asMember, asOutsider, asOutsiderAdmin, asAnonymous, asInvitee, asAdminKey, asMemberKey, asOutsiderKey}
	// A refusal changes nothing (each checks its snapshot), so the
	// refusals share two fixtures, one with an invitee and one without,
	// made once: a fixture is some twenty requests and five emails, and
	// most of the matrix's cells are refusals. An allowed call gets a
	// fixture of its own. Should a refusal change its organization after
	// all, it fails, and the refusals after it get fresh fixtures again.
	shared := map[bool]*roleFixture{false: w.fixture(t, false), true: w.fixture(t, true)}
	sharedChanged := false
	for _, tc := range cases {
		for _, actor := range actors {
			want, ok := tc.want[actor]
			if actor == asOutsiderAdmin {
				want, ok = tc.want[asOutsider]
			}
			if person, isKey := keyAs[actor]; isKey && !ok {
				want, ok = tc.want[person]
			}
			if want == "-" { // left to another case
				continue
			}
			if !ok {
				continue
			}
			outcome := want
			if outcome == allowed {
				outcome = "allowed"
			}
			t.Run(tc.name+"/"+actor+"/"+outcome, func(t *testing.T) {
				fx := shared[actor == asInvitee]
				if want == allowed || sharedChanged {
					fx = w.fixture(t, actor == asInvitee)
				}
				before := snapshotOf(t, w.env, fx.org.ID)
				query, vars := tc.do(fx)
				res := fx.clients[actor].Do(query, vars)
				assertNoLeaks(t, res)
				if want == allowed {
					if len(res.Errors) > 0 {
						t.Fatalf("refused: %+v", res.Errors)
					}
					if tc.effect == nil {
						t.Fatal("an allowed case without an effect to check")
					}
					tc.effect(t, w, fx, actor, res.Data)
					return
				}
				if res.Code() != want {
					t.Fatalf("code %q, want %s (errors %+v, data %s)", res.Code(), want, res.Errors, res.Data)
				}
				if tc.message != nil && actor != asAnonymous && !strings.Contains(res.Errors[0].Message, tc.message(fx)) {
					t.Errorf("message %q does not name %s", res.Errors[0].Message, tc.message(fx))
				}
				if after := snapshotOf(t, w.env, fx.org.ID); !after.equal(before) {
					sharedChanged = true
					t.Errorf("a refused call changed the organization:\nbefore %+v\nafter  %+v", before, after)
				}
			})
		}
	}
}

// TestRolesPermissions checks viewerPermissions and viewerRole against the
// table of SPEC.md, and that a non-member cannot see the organization at all.
func TestRolesPermissions(t *testing.T) {
	w := newRoleWorld(t)
	fx := w.fixture(t, false)
	all := []string{"DELETE_ORGANIZATION", "MANAGE_OWNER", "MANAGE_ADMINS", "MANAGE_MEMBERS", "MANAGE_DOMAINS",
		"MANAGE_BILLING", "CREATE_OAUTH_CLIENTS", "CREATE_API_KEYS", "CREATE_WEBHOOKS", "VIEW_AUDIT_LOGS", "USE_PRODUCTS", "MANAGE_ORGANIZATION"}
	for _, tc := range []struct {
		actor, role string
		want        []string
	}{
		{asOwner, "OWNER", all},
		{asAdmin, "ADMIN", []string{"MANAGE_MEMBERS", "MANAGE_DOMAINS", "CREATE_OAUTH_CLIENTS", "CREATE_API_KEYS",
			"CREATE_WEBHOOKS", "VIEW_AUDIT_LOGS", "USE_PRODUCTS"}},
		{asMember, "MEMBER", []string{"USE_PRODUCTS"}},
	} {
		t.Run(tc.actor, func(t *testing.T) {
			var out struct {
				Organization *struct {
					ViewerRole        string
					ViewerPermissions []string
					SeatUsage         struct{ Active int }
				}
			}
			doOK(t, w.people[tc.actor], `query($s: String!) { organization(slug: $s) { viewerRole viewerPermissions seatUsage { active } } }`,
				map[string]any{"s": fx.org.Slug}, &out)
			if out.Organization == nil {
				t.Fatal("a member does not see their organization")
			}
			if out.Organization.ViewerRole != tc.role {
				t.Errorf("viewerRole = %s, want %s", out.Organization.ViewerRole, tc.role)
			}
			got := slices.Sorted(slices.Values(out.Organization.ViewerPermissions))
			if want := slices.Sorted(slices.Values(tc.want)); !slices.Equal(got, want) {
				t.Errorf("viewerPermissions = %v, want %v", got, want)
			}
			// Every member may read the members and the seats.
			if out.Organization.SeatUsage.Active != 5 {
				t.Errorf("seatUsage.active = %d, want 5", out.Organization.SeatUsage.Active)
			}
		})
	}
	for _, actor := range []string{asOutsider, asOutsiderAdmin, asAnonymous} {
		t.Run(actor+" sees nothing", func(t *testing.T) {
			res := w.people[actor].Do(`query($s: String!) { organization(slug: $s) { id name } }`, map[string]any{"s": fx.org.Slug})
			assertNoLeaks(t, res)
			if len(res.Errors) > 0 {
				t.Fatalf("organization(slug) is an error, want null: %+v", res.Errors)
			}
			var out struct{ Organization *struct{ ID string } }
			decodeData(t, res.Data, &out)
			if out.Organization != nil {
				t.Errorf("%s sees another organization: %+v", actor, *out.Organization)
			}
			// Nor its objects by ID.
			for _, id := range []string{fx.org.ID, fx.mem[asMember], fx.inv} {
				res := w.people[actor].Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
				assertNoLeaks(t, res)
				var n struct{ Node *struct{ ID string } }
				decodeData(t, res.Data, &n)
				if n.Node != nil {
					t.Errorf("node(%s) is visible to %s", id, actor)
				}
				if len(res.Errors) > 0 && res.Code() != "NOT_FOUND" {
					t.Errorf("node(%s) as %s: code %q, want null or NOT_FOUND", id, actor, res.Code())
				}
			}
		})
	}
	// The outsider still sees their own organization: the check above is
	// not a broken query.
	var own struct{ Organization *struct{ ViewerRole string } }
	doOK(t, w.people[asOutsider], `query($s: String!) { organization(slug: $s) { viewerRole } }`, map[string]any{"s": w.outside.Slug}, &own)
	if own.Organization == nil || own.Organization.ViewerRole != "OWNER" {
		t.Errorf("the outsider's own organization: %+v", own.Organization)
	}
}

// newAddress is the address a case invites in its fixture.
func newAddress(fx *roleFixture) string { return fmt.Sprintf("new-%d@roles.test", fx.n) }

// orgSnapshot is what the matrix compares before and after a refused call,
// read from the database past the tenant rules.
type orgSnapshot struct {
	OrgExists     bool
	SeatLimit     int
	Name          string
	Organizations int               // every organization, to see one created
	Members       map[string]string // membership ID -> role
	Invitations   map[string]string // invitation ID -> status, send count and token hash
}

func (s orgSnapshot) equal(o orgSnapshot) bool {
	return s.OrgExists == o.OrgExists && s.SeatLimit == o.SeatLimit && s.Name == o.Name && s.Organizations == o.Organizations &&
		maps.Equal(s.Members, o.Members) && maps.Equal(s.Invitations, o.Invitations)
}

func snapshotOf(t *testing.T, env *servertest.Env, orgID string) orgSnapshot {
	t.Helper()
	ctx, db := systemContext(), env.App.Client()
	s := orgSnapshot{Members: map[string]string{}, Invitations: map[string]string{}}
	var err error
	if s.Organizations, err = db.Organization.Query().Count(ctx); err != nil {
		t.Fatal(err)
	}
	orgs, err := db.Organization.Query().Where(organization.ID(orgID)).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) == 1 {
		s.OrgExists, s.SeatLimit, s.Name = true, orgs[0].SeatLimit, orgs[0].Name
	}
	ms, err := db.Membership.Query().Where(membership.OrganizationID(orgID)).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		s.Members[m.ID] = string(m.Role)
	}
	invs, err := db.Invitation.Query().Where(invitation.OrganizationID(orgID)).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range invs {
		s.Invitations[inv.ID] = fmt.Sprintf("%s %s %d %s", inv.Email, inv.Status, inv.SendCount, inv.TokenHash)
	}
	return s
}

// memberRoles returns the fixture organization's memberships and roles.
func memberRoles(t *testing.T, w *roleWorld, fx *roleFixture) map[string]string {
	t.Helper()
	return snapshotOf(t, w.env, fx.org.ID).Members
}

// pendingInvitations returns the fixture organization's pending invitations,
// address -> role, as its owner reads them through the API.
func pendingInvitations(t *testing.T, w *roleWorld, fx *roleFixture) map[string]string {
	t.Helper()
	var out struct {
		Organization struct {
			Invitations struct {
				Edges []struct{ Node struct{ Email, Role string } }
			}
		}
	}
	doOK(t, w.people[asOwner], `query($s: String!) { organization(slug: $s) { invitations(status: PENDING) { edges { node { email role } } } } }`,
		map[string]any{"s": fx.org.Slug}, &out)
	got := map[string]string{}
	for _, e := range out.Organization.Invitations.Edges {
		got[e.Node.Email] = e.Node.Role
	}
	return got
}

// invitationPreview is what invitationByToken shows.
type invitationPreview struct {
	OrganizationName, Email, Role, Status string
}

func preview(t *testing.T, c *servertest.Client, token string) *invitationPreview {
	t.Helper()
	var out struct{ InvitationByToken *invitationPreview }
	doOK(t, c, `query($t: String!) { invitationByToken(token: $t) { organizationName email role status } }`, map[string]any{"t": token}, &out)
	return out.InvitationByToken
}

// The helpers below fail the test they are given, so that they can be used
// in subtests with clients made for the whole test.

// mustDo runs a query that must succeed and decodes its data into out.
func doOK(t *testing.T, c *servertest.Client, query string, vars map[string]any, out any) {
	t.Helper()
	res := c.Do(query, vars)
	assertNoLeaks(t, res)
	if len(res.Errors) > 0 {
		t.Fatalf("%s\nfailed: %+v", strings.TrimSpace(strings.SplitN(strings.TrimSpace(query), "\n", 2)[0]), res.Errors)
	}
	if out != nil {
		decodeData(t, res.Data, out)
	}
}

func decodeData(t *testing.T, data json.RawMessage, out any) {
	t.Helper()
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
}

// invite invites an address and returns the invitation's ID.
func inviteAddress(t *testing.T, c *servertest.Client, org servertest.Org, email, role string) string {
	t.Helper()
	var out struct{ InviteMember struct{ ID string } }
	doOK(t, c, `mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"organizationID": org.ID, "email": email, "role": role}}, &out)
	return out.InviteMember.ID
}

// linkToken waits for the next email to address with a link to path and
// returns the link's token.
func mailedToken(t *testing.T, env *servertest.Env, address, path string) string {
	t.Helper()
	m := env.Mail.WaitFor(t, address, func(m mailtest.Message) bool { return strings.Contains(m.Text, path) }, servertest.MailTimeout)
	return mailtest.TokenFrom(t, m, path)
}

// noLeaks fails when an error message shows internal details.
func assertNoLeaks(t *testing.T, res *servertest.Response) {
	t.Helper()
	for _, e := range res.Errors {
		if leaks(e.Message) {
			t.Errorf("error message leaks internals: %q", e.Message)
		}
		if _, ok := e.Extensions["code"].(string); !ok {
			t.Errorf("error without extensions.code: %+v", e)
		}
	}
}

// leaks reports whether a message mentions the database or ent.
func leaks(msg string) bool {
	return strings.Contains(strings.ToLower(msg), "sql") || strings.HasPrefix(msg, "ent:") || strings.Contains(msg, " ent:")
}
