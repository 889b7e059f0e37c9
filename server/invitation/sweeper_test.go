package invitation

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the trigger
	_ "modernc.org/sqlite"             // the "sqlite" driver, for the trigger

	"github.com/rosterhq/roster/ent"
	entinvitation "github.com/rosterhq/roster/ent/invitation"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/mail"
	"github.com/rosterhq/roster/server/pubsub"
)

// TestSweepGoesOnPastAFailingOrganization: the database refuses (by a
// trigger) to change one organization's invitations; the sweep logs that
// organization and still expires the others', and waits before trying the
// broken one again instead of spinning on it.
func TestSweepGoesOnPastAFailingOrganization(t *testing.T) {
	url := databasetest.URL(t)
	client, err := database.Open(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx := database.System(context.Background())
	if err := database.Migrate(ctx, client); err != nil {
		t.Fatal(err)
	}
	past := database.Now().Add(-time.Hour)
	var orgs []*ent.Organization
	for i, name := range []string{"broken", "fine-1", "fine-2"} {
		org := client.Organization.Create().SetName(name).SetSlug(name).SetSeatLimit(10).SaveX(ctx)
		orgs = append(orgs, org)
		for j := range 2 {
			client.Invitation.Create().SetOrganizationID(org.ID).SetEmail(fmt.Sprintf("p%d@%s.test", j, name)).
				SetRole("MEMBER").SetTokenHash(fmt.Sprintf("hash-%d-%d", i, j)).SetExpiresAt(past).ExecX(ctx)
		}
	}
	broken := orgs[0]
	refuseUpdates(t, url, broken.ID)

	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	s := NewService(client, mail.NewOutbox(), change.NewRecorder(pubsub.NewHub()), "http://roster.test", time.Hour, nil)
	wait, err := s.sweep(ctx, logger)
	if err != nil {
		t.Fatalf("sweep: %v", err)
	}
	for _, org := range orgs {
		n := client.Invitation.Query().Where(entinvitation.OrganizationID(org.ID), entinvitation.StatusEQ(entinvitation.StatusEXPIRED)).CountX(ctx)
		want := 2
		if org.ID == broken.ID {
			want = 0
		}
		if n != want {
			t.Errorf("%s: %d invitations expired, want %d", org.Name, n, want)
		}
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), broken.ID) {
		t.Errorf("the failing organization was not logged as an error:\n%s", logs.String())
	}
	if wait < sweepRetry {
		t.Errorf("next sweep in %v: a failure must wait at least %v, not retry at once", wait, sweepRetry)
	}
}

// refuseUpdates makes the database itself refuse any change to the
// invitations of one organization, as a broken row or a failing disk would.
func refuseUpdates(t *testing.T, url, orgID string) {
	t.Helper()
	var (
		db    *sql.DB
		err   error
		stmts []string
	)
	if databasetest.IsPostgres(url) {
		db, err = sql.Open("pgx", url)
		stmts = []string{
			`CREATE FUNCTION refuse_sweep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`,
			fmt.Sprintf(`CREATE TRIGGER refuse_sweep BEFORE UPDATE ON invitations FOR EACH ROW WHEN (NEW.organization_id = '%s') EXECUTE FUNCTION refuse_sweep()`, orgID),
		}
	} else {
		db, err = sql.Open("sqlite", "file:"+strings.TrimPrefix(url, "sqlite:")+"?_pragma=busy_timeout(10000)")
		stmts = []string{fmt.Sprintf(`CREATE TRIGGER refuse_sweep BEFORE UPDATE ON invitations WHEN NEW.organization_id = '%s' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`, orgID)}
	}
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}
