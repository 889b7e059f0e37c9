package domain_test

import (
	"context"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/auditevent"
	entdomain "github.com/rosterhq/roster/ent/domain"
	"github.com/rosterhq/roster/ent/outboxemail"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/domain"
	"github.com/rosterhq/roster/server/domain/dnstest"
	"github.com/rosterhq/roster/server/mail"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/pubsub"
)

type recheckWorld struct {
	ctx    context.Context
	client *ent.Client
	dns    *dnstest.Server
	clock  *databasetest.Clock
	svc    *domain.Service
	org    *ent.Organization
}

func newRecheckWorld(t *testing.T) *recheckWorld {
	t.Helper()
	client, err := database.Open(databasetest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	ctx := database.System(context.Background())
	if err := database.Migrate(ctx, client); err != nil {
		t.Fatal(err)
	}
	w := &recheckWorld{ctx: ctx, client: client, dns: dnstest.Start(t), clock: databasetest.NewClock()}
	r, err := domain.NewResolver(w.dns.Addr)
	if err != nil {
		t.Fatal(err)
	}
	w.svc = domain.NewService(client, change.NewRecorder(pubsub.NewHub()), mail.NewOutbox(), r, nil,
		domain.Options{PublicURL: "http://roster.test", RecheckInterval: 24 * time.Hour, Clock: w.clock})
	w.org = client.Organization.Create().SetName("Corp").SetSlug("corp").SetSeatLimit(10).SaveX(ctx)
	for _, p := range []struct {
		email string
		role  policy.Role
	}{{"owner@corp.example.com", policy.Owner}, {"admin@corp.example.com", policy.Admin}, {"member@corp.example.com", policy.Member}} {
		u := client.User.Create().SetEmail(p.email).SetName(p.email).SetPasswordHash("x").SetEmailVerified(true).SaveX(ctx)
		client.Membership.Create().SetOrganizationID(w.org.ID).SetUserID(u.ID).SetRole(p.role).ExecX(ctx)
	}
	return w
}

func (w *recheckWorld) verified(name string) *ent.Domain {
	now := w.clock.Now()
	return w.client.Domain.Create().SetOrganizationID(w.org.ID).SetDomain(name).SetToken("tok-" + name).
		SetVerified(true).SetVerifiedAt(now).SetLastCheckedAt(now).SetAutoJoin(true).SaveX(w.ctx)
}

func (w *recheckWorld) recheckAfter(t *testing.T, d time.Duration) int {
	t.Helper()
	w.clock.Advance(d)
	n, err := w.svc.Recheck(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRecheckLosesVerificationAfterThreeMisses: a verified domain whose
// record is gone for three checks in a row is no longer verified (auto-join
// pauses), shows as lost, the loss is audited, and the owner and admins
// (not members) get an email. A record back before the third miss resets
// the count; a DNS outage counts as nothing.
func TestRecheckLosesVerificationAfterThreeMisses(t *testing.T) {
	w := newRecheckWorld(t)
	day := 24 * time.Hour
	kept := w.verified("kept.example.com")
	w.dns.SetTXT(domain.RecordName(kept), domain.RecordValue(kept))
	flaky := w.verified("flaky.example.com")
	gone := w.verified("gone.example.com")

	if n := w.recheckAfter(t, time.Hour); n != 0 {
		t.Fatalf("checked %d domains an hour after their last check, want none (the period is a day)", n)
	}
	// Day 1 and 2: flaky and gone miss.
	for range 2 {
		if n := w.recheckAfter(t, day); n != 3 {
			t.Fatalf("checked %d, want 3", n)
		}
	}
	// A DNS outage on day 3: nothing is counted.
	w.dns.Fail(true)
	w.recheckAfter(t, day)
	w.dns.Fail(false)
	if d := w.client.Domain.GetX(w.ctx, gone.ID); !d.Verified || d.FailedChecks != 2 {
		t.Fatalf("after an outage: verified %v, %d misses; want verified with 2", d.Verified, d.FailedChecks)
	}
	// Day 4: flaky's record is back; gone misses a third time.
	w.dns.SetTXT(domain.RecordName(flaky), domain.RecordValue(flaky))
	w.recheckAfter(t, day)

	for _, tt := range []struct {
		d      *ent.Domain
		status domain.Status
		misses int
	}{{kept, domain.StatusVerified, 0}, {flaky, domain.StatusVerified, 0}, {gone, domain.StatusVerificationLost, 3}} {
		d := w.client.Domain.GetX(w.ctx, tt.d.ID)
		if got := domain.StatusOf(d); got != tt.status || d.FailedChecks != tt.misses {
			t.Errorf("%s: %s with %d misses, want %s with %d", d.Domain, got, d.FailedChecks, tt.status, tt.misses)
		}
	}
	lost := w.client.Domain.GetX(w.ctx, gone.ID)
	if lost.Verified || lost.VerificationLostAt == nil || !lost.AutoJoin {
		t.Errorf("lost domain: verified %v, lost at %v, autoJoin %v; want unverified, lost, the switch kept (paused)", lost.Verified, lost.VerificationLostAt, lost.AutoJoin)
	}
	events := w.client.AuditEvent.Query().Where(auditevent.Action(string(change.ActionDomainVerificationLost))).AllX(w.ctx)
	if len(events) != 1 || events[0].TargetID != gone.ID || events[0].OrganizationID != w.org.ID {
		t.Fatalf("verification-lost events: %+v, want one for %s", events, gone.ID)
	}
	mails := w.client.OutboxEmail.Query().Where(outboxemail.Kind(mail.KindDomain)).AllX(w.ctx)
	to := map[string]bool{}
	for _, m := range mails {
		to[m.ToAddress] = true
	}
	if len(mails) != 2 || !to["owner@corp.example.com"] || !to["admin@corp.example.com"] {
		t.Fatalf("emails to %v, want the owner and the admin", to)
	}
	// A lost domain is not checked again (it is verified again by hand).
	if n := w.recheckAfter(t, day); n != 2 {
		t.Fatalf("checked %d, want the two verified ones", n)
	}
	if c := w.client.Domain.Query().Where(entdomain.Verified(true)).CountX(w.ctx); c != 2 {
		t.Fatalf("%d verified, want 2", c)
	}
}
