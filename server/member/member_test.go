package member_test

import (
	"context"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/auditevent"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/member"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/viewer"
)

// team is an organization with an owner, two admins and two members, and
// the member service over a real database.
type team struct {
	t       *testing.T
	client  *ent.Client
	hub     *pubsub.Hub
	svc     *member.Service
	org     *ent.Organization
	other   *ent.Organization // another tenant, with its own owner
	people  map[string]*ent.Membership
	emails  map[string]string
	sys     context.Context
	changes int // the organization's change counter as the test expects it
}

func newTeam(t *testing.T) *team {
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
	hub := pubsub.NewHub()
	tm := &team{
		t: t, client: client, hub: hub, svc: member.NewService(client, change.NewRecorder(hub)),
		org:    client.Organization.Create().SetName("Acme").SetSlug("acme").SetSeatLimit(10).SaveX(sys),
		other:  client.Organization.Create().SetName("Globex").SetSlug("globex").SetSeatLimit(10).SaveX(sys),
		people: map[string]*ent.Membership{}, emails: map[string]string{}, sys: sys,
	}
	for name, role := range map[string]policy.Role{"owner": policy.Owner, "ada": policy.Admin, "abe": policy.Admin, "meg": policy.Member, "max": policy.Member} {
		u := client.User.Create().SetEmail(name + "@acme.test").SetName(name).SetPasswordHash("-").SetEmailVerified(true).SaveX(sys)
		tm.people[name] = client.Membership.Create().SetOrganizationID(tm.org.ID).SetUserID(u.ID).SetRole(role).SaveX(sys)
		tm.emails[name] = u.Email
	}
	u := client.User.Create().SetEmail("gus@globex.test").SetName("gus").SetPasswordHash("-").SaveX(sys)
	tm.people["gus"] = client.Membership.Create().SetOrganizationID(tm.other.ID).SetUserID(u.ID).SetRole(policy.Owner).SaveX(sys)
	return tm
}

// as is a request context of a person, with the roles they had when it
// started (roles overrides them, to play a request that began before a
// change committed).
func (tm *team) as(name string, roles ...map[string]policy.Role) context.Context {
	m := tm.people[name]
	r := map[string]policy.Role{m.OrganizationID: m.Role}
	if len(roles) > 0 {
		r = roles[0]
	}
	return viewer.NewContext(context.Background(), viewer.New(m.UserID, tm.emails[name], name, true, r))
}

// role is a membership's role now, or "" once it is gone.
func (tm *team) role(name string) policy.Role {
	m, err := tm.client.Membership.Query().Where(membership.ID(tm.people[name].ID)).Only(tm.sys)
	if ent.IsNotFound(err) {
		return ""
	}
	if err != nil {
		tm.t.Fatal(err)
	}
	return m.Role
}

// recorded checks that the organization's next change is action on
// subject, numbered after the last, and returns its data.
func (tm *team) recorded(action change.Action, subject string) map[string]any {
	tm.t.Helper()
	tm.changes++
	row, err := tm.client.AuditEvent.Query().
		Where(auditevent.OrganizationID(tm.org.ID), auditevent.Sequence(tm.changes)).
		Only(tm.sys)
	if err != nil {
		tm.t.Fatalf("change #%d (%s): %v", tm.changes, action, err)
	}
	if row.Action != string(action) || row.TargetID != subject {
		tm.t.Errorf("change #%d: %s on %s, want %s on %s", tm.changes, row.Action, row.TargetID, action, subject)
	}
	org := tm.client.Organization.GetX(tm.sys, tm.org.ID)
	if org.ChangeSequence != tm.changes {
		tm.t.Errorf("the organization's counter is %d, want %d", org.ChangeSequence, tm.changes)
	}
	return row.Data
}

// unchanged checks that no change was recorded since the last.
func (tm *team) unchanged(what string) {
	tm.t.Helper()
	n := tm.client.AuditEvent.Query().Where(auditevent.OrganizationID(tm.org.ID)).CountX(tm.sys)
	if n != tm.changes || tm.client.Organization.GetX(tm.sys, tm.org.ID).ChangeSequence != tm.changes {
		tm.t.Errorf("%s: %d audit rows, want %d: a refused change left a trace", what, n, tm.changes)
	}
}

func code(err error) errcode.Code {
	if e, ok := errcode.As(err); ok {
		return e.Code
	}
	if err != nil {
		return "error: " + errcode.Code(err.Error())
	}
	return ""
}

func heard(s *pubsub.Subscription) bool {
	select {
	case <-s.C:
		return true
	case <-time.After(time.Second):
		return false
	}
}

// TestRemove: who may remove whom, as the guide's table and SPEC decision D
// say, tried by each role on each; a removal records member.removed as the
// organization's next change and tells the organization's and the removed
// user's subscribers.
func TestRemove(t *testing.T) {
	tm := newTeam(t)
	refusals := []struct {
		actor, target string
		want          errcode.Code
	}{
		{"meg", "max", errcode.Forbidden},   // members manage nobody
		{"ada", "abe", errcode.Forbidden},   // only the owner removes an admin
		{"ada", "owner", errcode.Forbidden}, // nobody removes the owner
		{"owner", "owner", errcode.Forbidden},
		{"ada", "ada", errcode.Forbidden}, // one leaves, not removes oneself
		{"ada", "gus", errcode.NotFound},  // another tenant's member is not there
		{"gus", "meg", errcode.NotFound},  // nor is this one to gus
	}
	for _, r := range refusals {
		_, err := tm.svc.Remove(tm.as(r.actor), tm.people[r.target].ID)
		if code(err) != r.want {
			t.Errorf("%s removes %s: %v, want %s", r.actor, r.target, err, r.want)
		}
	}
	tm.unchanged("refused removals")

	orgNotice := tm.hub.Subscribe(pubsub.Organization(tm.org.ID))
	userNotice := tm.hub.Subscribe(pubsub.User(tm.people["meg"].UserID))
	if _, err := tm.svc.Remove(tm.as("ada"), tm.people["meg"].ID); err != nil {
		t.Fatalf("an admin removes a member: %v", err)
	}
	if tm.role("meg") != "" {
		t.Error("the removed membership is still there")
	}
	if data := tm.recorded(change.ActionMemberRemoved, tm.people["meg"].ID); data["role"] != "MEMBER" {
		t.Errorf("member.removed data %v", data)
	}
	if !heard(orgNotice) || !heard(userNotice) {
		t.Error("the removal was not announced to the organization and to the removed user")
	}
	if _, err := tm.svc.Remove(tm.as("owner"), tm.people["abe"].ID); err != nil {
		t.Fatalf("the owner removes an admin: %v", err)
	}
	tm.recorded(change.ActionMemberRemoved, tm.people["abe"].ID)
	// Removing again: gone.
	if _, err := tm.svc.Remove(tm.as("owner"), tm.people["abe"].ID); code(err) != errcode.NotFound {
		t.Errorf("removing a removed member: %v", err)
	}
	tm.unchanged("a second removal")
}

// TestChangeRole: who may give whom which role; giving the role a member
// has changes nothing and records nothing; a change records
// member.role_changed with from and to.
func TestChangeRole(t *testing.T) {
	tm := newTeam(t)
	refusals := []struct {
		actor, target string
		to            policy.Role
		want          errcode.Code
	}{
		{"meg", "max", policy.Admin, errcode.Forbidden},     // members manage nobody
		{"ada", "abe", policy.Member, errcode.Forbidden},    // only the owner demotes an admin
		{"ada", "ada", policy.Member, errcode.Forbidden},    // nobody changes their own role
		{"owner", "owner", policy.Admin, errcode.Forbidden}, // the owner's role moves by transfer
		{"owner", "meg", policy.Owner, errcode.BadUserInput},
		{"ada", "gus", policy.Admin, errcode.NotFound},
	}
	for _, r := range refusals {
		_, err := tm.svc.ChangeRole(tm.as(r.actor), tm.people[r.target].ID, r.to)
		if code(err) != r.want {
			t.Errorf("%s makes %s %s: %v, want %s", r.actor, r.target, r.to, err, r.want)
		}
	}
	if _, err := tm.svc.ChangeRole(tm.as("ada"), tm.people["meg"].ID, policy.Member); err != nil {
		t.Errorf("the same role again: %v", err)
	}
	tm.unchanged("refusals and a role given again")

	if _, err := tm.svc.ChangeRole(tm.as("ada"), tm.people["meg"].ID, policy.Admin); err != nil {
		t.Fatalf("an admin promotes a member (D): %v", err)
	}
	if tm.role("meg") != policy.Admin {
		t.Errorf("meg is %s", tm.role("meg"))
	}
	if data := tm.recorded(change.ActionMemberRoleChanged, tm.people["meg"].ID); data["from"] != "MEMBER" || data["to"] != "ADMIN" {
		t.Errorf("member.role_changed data %v", data)
	}
	if _, err := tm.svc.ChangeRole(tm.as("owner"), tm.people["abe"].ID, policy.Member); err != nil {
		t.Fatalf("the owner demotes an admin: %v", err)
	}
	tm.recorded(change.ActionMemberRoleChanged, tm.people["abe"].ID)
}

// TestActorChangedMeanwhile: a request that started before the actor was
// demoted or removed acts as the actor is when it takes the seat lock,
// not as it was: nothing changes, and nothing is recorded.
func TestActorChangedMeanwhile(t *testing.T) {
	tm := newTeam(t)
	asAdmin := map[string]policy.Role{tm.org.ID: policy.Admin}
	// Ada was an admin when her requests started; then the owner demoted her.
	startedAsAdmin := tm.as("ada", asAdmin)
	if _, err := tm.svc.ChangeRole(tm.as("owner"), tm.people["ada"].ID, policy.Member); err != nil {
		t.Fatal(err)
	}
	tm.recorded(change.ActionMemberRoleChanged, tm.people["ada"].ID)
	if _, err := tm.svc.Remove(startedAsAdmin, tm.people["meg"].ID); code(err) != errcode.Forbidden {
		t.Errorf("a demoted admin's removal: %v, want FORBIDDEN", err)
	}
	if _, err := tm.svc.ChangeRole(tm.as("ada", asAdmin), tm.people["max"].ID, policy.Admin); code(err) != errcode.Forbidden {
		t.Errorf("a demoted admin's promotion: %v, want FORBIDDEN", err)
	}
	// Abe was an admin when his request started; then he was removed.
	startedAsMember := tm.as("abe")
	if _, err := tm.svc.Remove(tm.as("owner"), tm.people["abe"].ID); err != nil {
		t.Fatal(err)
	}
	tm.recorded(change.ActionMemberRemoved, tm.people["abe"].ID)
	if _, err := tm.svc.Remove(startedAsMember, tm.people["meg"].ID); code(err) != errcode.NotFound {
		t.Errorf("a removed admin's removal: %v, want NOT_FOUND", err)
	}
	if tm.role("meg") != policy.Member || tm.role("max") != policy.Member {
		t.Error("a refused request changed a membership")
	}
	tm.unchanged("requests of actors changed meanwhile")
}
