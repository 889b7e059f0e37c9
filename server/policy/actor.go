package policy

import "slices"

// ActorKind is what acts: a person (signed in with a session), or a program
// acting with a credential one of the organization's people made for it.
type ActorKind string

// The kinds of actor.
const (
	Person      ActorKind = "PERSON"
	APIKey      ActorKind = "API_KEY"
	OAuthClient ActorKind = "OAUTH_CLIENT"
)

// Program reports whether k is a program (an API key or an OAuth client).
func (k ActorKind) Program() bool { return k == APIKey || k == OAuthClient }

// Actor is who asks, as the policy needs to know them: what kind of actor,
// and their role in the organization acted in.
type Actor struct {
	Kind ActorKind
	Role Role
}

// peopleOnly are the permissions a program never has, whatever its role
// (developer.graphql: keys and clients never create keys, OAuth clients or
// webhooks; only people do). A program is never the owner, so the owner's
// own permissions never reach one either.
var peopleOnly = []Permission{CreateOAuthClients, CreateAPIKeys, CreateWebhooks}

// Allows reports whether actor may do p: what the role grants, less what
// only people may do when actor is a program.
func Allows(actor Actor, p Permission) bool {
	if actor.Kind.Program() && (slices.Contains(peopleOnly, p) || actor.Role == Owner) {
		return false
	}
	return Can(actor.Role, p)
}

// PermissionsOf returns what actor may do, in the contract's order.
func PermissionsOf(actor Actor) []Permission {
	out := []Permission{}
	for _, p := range grants[actor.Role] {
		if Allows(actor, p) {
			out = append(out, p)
		}
	}
	return out
}

// ActAsPerson decides whether an actor of kind k may do what only a person
// can: everything about their own account, creating organizations,
// accepting, declining or leaving (a program has no account and no
// membership; it acts in its own organization only).
func ActAsPerson(k ActorKind) Decision {
	if k.Program() {
		return forbid("Only a person can do this: API keys and OAuth clients act on their organization's data only.")
	}
	return allow
}

// ProgramRole decides the role a person with role creator may give a new
// API key or OAuth client: admin or member, never owner, and none above
// the creator's own.
func ProgramRole(creator, role Role) Decision {
	switch {
	case role == Owner:
		return invalid("role", "An API key or OAuth client cannot act as owner; give it the role admin or member.")
	case !role.Valid():
		return invalid("role", "Choose a role: admin or member.")
	case creator == Member && role != Member:
		return forbid("You cannot give a program more than your own role.")
	}
	return allow
}
