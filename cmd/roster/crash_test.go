package main

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/rosterhq/roster/server/servertest"
)

// TestKillLosesNothing runs the real binary on a SQLite file, makes changes,
// kills the process with SIGKILL right after the last answer, and restarts
// it: everything a mutation reported as done is still there.
func TestKillLosesNothing(t *testing.T) {
	bin := servertest.Binary(t)
	db := "sqlite:" + filepath.Join(t.TempDir(), "roster.db")
	seats := "ROSTER_DEFAULT_SEAT_LIMIT=100"

	srv := servertest.StartProcess(t, bin, db, seats)
	c := servertest.Remote(t, srv.URL).NewClient()
	c.MustDo(`mutation { signUp(input: {email: "owner@crash.test", password: "correct horse battery", name: "Owner"}) { user { id } } }`, nil, nil)
	c.VerifyFromDevMailbox("owner@crash.test") // creating an organization needs a verified email
	var org struct{ CreateOrganization struct{ ID string } }
	c.MustDo(`mutation { createOrganization(input: {name: "Crash"}) { id } }`, nil, &org)
	const n = 25
	for i := range n {
		c.MustDo(fmt.Sprintf(`mutation { inviteMember(input: {organizationID: %q, email: "p%d@crash.test", role: MEMBER}) { id } }`, org.CreateOrganization.ID, i), nil, nil)
	}
	srv.Kill(t)

	srv = servertest.StartProcess(t, bin, db, seats)
	c = servertest.Remote(t, srv.URL).NewClient()
	c.MustDo(`mutation { signIn(email: "owner@crash.test", password: "correct horse battery") { user { id } } }`, nil, nil)
	var out struct {
		Organization struct {
			SeatUsage   struct{ Pending int }
			Invitations struct{ TotalCount int }
		}
	}
	c.MustDo(`{ organization(slug: "crash") { seatUsage { pending } invitations { totalCount } } }`, nil, &out)
	if out.Organization.Invitations.TotalCount != n || out.Organization.SeatUsage.Pending != n {
		t.Errorf("after kill -9: %d invitations (%d pending), want %d", out.Organization.Invitations.TotalCount, out.Organization.SeatUsage.Pending, n)
	}
	srv.Kill(t)
}
