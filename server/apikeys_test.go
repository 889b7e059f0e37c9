package server_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent/apikey"
	"github.com/rosterhq/roster/server/servertest"
)

// TestAPIKeysActWithTheirRole: a key's viewerRole and viewerPermissions
// are its role's, less what only people may do (creating keys, OAuth
// clients and webhooks).
func TestAPIKeysActWithTheirRole(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@keys.test", "Owner")
	org := owner.CreateOrg("Keys")
	for _, tc := range []struct {
		role string
		want []string
	}{
		{"ADMIN", []string{"MANAGE_MEMBERS", "MANAGE_DOMAINS", "VIEW_AUDIT_LOGS", "USE_PRODUCTS"}},
		{"MEMBER", []string{"USE_PRODUCTS"}},
	} {
		t.Run(tc.role, func(t *testing.T) {
			key := keyClient(t, env, owner, org, tc.role)
			var out struct {
				Organization *struct {
					ViewerRole        string
					ViewerPermissions []string
					Members           struct{ TotalCount int }
				}
			}
			doOK(t, key, `query($s: String!) { viewer { id } organization(slug: $s) { viewerRole viewerPermissions members { totalCount } } }`,
				map[string]any{"s": org.Slug}, &out)
			if out.Organization == nil {
				t.Fatal("a key does not see its organization")
			}
			got := slices.Sorted(slices.Values(out.Organization.ViewerPermissions))
			if want := slices.Sorted(slices.Values(tc.want)); out.Organization.ViewerRole != tc.role || !slices.Equal(got, want) {
				t.Errorf("role %s, permissions %v; want %s, %v", out.Organization.ViewerRole, got, tc.role, want)
			}
			if out.Organization.Members.TotalCount != 1 {
				t.Errorf("members.totalCount = %d, want 1", out.Organization.Members.TotalCount)
			}
		})
	}
}

// TestAPIKeySeesNothingOfAnotherOrganization: a key acts in its own
// organization only, even when its creator belongs to another.
func TestAPIKeySeesNothingOfAnotherOrganization(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@two.test", "Owner")
	mine := owner.CreateOrg("Mine")
	theirs := owner.CreateOrg("Theirs") // the key's creator owns this one too
	invID := owner.Invite(theirs, "pending@two.test", "MEMBER")
	_, otherKey := newKey(t, env, owner, theirs, "ADMIN")
	key := keyClient(t, env, owner, mine, "ADMIN")

	var out struct{ Organization *struct{ ID string } }
	doOK(t, key, `query($s: String!) { organization(slug: $s) { id } }`, map[string]any{"s": theirs.Slug}, &out)
	if out.Organization != nil {
		t.Errorf("the key sees another organization: %+v", out)
	}
	if res := key.Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": invID}); res.Code() != "NOT_FOUND" {
		t.Errorf("node(another organization's invitation): %+v %s", res.Errors, res.Data)
	}
	for _, tc := range []struct{ name, query, want string }{
		{"invite", `mutation($o: ID!) { inviteMember(input: {organizationID: $o, email: "x@two.test", role: MEMBER}) { id } }`, "NOT_FOUND"},
		{"cancel", `mutation($i: ID!) { cancelInvitation(id: $i) { id } }`, "NOT_FOUND"},
		{"seats", `mutation($o: ID!) { updateSeatLimit(organizationID: $o, seats: 50) { id } }`, "NOT_FOUND"},
		{"revoke its key", `mutation($k: ID!) { revokeAPIKey(id: $k) { id } }`, "FORBIDDEN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := key.Do(tc.query, map[string]any{"o": theirs.ID, "i": invID, "k": otherKey})
			if res.Code() != tc.want {
				t.Errorf("code %q, want %s: %+v", res.Code(), tc.want, res.Errors)
			}
		})
	}
	var keys struct {
		Organization struct{ APIKeys []struct{ RevokedAt *string } }
	}
	doOK(t, owner, `query($s: String!) { organization(slug: $s) { apiKeys { revokedAt } } }`, map[string]any{"s": theirs.Slug}, &keys)
	if len(keys.Organization.APIKeys) != 1 || keys.Organization.APIKeys[0].RevokedAt != nil {
		t.Errorf("the other organization's key changed: %+v", keys)
	}
}

// TestAPIKeySecretIsShownOnce: the secret is in createAPIKey's answer only;
// the list shows its prefix, creator and last use; the database keeps a
// hash.
func TestAPIKeySecretIsShownOnce(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@once.test", "Owner")
	admin, _ := env.Join(owner, owner.CreateOrg("Once"), "admin@once.test", "ADMIN")
	org := servertest.Org{}
	var orgs struct {
		Viewer struct {
			Memberships []struct{ Organization servertest.Org }
		}
	}
	doOK(t, admin, `{ viewer { memberships { organization { id slug } } } }`, nil, &orgs)
	org = orgs.Viewer.Memberships[0].Organization

	var created struct {
		CreateAPIKey struct {
			APIKey struct{ ID, Prefix, Role string }
			Secret string
		}
	}
	doOK(t, admin, `mutation($o: ID!) { createAPIKey(organizationID: $o, name: "Deploy bot", role: MEMBER) { apiKey { id prefix role } secret } }`,
		map[string]any{"o": org.ID}, &created)
	secret, prefix := created.CreateAPIKey.Secret, created.CreateAPIKey.APIKey.Prefix
	env.Secret(secret, "an API key")
	if !strings.HasPrefix(secret, "rk_live_") || !strings.HasPrefix(secret, prefix) || len(prefix) >= len(secret)/2 {
		t.Fatalf("secret %d characters, prefix %q", len(secret), prefix)
	}
	stored := env.App.Client().APIKey.Query().Where(apikey.ID(created.CreateAPIKey.APIKey.ID)).OnlyX(systemContext())
	if stored.SecretHash == secret || strings.Contains(stored.SecretHash, secret[len(prefix):]) {
		t.Error("the database keeps the secret itself")
	}

	list := func() (json.RawMessage, []struct {
		Name, Prefix string
		LastUsedAt   *string
		CreatedBy    *struct{ Email string }
	}) {
		res := admin.Do(`query($s: String!) { organization(slug: $s) { apiKeys { name prefix lastUsedAt createdBy { email } } } }`,
			map[string]any{"s": org.Slug})
		if len(res.Errors) > 0 {
			t.Fatalf("apiKeys: %+v", res.Errors)
		}
		var out struct {
			Organization struct {
				APIKeys []struct {
					Name, Prefix string
					LastUsedAt   *string
					CreatedBy    *struct{ Email string }
				}
			}
		}
		decodeData(t, res.Data, &out)
		return res.Data, out.Organization.APIKeys
	}
	raw, keys := list()
	if len(keys) != 1 || keys[0].Prefix != prefix || keys[0].LastUsedAt != nil || keys[0].CreatedBy == nil || keys[0].CreatedBy.Email != "admin@once.test" {
		t.Fatalf("apiKeys = %s", raw)
	}
	if strings.Contains(string(raw), secret[len(prefix):]) {
		t.Error("the list shows the secret")
	}
	key := env.NewClient()
	key.Header.Set("Authorization", "Bearer "+secret)
	doOK(t, key, `{ __typename }`, nil, nil)
	if _, keys = list(); keys[0].LastUsedAt == nil {
		t.Error("lastUsedAt is still null after the key was used")
	}
	// A member may not see the keys at all.
	member, _ := env.Join(owner, org, "member@once.test", "MEMBER")
	if res := member.Do(`query($s: String!) { organization(slug: $s) { apiKeys { id } } }`, map[string]any{"s": org.Slug}); res.Code() != "FORBIDDEN" {
		t.Errorf("a member's apiKeys: %+v", res.Errors)
	}
}

// TestAPIKeyRevocation: a revoked key, an unknown one and a malformed one
// are UNAUTHENTICATED from the next request on, over HTTP and websockets
// alike, and a revoked key's open subscriptions end.
func TestAPIKeyRevocation(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@revoke.test", "Owner")
	org := owner.CreateOrg("Revoke")

	for _, bad := range []string{"rk_live_" + strings.Repeat("A", 43), "rk_live_short", "not-a-key", "rk_live_" + strings.Repeat("é", 43)} {
		c := env.NewClient()
		c.Header.Set("Authorization", "Bearer "+bad)
		if res := c.Do(`{ __typename }`, nil); res.Status != 401 || res.Code() != "UNAUTHENTICATED" {
			t.Errorf("key %q: status %d, code %q", bad, res.Status, res.Code())
		}
	}

	for _, protocol := range protocols {
		t.Run(protocol, func(t *testing.T) {
			key, id := newKey(t, env, owner, org, "MEMBER")
			auth := key.Header.Get("Authorization")
			// Over a websocket, the key is in connection_init's payload.
			plain := env.NewClient()
			s := plain.Subscribe(`subscription($o: ID!) { seatUsageChanged(organizationID: $o) { active } }`,
				map[string]any{"o": org.ID}, servertest.DialOptions{Protocol: protocol, Origin: env.URL,
					Init: map[string]any{"authorization": auth}})
			defer s.Close()
			if ev, ok := s.Next(5 * time.Second); !ok || len(ev.Errors) > 0 || ev.Done || ev.Closed {
				t.Fatalf("the key's first seat usage: %+v (%v)", ev, ok)
			}
			// A change of the organization reaches the key's streams, as a
			// member's: a key has no membership row, and is no less for it.
			changes := plain.Subscribe(`subscription($o: ID!) { organizationChanged(organizationID: $o) { kind viewerRole } }`,
				map[string]any{"o": org.ID}, servertest.DialOptions{Protocol: protocol, Origin: env.URL,
					Init: map[string]any{"authorization": auth}})
			defer changes.Close()
			if ev, ok := changes.Next(5 * time.Second); !ok || len(ev.Errors) > 0 || !strings.Contains(string(ev.Data), `"viewerRole":"MEMBER"`) {
				t.Fatalf("the key's SUBSCRIBED: %+v %s", ev, ev.Data)
			}
			owner.Invite(org, "invited-"+protocol+"@revoke.test", "MEMBER")
			if ev, ok := s.Next(5 * time.Second); !ok || len(ev.Errors) > 0 || ev.Done || ev.Closed {
				t.Fatalf("the key's seat usage after an invitation: %+v (%v)", ev, ok)
			}
			if ev, ok := changes.Next(5 * time.Second); !ok || !strings.Contains(string(ev.Data), "INVITATION_CREATED") {
				t.Fatalf("the key's organizationChanged after an invitation: %+v %s", ev, ev.Data)
			}
			doOK(t, owner, `mutation($id: ID!) { revokeAPIKey(id: $id) { id } }`, map[string]any{"id": id}, nil)
			if res := key.Do(`{ __typename }`, nil); res.Code() != "UNAUTHENTICATED" {
				t.Errorf("the next request after revoking: %+v", res)
			}
			ended := false
			for !ended {
				ev, ok := s.Next(5 * time.Second)
				if !ok {
					t.Fatal("the revoked key's subscription is still open")
				}
				ended = ev.Done || ev.Closed || len(ev.Errors) > 0
			}
			for {
				ev, ok := changes.Next(5 * time.Second)
				if !ok {
					t.Fatal("the revoked key's organizationChanged is still open")
				}
				if ev.Done || ev.Closed || len(ev.Errors) > 0 {
					break
				}
			}
			if _, _, err := plain.Dial(servertest.DialOptions{Protocol: protocol, Origin: env.URL,
				Init: map[string]any{"authorization": auth}}); err == nil {
				t.Error("a websocket opened with the revoked key")
			}
		})
	}
}
