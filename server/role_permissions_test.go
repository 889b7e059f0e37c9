package server_test

import (
	"slices"
	"testing"

	"github.com/rosterhq/roster/server/servertest"
)

// TestRolePermissionsTable: Query.rolePermissions, the portal's roles
// table, gives each role exactly what viewerPermissions gives a person of
// that role (both come from the policy that authorizes), for a signed-in
// user only.
func TestRolePermissionsTable(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@table.test", "Olive Owner")
	org := owner.CreateOrg("Table")
	admin, _ := env.Join(owner, org, "ada@table.test", "ADMIN")
	member, _ := env.Join(owner, org, "meg@table.test", "MEMBER")

	var table struct {
		RolePermissions []struct {
			Role        string
			Permissions []string
		}
	}
	member.MustDo(`{ rolePermissions { role permissions } }`, nil, &table)
	var roles []string
	for _, r := range table.RolePermissions {
		roles = append(roles, r.Role)
	}
	if !slices.Equal(roles, []string{"OWNER", "ADMIN", "MEMBER"}) {
		t.Fatalf("rolePermissions lists %v, want OWNER, ADMIN, MEMBER", roles)
	}
	for i, c := range []*servertest.Client{owner, admin, member} {
		var out struct {
			Organization struct {
				ViewerRole        string
				ViewerPermissions []string
			}
		}
		c.MustDo(`query($s: String!) { organization(slug: $s) { viewerRole viewerPermissions } }`, map[string]any{"s": org.Slug}, &out)
		row := table.RolePermissions[i]
		if out.Organization.ViewerRole != row.Role || !slices.Equal(out.Organization.ViewerPermissions, row.Permissions) {
			t.Errorf("%s: viewerPermissions %v, rolePermissions says %v", row.Role, out.Organization.ViewerPermissions, row.Permissions)
		}
	}
	if n := len(table.RolePermissions[0].Permissions); n <= len(table.RolePermissions[1].Permissions) || !slices.Contains(table.RolePermissions[0].Permissions, "MANAGE_ORGANIZATION") ||
		slices.Contains(table.RolePermissions[1].Permissions, "MANAGE_ORGANIZATION") {
		t.Errorf("the owner's row %v must hold more than the admin's %v, MANAGE_ORGANIZATION among them", table.RolePermissions[0].Permissions, table.RolePermissions[1].Permissions)
	}
	if res := env.NewClient().Do(`{ rolePermissions { role } }`, nil); res.Code() != "UNAUTHENTICATED" {
		t.Errorf("rolePermissions for nobody: %s %+v, want UNAUTHENTICATED", res.Data, res.Errors)
	}
}
