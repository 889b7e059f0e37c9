package graph

import (
	"context"

	"github.com/rosterhq/roster/ent"
	entinvitation "github.com/rosterhq/roster/ent/invitation"
	"github.com/rosterhq/roster/ent/predicate"
	"github.com/rosterhq/roster/graph/model"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/globalid"
	"github.com/rosterhq/roster/server/invitation"
)

// invitationStatus is the status callers see: EXPIRED once past expiry,
// by the clock that expires them.
func (r *Resolver) invitationStatus(inv *ent.Invitation) entinvitation.Status {
	return invitation.Status(inv, r.now())
}

// invitationHasStatus filters invitations by the status callers see.
func (r *Resolver) invitationHasStatus(s entinvitation.Status) predicate.Invitation {
	return invitation.HasStatus(s, r.now())
}

// bulkInvitePayload maps the outcome of a bulk invitation.
func bulkInvitePayload(invs []*ent.Invitation, rejected []invitation.Rejection) *model.BulkInviteMembersPayload {
	p := &model.BulkInviteMembersPayload{Invitations: invs, Rejected: make([]*invitation.Rejection, len(rejected))}
	for i := range rejected {
		p.Rejected[i] = &rejected[i]
	}
	if p.Invitations == nil {
		p.Invitations = []*ent.Invitation{}
	}
	return p
}

// nodeType names the table of a global ID, from its prefix.
func nodeType(_ context.Context, id string) (string, error) {
	if t, ok := globalid.Table(id); ok {
		return t, nil
	}
	return "", errcode.NotFoundf("object")
}
