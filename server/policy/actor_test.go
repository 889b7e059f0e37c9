package policy

import (
	"slices"
	"testing"
)

// TestProgramsActWithTheirRoleLessPeopleOnly: a program may do what its
// role may, except create keys, OAuth clients and webhooks; a program with
// the owner's role (which none is given) may do nothing.
func TestProgramsActWithTheirRoleLessPeopleOnly(t *testing.T) {
	for _, kind := range []ActorKind{APIKey, OAuthClient} {
		for _, r := range []Role{Admin, Member} {
			for _, p := range grants[Owner] {
				want := Can(r, p) && !slices.Contains(peopleOnly, p)
				if got := Allows(Actor{Kind: kind, Role: r}, p); got != want {
					t.Errorf("Allows(%s %s, %s) = %v, want %v", kind, r, p, got, want)
				}
			}
		}
		if got := PermissionsOf(Actor{Kind: kind, Role: Owner}); len(got) != 0 {
			t.Errorf("a %s with the owner's role may %v", kind, got)
		}
		if ActAsPerson(kind).Allowed {
			t.Errorf("a %s acts as a person", kind)
		}
	}
	for _, r := range []Role{Owner, Admin, Member} {
		if !slices.Equal(PermissionsOf(Actor{Kind: Person, Role: r}), Permissions(r)) {
			t.Errorf("a person's permissions as %s differ from the role's", r)
		}
	}
	if !ActAsPerson(Person).Allowed {
		t.Error("a person may not act as a person")
	}
}

func TestProgramRole(t *testing.T) {
	for _, tc := range []struct {
		creator, role Role
		ok            bool
	}{
		{Owner, Admin, true}, {Owner, Member, true}, {Admin, Admin, true}, {Admin, Member, true},
		{Owner, Owner, false}, {Admin, Owner, false}, {Member, Admin, false}, {Owner, "GUEST", false},
	} {
		if got := ProgramRole(tc.creator, tc.role).Allowed; got != tc.ok {
			t.Errorf("ProgramRole(%s, %s) = %v, want %v", tc.creator, tc.role, got, tc.ok)
		}
	}
}
