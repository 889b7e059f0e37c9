// Package policy owns who may do what in an organization: the roles, the
// permissions each role grants (as data, one table), and the few rules about
// roles acting on roles (who may invite, promote, demote or remove whom,
// all in rules.go). Every domain operation asks this package before it
// changes anything; the API serves its answers (viewerPermissions,
// viewerCanRemove, viewerAssignableRoles, viewerInvitableRoles) so that the
// portal never re-derives them.
package policy

import (
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Role is a member's role in one organization.
type Role string

// The roles, from most to least powerful.
const (
	Owner  Role = "OWNER"
	Admin  Role = "ADMIN"
	Member Role = "MEMBER"
)

// Values lists the roles; ent stores a Role as one of these strings.
func (Role) Values() []string { return []string{string(Owner), string(Admin), string(Member)} }

// Valid reports whether r is one of the three roles.
func (r Role) Valid() bool { return r == Owner || r == Admin || r == Member }

// String returns the role's name.
func (r Role) String() string { return string(r) }

// MarshalGQL writes the role as a GraphQL enum value.
func (r Role) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(r))) }

// UnmarshalGQL reads a GraphQL enum value.
func (r *Role) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("role must be a string")
	}
	*r = Role(s)
	if !r.Valid() {
		return fmt.Errorf("%q is not a valid Role", s)
	}
	return nil
}

// Permission is something a role may do in its organization.
type Permission string

// The permissions of the contract's Permission enum.
const (
	DeleteOrganization Permission = "DELETE_ORGANIZATION"
	ManageOwner        Permission = "MANAGE_OWNER"
	ManageAdmins       Permission = "MANAGE_ADMINS"
	ManageMembers      Permission = "MANAGE_MEMBERS"
	ManageDomains      Permission = "MANAGE_DOMAINS"
	ManageBilling      Permission = "MANAGE_BILLING"
	CreateOAuthClients Permission = "CREATE_OAUTH_CLIENTS"
	CreateAPIKeys      Permission = "CREATE_API_KEYS"
	CreateWebhooks     Permission = "CREATE_WEBHOOKS"
	ViewAuditLogs      Permission = "VIEW_AUDIT_LOGS"
	UseProducts        Permission = "USE_PRODUCTS"
	// ManageOrganization: rename it (organization.graphql).
	ManageOrganization Permission = "MANAGE_ORGANIZATION"
)

// MarshalGQL writes the permission as a GraphQL enum value.
func (p Permission) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(p))) }

// UnmarshalGQL reads a GraphQL enum value.
func (p *Permission) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("permission must be a string")
	}
	*p = Permission(s)
	return nil
}

// grants is the permission matrix of SPEC.md: role -> what it may do, in the
// order of the contract's enum.
var grants = map[Role][]Permission{
	Owner: {
		DeleteOrganization, ManageOwner, ManageAdmins, ManageMembers, ManageDomains,
		ManageBilling, CreateOAuthClients, CreateAPIKeys, CreateWebhooks, ViewAuditLogs, UseProducts,
		ManageOrganization,
	},
	Admin: {
		ManageMembers, ManageDomains, CreateOAuthClients, CreateAPIKeys, CreateWebhooks,
		ViewAuditLogs, UseProducts,
	},
	Member: {UseProducts},
}

// Permissions returns what role r may do, in the contract's order. The slice
// is a copy.
func Permissions(r Role) []Permission { return slices.Clone(grants[r]) }

// Can reports whether role r grants permission p.
func Can(r Role, p Permission) bool { return slices.Contains(grants[r], p) }
