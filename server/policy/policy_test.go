package policy

import (
	"slices"
	"testing"
)

// TestPermissionsMatchSpec is SPEC.md's permission table, written out.
func TestPermissionsMatchSpec(t *testing.T) {
	yes := map[Permission][]Role{
		DeleteOrganization: {Owner},
		ManageOwner:        {Owner},
		ManageAdmins:       {Owner},
		ManageMembers:      {Owner, Admin},
		ManageDomains:      {Owner, Admin},
		ManageBilling:      {Owner},
		CreateOAuthClients: {Owner, Admin},
		CreateAPIKeys:      {Owner, Admin},
		CreateWebhooks:     {Owner, Admin},
		ViewAuditLogs:      {Owner, Admin},
		UseProducts:        {Owner, Admin, Member},
		ManageOrganization: {Owner},
	}
	for p, roles := range yes {
		for _, r := range []Role{Owner, Admin, Member} {
			if got, want := Can(r, p), slices.Contains(roles, r); got != want {
				t.Errorf("Can(%s, %s) = %v, want %v", r, p, got, want)
			}
		}
	}
	if Can("", UseProducts) || Can("GUEST", UseProducts) {
		t.Error("an unknown role has permissions")
	}
}

// TestRoleRules is the guide's "Understanding Roles" and SPEC decision D,
// written out one line each.
func TestRoleRules(t *testing.T) {
	self := func(r Role) Target { return Target{Role: r, Self: true} }
	other := func(r Role) Target { return Target{Role: r} }
	tests := []struct {
		name   string
		got    Decision
		want   bool
		reason string
	}{
		{"owner invites admin", Invite(Owner, Admin), true, ""},
		{"admin invites admin (D)", Invite(Admin, Admin), true, ""},
		{"admin invites member", Invite(Admin, Member), true, ""},
		{"member invites member", Invite(Member, Member), false, "Your role (member) does not allow this."},
		{"nobody invites an owner", Invite(Owner, Owner), false, "Nobody can be invited as owner; invite them, then transfer ownership."},
		{"admin promotes member (D)", ChangeRole(Admin, other(Member), Admin), true, ""},
		{"admin demotes admin (D)", ChangeRole(Admin, other(Admin), Member), false, "Only the owner can change the role of an admin."},
		{"owner demotes admin", ChangeRole(Owner, other(Admin), Member), true, ""},
		{"owner makes an owner", ChangeRole(Owner, other(Member), Owner), false, "Ownership moves only by transferring it."},
		{"owner's role changes", ChangeRole(Owner, self(Owner), Admin), false, "Nobody can change the role of the owner; the owner can transfer ownership first."},
		{"admin demotes self", ChangeRole(Admin, self(Admin), Member), false, "You cannot change your own role; another owner or admin can."},
		{"member promotes member", ChangeRole(Member, other(Member), Admin), false, "Only owners and admins can change the role of a member."},
		{"member promotes self", ChangeRole(Member, self(Member), Admin), false, "Only owners and admins can change the role of a member."},
		{"same role is no change", ChangeRole(Admin, other(Member), Member), true, ""},
		{"admin removes member", Remove(Admin, other(Member)), true, ""},
		{"admin removes admin (D)", Remove(Admin, other(Admin)), false, "Only the owner can remove an admin."},
		{"owner removes admin", Remove(Owner, other(Admin)), true, ""},
		{"owner removes owner", Remove(Owner, self(Owner)), false, "Nobody can remove the owner; the owner can transfer ownership first."},
		{"admin removes owner", Remove(Admin, other(Owner)), false, "Nobody can remove the owner; the owner can transfer ownership first."},
		{"admin removes self", Remove(Admin, self(Admin)), false, "You cannot remove yourself; leave the organization instead."},
		{"member removes member", Remove(Member, other(Member)), false, "Only owners and admins can remove a member."},
		{"owner cannot leave", Leave(Owner), false, "The owner cannot leave; transfer ownership to another member first."},
		{"admin leaves", Leave(Admin), true, ""},
		{"member leaves", Leave(Member), true, ""},
		{"owner transfers", TransferOwnership(Owner, other(Member)), true, ""},
		{"owner transfers to self", TransferOwnership(Owner, self(Owner)), false, "You are already the owner."},
		{"admin transfers", TransferOwnership(Admin, other(Member)), false, "Your role (admin) does not allow this."},
		{"admin cancels an invitation", ManageInvitation(Admin), true, ""},
		{"member cancels an invitation", ManageInvitation(Member), false, "Your role (member) does not allow this."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got.Allowed != tt.want || tt.got.Reason != tt.reason {
				t.Errorf("got %+v, want allowed %v, reason %q", tt.got, tt.want, tt.reason)
			}
			if (tt.got.Err() == nil) != tt.want {
				t.Errorf("Err() = %v", tt.got.Err())
			}
		})
	}
}

// TestServedListsFollowTheDecisions: the lists the API serves are exactly
// the roles whose decision allows.
func TestServedListsFollowTheDecisions(t *testing.T) {
	roles := []Role{Owner, Admin, Member}
	for _, actor := range roles {
		if got := InvitableRoles(actor); !slices.Equal(got, map[Role][]Role{Owner: {Admin, Member}, Admin: {Admin, Member}, Member: {}}[actor]) {
			t.Errorf("InvitableRoles(%s) = %v", actor, got)
		}
		for _, tr := range roles {
			for _, self := range []bool{false, true} {
				target := Target{Role: tr, Self: self}
				got := AssignableRoles(actor, target)
				for _, r := range roles {
					want := r != tr && ChangeRole(actor, target, r).Allowed
					if slices.Contains(got, r) != want {
						t.Errorf("AssignableRoles(%s, %+v) = %v; %s", actor, target, got, r)
					}
				}
				if self && len(got) > 0 {
					t.Errorf("AssignableRoles(%s, own membership) = %v, want none", actor, got)
				}
			}
		}
	}
}
