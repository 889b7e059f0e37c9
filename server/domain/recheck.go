package domain

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/rosterhq/roster/ent"
	entdomain "github.com/rosterhq/roster/ent/domain"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/mail"
	"github.com/rosterhq/roster/server/seat"
)

// RunRecheck re-verifies verified domains until ctx is done: it wakes
// every hour (or every interval, when shorter) and checks the domains not
// checked for an interval. Every replica may run it: a domain checked by
// another replica meanwhile is skipped (see Recheck).
func (s *Service) RunRecheck(ctx context.Context) {
	every := min(s.interval, time.Hour)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.Recheck(ctx); err != nil && ctx.Err() == nil {
			s.logger.Warn("domain re-verification failed", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Recheck checks every verified domain whose last check is an interval old
// or older, and returns how many it checked. A record found resets the
// count of misses; a record missing (the name answered, without the
// value) adds one, and the LostAfter-th miss in a row ends the
// verification: auto-join pauses, the domain shows VERIFICATION_LOST, the
// loss is recorded and the owner and admins get an email. A lookup that
// gets no answer (a timeout, SERVFAIL) counts as nothing: a resolver's
// outage must not unverify every domain.
func (s *Service) Recheck(ctx context.Context) (int, error) {
	sys := database.System(ctx)
	due := s.clock.Now().Add(-s.interval)
	domains, err := s.client.Domain.Query().
		Where(entdomain.Verified(true), entdomain.Or(entdomain.LastCheckedAtIsNil(), entdomain.LastCheckedAtLTE(due))).
		Order(entdomain.ByLastCheckedAt()).
		Limit(1000).
		All(sys)
	if err != nil {
		return 0, err
	}
	checked := 0
	for _, d := range domains {
		if ctx.Err() != nil {
			return checked, ctx.Err()
		}
		found, err := s.lookup(sys, d)
		if errors.Is(err, ErrLookup) {
			s.logger.Warn("domain re-verification: no answer; tried again next time", "domain", d.Domain, "error", err)
			continue
		}
		if err != nil {
			return checked, err
		}
		if err := s.recordCheck(sys, d, found); err != nil {
			return checked, err
		}
		checked++
	}
	return checked, nil
}

func (s *Service) lookup(ctx context.Context, d *ent.Domain) (bool, error) {
	values, err := s.dns.TXT(ctx, RecordName(d))
	if err != nil {
		return false, err
	}
	for _, v := range values {
		if strings.TrimSpace(v) == RecordValue(d) {
			return true, nil
		}
	}
	return false, nil
}

// recordCheck writes one check's result, under the seat lock; a domain
// changed since it was read (checked by another replica, verified again,
// removed) is left as it is.
func (s *Service) recordCheck(ctx context.Context, read *ent.Domain, found bool) error {
	return database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		org, err := seat.Lock(ctx, tx, read.OrganizationID)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		upd := tx.Domain.Update().Where(entdomain.ID(read.ID), entdomain.Verified(true))
		if read.LastCheckedAt == nil {
			upd.Where(entdomain.LastCheckedAtIsNil())
		} else {
			upd.Where(entdomain.LastCheckedAt(*read.LastCheckedAt))
		}
		upd.SetLastCheckedAt(now)
		lost := false
		switch {
		case found:
			upd.SetFailedChecks(0)
		case read.FailedChecks+1 >= LostAfter:
			lost = true
			upd.SetFailedChecks(read.FailedChecks + 1).SetVerified(false).SetVerificationLostAt(now)
		default:
			upd.SetFailedChecks(read.FailedChecks + 1)
		}
		n, err := upd.Save(ctx)
		if err != nil || n == 0 || !lost {
			return err
		}
		d, err := tx.Domain.Get(ctx, read.ID)
		if err != nil {
			return err
		}
		if _, err := s.changes.Record(ctx, tx, change.DomainVerificationLost{Domain: d, Checks: d.FailedChecks}); err != nil {
			return err
		}
		to, err := s.managers(ctx, tx, org.ID)
		if err != nil {
			return err
		}
		link := s.publicURL + "/orgs/" + org.Slug + SettingsPath
		msgs := make([]mail.Message, len(to))
		for i, addr := range to {
			msgs[i] = mail.DomainVerificationLostEmail(addr, org.Name, Display(d.Domain), RecordName(d), RecordValue(d), d.FailedChecks, link)
		}
		s.logger.Info("domain verification lost", slog.String("domain", d.Domain), slog.String("organization", org.ID))
		return s.outbox.Enqueue(ctx, tx, msgs...)
	})
}
