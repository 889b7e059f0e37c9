package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/servertest"
)

const portalPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"

// Every answer, portal or API, sends no Referer onward and forbids content
// sniffing; the pages a browser renders (the portal, the dev mailbox) also
// carry the strict Content-Security-Policy and refuse to be framed.
func TestSecurityHeaders(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.SMTPURL, c.Dev = "", true })
	user := env.SignUp("ann@example.com", "Ann")
	tests := []struct {
		name, method, path, body string
		cookie                   bool
		page                     bool
	}{
		{"the portal's front page", http.MethodGet, "/", "", false, true},
		{"a portal route with a token", http.MethodGet, "/invitations/accept?token=abc", "", false, true},
		{"a missing asset", http.MethodGet, "/assets/missing.js", "", false, true},
		{"the dev mailbox", http.MethodGet, "/dev/mail", "", false, true},
		{"the dev mailbox as JSON", http.MethodGet, "/dev/mail.json", "", false, true},
		{"a GraphQL query", http.MethodPost, "/graphql", `{"query":"{ viewer { id } }"}`, true, false},
		{"a GraphQL error", http.MethodPost, "/graphql", `{"query":"{"}`, false, false},
		{"a body too large", http.MethodPost, "/graphql", strings.Repeat(" ", 2<<20), false, false},
		{"the health check", http.MethodGet, "/healthz", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, env.URL+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			if tt.cookie {
				req.Header.Set("Cookie", user.CookieHeader())
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			h := res.Header
			if h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%d: Referrer-Policy %q, X-Content-Type-Options %q", res.StatusCode, h.Get("Referrer-Policy"), h.Get("X-Content-Type-Options"))
			}
			if !tt.page {
				return
			}
			if got := h.Values("Content-Security-Policy"); len(got) == 0 || got[0] != portalPolicy {
				t.Errorf("%d: Content-Security-Policy %q", res.StatusCode, got)
			}
			if h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("%d: X-Frame-Options %q", res.StatusCode, h.Get("X-Frame-Options"))
			}
		})
	}
}

// post sends body to /graphql and decodes the answer's errors.
func post(t *testing.T, env *servertest.Env, body io.Reader, length int64, cookie string) (int, []servertest.Error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, env.URL+"/graphql", body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = length // -1: chunked, length unknown
	req.Header.Set("Content-Type", "application/json")
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out struct{ Errors []servertest.Error }
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%d, not GraphQL: %.200s", res.StatusCode, raw)
	}
	return res.StatusCode, out.Errors
}

// A body over 1 MiB is refused with 413 and a coded GraphQL error, whether
// it says its length or not; one just under it is read.
func TestBodyOverTheLimit(t *testing.T) {
	env := servertest.Start(t)
	// A request of exactly size bytes, valid JSON and GraphQL: white space
	// pads it.
	padded := func(size int) []byte {
		const doc = `{"query":"{ __typename }"`
		return []byte(doc + strings.Repeat(" ", size-len(doc)-1) + "}")
	}
	big := bytes.Repeat([]byte(" "), 5<<20)
	tests := []struct {
		name       string
		body       []byte
		chunked    bool
		wantStatus int
		wantCode   string
	}{
		{"5 MiB, with its length", big, false, http.StatusRequestEntityTooLarge, "BAD_USER_INPUT"},
		{"5 MiB, chunked", big, true, http.StatusRequestEntityTooLarge, "BAD_USER_INPUT"},
		{"1 MiB and a byte, chunked", padded(1<<20 + 1), true, http.StatusRequestEntityTooLarge, "BAD_USER_INPUT"},
		{"just under 1 MiB", padded(1<<20 - 100), false, http.StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			length := int64(len(tt.body))
			var body io.Reader = bytes.NewReader(tt.body)
			if tt.chunked {
				length, body = -1, io.MultiReader(body) // hides the length
			}
			status, errs := post(t, env, body, length, "")
			code := ""
			if len(errs) > 0 {
				code, _ = errs[0].Extensions["code"].(string)
			}
			if status != tt.wantStatus || code != tt.wantCode {
				t.Errorf("%d bytes: %d %q %v, want %d %q", len(tt.body), status, code, errs, tt.wantStatus, tt.wantCode)
			}
		})
	}
}

// A document of more tokens than the parser reads is refused, coded, before
// it is parsed whole; one under the limit parses.
func TestParserTokenLimit(t *testing.T) {
	env := servertest.Start(t)
	doc := func(fields int) string { return "{ " + strings.Repeat("__typename ", fields) + "}" }
	c := env.NewClient()
	res := c.Do(doc(20000), nil)
	if res.Code() != "GRAPHQL_PARSE_FAILED" || !strings.Contains(res.Errors[0].Message, "token limit") {
		t.Errorf("20,002 tokens: %+v, want GRAPHQL_PARSE_FAILED about the token limit", res.Errors)
	}
	if res := c.Do(doc(5000), nil); len(res.Errors) > 0 {
		t.Errorf("5,002 tokens: %+v", res.Errors)
	}
}

// When the session store fails (the database went away), /graphql still
// answers GraphQL: an error coded INTERNAL with a reference, and the cause
// in the server's log (slog, with the request id), not scs's plain text.
func TestSessionStoreFailureIsInternal(t *testing.T) {
	logs := new(servertest.Logs)
	env := servertest.StartLogged(t, logs)
	user := env.SignUp("ann@example.com", "Ann")
	if err := env.App.Client().Close(); err != nil {
		t.Fatal(err)
	}
	status, errs := post(t, env, strings.NewReader(`{"query":"{ viewer { id } }"}`), -1, user.CookieHeader())
	if status != http.StatusInternalServerError || len(errs) != 1 || errs[0].Extensions["code"] != "INTERNAL" ||
		!strings.HasPrefix(errs[0].Message, "Something went wrong on our side. Reference: ") {
		t.Fatalf("%d %+v, want 500 with one INTERNAL error", status, errs)
	}
	ref := strings.TrimPrefix(errs[0].Message, "Something went wrong on our side. Reference: ")
	if !strings.Contains(logs.String(), `msg="session store failed" request_id=`+ref) {
		t.Errorf("no log line for request %s:\n%s", ref, logs.String())
	}
}

// Under an https public URL the session cookie is __Host-roster_session:
// Secure, Path=/, no Domain.
func TestHostCookieUnderHTTPS(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.PublicURL = "https://roster.example" })
	body := `{"query":"mutation($in: SignUpInput!) { signUp(input: $in) { user { id } } }","variables":{"in":{"email":"ann@example.com","password":"` + servertest.Password + `","name":"Ann"}}}`
	res, err := http.Post(env.URL+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	set := res.Header.Values("Set-Cookie")
	if len(set) != 1 || !strings.HasPrefix(set[0], "__Host-roster_session=") {
		t.Fatalf("Set-Cookie %q, want one __Host-roster_session", set)
	}
	for _, want := range []string{"; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax"} {
		if !strings.Contains(set[0], want) {
			t.Errorf("Set-Cookie %q lacks %q", set[0], want)
		}
	}
	if strings.Contains(strings.ToLower(set[0]), "domain=") {
		t.Errorf("Set-Cookie %q has a Domain", set[0])
	}
	// The session is read back under that name.
	cookie, _, _ := strings.Cut(set[0], ";")
	req, _ := http.NewRequest(http.MethodPost, env.URL+"/graphql", strings.NewReader(`{"query":"{ viewer { email } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", cookie)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(raw), `"email":"ann@example.com"`) {
		t.Errorf("viewer with the __Host- cookie: %s", raw)
	}
}

// The configured idle timeout reaches the sessions: a new session expires
// after it, not after the lifetime.
func TestSessionIdleTimeoutIsConfigured(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.SessionIdleTimeout = time.Hour })
	env.SignUp("ann@example.com", "Ann")
	s, err := env.App.Client().Session.Query().Only(systemContext())
	if err != nil {
		t.Fatal(err)
	}
	if left := time.Until(s.ExpiresAt); left > time.Hour || left < 50*time.Minute {
		t.Errorf("a new session expires in %s, want about the idle timeout (1h)", left)
	}
}
