package invitation

import (
	"context"
	"log/slog"
	"math"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/invitation"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/seat"
)

// Sweeper bounds: it wakes at the next expiry (or when new invitations
// commit), but at least this often and at most this often; after a failure,
// it tries again after sweepRetry.
const (
	sweepAtMost  = time.Minute
	sweepAtLeast = 250 * time.Millisecond
	sweepRetry   = 5 * time.Second
)

// RunSweeper records expired invitations until ctx is done: each one is
// marked EXPIRED once (under the organization's seat lock, so replicas
// sweeping together never expire one twice), with its audit event, and the
// organization's subscribers are told that a seat was freed. Queries treat
// an invitation as expired from expires_at on, sweeper or not; the sweeper
// makes it visible to subscribers and to the audit trail.
func (s *Service) RunSweeper(ctx context.Context, logger *slog.Logger) {
	ctx = database.System(ctx)
	for {
		// While it sweeps, any new invitation has it plan again after.
		s.nextSweep.Store(math.MaxInt64)
		wait, err := s.sweep(ctx, logger)
		if err != nil && ctx.Err() == nil {
			logger.Error("invitation sweeper", "error", err)
			wait = sweepRetry
		}
		s.nextSweep.Store(s.clock.Now().Add(wait).UnixNano())
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		case <-s.sweepSoon:
			timer.Stop()
		}
	}
}

// sweepBy has the sweeper plan again at once if it would sweep only after
// expires: an invitation that lives shorter than the sweeper sleeps.
// Invitations usually expire after those already pending, which the
// sweeper's plan covers, so this seldom wakes it.
func (s *Service) sweepBy(expires time.Time) {
	if expires.UnixNano() >= s.nextSweep.Load() {
		return
	}
	s.wakeSweeper()
}

// wakeSweeper has the sweeper sweep now.
func (s *Service) wakeSweeper() {
	select {
	case s.sweepSoon <- struct{}{}:
	default:
	}
}

// sweep expires what is due and returns how long to wait for the next. An
// organization whose sweep fails is logged and left for the next round; the
// others are swept regardless, so one broken organization never keeps the
// rest's expired invitations holding seats.
func (s *Service) sweep(ctx context.Context, logger *slog.Logger) (time.Duration, error) {
	orgs, err := s.client.Invitation.Query().
		Where(invitation.StatusEQ(invitation.StatusPENDING), invitation.ExpiresAtLTE(s.clock.Now())).
		Unique(true).
		Select(invitation.FieldOrganizationID).
		Strings(ctx)
	if err != nil {
		return 0, err
	}
	failed := false
	for _, orgID := range orgs {
		err := database.InTx(ctx, s.client, func(tx *ent.Tx) error {
			if _, err := seat.Lock(ctx, tx, orgID); err != nil {
				return err
			}
			return s.expireStale(ctx, tx, orgID)
		})
		if e, ok := errcode.As(err); ok && e.Code == errcode.NotFound {
			continue // the organization was deleted, and its invitations with it
		}
		if err != nil {
			if ctx.Err() != nil {
				return 0, ctx.Err()
			}
			failed = true
			logger.ErrorContext(ctx, "invitation sweeper: expiring an organization's invitations failed; sweeping the others, and this one again later",
				"organization", orgID, "error", err)
		}
	}
	next, err := s.client.Invitation.Query().
		Where(invitation.StatusEQ(invitation.StatusPENDING)).
		Order(ent.Asc(invitation.FieldExpiresAt)).
		Select(invitation.FieldExpiresAt).
		First(ctx)
	if ent.IsNotFound(err) {
		return sweepAtMost, nil
	}
	if err != nil {
		return 0, err
	}
	wait := min(max(next.ExpiresAt.Sub(s.clock.Now()), sweepAtLeast), sweepAtMost)
	if failed {
		// The failed organization's invitations are due already: without
		// this the sweeper would retry them every sweepAtLeast.
		wait = max(wait, sweepRetry)
	}
	return wait, nil
}
