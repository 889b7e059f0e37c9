package session

import (
	"context"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/pubsub"
)

// elsewhere is a transport to other replicas that delivers nothing: enough
// to make a hub not alone on its database.
type elsewhere struct{}

func (elsewhere) Send(context.Context, string) error              { return nil }
func (elsewhere) SendInTx(context.Context, *ent.Tx, string) error { return nil }

// TestCacheForgetsAtTheUsersNotice: a server alone on its database keeps
// the sessions it read; a change of the user announced in its transaction
// (as every service announces its own) clears them as it commits, and a
// sign-out at once. Replicas never cache: they see even an unannounced
// change on the next read.
func TestCacheForgetsAtTheUsersNotice(t *testing.T) {
	sys := database.System(context.Background())
	for _, alone := range []bool{true, false} {
		client := openClient(t) // with the user u1
		org := client.Organization.Create().SetName("O").SetSlug("o").SetSeatLimit(5).SaveX(sys)
		m := client.Membership.Create().SetOrganizationID(org.ID).SetUserID("u1").SetRole(policy.Admin).SaveX(sys)
		hub := pubsub.NewHub()
		if !alone {
			hub.SetTransport(elsewhere{})
		}
		mgr := NewManager(client, Options{PublicURL: "http://localhost", Notices: hub})
		created := context.WithValue(context.Background(), newSessionKey{}, true)
		data, err := mgr.scs.Codec.Encode(time.Now().Add(time.Hour), map[string]any{userIDKey: "u1"})
		if err != nil {
			t.Fatal(err)
		}
		if err := mgr.store.CommitCtx(created, "tok", data, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		role := func() policy.Role {
			t.Helper()
			v, err := mgr.LoadViewer(context.Background(), "tok")
			if err != nil || v == nil {
				t.Fatalf("LoadViewer: %v, %v", v, err)
			}
			r, _ := v.Role(org.ID)
			return r
		}
		if r := role(); r != policy.Admin {
			t.Fatalf("alone=%v: role %s", alone, r)
		}
		client.Membership.UpdateOne(m).SetRole(policy.Member).ExecX(sys) // by hand, unannounced
		if r := role(); alone && r != policy.Admin || !alone && r != policy.Member {
			t.Fatalf("alone=%v: after an unannounced change, role %s", alone, r)
		}
		err = database.InTx(sys, client, func(tx *ent.Tx) error { return hub.PublishInTx(sys, tx, pubsub.User("u1")) })
		if err != nil {
			t.Fatal(err)
		}
		if r := role(); r != policy.Member {
			t.Fatalf("alone=%v: after the user's notice, role %s", alone, r)
		}
		if err := mgr.store.DeleteCtx(context.Background(), "tok"); err != nil {
			t.Fatal(err)
		}
		if v, err := mgr.LoadViewer(context.Background(), "tok"); err != nil || v != nil {
			t.Fatalf("alone=%v: a deleted session reads as %+v, %v", alone, v, err)
		}
	}
}
