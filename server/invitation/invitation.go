// Package invitation owns invitations: asking an email address to join an
// organization with a role, one at a time or in bulk; resending, canceling,
// accepting and declining them. A pending, unexpired invitation holds a
// seat (see server/seat).
package invitation

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/invitation"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/ent/predicate"
	"github.com/rosterhq/roster/ent/user"
	"github.com/rosterhq/roster/server/address"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/mail"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/ratelimit"
	"github.com/rosterhq/roster/server/seat"
	"github.com/rosterhq/roster/server/token"
	"github.com/rosterhq/roster/server/viewer"
)

// AcceptPath is the portal page that invitation links open.
const AcceptPath = "/invitations/accept"

// Service invites people.
type Service struct {
	client    *ent.Client
	outbox    *mail.Outbox
	changes   *change.Recorder
	publicURL string
	ttl       time.Duration
	limits    *ratelimit.Limiter
	// nextSweep is when this process's sweeper plans to sweep (Unix
	// nanoseconds); sweepSoon wakes it earlier, for a new invitation that
	// expires before that.
	nextSweep atomic.Int64
	sweepSoon chan struct{}
	clock     database.Clock
}

// NewService returns the invitation service. Links start with publicURL;
// invitations expire after ttl; its changes are recorded by changes;
// limits caps the emails sent (nil: no cap).
func NewService(client *ent.Client, outbox *mail.Outbox, changes *change.Recorder, publicURL string, ttl time.Duration, limits *ratelimit.Limiter) *Service {
	return &Service{client: client, outbox: outbox, changes: changes, publicURL: strings.TrimRight(publicURL, "/"), ttl: ttl,
		limits: limits, sweepSoon: make(chan struct{}, 1), clock: database.SystemClock{}}
}

// UseClock has the service tell the time by c: when invitations expire,
// and when the sweeper looks for those that have. A clock that can be moved
// (databasetest.Clock) wakes the sweeper when it is.
func (s *Service) UseClock(c database.Clock) {
	s.clock = c
	if moved, ok := c.(interface{ OnAdvance(func()) }); ok {
		moved.OnAdvance(s.wakeSweeper)
	}
}

// Status returns an invitation's status as callers see it: a pending one
// past its expiry is EXPIRED even before the sweeper records that.
func Status(inv *ent.Invitation, now time.Time) invitation.Status {
	if inv.Status == invitation.StatusPENDING && !inv.ExpiresAt.After(now) {
		return invitation.StatusEXPIRED
	}
	return inv.Status
}

// HasStatus matches the invitations whose Status is s at time now.
func HasStatus(s invitation.Status, now time.Time) predicate.Invitation {
	now = now.UTC()
	switch s {
	case invitation.StatusPENDING:
		return seat.HoldsSeat(now)
	case invitation.StatusEXPIRED:
		return invitation.Or(
			invitation.StatusEQ(invitation.StatusEXPIRED),
			invitation.And(invitation.StatusEQ(invitation.StatusPENDING), invitation.ExpiresAtLTE(now)),
		)
	default:
		return invitation.StatusEQ(s)
	}
}

// Invite invites one address; the inviter's email must be verified. It is
// CONFLICT when the address is already a member or already invited, and
// SEAT_LIMIT_REACHED when no seat is free.
func (s *Service) Invite(ctx context.Context, orgID, email string, role policy.Role) (*ent.Invitation, error) {
	if _, err := viewer.RequireVerified(ctx); err != nil {
		return nil, err
	}
	v, actorRole, err := viewer.Require(ctx, orgID, policy.UseProducts)
	if err != nil {
		return nil, err
	}
	if err := policy.Invite(actorRole, role).Err(); err != nil {
		return nil, err
	}
	email, err = address.Normalize("email", email)
	if err != nil {
		return nil, err
	}
	var inv *ent.Invitation
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		org, err := seat.Lock(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if err := s.expireStale(ctx, tx, orgID); err != nil {
			return err
		}
		taken, err := s.taken(ctx, tx, orgID, []string{email})
		if err != nil {
			return err
		}
		switch taken[email] {
		case alreadyMember:
			return &errcode.Error{Code: errcode.Conflict, Field: "email", Message: email + " is already a member of this organization."}
		case alreadyInvited:
			return &errcode.Error{Code: errcode.Conflict, Field: "email", Message: email + " already has a pending invitation. Resend it instead."}
		}
		if _, err := seat.Reserve(ctx, tx, org, 1); err != nil {
			return err
		}
		created, err := s.create(ctx, tx, org, v, []string{email}, role)
		if err != nil {
			return err
		}
		inv = created[0]
		return nil
	})
	if err != nil {
		return nil, err
	}
	return inv.Unwrap(), nil
}

// create inserts invitations, their emails and audit events in tx. The
// caller holds the seat lock and has reserved the seats.
func (s *Service) create(ctx context.Context, tx *ent.Tx, org *ent.Organization, v *viewer.Viewer, emails []string, role policy.Role) ([]*ent.Invitation, error) {
	if err := s.limits.Invitations(ctx, tx, org.ID, len(emails)); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	expires := now.Add(s.ttl)
	plains := make([]string, len(emails))
	builders := make([]*ent.InvitationCreate, len(emails))
	for i, email := range emails {
		plain, hash := token.New()
		plains[i] = plain
		builders[i] = tx.Invitation.Create().
			SetOrganizationID(org.ID).
			SetEmail(email).
			SetRole(role).
			SetTokenHash(hash).
			SetCreatedAt(now).
			SetLastSentAt(now).
			SetExpiresAt(expires)
		if !v.Program() { // a program is no user: the audit log names it
			builders[i].SetInvitedByID(v.UserID)
		}
	}
	invs := make([]*ent.Invitation, 0, len(builders))
	for batch := range slices.Chunk(builders, database.Batch) {
		created, err := tx.Invitation.CreateBulk(batch...).Save(ctx)
		if err != nil {
			return nil, err
		}
		invs = append(invs, created...)
	}
	database.AfterCommit(tx, func() { s.sweepBy(expires) })
	msgs := make([]mail.Message, len(invs))
	events := make([]change.Event, len(invs))
	for i, inv := range invs {
		msgs[i] = mail.InvitationEmail(inv.Email, org.Name, v.Name, role, s.link(plains[i]), expires)
		events[i] = change.InvitationCreated{Invitation: inv}
	}
	if err := s.outbox.Enqueue(ctx, tx, msgs...); err != nil {
		return nil, err
	}
	if _, err := s.changes.Record(ctx, tx, events...); err != nil {
		return nil, err
	}
	return invs, nil
}

// Resend sends a new email with a new token and a new expiry; the earlier
// token stops working. On an expired invitation it takes a seat again.
func (s *Service) Resend(ctx context.Context, id string) (*ent.Invitation, error) {
	if _, err := viewer.RequireVerified(ctx); err != nil {
		return nil, err
	}
	var inv *ent.Invitation
	err := database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		current, v, err := s.manageable(ctx, tx, id)
		if err != nil {
			return err
		}
		org, err := seat.Lock(ctx, tx, current.OrganizationID)
		if err != nil {
			return err
		}
		// Read again under the lock: the invitation may have changed.
		if current, err = tx.Invitation.Get(ctx, id); err != nil {
			return err
		}
		now := s.clock.Now()
		switch Status(current, now) {
		case invitation.StatusPENDING:
		case invitation.StatusEXPIRED:
			taken, err := s.taken(ctx, tx, org.ID, []string{current.Email})
			if err != nil {
				return err
			}
			if taken[current.Email] == alreadyMember {
				return errcode.New(errcode.Conflict, "%s is already a member of this organization.", current.Email)
			}
			if taken[current.Email] == alreadyInvited {
				return errcode.New(errcode.Conflict, "%s already has another pending invitation.", current.Email)
			}
			if _, err := seat.Reserve(ctx, tx, org, 1); err != nil {
				return err
			}
		default:
			return errcode.New(errcode.BadUserInput, "This invitation was %s; only pending or expired invitations can be resent.", strings.ToLower(string(current.Status)))
		}
		if err := s.limits.ResendInvitation(ctx, tx, org.ID, id, current.CreatedAt); err != nil {
			return err
		}
		plain, hash := token.New()
		inv, err = tx.Invitation.UpdateOneID(id).
			SetTokenHash(hash).
			SetStatus(invitation.StatusPENDING).
			SetLastSentAt(now).
			SetExpiresAt(now.Add(s.ttl)).
			AddSendCount(1).
			Save(ctx)
		if err != nil {
			return err
		}
		msg := mail.InvitationResentEmail(inv.Email, org.Name, v.Name, inv.Role, s.link(plain), inv.ExpiresAt)
		if err := s.outbox.Enqueue(ctx, tx, msg); err != nil {
			return err
		}
		_, err = s.changes.Record(ctx, tx, change.InvitationResent{Invitation: inv})
		return err
	})
	if err != nil {
		return nil, err
	}
	return inv.Unwrap(), nil
}

// Cancel ends a pending invitation and frees its seat.
func (s *Service) Cancel(ctx context.Context, id string) (*ent.Invitation, error) {
	var inv *ent.Invitation
	err := database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		current, _, err := s.manageable(ctx, tx, id)
		if err != nil {
			return err
		}
		notPending := errcode.New(errcode.BadUserInput, "Only a pending invitation can be canceled; this one was %s.", strings.ToLower(string(current.Status)))
		// One past its expiry that the sweeper has not recorded yet, too.
		inv, err = s.end(ctx, tx, current, invitation.StatusCANCELED, invitation.StatusEQ(invitation.StatusPENDING), notPending)
		if err != nil {
			return err
		}
		_, err = s.changes.Record(ctx, tx, change.InvitationCanceled{Invitation: inv})
		return err
	})
	if err != nil {
		return nil, err
	}
	return inv.Unwrap(), nil
}

// manageable loads an invitation the viewer may manage: NOT_FOUND when they
// cannot see it, FORBIDDEN when they see it but may not manage members.
func (s *Service) manageable(ctx context.Context, tx *ent.Tx, id string) (*ent.Invitation, *viewer.Viewer, error) {
	if _, err := viewer.RequireUser(ctx); err != nil {
		return nil, nil, err
	}
	inv, err := tx.Invitation.Get(ctx, id) // tenant-scoped: another organization's is not found
	if ent.IsNotFound(err) {
		return nil, nil, errcode.NotFoundf("invitation")
	}
	if err != nil {
		return nil, nil, err
	}
	v, role, err := viewer.Require(ctx, inv.OrganizationID, policy.UseProducts)
	if err != nil {
		return nil, nil, err
	}
	if err := policy.ManageInvitation(role).Err(); err != nil {
		return nil, nil, err
	}
	return inv, v, nil
}

// Preview is what the holder of an invitation link may see.
type Preview struct {
	OrganizationName string
	Email            string
	Role             policy.Role
	Status           invitation.Status
	ExpiresAt        time.Time
	InvitedByName    *string
}

// Preview returns the invitation behind a link's token, or nil for a token
// that is unknown or was replaced by a resend.
func (s *Service) Preview(ctx context.Context, plain string) (*Preview, error) {
	if !plausibleToken(plain) {
		return nil, nil
	}
	sys := database.System(ctx) // the token, not the viewer, is the authority
	inv, err := s.client.Invitation.Query().
		Where(invitation.TokenHash(token.Hash(plain))).
		WithOrganization().WithInvitedBy().
		Only(sys)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p := &Preview{
		OrganizationName: inv.Edges.Organization.Name,
		Email:            inv.Email,
		Role:             inv.Role,
		Status:           Status(inv, s.clock.Now()),
		ExpiresAt:        inv.ExpiresAt,
	}
	if by := inv.Edges.InvitedBy; by != nil {
		p.InvitedByName = &by.Name
	}
	return p, nil
}

// Accept turns the invitation behind a link into a membership of the
// signed-in user, whose verified email must be the invited one. The
// invitation's seat becomes the member's. A token works once, even when
// used concurrently.
func (s *Service) Accept(ctx context.Context, plain string) (*ent.Membership, error) {
	v, err := viewer.RequirePerson(ctx)
	if err != nil {
		return nil, err
	}
	if !plausibleToken(plain) {
		return nil, errInvalid
	}
	sys := database.System(ctx)
	hash := token.Hash(plain)
	var m *ent.Membership
	err = database.InTx(sys, s.client, func(tx *ent.Tx) error {
		inv, err := tx.Invitation.Query().
			Where(invitation.TokenHash(hash), HasStatus(invitation.StatusPENDING, s.clock.Now())).
			WithOrganization().
			Only(sys)
		if ent.IsNotFound(err) {
			return errInvalid
		}
		if err != nil {
			return err
		}
		if inv.Email != v.Email {
			return errcode.New(errcode.Forbidden, "This invitation was sent to %s, but you are signed in as %s. Sign in with the invited address to accept it.", inv.Email, v.Email)
		}
		if !v.EmailVerified {
			return errcode.New(errcode.Forbidden, "Verify your email address %s first: follow the link in the verification email, then accept the invitation.", v.Email)
		}
		m, err = s.accept(ctx, tx, v, inv)
		return err
	})
	if err != nil {
		return nil, err
	}
	v.SetRole(m.OrganizationID, m.Role)
	return m.Unwrap(), nil
}

// accept is the transition of a pending invitation into a membership of v,
// whichever way the invitee reached it (the emailed link or the list of
// their received invitations): the invitation's seat becomes the member's,
// under the seat lock; of concurrent accepts, exactly one wins.
func (s *Service) accept(ctx context.Context, tx *ent.Tx, v *viewer.Viewer, inv *ent.Invitation) (*ent.Membership, error) {
	sys := database.System(ctx)
	ended, err := s.end(sys, tx, inv, invitation.StatusACCEPTED, HasStatus(invitation.StatusPENDING, s.clock.Now()), errInvalid)
	if err != nil {
		return nil, err
	}
	member, err := tx.Membership.Query().
		Where(membership.OrganizationID(inv.OrganizationID), membership.UserID(v.UserID)).
		Exist(sys)
	if err != nil {
		return nil, err
	}
	if member {
		return nil, errcode.New(errcode.Conflict, "You are already a member of %s.", inv.Edges.Organization.Name)
	}
	m, err := tx.Membership.Create().
		SetOrganizationID(inv.OrganizationID).
		SetUserID(v.UserID).
		SetRole(inv.Role).
		SetNillableInvitedByID(inv.InvitedByID).
		Save(sys)
	if err != nil {
		return nil, err
	}
	// The invitee is the actor; they are no member until this commits.
	_, err = s.changes.Record(ctx, tx,
		change.InvitationAccepted{Invitation: ended, Membership: m},
		change.MemberJoined{Membership: m, Email: inv.Email})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Decline ends the invitation behind a link; its seat is freed. The link
// alone is enough, so that an invitee can decline without an account.
func (s *Service) Decline(ctx context.Context, plain string) error {
	if !plausibleToken(plain) {
		return errInvalid
	}
	sys := database.System(ctx)
	return database.InTx(sys, s.client, func(tx *ent.Tx) error {
		inv, err := tx.Invitation.Query().
			Where(invitation.TokenHash(token.Hash(plain)), HasStatus(invitation.StatusPENDING, s.clock.Now())).
			Only(sys)
		if ent.IsNotFound(err) {
			return errInvalid
		}
		if err != nil {
			return err
		}
		return s.decline(ctx, tx, inv)
	})
}

// decline is the transition of a pending invitation to DECLINED, whichever
// way the invitee reached it; its seat is freed.
func (s *Service) decline(ctx context.Context, tx *ent.Tx, inv *ent.Invitation) error {
	// The invitee, signed in or not, is no member: the token is the authority.
	sys := database.System(ctx)
	inv, err := s.end(sys, tx, inv, invitation.StatusDECLINED, HasStatus(invitation.StatusPENDING, s.clock.Now()), errInvalid)
	if err != nil {
		return err
	}
	_, err = s.changes.Record(ctx, tx, change.InvitationDeclined{Invitation: inv})
	return err
}

// end is the transition that Accept, Decline and Cancel share: under the
// organization's seat lock, inv goes from pending (as stillPending says)
// to status to, conditionally, so that of concurrent ends exactly one wins
// and the others get notPending. It returns the invitation as ended.
func (s *Service) end(ctx context.Context, tx *ent.Tx, inv *ent.Invitation, to invitation.Status, stillPending predicate.Invitation, notPending error) (*ent.Invitation, error) {
	if _, err := seat.Lock(ctx, tx, inv.OrganizationID); err != nil {
		return nil, err
	}
	n, err := tx.Invitation.Update().
		Where(invitation.ID(inv.ID), stillPending).
		SetStatus(to).
		SetRespondedAt(s.clock.Now()).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, notPending
	}
	return tx.Invitation.Get(ctx, inv.ID)
}

var errInvalid = errcode.New(errcode.InvitationInvalid,
	"This invitation link is no longer valid: it was used, canceled, replaced by a newer email, or it expired. Ask for a new invitation.")

// plausibleToken screens out what cannot be a token before any hashing or
// lookup.
func plausibleToken(plain string) bool { return len(plain) >= 20 && len(plain) <= 100 }

// expireStale records as EXPIRED the organization's pending invitations
// past their expiry, so that the address may be invited again. The caller
// holds the seat lock: no other transaction, on any replica, expires them
// at the same time, so each is expired and audited once.
func (s *Service) expireStale(ctx context.Context, tx *ent.Tx, orgID string) error {
	stale, err := tx.Invitation.Query().
		Where(invitation.OrganizationID(orgID), invitation.StatusEQ(invitation.StatusPENDING), invitation.ExpiresAtLTE(s.clock.Now())).
		All(ctx)
	if err != nil || len(stale) == 0 {
		return err
	}
	ids := make([]string, len(stale))
	events := make([]change.Event, len(stale))
	for i, inv := range stale {
		ids[i] = inv.ID
		inv.Status = invitation.StatusEXPIRED
		events[i] = change.InvitationExpired{Invitation: inv}
	}
	err = tx.Invitation.Update().
		Where(invitation.IDIn(ids...)).
		SetStatus(invitation.StatusEXPIRED).
		Exec(ctx)
	if err != nil {
		return err
	}
	_, err = s.changes.Record(ctx, tx, events...)
	return err
}

type standing int

const (
	free standing = iota
	alreadyMember
	alreadyInvited
)

// taken tells, for each address, whether it is already a member of the
// organization or has a pending invitation there.
func (s *Service) taken(ctx context.Context, tx *ent.Tx, orgID string, emails []string) (map[string]standing, error) {
	out := make(map[string]standing)
	sys := database.System(ctx) // users are matched by email, members or not
	for chunk := range slices.Chunk(emails, database.Batch) {
		members, err := tx.User.Query().
			Where(user.EmailIn(chunk...), user.HasMembershipsWith(membership.OrganizationID(orgID))).
			Select(user.FieldEmail).
			Strings(sys)
		if err != nil {
			return nil, err
		}
		for _, e := range members {
			out[e] = alreadyMember
		}
		invited, err := tx.Invitation.Query().
			Where(invitation.OrganizationID(orgID), invitation.EmailIn(chunk...), seat.HoldsSeat(s.clock.Now())).
			Select(invitation.FieldEmail).
			Strings(ctx)
		if err != nil {
			return nil, err
		}
		for _, e := range invited {
			if out[e] == free {
				out[e] = alreadyInvited
			}
		}
	}
	return out, nil
}

func (s *Service) link(plain string) string {
	return s.publicURL + AcceptPath + "?token=" + url.QueryEscape(plain)
}
