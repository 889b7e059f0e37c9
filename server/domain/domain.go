// Package domain owns an organization's verified email domains and
// auto-join: adding a domain (normalised to its ASCII form; public suffixes
// and public mail providers refused), proving control of it by a DNS TXT
// record (`_roster-challenge.<domain>` = `roster-verification=<token>`),
// re-checking verified domains periodically (three misses in a row lose the
// verification), and letting a user whose email becomes verified at a
// verified domain with auto-join on join the organization as a Member.
//
// Invariants, and what keeps them:
//   - One organization per verified domain: Verify checks under the seat
//     lock, and a partial unique index on verified domains settles any race
//     (the loser is CONFLICT).
//   - Auto-join never oversells: the membership is created under the
//     organization's seat lock after seat.Reserve, in the transaction that
//     verifies the email, as invitations take seats (server/seat); a user
//     with a pending invitation there accepts it instead (its seat becomes
//     theirs).
//   - Matching is exact: the email's domain, in the same canonical form,
//     equals the stored domain; no subdomains, no suffix matching.
//
// Every change is recorded through server/change (audit row, notices,
// webhook hooks); nothing here writes audit rows itself.
package domain

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"log/slog"
	"strings"
	"time"

	"github.com/rosterhq/roster/ent"
	entdomain "github.com/rosterhq/roster/ent/domain"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/ent/user"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/mail"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/ratelimit"
	"github.com/rosterhq/roster/server/seat"
	"github.com/rosterhq/roster/server/viewer"
)

// The TXT record that proves control of a domain.
const (
	RecordPrefix = "_roster-challenge."
	ValuePrefix  = "roster-verification="
)

// LostAfter is how many re-verifications in a row must miss the record
// before a domain loses its verification.
const LostAfter = 3

// DefaultRecheckInterval is how often a verified domain is checked again
// (ROSTER_DOMAIN_RECHECK_INTERVAL).
const DefaultRecheckInterval = 24 * time.Hour

// SettingsPath is the portal page of an organization's domains, after
// /orgs/<slug>.
const SettingsPath = "/settings/domains"

// Status is where a domain stands.
type Status string

// The statuses.
const (
	StatusPending          Status = "PENDING"
	StatusVerified         Status = "VERIFIED"
	StatusVerificationLost Status = "VERIFICATION_LOST"
)

// StatusOf returns d's status.
func StatusOf(d *ent.Domain) Status {
	switch {
	case d.Verified:
		return StatusVerified
	case d.VerificationLostAt != nil:
		return StatusVerificationLost
	default:
		return StatusPending
	}
}

// RecordName is the name of d's TXT record.
func RecordName(d *ent.Domain) string { return RecordPrefix + d.Domain }

// RecordValue is the value d's TXT record must hold.
func RecordValue(d *ent.Domain) string { return ValuePrefix + d.Token }

// Lookup finds TXT records (a *Resolver).
type Lookup interface {
	TXT(ctx context.Context, name string) ([]string, error)
}

// Acceptor accepts a user's pending invitation to an organization in tx,
// if there is one (server/invitation's Service): auto-join uses it so that
// an invited user takes the invitation's seat and role, not a second seat.
type Acceptor interface {
	AcceptPendingFor(ctx context.Context, tx *ent.Tx, v *viewer.Viewer, orgID string) (*ent.Membership, error)
}

// Service manages domains.
type Service struct {
	client    *ent.Client
	changes   *change.Recorder
	outbox    *mail.Outbox
	dns       Lookup
	invites   Acceptor
	publicURL string
	interval  time.Duration
	clock     database.Clock
	logger    *slog.Logger
	limits    *ratelimit.Limiter
}

// Options configure a Service.
type Options struct {
	PublicURL string
	// RecheckInterval is how often verified domains are checked again
	// (DefaultRecheckInterval when zero).
	RecheckInterval time.Duration
	Clock           database.Clock // the real time when nil
	Logger          *slog.Logger
	// Limits rate limit verifyDomain's DNS checks (nil: not at all).
	Limits *ratelimit.Limiter
}

// NewService returns the domain service.
func NewService(client *ent.Client, changes *change.Recorder, outbox *mail.Outbox, dns Lookup, invites Acceptor, o Options) *Service {
	if o.RecheckInterval <= 0 {
		o.RecheckInterval = DefaultRecheckInterval
	}
	if o.Clock == nil {
		o.Clock = database.SystemClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &Service{client: client, changes: changes, outbox: outbox, dns: dns, invites: invites,
		publicURL: strings.TrimRight(o.PublicURL, "/"), interval: o.RecheckInterval, clock: o.Clock, logger: o.Logger, limits: o.Limits}
}

// Add adds a domain to an organization, pending verification. It is
// CONFLICT when the organization has it already, or another organization
// has it verified.
func (s *Service) Add(ctx context.Context, orgID, input string) (*ent.Domain, error) {
	if _, err := s.require(ctx, orgID); err != nil {
		return nil, err
	}
	name, err := Normalize("domain", input)
	if err != nil {
		return nil, err
	}
	var d *ent.Domain
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if _, err := seat.Lock(ctx, tx, orgID); err != nil {
			return err
		}
		if _, err := s.require(ctx, orgID); err != nil { // the role as the lock found it
			return err
		}
		have, err := tx.Domain.Query().Where(entdomain.OrganizationID(orgID), entdomain.Domain(name)).Exist(ctx)
		if err != nil {
			return err
		}
		if have {
			return &errcode.Error{Code: errcode.Conflict, Field: "domain", Message: name + " is already one of this organization's domains."}
		}
		if err := s.verifiedElsewhere(ctx, tx, orgID, name); err != nil {
			return err
		}
		d, err = tx.Domain.Create().
			SetOrganizationID(orgID).
			SetDomain(name).
			SetToken(newToken()).
			SetCreatedAt(s.clock.Now()).
			Save(ctx)
		if err != nil {
			return uniqueAsConflict(err, name)
		}
		_, err = s.changes.Record(ctx, tx, change.DomainAdded{Domain: d})
		return err
	})
	if err != nil {
		return nil, err
	}
	return d.Unwrap(), nil
}

// Verify looks the domain's TXT record up now and, when it holds the
// expected value, marks the domain verified. Without it the answer is
// VERIFICATION_FAILED, naming the record expected; CONFLICT when another
// organization has verified the domain meanwhile; RATE_LIMITED when the
// organization has checked too often (each check asks a DNS server).
func (s *Service) Verify(ctx context.Context, id string) (*ent.Domain, error) {
	current, err := s.manageable(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.limits.DomainCheck(ctx, current.OrganizationID); err != nil {
		return nil, err
	}
	if err := s.check(ctx, current); err != nil {
		return nil, err
	}
	var d *ent.Domain
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if _, err := seat.Lock(ctx, tx, current.OrganizationID); err != nil {
			return err
		}
		if _, err := s.require(ctx, current.OrganizationID); err != nil {
			return err
		}
		if d, err = tx.Domain.Get(ctx, id); ent.IsNotFound(err) {
			return errcode.NotFoundf("domain")
		} else if err != nil {
			return err
		}
		if d.Verified {
			return nil // verified already: the record is still there
		}
		if err := s.verifiedElsewhere(ctx, tx, d.OrganizationID, d.Domain); err != nil {
			return err
		}
		now := s.clock.Now()
		d, err = tx.Domain.UpdateOneID(id).
			SetVerified(true).
			SetVerifiedAt(now).
			SetLastCheckedAt(now).
			SetFailedChecks(0).
			ClearVerificationLostAt().
			Save(ctx)
		if err != nil {
			return uniqueAsConflict(err, current.Domain)
		}
		_, err = s.changes.Record(ctx, tx, change.DomainVerified{Domain: d})
		return err
	})
	if err != nil {
		return nil, err
	}
	return d.Unwrap(), nil
}

// check looks d's record up: nil when it holds the expected value, else
// VERIFICATION_FAILED with what was expected and what was found.
func (s *Service) check(ctx context.Context, d *ent.Domain) error {
	name, want := RecordName(d), RecordValue(d)
	values, err := s.dns.TXT(ctx, name)
	if err != nil {
		s.logger.WarnContext(ctx, "domain verification: DNS lookup failed", "domain", d.Domain, "error", err)
		return errcode.New(errcode.VerificationFailed,
			"The DNS server did not answer for the TXT record %s; try again in a few minutes.", name)
	}
	for _, v := range values {
		if strings.TrimSpace(v) == want {
			return nil
		}
	}
	if len(values) == 0 {
		return errcode.New(errcode.VerificationFailed,
			"No TXT record was found at %s. Add a TXT record with the name %s and the value %s at your DNS provider, wait for it to be published, and verify again.",
			name, name, want)
	}
	return errcode.New(errcode.VerificationFailed,
		"The TXT records at %s do not include %s. Add a TXT record with that value (or correct the one there), wait for it to be published, and verify again.",
		name, want)
}

// SetAutoJoin switches auto-join on or off. Only a verified domain may
// have it switched on (else BAD_USER_INPUT).
func (s *Service) SetAutoJoin(ctx context.Context, id string, enabled bool) (*ent.Domain, error) {
	current, err := s.manageable(ctx, id)
	if err != nil {
		return nil, err
	}
	var d *ent.Domain
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if _, err := seat.Lock(ctx, tx, current.OrganizationID); err != nil {
			return err
		}
		if _, err := s.require(ctx, current.OrganizationID); err != nil {
			return err
		}
		if d, err = tx.Domain.Get(ctx, id); ent.IsNotFound(err) {
			return errcode.NotFoundf("domain")
		} else if err != nil {
			return err
		}
		if enabled && !d.Verified {
			return errcode.Invalid("enabled", "Verify %s before switching auto-join on.", d.Domain)
		}
		if d.AutoJoin == enabled {
			return nil
		}
		if d, err = tx.Domain.UpdateOneID(id).SetAutoJoin(enabled).Save(ctx); err != nil {
			return err
		}
		_, err = s.changes.Record(ctx, tx, change.DomainAutoJoinChanged{Domain: d})
		return err
	})
	if err != nil {
		return nil, err
	}
	return d.Unwrap(), nil
}

// Remove removes a domain from its organization; auto-join by it ends.
func (s *Service) Remove(ctx context.Context, id string) error {
	current, err := s.manageable(ctx, id)
	if err != nil {
		return err
	}
	return database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if _, err := seat.Lock(ctx, tx, current.OrganizationID); err != nil {
			return err
		}
		if _, err := s.require(ctx, current.OrganizationID); err != nil {
			return err
		}
		d, err := tx.Domain.Get(ctx, id)
		if ent.IsNotFound(err) {
			return errcode.NotFoundf("domain")
		} else if err != nil {
			return err
		}
		if err := tx.Domain.DeleteOneID(id).Exec(ctx); err != nil {
			return err
		}
		_, err = s.changes.Record(ctx, tx, change.DomainRemoved{Domain: d})
		return err
	})
}

// require checks that the viewer may manage the organization's domains:
// NOT_FOUND for a non-member, FORBIDDEN for a member without
// MANAGE_DOMAINS.
func (s *Service) require(ctx context.Context, orgID string) (*viewer.Viewer, error) {
	v, role, err := viewer.Require(ctx, orgID, policy.UseProducts)
	if err != nil {
		return nil, err
	}
	if err := policy.ManageDomain(role).Err(); err != nil {
		return nil, err
	}
	return v, nil
}

// manageable loads a domain the viewer may manage: NOT_FOUND when they
// cannot see it (another organization's), FORBIDDEN when they see it but
// may not manage domains.
func (s *Service) manageable(ctx context.Context, id string) (*ent.Domain, error) {
	if _, err := viewer.RequireUser(ctx); err != nil {
		return nil, err
	}
	d, err := s.client.Domain.Get(ctx, id) // tenant-scoped
	if ent.IsNotFound(err) {
		return nil, errcode.NotFoundf("domain")
	}
	if err != nil {
		return nil, err
	}
	if _, err := s.require(ctx, d.OrganizationID); err != nil {
		return nil, err
	}
	return d, nil
}

// verifiedElsewhere is CONFLICT when another organization has name
// verified. It reads across organizations, as the system.
func (s *Service) verifiedElsewhere(ctx context.Context, tx *ent.Tx, orgID, name string) error {
	taken, err := tx.Domain.Query().
		Where(entdomain.Domain(name), entdomain.Verified(true), entdomain.OrganizationIDNEQ(orgID)).
		Exist(database.System(ctx))
	if err != nil {
		return err
	}
	if taken {
		return conflictElsewhere(name)
	}
	return nil
}

func conflictElsewhere(name string) error {
	return &errcode.Error{Code: errcode.Conflict, Field: "domain",
		Message: name + " is verified by another organization; a domain can be verified by one organization at a time."}
}

// uniqueAsConflict turns a unique-index violation (a race lost to another
// add or verification) into CONFLICT.
func uniqueAsConflict(err error, name string) error {
	if ent.IsConstraintError(err) {
		return conflictElsewhere(name)
	}
	return err
}

// newToken returns 128 random bits, in lower-case base32 (DNS values are
// read case-insensitively by some tools; this survives that).
func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// AutoJoin runs in the transaction that marks u's email verified (see
// account.Service.OnEmailVerified): when the email's domain is verified by
// an organization with auto-join on, u joins it as a Member, under its
// seat lock; with a pending invitation there, that invitation is accepted
// instead (its role, its seat). Without a free seat nothing is joined: the
// skip is recorded (auto_join.skipped_seat_limit) and the owner and admins
// get an email. Returns the membership made, if any.
func (s *Service) AutoJoin(ctx context.Context, tx *ent.Tx, u *ent.User) (*ent.Membership, error) {
	if !u.EmailVerified {
		return nil, nil
	}
	name, ok := EmailDomain(u.Email)
	if !ok {
		return nil, nil
	}
	sys := database.System(ctx)
	d, err := tx.Domain.Query().
		Where(entdomain.Domain(name), entdomain.Verified(true), entdomain.AutoJoin(true)).
		Only(sys)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	org, err := seat.Lock(sys, tx, d.OrganizationID)
	if err != nil {
		return nil, err
	}
	// Read again under the lock: removed or paused meanwhile, no join.
	d, err = tx.Domain.Query().
		Where(entdomain.ID(d.ID), entdomain.Verified(true), entdomain.AutoJoin(true)).
		Only(sys)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	member, err := tx.Membership.Query().
		Where(membership.OrganizationID(org.ID), membership.UserID(u.ID)).
		Exist(sys)
	if err != nil || member {
		return nil, err
	}
	// The invitee acts with their email verified, as it is once this commits.
	v := viewer.FromContext(ctx)
	if v == nil || v.UserID != u.ID {
		v = viewer.New(u.ID, u.Email, u.Name, true, nil)
		ctx = viewer.NewContext(ctx, v)
	}
	acting := v.Clone()
	acting.EmailVerified = true
	m, err := s.join(ctx, tx, org, d, u, acting)
	if err != nil || m == nil {
		return nil, err
	}
	database.AfterCommit(tx, func() { v.SetRole(org.ID, m.Role) })
	return m, nil
}

// join makes u a member of org under its seat lock: by their pending
// invitation there if they have one, else as a Member if a seat is free;
// nil (and the skip recorded) when none is.
func (s *Service) join(ctx context.Context, tx *ent.Tx, org *ent.Organization, d *ent.Domain, u *ent.User, acting *viewer.Viewer) (*ent.Membership, error) {
	sys := database.System(ctx)
	if s.invites != nil {
		m, err := s.invites.AcceptPendingFor(ctx, tx, acting, org.ID)
		if err != nil || m != nil {
			return m, err
		}
	}
	if _, err := seat.Reserve(sys, tx, org, 1); err != nil {
		if !errcode.Is(err, errcode.SeatLimitReached) {
			return nil, err
		}
		return nil, s.skipped(ctx, tx, org, d, u)
	}
	m, err := tx.Membership.Create().
		SetOrganizationID(org.ID).
		SetUserID(u.ID).
		SetRole(policy.Member).
		Save(sys)
	if err != nil {
		return nil, err
	}
	if _, err := s.changes.Record(ctx, tx, change.MemberJoined{Membership: m, Email: u.Email, Domain: d.Domain}); err != nil {
		return nil, err
	}
	return m, nil
}

// skipped records an auto-join that found no free seat, and emails the
// owner and admins.
func (s *Service) skipped(ctx context.Context, tx *ent.Tx, org *ent.Organization, d *ent.Domain, u *ent.User) error {
	if _, err := s.changes.Record(ctx, tx, change.AutoJoinSkippedSeatLimit{Domain: d, UserID: u.ID, Email: u.Email}); err != nil {
		return err
	}
	to, err := s.managers(ctx, tx, org.ID)
	if err != nil {
		return err
	}
	link := s.publicURL + "/orgs/" + org.Slug + "/settings/organization"
	msgs := make([]mail.Message, len(to))
	for i, addr := range to {
		msgs[i] = mail.AutoJoinSkippedEmail(addr, org.Name, Display(d.Domain), u.Email, link)
	}
	return s.outbox.Enqueue(database.System(ctx), tx, msgs...)
}

// managers are the email addresses of the organization's owner and
// admins.
func (s *Service) managers(ctx context.Context, tx *ent.Tx, orgID string) ([]string, error) {
	return tx.User.Query().
		Where(user.HasMembershipsWith(membership.OrganizationID(orgID), membership.RoleIn(policy.Owner, policy.Admin))).
		Select(user.FieldEmail).
		Strings(database.System(ctx))
}
