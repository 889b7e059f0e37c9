package seat_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/seat"
	"github.com/rosterhq/roster/server/viewer"
)

// TestReserveIsAtomic reserves seats from many goroutines at once, each
// reservation followed by the insert that takes the seat: the organization
// never holds more than its limit (on SQLite, and on PostgreSQL under READ
// COMMITTED when ROSTER_TEST_DATABASE_URL is set).
func TestReserveIsAtomic(t *testing.T) {
	ctx := database.System(context.Background())
	client, err := database.Open(databasetest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if err := database.Migrate(ctx, client); err != nil {
		t.Fatal(err)
	}
	owner := client.User.Create().SetEmail("o@x.io").SetName("O").SetPasswordHash("-").SaveX(ctx)
	org := client.Organization.Create().SetName("O").SetSlug("o").SetSeatLimit(8).SaveX(ctx)
	client.Membership.Create().SetOrganizationID(org.ID).SetUserID(owner.ID).SetRole(policy.Owner).ExecX(ctx)

	const workers = 30
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		outs = map[errcode.Code]int{}
	)
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := database.InTx(ctx, client, func(tx *ent.Tx) error {
				locked, err := seat.Lock(ctx, tx, org.ID)
				if err != nil {
					return err
				}
				if _, err := seat.Reserve(ctx, tx, locked, 1); err != nil {
					return err
				}
				return tx.Invitation.Create().SetOrganizationID(org.ID).SetEmail(string(rune('a'+i)) + "@x.io").
					SetRole(policy.Member).SetTokenHash(string(rune('a' + i))).SetExpiresAt(time.Now().Add(time.Hour).UTC()).Exec(ctx)
			})
			mu.Lock()
			defer mu.Unlock()
			if e, ok := errcode.As(err); ok {
				outs[e.Code]++
			} else if err != nil {
				t.Error(err)
			} else {
				outs[""]++
			}
		}()
	}
	wg.Wait()
	if outs[""] != 7 || outs[errcode.SeatLimitReached] != workers-7 {
		t.Fatalf("outcomes %v: want 7 reservations and the rest SEAT_LIMIT_REACHED", outs)
	}
	u, err := seat.Of(ctx, client, client.Organization.GetX(ctx, org.ID))
	if err != nil {
		t.Fatal(err)
	}
	if u.Used() != 8 || u.Available() != 0 {
		t.Errorf("usage = %+v", u)
	}
}

// TestLockRereadsTheActorsRole: the policy was checked against the role the
// request read at its start; a removal or demotion that committed before
// the lock was granted wins.
func TestLockRereadsTheActorsRole(t *testing.T) {
	sys := database.System(context.Background())
	client, err := database.Open(databasetest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if err := database.Migrate(sys, client); err != nil {
		t.Fatal(err)
	}
	org := client.Organization.Create().SetName("L").SetSlug("l").SetSeatLimit(8).SaveX(sys)
	admin := client.User.Create().SetEmail("admin@l.io").SetName("A").SetPasswordHash("-").SaveX(sys)
	m := client.Membership.Create().SetOrganizationID(org.ID).SetUserID(admin.ID).SetRole(policy.Admin).SaveX(sys)
	invitee := client.User.Create().SetEmail("invitee@l.io").SetName("I").SetPasswordHash("-").SaveX(sys)

	lock := func(v *viewer.Viewer) error {
		ctx := viewer.NewContext(database.System(context.Background()), v)
		return database.InTx(ctx, client, func(tx *ent.Tx) error {
			_, err := seat.Lock(ctx, tx, org.ID)
			return err
		})
	}
	asAdmin := func() *viewer.Viewer {
		return viewer.New(admin.ID, admin.Email, "A", true, map[string]policy.Role{org.ID: policy.Admin})
	}
	if err := lock(asAdmin()); err != nil {
		t.Fatalf("unchanged role: %v", err)
	}
	// Someone who is not a member yet (an invitee accepting) has no role
	// to compare.
	if err := lock(viewer.New(invitee.ID, invitee.Email, "I", true, nil)); err != nil {
		t.Fatalf("an actor without a role: %v", err)
	}
	client.Membership.UpdateOne(m).SetRole(policy.Member).ExecX(sys)
	v := asAdmin()
	if err := lock(v); !errcode.Is(err, errcode.Forbidden) {
		t.Fatalf("demoted meanwhile: %v, want FORBIDDEN", err)
	}
	if r, _ := v.Role(org.ID); r != policy.Member {
		t.Errorf("the viewer's role is %s after the re-read, want MEMBER", r)
	}
	client.Membership.DeleteOne(m).ExecX(sys)
	v = asAdmin()
	if err := lock(v); !errcode.Is(err, errcode.NotFound) {
		t.Fatalf("removed meanwhile: %v, want NOT_FOUND", err)
	}
	if _, ok := v.Role(org.ID); ok {
		t.Error("the viewer still has a role after the re-read found no membership")
	}
}
