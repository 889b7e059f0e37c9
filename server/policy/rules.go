package policy

import (
	"fmt"
	"strings"

	"github.com/rosterhq/roster/server/errcode"
)

// This file is the whole of who may do what to whom. Hold it against the
// guide's table (docs: "Understanding Roles", "Permissions Comparison") and
// SPEC.md's decision D:
//
//	guide / SPEC                                     rule below
//	Owner, Admin: manage members                     Invite, ChangeRole, Remove, ManageInvitation (ManageMembers)
//	D: Admin may invite as ADMIN, promote to Admin   Invite, ChangeRole (Member -> Admin needs ManageMembers)
//	D: only the Owner demotes or removes an Admin    ChangeRole, Remove (target Admin needs ManageAdmins)
//	D: nobody invites or promotes to OWNER           Invite, ChangeRole (role OWNER is BAD_USER_INPUT)
//	Owner: manage owner; Admin: cannot change owner  TransferOwnership (ManageOwner)
//	Nobody removes the Owner                         Remove, ChangeRole (target Owner)
//	The Owner cannot leave before transferring       Leave
//	Member: cannot manage other members              everything above needs ManageMembers
//	Owner, Admin: verify domains (SPEC)              ManageDomain (ManageDomains)
//
// Each function answers a Decision: allowed, or the reason a person reads.
// The domain services ask once and return Decision.Err(); the API serves
// the same answers (viewerCanRemove, viewerAssignableRoles,
// viewerInvitableRoles), so the portal never re-derives them.

// Decision is the answer to "may this actor do this?".
type Decision struct {
	Allowed bool
	// Reason is the message of the refusal, written for a person.
	Reason string
	// Field, when set, means the request itself asks for what no role may
	// (inviting as OWNER): BAD_USER_INPUT on that argument, not FORBIDDEN.
	Field string
}

var allow = Decision{Allowed: true}

func forbid(format string, args ...any) Decision {
	return Decision{Reason: fmt.Sprintf(format, args...)}
}

func invalid(field, reason string) Decision { return Decision{Reason: reason, Field: field} }

// Err is nil when the decision allows, else the error the API returns:
// FORBIDDEN with the reason, or BAD_USER_INPUT on Field.
func (d Decision) Err() error {
	switch {
	case d.Allowed:
		return nil
	case d.Field != "":
		return errcode.Invalid(d.Field, "%s", d.Reason)
	default:
		return errcode.New(errcode.Forbidden, "%s", d.Reason)
	}
}

// Assignable are the roles a membership or an invitation may be given;
// OWNER moves only by TransferOwnership.
var Assignable = []Role{Admin, Member}

func lower(r Role) string { return strings.ToLower(string(r)) }

// notAllowed is the refusal of an actor whose role lacks the permission.
func notAllowed(actor Role) Decision {
	return forbid("Your role (%s) does not allow this.", lower(actor))
}

// Invite decides whether actor may invite someone as role. Owners and
// admins invite admins and members (D); nobody invites an owner.
func Invite(actor, role Role) Decision {
	switch {
	case !Can(actor, ManageMembers):
		return notAllowed(actor)
	case role == Owner:
		return invalid("role", "Nobody can be invited as owner; invite them, then transfer ownership.")
	case !role.Valid():
		return invalid("role", "Choose a role: admin or member.")
	}
	return allow
}

// InvitableRoles are the roles actor may invite with, in Assignable's order.
func InvitableRoles(actor Role) []Role {
	return allowedRoles(func(r Role) Decision { return Invite(actor, r) })
}

// ManageInvitation decides whether actor may cancel or resend an invitation.
func ManageInvitation(actor Role) Decision {
	if !Can(actor, ManageMembers) {
		return notAllowed(actor)
	}
	return allow
}

// Target is the membership acted on: its role, and whether it is the
// actor's own.
type Target struct {
	Role Role
	Self bool
}

// refuse is the refusal to do what to target, by target's role.
func refuse(target Role, what string) Decision {
	switch target {
	case Owner:
		return forbid("Nobody can %s the owner; the owner can transfer ownership first.", what)
	case Admin:
		return forbid("Only the owner can %s an admin.", what)
	default:
		return forbid("Only owners and admins can %s a member.", what)
	}
}

// ChangeRole decides whether actor may give target the role next. Admins
// promote members (D); only the owner demotes admins (D); the owner's role,
// and the role OWNER, move only by transfer; nobody changes their own role.
// Giving a member the role it has is allowed (nothing changes).
func ChangeRole(actor Role, target Target, next Role) Decision {
	const what = "change the role of"
	switch {
	case !Can(actor, ManageMembers):
		return refuse(target.Role, what)
	case next == Owner:
		return invalid("role", "Ownership moves only by transferring it.")
	case !next.Valid():
		return invalid("role", "Choose a role: admin or member.")
	case target.Role == next:
		return allow
	case target.Role == Owner:
		return refuse(Owner, what)
	case target.Self:
		return forbid("You cannot change your own role; another owner or admin can.")
	case target.Role == Admin && !Can(actor, ManageAdmins):
		return refuse(Admin, what)
	}
	return allow
}

// AssignableRoles are the roles actor may give target, its current role
// excluded: empty for the actor's own membership and for the owner's.
func AssignableRoles(actor Role, target Target) []Role {
	return allowedRoles(func(r Role) Decision {
		if r == target.Role {
			return Decision{}
		}
		return ChangeRole(actor, target, r)
	})
}

// Remove decides whether actor may remove target. Nobody removes the owner;
// only the owner removes admins (D); members leave rather than remove
// themselves.
func Remove(actor Role, target Target) Decision {
	switch {
	case target.Role == Owner:
		return refuse(Owner, "remove")
	case target.Self:
		return forbid("You cannot remove yourself; leave the organization instead.")
	case target.Role == Admin && !Can(actor, ManageAdmins):
		return refuse(Admin, "remove")
	case !Can(actor, ManageMembers):
		return refuse(target.Role, "remove")
	}
	return allow
}

// Leave decides whether a member with role may leave: everyone but the
// owner, who transfers ownership first.
func Leave(role Role) Decision {
	if role == Owner {
		return forbid("The owner cannot leave; transfer ownership to another member first.")
	}
	return allow
}

// TransferOwnership decides whether actor may make target the owner: the
// owner only, to someone else.
func TransferOwnership(actor Role, target Target) Decision {
	switch {
	case !Can(actor, ManageOwner):
		return notAllowed(actor)
	case target.Self:
		return invalid("membershipID", "You are already the owner.")
	}
	return allow
}

// ManageDomain decides whether actor may add, verify, switch auto-join on
// or off, or remove a domain: owners and admins (MANAGE_DOMAINS).
func ManageDomain(actor Role) Decision {
	if !Can(actor, ManageDomains) {
		return notAllowed(actor)
	}
	return allow
}

func allowedRoles(decide func(Role) Decision) []Role {
	out := []Role{}
	for _, r := range Assignable {
		if decide(r).Allowed {
			out = append(out, r)
		}
	}
	return out
}
