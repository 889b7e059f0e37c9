package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/servertest"
)

type oauthClient struct{ ID, ClientID, Secret string }

func newOAuthClient(t *testing.T, env *servertest.Env, owner *servertest.Client, org servertest.Org, role string) oauthClient {
	t.Helper()
	var out struct {
		CreateOAuthClient struct {
			Client       struct{ ID, ClientID, Role string }
			ClientSecret string
		}
	}
	doOK(t, owner, `mutation($o: ID!, $r: Role!) { createOAuthClient(organizationID: $o, name: "Sync", role: $r) { client { id clientID role } clientSecret } }`,
		map[string]any{"o": org.ID, "r": role}, &out)
	c := out.CreateOAuthClient
	if c.Client.Role != role || c.Client.ClientID == "" || c.ClientSecret == "" {
		t.Fatalf("created client %+v", c)
	}
	env.Secret(c.ClientSecret, "an OAuth client secret")
	return oauthClient{c.Client.ID, c.Client.ClientID, c.ClientSecret}
}

// graphQLWith posts a query with an HTTP client (as x/oauth2 makes one).
func graphQLWith(t *testing.T, hc *http.Client, env *servertest.Env, query string, vars map[string]any) (int, servertest.Response) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	res, err := hc.Post(env.URL+"/graphql", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out servertest.Response
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("not GraphQL: %s", raw)
	}
	return res.StatusCode, out
}

// TestOAuthClientCredentialsWithTheGoClient: golang.org/x/oauth2's
// client-credentials client, with either way of authenticating, gets a
// token and calls the API with the client's role.
func TestOAuthClientCredentialsWithTheGoClient(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@oauth.test", "Owner")
	org := owner.CreateOrg("OAuth")
	c := newOAuthClient(t, env, owner, org, "ADMIN")
	for name, style := range map[string]oauth2.AuthStyle{"basic": oauth2.AuthStyleInHeader, "form": oauth2.AuthStyleInParams} {
		t.Run(name, func(t *testing.T) {
			cfg := clientcredentials.Config{ClientID: c.ClientID, ClientSecret: c.Secret, TokenURL: env.URL + "/oauth/token", AuthStyle: style}
			tok, err := cfg.Token(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			env.Secret(tok.AccessToken, "an OAuth access token")
			if tok.TokenType != "Bearer" || time.Until(tok.Expiry) < 50*time.Minute || time.Until(tok.Expiry) > 61*time.Minute {
				t.Errorf("token type %q, expiry in %s", tok.TokenType, time.Until(tok.Expiry))
			}
			_, res := graphQLWith(t, cfg.Client(context.Background()), env,
				`query($s: String!) { organization(slug: $s) { viewerRole viewerPermissions } }`, map[string]any{"s": org.Slug})
			var out struct{ Organization *struct{ ViewerRole string } }
			_ = json.Unmarshal(res.Data, &out)
			if len(res.Errors) > 0 || out.Organization == nil || out.Organization.ViewerRole != "ADMIN" {
				t.Errorf("the API with the token: %s %+v", res.Data, res.Errors)
			}
			// The token acts in its organization only, and as no person.
			_, res = graphQLWith(t, cfg.Client(context.Background()), env,
				`mutation($o: ID!) { createAPIKey(organizationID: $o, name: "x", role: MEMBER) { secret } }`, map[string]any{"o": org.ID})
			if res.Code() != "FORBIDDEN" {
				t.Errorf("a token made an API key: %+v", res)
			}
		})
	}
	var audit auditPage
	doOK(t, owner, auditQuery, map[string]any{"s": org.Slug, "a": "oauth_client.created"}, &audit)
	if e := audit.Organization.AuditEvents.Edges; len(e) != 1 || e[0].Node.Target != "OAuth client Sync" {
		t.Errorf("audit of the client's creation: %+v", e)
	}
}

// tokenRequest posts a raw token request.
func tokenRequest(t *testing.T, env *servertest.Env, form url.Values, basicID, basicSecret string) (int, http.Header, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, env.URL+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		req.SetBasicAuth(url.QueryEscape(basicID), url.QueryEscape(basicSecret))
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("the token endpoint answered %d with non-JSON %q", res.StatusCode, raw)
	}
	return res.StatusCode, res.Header, out
}

// TestOAuthTokenEndpointErrors: RFC 6749 section 5.2's answers, each with
// Cache-Control: no-store, and what a revoked client and an expired token
// get.
func TestOAuthTokenEndpointErrors(t *testing.T) {
	clock := databasetest.NewClock()
	env := servertest.Start(t, func(c *server.Config) { c.Clock = clock })
	owner := env.User("owner@rfc.test", "Owner")
	org := owner.CreateOrg("RFC")
	c := newOAuthClient(t, env, owner, org, "MEMBER")
	grant := url.Values{"grant_type": {"client_credentials"}}
	withForm := func(v url.Values, id, secret string) url.Values {
		out := url.Values{}
		for k, x := range v {
			out[k] = x
		}
		out.Set("client_id", id)
		out.Set("client_secret", secret)
		return out
	}
	for _, tc := range []struct {
		name         string
		form         url.Values
		id, secret   string // by Basic when set
		status       int
		error        string
		wantChalenge bool
	}{
		{"wrong secret (basic)", grant, c.ClientID, c.Secret + "x", 401, "invalid_client", true},
		{"wrong secret (form)", withForm(grant, c.ClientID, "rcs_wrong"), "", "", 401, "invalid_client", true},
		{"unknown client", grant, "rc_nobody", c.Secret, 401, "invalid_client", true},
		{"no client at all", grant, "", "", 401, "invalid_client", true},
		{"missing grant type", url.Values{}, c.ClientID, c.Secret, 400, "invalid_request", false},
		{"wrong grant type", url.Values{"grant_type": {"password"}, "username": {"a"}, "password": {"b"}}, c.ClientID, c.Secret, 400, "unsupported_grant_type", false},
		{"repeated parameter", url.Values{"grant_type": {"client_credentials", "client_credentials"}}, c.ClientID, c.Secret, 400, "invalid_request", false},
		{"two ways at once", withForm(grant, c.ClientID, c.Secret), c.ClientID, c.Secret, 400, "invalid_request", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, h, body := tokenRequest(t, env, tc.form, tc.id, tc.secret)
			if status != tc.status || body["error"] != tc.error {
				t.Errorf("%d %v, want %d %s", status, body, tc.status, tc.error)
			}
			if h.Get("Cache-Control") != "no-store" || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Errorf("headers %v", h)
			}
			if got := h.Get("WWW-Authenticate") != ""; got != tc.wantChalenge {
				t.Errorf("WWW-Authenticate %q", h.Get("WWW-Authenticate"))
			}
			if _, ok := body["access_token"]; ok {
				t.Error("an error answer carries a token")
			}
		})
	}
	t.Run("GET", func(t *testing.T) {
		res, err := http.Get(env.URL + "/oauth/token?grant_type=client_credentials&client_id=" + c.ClientID + "&client_secret=" + c.Secret)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET: %d", res.StatusCode)
		}
	})

	issue := func() string {
		t.Helper()
		status, h, body := tokenRequest(t, env, grant, c.ClientID, c.Secret)
		tok, _ := body["access_token"].(string)
		if status != 200 || body["token_type"] != "Bearer" || body["expires_in"] != float64(3600) || tok == "" || h.Get("Cache-Control") != "no-store" {
			t.Fatalf("token answer %d %v %v", status, body, h)
		}
		env.Secret(tok, "an OAuth access token")
		return tok
	}
	bearer := func(tok string) *servertest.Client {
		k := env.NewClient()
		k.Header.Set("Authorization", "Bearer "+tok)
		return k
	}
	t.Run("expiry", func(t *testing.T) {
		k := bearer(issue())
		doOK(t, k, `{ __typename }`, nil, nil)
		clock.Advance(59 * time.Minute)
		doOK(t, k, `{ __typename }`, nil, nil)
		clock.Advance(2 * time.Minute)
		if res := k.Do(`{ __typename }`, nil); res.Status != 401 || res.Code() != "UNAUTHENTICATED" {
			t.Errorf("an expired token: %d %+v", res.Status, res.Errors)
		}
	})
	t.Run("revoked client", func(t *testing.T) {
		k := bearer(issue())
		s := env.NewClient().Subscribe(`subscription($o: ID!) { seatUsageChanged(organizationID: $o) { active } }`,
			map[string]any{"o": org.ID}, servertest.DialOptions{Origin: env.URL, Init: map[string]any{"authorization": k.Header.Get("Authorization")}})
		defer s.Close()
		if ev, ok := s.Next(5 * time.Second); !ok || len(ev.Errors) > 0 || ev.Done || ev.Closed {
			t.Fatalf("the token's first seat usage: %+v", ev)
		}
		doOK(t, owner, `mutation($id: ID!) { revokeOAuthClient(id: $id) { revokedAt } }`, map[string]any{"id": c.ID}, nil)
		if res := k.Do(`{ __typename }`, nil); res.Code() != "UNAUTHENTICATED" {
			t.Errorf("a revoked client's token: %+v", res)
		}
		for {
			ev, ok := s.Next(5 * time.Second)
			if !ok {
				t.Fatal("the revoked client's subscription is still open")
			}
			if ev.Done || ev.Closed || len(ev.Errors) > 0 {
				break
			}
		}
		if status, _, body := tokenRequest(t, env, grant, c.ClientID, c.Secret); status != 401 || body["error"] != "invalid_client" {
			t.Errorf("a revoked client gets a token: %d %v", status, body)
		}
	})
}
