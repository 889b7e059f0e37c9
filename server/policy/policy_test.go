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

func TestRoleRules(t *testing.T) {
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"owner invites admin", CanInvite(Owner, Admin), true},
		{"admin invites admin", CanInvite(Admin, Admin), true},
		{"admin invites member", CanInvite(Admin, Member), true},
		{"member invites member", CanInvite(Member, Member), false},
		{"nobody invites an owner", CanInvite(Owner, Owner), false},
		{"admin promotes member", CanChangeRole(Admin, Member, Admin), true},
		{"admin demotes admin", CanChangeRole(Admin, Admin, Member), false},
		{"owner demotes admin", CanChangeRole(Owner, Admin, Member), true},
		{"owner makes an owner", CanChangeRole(Owner, Member, Owner), false},
		{"owner's role changes", CanChangeRole(Owner, Owner, Admin), false},
		{"member promotes member", CanChangeRole(Member, Member, Admin), false},
		{"admin removes member", CanRemove(Admin, Member), true},
		{"admin removes admin", CanRemove(Admin, Admin), false},
		{"owner removes admin", CanRemove(Owner, Admin), true},
		{"owner removes owner", CanRemove(Owner, Owner), false},
		{"member removes member", CanRemove(Member, Member), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}
