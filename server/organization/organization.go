// Package organization owns organizations: creating one (the creator
// becomes its Owner), its seat limit, moving ownership, leaving, and
// deleting it.
package organization

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/ent/organization"
	"github.com/rosterhq/roster/server/account"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/seat"
	"github.com/rosterhq/roster/server/viewer"
)

// MaxSeatLimit bounds what updateSeatLimit accepts.
const MaxSeatLimit = 1_000_000

// Service changes organizations.
type Service struct {
	client       *ent.Client
	changes      *change.Recorder
	defaultSeats int
}

// NewService returns the organization service; new organizations get
// defaultSeats seats; its changes are recorded by changes.
func NewService(client *ent.Client, changes *change.Recorder, defaultSeats int) *Service {
	return &Service{client: client, changes: changes, defaultSeats: defaultSeats}
}

// Create makes an organization with the viewer as its Owner, who must have
// verified their email. The slug is the chosen one, or derived from the
// name when empty; when another organization has it, a short random suffix
// is added (acme-x7k2), and the answer's slug is the one given. A taken
// slug is never an error: an error would tell anyone, for free and without
// a trace, which slugs other tenants use, and numbered suffixes (acme-2,
// acme-3) would tell how many. A caller can still notice that the slug came
// back changed, but only by creating an organization each time, which is
// verified, audited and visible.
func (s *Service) Create(ctx context.Context, name, slug string) (*ent.Organization, error) {
	if _, err := viewer.RequirePerson(ctx); err != nil {
		return nil, err
	}
	v, err := viewer.RequireVerified(ctx)
	if err != nil {
		return nil, err
	}
	name, err = account.CleanName("name", name)
	if err != nil {
		return nil, err
	}
	if slug != "" && !validSlug(slug) {
		return nil, errcode.Invalid("slug", "Use 2 to %d lower-case letters, digits and single hyphens, e.g. acme-inc.", maxSlugLength)
	}
	if slug == "" {
		if slug = SlugFrom(name); len(slug) < 2 {
			slug = "org"
		}
	}
	var org *ent.Organization
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		org, err = s.createWithUniqueSlug(ctx, tx, name, slug)
		if err != nil {
			return err
		}
		// The viewer becomes the Owner of the organization this transaction
		// creates, which the tenant rules (and the viewer's roles, until it
		// commits) do not count as theirs yet: the Owner's membership and
		// the audit event are written as System.
		sys := database.System(ctx)
		err = tx.Membership.Create().
			SetOrganizationID(org.ID).SetUserID(v.UserID).SetRole(policy.Owner).
			Exec(sys)
		if err != nil {
			return err
		}
		_, err = s.changes.Record(ctx, tx, change.OrganizationCreated{Organization: org, OwnerUserID: v.UserID})
		return err
	})
	if err != nil {
		return nil, err
	}
	v.SetRole(org.ID, policy.Owner)
	return org.Unwrap(), nil
}

func (s *Service) createWithUniqueSlug(ctx context.Context, tx *ent.Tx, name, base string) (*ent.Organization, error) {
	sys := database.System(ctx) // slugs are unique across every organization
	slug := base
	for attempt := 0; ; attempt++ {
		taken, err := tx.Organization.Query().Where(organization.Slug(slug)).Exist(sys)
		if err != nil {
			return nil, err
		}
		if !taken {
			break
		}
		if attempt == 10 { // 36^4 suffixes: only a bug gets here
			return nil, fmt.Errorf("no free slug found for %q", base)
		}
		slug = withSuffix(base)
	}
	org, err := tx.Organization.Create().SetName(name).SetSlug(slug).SetSeatLimit(s.defaultSeats).Save(ctx)
	if ent.IsConstraintError(err) {
		// Another organization took it between the check and the insert
		// (on PostgreSQL; SQLite's write lock orders them).
		return nil, &errcode.Error{Code: errcode.Conflict, Field: "slug", Message: "Another organization was being created with this slug at the same moment; try again."}
	}
	return org, err
}

// withSuffix appends a random suffix of 4 lower-case letters and digits to
// a slug, shortening it to stay within maxSlugLength.
func withSuffix(base string) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	suffix := []byte("-xxxx")
	for i := 1; i < len(suffix); i++ {
		suffix[i] = alphabet[rand.IntN(len(alphabet))]
	}
	return strings.TrimRight(base[:min(len(base), maxSlugLength-len(suffix))], "-") + string(suffix)
}

// UpdateSeatLimit sets the organization's seats; never below the seats in
// use. Owner only.
func (s *Service) UpdateSeatLimit(ctx context.Context, orgID string, seats int) (*ent.Organization, error) {
	if _, _, err := viewer.Require(ctx, orgID, policy.ManageBilling); err != nil {
		return nil, err
	}
	if seats < 1 || seats > MaxSeatLimit {
		return nil, errcode.Invalid("seats", "Choose between 1 and %d seats.", MaxSeatLimit)
	}
	var org *ent.Organization
	err := database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		locked, err := seat.Lock(ctx, tx, orgID)
		if err != nil {
			return err
		}
		u, err := seat.Of(ctx, tx.Client(), locked)
		if err != nil {
			return err
		}
		if seats < u.Used() {
			return errcode.Invalid("seats", "%d seats are in use (%d members, %d pending invitations); the limit cannot go below that.", u.Used(), u.Active, u.Pending)
		}
		org, err = tx.Organization.UpdateOneID(orgID).SetSeatLimit(seats).Save(ctx)
		if err != nil {
			return err
		}
		_, err = s.changes.Record(ctx, tx, change.SeatLimitChanged{Organization: org, From: locked.SeatLimit, To: seats})
		return err
	})
	if err != nil {
		return nil, err
	}
	return org.Unwrap(), nil
}

// Rename gives the organization a new name; its slug stays, so links keep
// working. Owner only. The same name again changes nothing and records
// nothing.
func (s *Service) Rename(ctx context.Context, orgID, name string) (*ent.Organization, error) {
	if _, _, err := viewer.Require(ctx, orgID, policy.ManageOrganization); err != nil {
		return nil, err
	}
	name, err := account.CleanName("name", name)
	if err != nil {
		return nil, err
	}
	var org *ent.Organization
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		before, err := tx.Organization.Get(ctx, orgID)
		if err != nil {
			return err
		}
		if before.Name == name {
			org = before
			return nil
		}
		org, err = tx.Organization.UpdateOneID(orgID).SetName(name).Save(ctx)
		if err != nil {
			return err
		}
		_, err = s.changes.Record(ctx, tx, change.OrganizationRenamed{Organization: org, From: before.Name})
		return err
	})
	if err != nil {
		return nil, err
	}
	return org.Unwrap(), nil
}

// TransferOwnership makes another member the Owner; the old Owner becomes
// an Admin. Owner only.
func (s *Service) TransferOwnership(ctx context.Context, orgID, membershipID string) (*ent.Organization, error) {
	v, _, err := viewer.Require(ctx, orgID, policy.UseProducts)
	if err != nil {
		return nil, err
	}
	var org *ent.Organization
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if org, err = seat.Lock(ctx, tx, orgID); err != nil {
			return err
		}
		target, err := tx.Membership.Query().
			Where(membership.ID(membershipID), membership.OrganizationID(orgID)).
			WithUser().Only(ctx)
		if ent.IsNotFound(err) {
			return errcode.NotFoundf("membership")
		}
		if err != nil {
			return err
		}
		// After the lock, which re-read the viewer's role.
		role, _ := v.Role(orgID)
		if err := policy.TransferOwnership(role, policy.Target{Role: target.Role, Self: target.UserID == v.UserID}).Err(); err != nil {
			return err
		}
		n, err := tx.Membership.Update().
			Where(membership.OrganizationID(orgID), membership.UserID(v.UserID), membership.RoleEQ(policy.Owner)).
			SetRole(policy.Admin).Save(ctx)
		if err != nil {
			return err
		}
		if n != 1 {
			return errcode.New(errcode.Forbidden, "Only the owner can transfer ownership.")
		}
		previous, err := tx.Membership.Query().
			Where(membership.OrganizationID(orgID), membership.UserID(v.UserID)).
			Only(ctx)
		if err != nil {
			return err
		}
		email, was := target.Edges.User.Email, target.Role
		if target, err = tx.Membership.UpdateOne(target).SetRole(policy.Owner).Save(ctx); err != nil {
			return err
		}
		_, err = s.changes.Record(ctx, tx, change.OwnershipTransferred{
			OrganizationID: orgID, From: previous, To: target, ToEmail: email, ToPreviousRole: was,
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	v.SetRole(orgID, policy.Admin)
	return org.Unwrap(), nil
}

// Leave ends the viewer's own membership. The Owner must transfer
// ownership first.
func (s *Service) Leave(ctx context.Context, orgID string) error {
	if _, err := viewer.RequirePerson(ctx); err != nil {
		return err
	}
	v, role, err := viewer.Require(ctx, orgID, policy.UseProducts)
	if err != nil {
		return err
	}
	if err := policy.Leave(role).Err(); err != nil {
		return err
	}
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if _, err := seat.Lock(ctx, tx, orgID); err != nil {
			return err
		}
		m, err := tx.Membership.Query().
			Where(membership.OrganizationID(orgID), membership.UserID(v.UserID)).
			Only(ctx)
		if err != nil {
			return err
		}
		// Decided again under the lock: they may have become the owner.
		if err := policy.Leave(m.Role).Err(); err != nil {
			return err
		}
		if err := tx.Membership.DeleteOne(m).Exec(ctx); err != nil {
			return err
		}
		_, err = s.changes.Record(ctx, tx, change.MemberLeft{Membership: m, Email: v.Email})
		return err
	})
	if err != nil {
		return err
	}
	v.Forget(orgID)
	return nil
}

// Delete deletes the organization, its memberships and invitations; the
// users and the audit trail stay. Owner only; confirmSlug must be its slug.
func (s *Service) Delete(ctx context.Context, orgID, confirmSlug string) error {
	v, _, err := viewer.Require(ctx, orgID, policy.DeleteOrganization)
	if err != nil {
		return err
	}
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		org, err := seat.Lock(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if confirmSlug != org.Slug {
			return errcode.Invalid("confirmSlug", "Type the organization's slug, %s, to confirm.", org.Slug)
		}
		members, err := tx.Membership.Query().
			Where(membership.OrganizationID(orgID)).
			Select(membership.FieldUserID).
			Strings(ctx)
		if err != nil {
			return err
		}
		if err := tx.Organization.DeleteOneID(orgID).Exec(ctx); err != nil {
			return err
		}
		// The notice ends every stream of the organization, and the former
		// members' websockets check whether they still act for anyone.
		_, err = s.changes.Record(ctx, tx, change.OrganizationDeleted{Organization: org, MemberUserIDs: members})
		return err
	})
	if err != nil {
		return err
	}
	v.Forget(orgID)
	return nil
}
