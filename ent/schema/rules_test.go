package schema_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/privacy"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/viewer"
)

// TestCreatesStayInTheViewersOrganizations: a member of one organization
// cannot write a membership, an invitation or an audit event into
// another, whatever path the code takes; in their own, and as System, they
// can. Anyone signed in may create an organization; nobody anonymous may.
func TestCreatesStayInTheViewersOrganizations(t *testing.T) {
	client, err := database.Open(databasetest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sys := database.System(context.Background())
	if err := database.Migrate(sys, client); err != nil {
		t.Fatal(err)
	}
	mine := client.Organization.Create().SetName("Mine").SetSlug("mine").SetSeatLimit(10).SaveX(sys)
	theirs := client.Organization.Create().SetName("Theirs").SetSlug("theirs").SetSeatLimit(10).SaveX(sys)
	attacker := client.User.Create().SetEmail("mallory@rules.test").SetName("Mallory").SetPasswordHash("x").SaveX(sys)
	client.Membership.Create().SetOrganizationID(mine.ID).SetUserID(attacker.ID).SetRole(policy.Owner).ExecX(sys)
	roles := map[string]policy.Role{mine.ID: policy.Owner}
	asAttacker := viewer.NewContext(context.Background(), viewer.New(attacker.ID, attacker.Email, attacker.Name, true, roles))
	anonymous := viewer.NewContext(context.Background(), nil)

	var users int
	newUser := func() *ent.User {
		users++
		return client.User.Create().SetEmail(fmt.Sprintf("u%d@rules.test", users)).SetName("X").SetPasswordHash("x").SaveX(sys)
	}
	var tokens int
	token := func() string { tokens++; return fmt.Sprint("hash-", tokens) }
	creates := map[string]func(ctx context.Context, orgID string) error{
		"membership": func(ctx context.Context, orgID string) error {
			return client.Membership.Create().SetOrganizationID(orgID).SetUserID(newUser().ID).SetRole(policy.Admin).Exec(ctx)
		},
		"membership by edge": func(ctx context.Context, orgID string) error {
			org := client.Organization.GetX(sys, orgID)
			return client.Membership.Create().SetOrganization(org).SetUser(newUser()).SetRole(policy.Admin).Exec(ctx)
		},
		"invitation": func(ctx context.Context, orgID string) error {
			return client.Invitation.Create().SetOrganizationID(orgID).SetEmail(token() + "@rules.test").SetRole(policy.Admin).
				SetTokenHash(token()).SetExpiresAt(time.Now().Add(time.Hour)).Exec(ctx)
		},
		"invitations in bulk": func(ctx context.Context, orgID string) error {
			return client.Invitation.CreateBulk(
				client.Invitation.Create().SetOrganizationID(mine.ID).SetEmail(token()+"@rules.test").SetRole(policy.Member).
					SetTokenHash(token()).SetExpiresAt(time.Now().Add(time.Hour)),
				client.Invitation.Create().SetOrganizationID(orgID).SetEmail(token()+"@rules.test").SetRole(policy.Member).
					SetTokenHash(token()).SetExpiresAt(time.Now().Add(time.Hour)),
			).Exec(ctx)
		},
		"audit event": func(ctx context.Context, orgID string) error {
			return client.AuditEvent.Create().SetOrganizationID(orgID).SetAction("member.removed").
				SetActorLabel("forged").SetTarget("x").Exec(ctx)
		},
	}
	for name, create := range creates {
		t.Run(name, func(t *testing.T) {
			if err := create(asAttacker, theirs.ID); !errors.Is(err, privacy.Deny) {
				t.Errorf("into another organization: %v; want privacy.Deny", err)
			}
			if err := create(anonymous, theirs.ID); !errors.Is(err, privacy.Deny) {
				t.Errorf("anonymous: %v; want privacy.Deny", err)
			}
		})
	}
	for name, n := range map[string]func(context.Context) (int, error){
		"memberships": func(ctx context.Context) (int, error) { return client.Membership.Query().Count(ctx) },
		"invitations": func(ctx context.Context) (int, error) { return client.Invitation.Query().Count(ctx) },
		"audit events": func(ctx context.Context) (int, error) {
			return client.AuditEvent.Query().Count(ctx)
		},
	} {
		if got, err := n(viewer.NewContext(sys, nil)); err != nil || (name == "memberships" && got != 1) || (name != "memberships" && got != 0) {
			t.Errorf("%s after refused creates: %d (%v); nothing must have been written", name, got, err)
		}
	}

	// The same writes into the viewer's own organization, and as System
	// into any, go through.
	for name, create := range creates {
		if err := create(asAttacker, mine.ID); err != nil {
			t.Errorf("%s into the viewer's organization: %v", name, err)
		}
		if name != "invitations in bulk" {
			if err := create(database.System(asAttacker), theirs.ID); err != nil {
				t.Errorf("%s as System: %v", name, err)
			}
		}
	}

	if err := client.Organization.Create().SetName("New").SetSlug("new").SetSeatLimit(5).Exec(asAttacker); err != nil {
		t.Errorf("a signed-in viewer creating an organization: %v", err)
	}
	if err := client.Organization.Create().SetName("Anon").SetSlug("anon").SetSeatLimit(5).Exec(anonymous); !errors.Is(err, privacy.Deny) {
		t.Errorf("an anonymous caller creating an organization: %v; want privacy.Deny", err)
	}
}
