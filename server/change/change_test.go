package change_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/auditevent"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/viewer"
)

func open(t *testing.T) (*ent.Client, context.Context) {
	t.Helper()
	sys := database.System(context.Background())
	client, err := database.Open(databasetest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	if err := database.Migrate(sys, client); err != nil {
		t.Fatal(err)
	}
	return client, sys
}

// TestRecordNumbersAuditsAndAnnounces: events recorded in one transaction
// get their organizations' next numbers in order, one audit row each under
// the event's action with the actor, the subject and the seats they
// committed; the hooks see them in the transaction; the notices go to the
// organizations and to the users whose access ended, once each, at commit.
func TestRecordNumbersAuditsAndAnnounces(t *testing.T) {
	client, sys := open(t)
	a := client.Organization.Create().SetName("A").SetSlug("a").SetSeatLimit(5).SaveX(sys)
	b := client.Organization.Create().SetName("B").SetSlug("b").SetSeatLimit(5).SaveX(sys)
	u := client.User.Create().SetEmail("u@x.test").SetName("U").SetPasswordHash("-").SaveX(sys)
	m := client.Membership.Create().SetOrganizationID(a.ID).SetUserID(u.ID).SetRole(policy.Member).SaveX(sys)
	inv := client.Invitation.Create().SetOrganizationID(b.ID).SetEmail("i@x.test").SetRole(policy.Member).
		SetTokenHash("h").SetExpiresAt(time.Now().Add(time.Hour).UTC()).SaveX(sys)

	hub := pubsub.NewHub()
	orgA, orgB, user := hub.Subscribe(pubsub.Organization(a.ID)), hub.Subscribe(pubsub.Organization(b.ID)), hub.Subscribe(pubsub.User(u.ID))
	rec := change.NewRecorder(hub)
	var hooked []change.Recorded
	rec.OnRecord(func(ctx context.Context, tx *ent.Tx, events []change.Recorded) error {
		hooked = append(hooked, events...)
		return nil
	})
	actor := viewer.NewContext(context.Background(), viewer.New("usr_actor", "actor@x.test", "Actor", true, nil))
	var recorded []change.Recorded
	err := database.InTx(sys, client, func(tx *ent.Tx) error {
		var err error
		recorded, err = rec.Record(actor, tx,
			change.MemberRoleChanged{Membership: m, Email: "u@x.test", From: policy.Member, To: policy.Admin},
			change.InvitationCreated{Invitation: inv},
			change.MemberRemoved{Membership: m, Email: "u@x.test"},
			change.OrganizationCreated{Organization: b},
		)
		if err != nil {
			return err
		}
		select {
		case <-orgA.C:
			t.Error("a notice went out before the commit")
		default:
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantSeq := []int{1, 1, 2, 0}
	for i, r := range recorded {
		if r.Sequence != wantSeq[i] {
			t.Errorf("event %d (%s): #%d, want #%d", i, r.Action, r.Sequence, wantSeq[i])
		}
		if r.ActorID != "usr_actor" || r.ActorLabel != "actor@x.test" {
			t.Errorf("event %d: actor %s %s", i, r.ActorID, r.ActorLabel)
		}
	}
	if recorded[0].Kind != change.KindMemberRoleChanged || recorded[3].Kind != "" || recorded[3].Usage != nil {
		t.Errorf("kinds: %+v", recorded)
	}
	if u := recorded[1].Usage; u == nil || u.Pending != 1 || u.Total != 5 {
		t.Errorf("seats committed in B: %+v", u)
	}
	if len(hooked) != len(recorded) {
		t.Errorf("the hook saw %d events of %d", len(hooked), len(recorded))
	}
	if n := client.Organization.GetX(sys, a.ID).ChangeSequence; n != 2 {
		t.Errorf("A's counter: %d", n)
	}
	rows := client.AuditEvent.Query().Where(auditevent.OrganizationID(a.ID)).Order(auditevent.BySequence()).AllX(sys)
	if len(rows) != 2 || rows[0].Action != "member.role_changed" || rows[1].Action != "member.removed" ||
		rows[0].TargetID != m.ID || rows[0].Target != "u@x.test" || rows[0].Data["to"] != "ADMIN" || rows[1].ActorID != "usr_actor" {
		t.Errorf("A's audit rows: %+v", rows)
	}
	for name, s := range map[string]*pubsub.Subscription{"A": orgA, "B": orgB, "the removed user": user} {
		select {
		case <-s.C:
		case <-time.After(time.Second):
			t.Errorf("%s heard nothing", name)
		}
	}
}

// TestRecordRollsBackWithTheChange: a hook's error, or the change's, rolls
// back the audit rows and the number with it, and nothing is announced.
func TestRecordRollsBackWithTheChange(t *testing.T) {
	client, sys := open(t)
	org := client.Organization.Create().SetName("A").SetSlug("a").SetSeatLimit(5).SaveX(sys)
	hub := pubsub.NewHub()
	notices := hub.Subscribe(pubsub.Organization(org.ID))
	rec := change.NewRecorder(hub)
	refuse := errors.New("the webhook outbox is full")
	rec.OnRecord(func(context.Context, *ent.Tx, []change.Recorded) error { return refuse })
	err := database.InTx(sys, client, func(tx *ent.Tx) error {
		_, err := rec.Record(sys, tx, change.SeatLimitChanged{Organization: org, From: 5, To: 6})
		return err
	})
	if !errors.Is(err, refuse) {
		t.Fatalf("Record with a failing hook: %v", err)
	}
	if n := client.AuditEvent.Query().CountX(sys); n != 0 {
		t.Errorf("%d audit rows after a rollback", n)
	}
	if n := client.Organization.GetX(sys, org.ID).ChangeSequence; n != 0 {
		t.Errorf("the counter is %d after a rollback", n)
	}
	select {
	case <-notices.C:
		t.Error("a rolled-back change was announced")
	case <-time.After(100 * time.Millisecond):
	}
}

// unstreamed are the actions outside the organization's stream: its
// creation and deletion, the domain events, and the changes to what
// programs use (keys, OAuth clients, webhooks), which the contract's
// OrganizationChangeKind has no kind for (audit rows only).
var unstreamed = []change.Action{
	change.ActionOrganizationCreated, change.ActionOrganizationDeleted,
	change.ActionDomainAdded, change.ActionDomainVerified, change.ActionDomainAutoJoinChanged,
	change.ActionDomainRemoved, change.ActionDomainVerificationLost, change.ActionAutoJoinSkippedSeatLimit,
	change.ActionAPIKeyCreated, change.ActionAPIKeyRevoked, change.ActionOAuthClientCreated, change.ActionOAuthClientRevoked,
	change.ActionWebhookCreated, change.ActionWebhookDeleted,
}

// TestEveryStreamedActionHasAKind: the kinds are the contract's
// OrganizationChangeKind values, one action each.
func TestEveryStreamedActionHasAKind(t *testing.T) {
	seen := map[change.Kind]change.Action{}
	for _, a := range change.Actions() {
		if slices.Contains(unstreamed, a) {
			continue
		}
		k, ok := a.Kind()
		if !ok {
			t.Errorf("%s has no kind", a)
		}
		if other, dup := seen[k]; dup {
			t.Errorf("%s and %s share the kind %s", a, other, k)
		}
		seen[k] = a
	}
	for _, a := range unstreamed {
		if k, ok := a.Kind(); ok {
			t.Errorf("%s is streamed as %s; it has no kind in the contract", a, k)
		}
	}
}
