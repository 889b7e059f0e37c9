package invitation

import (
	"context"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/invitation"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/viewer"
)

// The invitations addressed to the signed-in user, so that a person who
// lost the email still joins. The invitee is not a member of the inviting
// organization, so these read past the tenant rules (database.System); what
// makes that safe is that every query here is narrowed to the viewer's own
// verified address, the one the invitation's email would have reached.

// MaxReceived bounds the invitations listed at once, newest first.
const MaxReceived = 100

// Received is a pending invitation as its invitee sees it.
type Received struct {
	ID               string
	OrganizationName string
	Role             policy.Role
	InvitedByName    *string
	ExpiresAt        time.Time
}

var errNoLongerPending = errcode.New(errcode.InvitationInvalid,
	"This invitation is no longer pending: it was accepted, declined or canceled, or it expired. Ask for a new invitation.")

// Received returns the pending, unexpired invitations to the signed-in
// user's email, newest first; none before the email is verified.
func (s *Service) Received(ctx context.Context) ([]*Received, error) {
	v := viewer.FromContext(ctx)
	if v == nil || !v.EmailVerified {
		return []*Received{}, nil
	}
	sys := database.System(ctx)
	invs, err := s.client.Invitation.Query().
		Where(invitation.Email(v.Email), HasStatus(invitation.StatusPENDING, s.clock.Now())).
		WithOrganization().WithInvitedBy().
		Order(ent.Desc(invitation.FieldCreatedAt), ent.Desc(invitation.FieldID)).
		Limit(MaxReceived).
		All(sys)
	if err != nil {
		return nil, err
	}
	out := make([]*Received, len(invs))
	for i, inv := range invs {
		out[i] = &Received{
			ID:               inv.ID,
			OrganizationName: inv.Edges.Organization.Name,
			Role:             inv.Role,
			ExpiresAt:        inv.ExpiresAt,
		}
		if by := inv.Edges.InvitedBy; by != nil {
			out[i].InvitedByName = &by.Name
		}
	}
	return out, nil
}

// AcceptReceived accepts, by its ID, an invitation to the signed-in user's
// verified email, as the emailed link would: FORBIDDEN before the email is
// verified (whatever the ID), NOT_FOUND for an ID that is not an invitation
// to that email (another person's included), INVITATION_INVALID once it is
// no longer pending.
func (s *Service) AcceptReceived(ctx context.Context, id string) (*ent.Membership, error) {
	v, err := viewer.RequirePerson(ctx)
	if err != nil {
		return nil, err
	}
	v, err = viewer.RequireVerified(ctx)
	if err != nil {
		return nil, err
	}
	var m *ent.Membership
	err = database.InTx(database.System(ctx), s.client, func(tx *ent.Tx) error {
		inv, err := s.received(ctx, tx, v, id)
		if err != nil {
			return err
		}
		m, err = s.accept(ctx, tx, v, inv)
		if errcode.Is(err, errcode.InvitationInvalid) {
			return errNoLongerPending
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	v.SetRole(m.OrganizationID, m.Role)
	return m.Unwrap(), nil
}

// DeclineReceived declines, by its ID, an invitation to the signed-in
// user's verified email; the errors are AcceptReceived's.
func (s *Service) DeclineReceived(ctx context.Context, id string) error {
	v, err := viewer.RequirePerson(ctx)
	if err != nil {
		return err
	}
	v, err = viewer.RequireVerified(ctx)
	if err != nil {
		return err
	}
	return database.InTx(database.System(ctx), s.client, func(tx *ent.Tx) error {
		inv, err := s.received(ctx, tx, v, id)
		if err != nil {
			return err
		}
		err = s.decline(ctx, tx, inv)
		if errcode.Is(err, errcode.InvitationInvalid) {
			return errNoLongerPending
		}
		return err
	})
}

// received loads a pending invitation to v's email by its ID.
func (s *Service) received(ctx context.Context, tx *ent.Tx, v *viewer.Viewer, id string) (*ent.Invitation, error) {
	inv, err := tx.Invitation.Query().
		Where(invitation.ID(id), invitation.Email(v.Email)).
		WithOrganization().
		Only(database.System(ctx))
	if ent.IsNotFound(err) {
		return nil, errcode.NotFoundf("invitation")
	}
	if err != nil {
		return nil, err
	}
	if Status(inv, s.clock.Now()) != invitation.StatusPENDING {
		return nil, errNoLongerPending
	}
	return inv, nil
}

// AcceptPendingFor accepts, in tx, v's pending invitation to orgID (to v's
// verified email), if there is one, and returns the membership it became;
// nil without one. Auto-join by a verified domain calls it first, so that
// an invited user joins with the invitation's role and seat rather than
// taking a second seat.
func (s *Service) AcceptPendingFor(ctx context.Context, tx *ent.Tx, v *viewer.Viewer, orgID string) (*ent.Membership, error) {
	if !v.EmailVerified {
		return nil, nil
	}
	sys := database.System(ctx)
	inv, err := tx.Invitation.Query().
		Where(invitation.OrganizationID(orgID), invitation.Email(v.Email), HasStatus(invitation.StatusPENDING, s.clock.Now())).
		WithOrganization().
		First(sys)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m, err := s.accept(ctx, tx, v, inv)
	if err != nil {
		return nil, err
	}
	database.AfterCommit(tx, func() { v.SetRole(m.OrganizationID, m.Role) })
	return m, nil
}
