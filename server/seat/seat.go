// Package seat counts and guards an organization's seats: active
// memberships (the owner included) plus pending, unexpired invitations,
// against the seat limit of its subscription.
//
// The check and the change that takes seats are one atomic step: Lock
// writes the organization's row first in the caller's transaction, which
// takes the row lock on PostgreSQL (every other seat change of the
// organization waits for the commit, under READ COMMITTED, on any number of
// replicas) and the write lock on SQLite. The counts read after it are
// therefore current, and nobody can oversell a seat between the count and
// the insert. It is plain SQL that distributed PostgreSQL-compatible engines
// run as well.
package seat

import (
	"context"
	"strings"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/apikey"
	"github.com/rosterhq/roster/ent/invitation"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/ent/oauthclient"
	"github.com/rosterhq/roster/ent/organization"
	"github.com/rosterhq/roster/ent/predicate"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/viewer"
)

// Usage is an organization's seat usage, as the contract's SeatUsage.
type Usage struct {
	OrganizationID string
	Active         int // active memberships, the owner included
	Pending        int // pending invitations that have not expired
	Total          int // the seat limit
}

// Used returns active + pending.
func (u Usage) Used() int { return u.Active + u.Pending }

// Available returns total - used, never below 0.
func (u Usage) Available() int { return max(u.Total-u.Used(), 0) }

// Of returns the usage of an organization, read through client (a
// transaction's client inside one).
func Of(ctx context.Context, client *ent.Client, org *ent.Organization) (Usage, error) {
	active, err := client.Membership.Query().
		Where(membership.OrganizationID(org.ID)).
		Count(ctx)
	if err != nil {
		return Usage{}, err
	}
	pending, err := client.Invitation.Query().
		Where(invitation.OrganizationID(org.ID), HoldsSeat(time.Now())).
		Count(ctx)
	if err != nil {
		return Usage{}, err
	}
	return Usage{OrganizationID: org.ID, Active: active, Pending: pending, Total: org.SeatLimit}, nil
}

// HoldsSeat matches the invitations that take a seat at time t: pending and
// not yet expired.
func HoldsSeat(t time.Time) predicate.Invitation {
	return invitation.And(invitation.StatusEQ(invitation.StatusPENDING), invitation.ExpiresAtGT(t.UTC()))
}

// Lock takes the organization's seat lock for the rest of tx and returns the
// organization as it is now. It is NOT_FOUND for an organization the viewer
// cannot see.
//
// Every change to an organization's members and invitations takes this
// lock, so it is also where the actor's role is read again: the caller
// checked the policy against the role the request started with, and the
// actor may have been removed or demoted since, by a change that committed
// before this lock was granted. Such a change wins: NOT_FOUND for an actor
// who is no longer a member, FORBIDDEN for one whose role changed. (An
// actor who is not a member to begin with, such as an invitee accepting,
// has no role to compare.)
func Lock(ctx context.Context, tx *ent.Tx, orgID string) (*ent.Organization, error) {
	n, err := tx.Organization.Update().
		Where(organization.ID(orgID)).
		SetUpdatedAt(database.Now()).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errcode.NotFoundf("organization")
	}
	if err := actorStillHolds(ctx, tx, orgID); err != nil {
		return nil, err
	}
	return tx.Organization.Get(ctx, orgID)
}

// actorStillHolds checks, under the seat lock, that the viewer of ctx still
// has the role in orgID that the request read at its start.
func actorStillHolds(ctx context.Context, tx *ent.Tx, orgID string) error {
	v := viewer.FromContext(ctx)
	had, ok := v.Role(orgID)
	if !ok {
		return nil
	}
	if v.Program() {
		return programStillValid(ctx, tx, v)
	}
	m, err := tx.Membership.Query().
		Where(membership.OrganizationID(orgID), membership.UserID(v.UserID)).
		Select(membership.FieldRole).
		Only(database.System(ctx))
	switch {
	case ent.IsNotFound(err):
		v.Forget(orgID)
		return errcode.NotFoundf("organization")
	case err != nil:
		return err
	case m.Role != had:
		v.SetRole(orgID, m.Role)
		return errcode.New(errcode.Forbidden, "Your role in this organization changed meanwhile (you are now %s); reload and try again.", strings.ToLower(string(m.Role)))
	}
	return nil
}

// Reserve checks, under the seat lock (org is what Lock returned), that n more seats fit in the
// organization's limit. It returns SEAT_LIMIT_REACHED with how many are
// needed and available when they do not; the caller's transaction then
// creates nothing. The caller inserts what takes the seats in the same tx.
func Reserve(ctx context.Context, tx *ent.Tx, org *ent.Organization, n int) (Usage, error) {
	u, err := Of(ctx, tx.Client(), org)
	if err != nil {
		return Usage{}, err
	}
	if n > u.Available() {
		return u, errcode.SeatLimit(n, u.Available())
	}
	return u, nil
}

// programStillValid checks, under the seat lock, that a program's
// credential was not revoked since the request began (its role never
// changes): a revocation that committed first wins, as a removal does.
func programStillValid(ctx context.Context, tx *ent.Tx, v *viewer.Viewer) error {
	var (
		n   int
		err error
	)
	switch v.ActorKind() {
	case policy.APIKey:
		n, err = tx.APIKey.Query().Where(apikey.ID(v.UserID), apikey.RevokedAtIsNil()).Count(database.System(ctx))
	case policy.OAuthClient:
		n, err = tx.OAuthClient.Query().Where(oauthclient.ID(v.UserID), oauthclient.RevokedAtIsNil()).Count(database.System(ctx))
	default:
		return errcode.ErrUnauthenticated
	}
	if err != nil {
		return err
	}
	if n == 0 {
		return errcode.ErrUnauthenticated
	}
	return nil
}
