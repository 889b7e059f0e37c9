// Package member owns the changes to an organization's active members:
// removing them and changing their roles, by the rules of server/policy.
package member

import (
	"context"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/seat"
	"github.com/rosterhq/roster/server/viewer"
)

// Service changes members.
type Service struct {
	client  *ent.Client
	changes *change.Recorder
}

// NewService returns the member service; its changes are recorded by changes.
func NewService(client *ent.Client, changes *change.Recorder) *Service {
	return &Service{client: client, changes: changes}
}

// Remove ends a membership at once and frees its seat; the user, their
// account and the audit trail stay, and they can be invited again.
// policy.Remove decides who may.
func (s *Service) Remove(ctx context.Context, id string) (*ent.Membership, error) {
	var removed *ent.Membership
	err := database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		m, actor, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		// The seat lock orders removals with role changes, and re-reads the
		// actor's own role before the decision.
		if _, err := seat.Lock(ctx, tx, m.OrganizationID); err != nil {
			return err
		}
		role, _ := actor.Role(m.OrganizationID)
		if err := policy.Remove(role, target(m, actor)).Err(); err != nil {
			return err
		}
		n, err := tx.Membership.Delete().Where(membership.ID(id), membership.RoleEQ(m.Role)).Exec(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return errcode.New(errcode.Conflict, "This membership changed meanwhile; reload and try again.")
		}
		removed = m
		// The removed user's websockets check whether they still act for
		// anyone (see graphqlws.Sockets): the event names them.
		_, err = s.changes.Record(ctx, tx, change.MemberRemoved{Membership: m, Email: m.Edges.User.Email})
		return err
	})
	if err != nil {
		return nil, err
	}
	return removed.Unwrap(), nil
}

// ChangeRole changes a member's role between Admin and Member, as
// policy.ChangeRole allows.
func (s *Service) ChangeRole(ctx context.Context, id string, role policy.Role) (*ent.Membership, error) {
	var changed *ent.Membership
	err := database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		m, actor, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		// The seat lock orders role changes with removals, and re-reads the
		// actor's own role (they may have been demoted meanwhile).
		if _, err := seat.Lock(ctx, tx, m.OrganizationID); err != nil {
			return err
		}
		actorRole, _ := actor.Role(m.OrganizationID)
		if err := policy.ChangeRole(actorRole, target(m, actor), role).Err(); err != nil {
			return err
		}
		if m.Role == role {
			changed = m
			return nil
		}
		n, err := tx.Membership.Update().
			Where(membership.ID(id), membership.RoleEQ(m.Role)).
			SetRole(role).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return errcode.New(errcode.Conflict, "This membership changed meanwhile; reload and try again.")
		}
		from := m.Role
		m.Role = role
		changed = m
		_, err = s.changes.Record(ctx, tx, change.MemberRoleChanged{Membership: m, Email: m.Edges.User.Email, From: from, To: role})
		return err
	})
	if err != nil {
		return nil, err
	}
	if v := viewer.FromContext(ctx); v != nil && changed.UserID == v.UserID {
		v.SetRole(changed.OrganizationID, changed.Role)
	}
	return changed.Unwrap(), nil
}

// load returns a membership the viewer can see (NOT_FOUND otherwise), with
// its user, and the viewer.
func (s *Service) load(ctx context.Context, tx *ent.Tx, id string) (*ent.Membership, *viewer.Viewer, error) {
	v, err := viewer.RequireUser(ctx)
	if err != nil {
		return nil, nil, err
	}
	m, err := tx.Membership.Query().Where(membership.ID(id)).WithUser().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil, errcode.NotFoundf("membership")
	}
	if err != nil {
		return nil, nil, err
	}
	return m, v, nil
}

// target is m as the policy sees it.
func target(m *ent.Membership, actor *viewer.Viewer) policy.Target {
	return policy.Target{Role: m.Role, Self: m.UserID == actor.UserID}
}

// ViewerCanRemove is policy.Remove for the viewer of ctx and m, as Remove
// decides it: false for a caller that is not a member of m's organization.
func ViewerCanRemove(ctx context.Context, m *ent.Membership) bool {
	v := viewer.FromContext(ctx)
	role, ok := v.Role(m.OrganizationID)
	return ok && policy.Remove(role, target(m, v)).Allowed
}

// ViewerAssignableRoles are the roles ChangeRole would let the viewer of
// ctx give m, its current role excluded.
func ViewerAssignableRoles(ctx context.Context, m *ent.Membership) []policy.Role {
	v := viewer.FromContext(ctx)
	role, ok := v.Role(m.OrganizationID)
	if !ok {
		return []policy.Role{}
	}
	return policy.AssignableRoles(role, target(m, v))
}
