package server_test

import (
	"encoding/csv"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/rosterhq/roster/server/servertest"
)

type auditPage struct {
	Organization struct {
		AuditEvents struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				EndCursor   string
			}
			Edges []struct {
				Node struct {
					Action, ActorLabel, Target string
					Actor                      *struct{ Email string }
				}
			}
		}
	}
}

const auditQuery = `query($s: String!, $a: String, $first: Int, $after: Cursor) {
  organization(slug: $s) { auditEvents(action: $a, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { action actorLabel target actor { email } } } } } }`

// TestAuditLog: the log shows every change newest first, with who acted (a
// person, a key, the system), filters by action, pages by cursor, and is
// for those with VIEW_AUDIT_LOGS only, over the API and as CSV.
func TestAuditLog(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@audit.test", "Owner")
	org := owner.CreateOrg("Audit")
	owner.Invite(org, "first@audit.test", "MEMBER")
	adminKey := keyClient(t, env, owner, org, "ADMIN")
	var inv struct{ InviteMember struct{ ID string } }
	doOK(t, adminKey, `mutation($o: ID!) { inviteMember(input: {organizationID: $o, email: "+1-2@audit.test", role: MEMBER}) { id } }`,
		map[string]any{"o": org.ID}, &inv)

	page := func(c *servertest.Client, vars map[string]any) auditPage {
		t.Helper()
		vars["s"] = org.Slug
		var out auditPage
		doOK(t, c, auditQuery, vars, &out)
		return out
	}
	all := page(owner, map[string]any{})
	type row struct{ action, actor, target string }
	var got []row
	for _, e := range all.Organization.AuditEvents.Edges {
		got = append(got, row{e.Node.Action, e.Node.ActorLabel, e.Node.Target})
	}
	want := []row{
		{"invitation.created", "API key matrix", "+1-2@audit.test"},
		{"api_key.created", "owner@audit.test", "API key matrix"},
		{"invitation.created", "owner@audit.test", "first@audit.test"},
		{"organization.created", "owner@audit.test", "Audit"},
	}
	if len(got) != len(want) {
		t.Fatalf("audit log %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if e := all.Organization.AuditEvents.Edges; e[0].Node.Actor != nil || e[1].Node.Actor == nil || e[1].Node.Actor.Email != "owner@audit.test" {
		t.Errorf("actors: a key's event names user %+v, a person's %+v", e[0].Node.Actor, e[1].Node.Actor)
	}

	filtered := page(owner, map[string]any{"a": "invitation.created"})
	if n := filtered.Organization.AuditEvents.TotalCount; n != 2 || len(filtered.Organization.AuditEvents.Edges) != 2 {
		t.Errorf("filtered by invitation.created: %d events", n)
	}
	first := page(owner, map[string]any{"first": 1})
	if !first.Organization.AuditEvents.PageInfo.HasNextPage || len(first.Organization.AuditEvents.Edges) != 1 {
		t.Fatalf("first page: %+v", first)
	}
	second := page(owner, map[string]any{"first": 1, "after": first.Organization.AuditEvents.PageInfo.EndCursor})
	if len(second.Organization.AuditEvents.Edges) != 1 || second.Organization.AuditEvents.Edges[0].Node.Action != "api_key.created" {
		t.Errorf("second page: %+v", second)
	}
	// The admin key may read the log (VIEW_AUDIT_LOGS), as an admin may.
	if k := page(adminKey, map[string]any{}); k.Organization.AuditEvents.TotalCount != 4 {
		t.Errorf("the admin key reads %d events", k.Organization.AuditEvents.TotalCount)
	}

	member, _ := env.Join(owner, org, "member@audit.test", "MEMBER")
	if res := member.Do(auditQuery, map[string]any{"s": org.Slug}); res.Code() != "FORBIDDEN" {
		t.Errorf("a member's auditEvents: %+v", res.Errors)
	}
	memberKey := keyClient(t, env, owner, org, "MEMBER")
	outsider := env.User("outsider@audit.test", "Outsider")
	outsider.CreateOrg("Elsewhere")

	t.Run("csv", func(t *testing.T) {
		csvOf := func(c *servertest.Client, query string) (int, string, [][]string) {
			t.Helper()
			req, _ := http.NewRequest(http.MethodGet, env.URL+"/api/organizations/"+org.ID+"/audit.csv"+query, nil)
			for k, v := range c.Header {
				req.Header[k] = v
			}
			if ck := c.CookieHeader(); ck != "" {
				req.Header.Set("Cookie", ck)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusOK {
				return res.StatusCode, string(body), nil
			}
			rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
			if err != nil {
				t.Fatalf("not CSV: %v\n%s", err, body)
			}
			return res.StatusCode, res.Header.Get("Content-Type"), rows
		}
		status, ctype, rows := csvOf(owner, "")
		if status != 200 || !strings.HasPrefix(ctype, "text/csv") {
			t.Fatalf("owner: %d %s", status, ctype)
		}
		if strings.Join(rows[0], ",") != "time,action,actor,target" || len(rows) < 1+4 {
			t.Errorf("CSV rows: %v", rows)
		}
		found := false
		for _, r := range rows[1:] {
			if r[1] == "invitation.created" && r[2] == "API key matrix" {
				found = true
				if r[3] != "'+1-2@audit.test" {
					t.Errorf("a formula-like target is written as %q, want it behind a quote", r[3])
				}
			}
			for _, c := range r {
				if c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
					t.Errorf("cell %q would run as a formula", c)
				}
			}
		}
		if !found {
			t.Errorf("the key's invitation is not in the CSV: %v", rows)
		}
		if _, _, f := csvOf(owner, "?action=api_key.created"); len(f) != 1+2 {
			t.Errorf("CSV filtered by api_key.created: %v", f)
		}
		for _, tc := range []struct {
			who  string
			c    *servertest.Client
			want int
		}{
			{"admin key", adminKey, 200},
			{"member", member, 403},
			{"member key", memberKey, 403},
			{"outsider", outsider, 404},
			{"anonymous", env.NewClient(), 401},
		} {
			if status, body, _ := csvOf(tc.c, ""); status != tc.want {
				t.Errorf("%s: status %d, want %d (%s)", tc.who, status, tc.want, body)
			}
		}
	})
}

// TestAuditOfProgramResources: every change to keys, OAuth clients and
// webhooks is in the log, with its actor and what it acted on.
func TestAuditOfProgramResources(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@trail.test", "Owner")
	org := owner.CreateOrg("Trail")
	_, keyID := newKey(t, env, owner, org, "MEMBER")
	doOK(t, owner, `mutation($id: ID!) { revokeAPIKey(id: $id) { id } }`, map[string]any{"id": keyID}, nil)
	c := newOAuthClient(t, env, owner, org, "ADMIN")
	doOK(t, owner, `mutation($id: ID!) { revokeOAuthClient(id: $id) { id } }`, map[string]any{"id": c.ID}, nil)
	var hook struct {
		CreateWebhook struct{ Webhook struct{ ID string } }
	}
	doOK(t, owner, `mutation($o: ID!) { createWebhook(organizationID: $o, url: "https://93.184.215.14/hook?token=receivers-own-secret", events: ["domain.verified"]) { webhook { id } } }`,
		map[string]any{"o": org.ID}, &hook)
	doOK(t, owner, `mutation($id: ID!) { deleteWebhook(id: $id) }`, map[string]any{"id": hook.CreateWebhook.Webhook.ID}, nil)

	var out auditPage
	doOK(t, owner, auditQuery, map[string]any{"s": org.Slug}, &out)
	got := map[string]string{}
	for _, e := range out.Organization.AuditEvents.Edges {
		if e.Node.ActorLabel != "owner@trail.test" {
			t.Errorf("%s by %q", e.Node.Action, e.Node.ActorLabel)
		}
		got[e.Node.Action] = e.Node.Target
	}
	for action, target := range map[string]string{
		"api_key.created": "API key matrix", "api_key.revoked": "API key matrix",
		"oauth_client.created": "OAuth client Sync", "oauth_client.revoked": "OAuth client Sync",
		"webhook.created": "https://93.184.215.14/hook", "webhook.deleted": "https://93.184.215.14/hook",
	} {
		if got[action] != target {
			t.Errorf("%s: target %q, want %q (log %v)", action, got[action], target, got)
		}
	}
}
