package session

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	entsession "github.com/rosterhq/roster/ent/session"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/token"
)

func openClient(t *testing.T) *ent.Client {
	t.Helper()
	client, err := database.Open(databasetest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	if err := database.Migrate(context.Background(), client); err != nil {
		t.Fatal(err)
	}
	// The user the tests sign in: a session is read with its user.
	client.User.Create().SetID("u1").SetEmail("u1@session.test").SetName("U1").SetPasswordHash("-").
		ExecX(database.System(context.Background()))
	return client
}

// clock is a time the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// browser drives a manager's middleware through a real HTTP server: POST
// /signin signs in as "u1", GET /whoami answers the signed-in user.
type browser struct {
	t      *testing.T
	url    string
	client *http.Client
}

func newBrowser(t *testing.T, m *Manager, onError ErrorHandler) *browser {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /signin", func(w http.ResponseWriter, r *http.Request) {
		// SignIn stores the session at once; when the store fails, the
		// middleware's commit after this handler fails too, and its error
		// handler answers (TestStoreFailureAnswersThroughTheErrorHandler).
		// Other tests see a failed sign-in as a signed-out browser.
		if err := m.SignIn(r.Context(), "u1"); err != nil {
			return
		}
		_, _ = io.WriteString(w, "signed in")
	})
	mux.HandleFunc("GET /whoami", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, m.UserID(r.Context()))
	})
	if onError == nil {
		onError = func(w http.ResponseWriter, _ *http.Request, err error) {
			t.Errorf("session store: %v", err)
			http.Error(w, "store failed", http.StatusInternalServerError)
		}
	}
	srv := httptest.NewServer(m.Middleware(onError)(mux))
	t.Cleanup(srv.Close)
	jar := newJar()
	return &browser{t: t, url: srv.URL, client: &http.Client{Jar: jar}}
}

func (b *browser) do(method, path string) (int, string) {
	b.t.Helper()
	req, _ := http.NewRequest(method, b.url+path, nil)
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func (b *browser) whoami() string {
	b.t.Helper()
	_, body := b.do(http.MethodGet, "/whoami")
	return body
}

// onlySession returns the one session row.
func onlySession(t *testing.T, client *ent.Client) *ent.Session {
	t.Helper()
	s, err := client.Session.Query().Only(database.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A session ends after its idle timeout without a request, each request
// moves that end forward (but writes only once the idle time left has
// dropped by a step, not on every request), and however active it is, it
// ends at its lifetime.
func TestIdleTimeout(t *testing.T) {
	const (
		idle     = time.Hour
		lifetime = 3 * time.Hour
		step     = idle / 10 // the store's step for this idle timeout
	)
	setup := func(t *testing.T) (*Manager, *ent.Client, *clock, *browser) {
		client := openClient(t)
		m := NewManager(client, Options{PublicURL: "http://localhost", Lifetime: lifetime, IdleTimeout: idle})
		c := &clock{t: time.Now()}
		m.store.now = c.now
		b := newBrowser(t, m, nil)
		if status, _ := b.do(http.MethodPost, "/signin"); status != http.StatusOK {
			t.Fatalf("sign in: %d", status)
		}
		return m, client, c, b
	}

	t.Run("idle ends it", func(t *testing.T) {
		_, client, c, b := setup(t)
		if got := onlySession(t, client).ExpiresAt; got.After(c.now().Add(idle)) {
			t.Errorf("a new session expires at %s, past the idle timeout (%s from now)", got, idle)
		}
		c.advance(idle - time.Minute)
		if got := b.whoami(); got != "u1" {
			t.Fatalf("a minute before the idle timeout: signed in as %q", got)
		}
		// That request moved the end: another idle timeout from now.
		c.advance(idle - time.Minute)
		if got := b.whoami(); got != "u1" {
			t.Fatalf("active again before the new end: signed in as %q", got)
		}
		c.advance(idle + time.Second)
		if got := b.whoami(); got != "" {
			t.Errorf("after the idle timeout: still signed in as %q", got)
		}
	})

	t.Run("no write per request", func(t *testing.T) {
		_, client, c, b := setup(t)
		first := onlySession(t, client).ExpiresAt
		for range 5 {
			c.advance(step / 10)
			if got := b.whoami(); got != "u1" {
				t.Fatalf("signed in as %q", got)
			}
		}
		if got := onlySession(t, client).ExpiresAt; !got.Equal(first) {
			t.Errorf("requests within a step moved the expiry from %s to %s", first, got)
		}
		c.advance(step)
		b.whoami()
		if got := onlySession(t, client).ExpiresAt; !got.After(first) {
			t.Errorf("a request a step later left the expiry at %s", got)
		}
	})

	t.Run("a websocket's check is not activity", func(t *testing.T) {
		m, client, c, _ := setup(t)
		sess := onlySession(t, client)
		c.advance(idle / 2)
		// What the upgrade request's context carries.
		ctx := withActivity(context.Background())
		// The token is not stored; sign in again through the store to know one.
		tok := "websocket-token"
		if err := m.store.CommitCtx(context.WithValue(ctx, newSessionKey{}, true), tok, sess.Data, time.Now().Add(lifetime)); err != nil {
			t.Fatal(err)
		}
		before, err := client.Session.Query().Where(entsession.TokenHash(hashOf(tok))).Only(database.System(ctx))
		if err != nil {
			t.Fatal(err)
		}
		c.advance(idle / 2)
		if v, err := m.LoadViewer(ctx, tok); err != nil || v == nil || v.UserID != "u1" {
			t.Fatalf("LoadViewer = %+v, %v", v, err)
		}
		after, _ := client.Session.Query().Where(entsession.TokenHash(hashOf(tok))).Only(database.System(ctx))
		if !after.ExpiresAt.Equal(before.ExpiresAt) {
			t.Errorf("a websocket's read moved the expiry from %s to %s", before.ExpiresAt, after.ExpiresAt)
		}
	})

	t.Run("the lifetime ends it however active", func(t *testing.T) {
		_, client, c, b := setup(t)
		for elapsed := time.Duration(0); elapsed < lifetime-idle/2; elapsed += idle / 2 {
			c.advance(idle / 2)
			if got := b.whoami(); got != "u1" {
				t.Fatalf("active, %s after sign-in: signed in as %q", elapsed+idle/2, got)
			}
		}
		if got := onlySession(t, client).ExpiresAt; got.After(c.now().Add(idle/2 + time.Second)) {
			t.Errorf("an active session expires at %s, past its lifetime", got)
		}
		c.advance(idle/2 + time.Minute)
		if got := b.whoami(); got != "" {
			t.Errorf("active, past the lifetime: still signed in as %q", got)
		}
	})
}

// Under https the cookie is __Host-roster_session: Secure, for the whole
// host and no other; under http it is roster_session.
func TestCookieName(t *testing.T) {
	client := openClient(t)
	tests := []struct {
		publicURL, wantName string
		wantSecure          bool
	}{
		{"https://roster.example", "__Host-roster_session", true},
		{"http://localhost:8080", "roster_session", false},
	}
	for _, tt := range tests {
		t.Run(tt.publicURL, func(t *testing.T) {
			m := NewManager(client, Options{PublicURL: tt.publicURL})
			if m.CookieName() != tt.wantName {
				t.Errorf("CookieName() = %q, want %q", m.CookieName(), tt.wantName)
			}
			h := m.Middleware(nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if err := m.SignIn(r.Context(), "u1"); err != nil {
					t.Fatal(err)
				}
				w.WriteHeader(http.StatusNoContent)
			}))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/graphql", nil))
			cookies := rec.Result().Cookies()
			if len(cookies) != 1 {
				t.Fatalf("Set-Cookie: %q", rec.Header().Values("Set-Cookie"))
			}
			ck := cookies[0]
			if ck.Name != tt.wantName || ck.Secure != tt.wantSecure || ck.Path != "/" || ck.Domain != "" || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("cookie %s", rec.Header().Get("Set-Cookie"))
			}
			// The browser sends it back under that name.
			req := httptest.NewRequest(http.MethodGet, "/graphql", nil)
			req.AddCookie(&http.Cookie{Name: tt.wantName, Value: ck.Value})
			var got string
			m.Middleware(nil)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = m.UserID(r.Context()) })).
				ServeHTTP(httptest.NewRecorder(), req)
			if got != "u1" {
				t.Errorf("read back: user %q", got)
			}
		})
	}
}

// When the store fails, the error handler answers, alone: not scs's plain
// text, and not followed by what the handler wrote after a failed save.
func TestStoreFailureAnswersThroughTheErrorHandler(t *testing.T) {
	client := openClient(t)
	m := NewManager(client, Options{PublicURL: "http://localhost"})
	var (
		mu     sync.Mutex
		errs   []error
		answer = "the error handler's answer"
	)
	b := newBrowser(t, m, func(w http.ResponseWriter, _ *http.Request, err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, answer)
	})
	if status, _ := b.do(http.MethodPost, "/signin"); status != http.StatusOK {
		t.Fatalf("sign in: %d", status)
	}
	if err := client.Close(); err != nil {
		t.Fatal(err)
	}

	// Reading the session fails: with the cookie of a signed-in browser.
	if status, body := b.do(http.MethodGet, "/whoami"); status != http.StatusServiceUnavailable || body != answer {
		t.Errorf("load failed: %d %q", status, body)
	}
	// Saving it fails: a signed-out browser signs in, and the handler's
	// "signed in" must not follow the error.
	fresh := &browser{t: t, url: b.url, client: &http.Client{Jar: newJar()}}
	if status, body := fresh.do(http.MethodPost, "/signin"); status != http.StatusServiceUnavailable || body != answer {
		t.Errorf("save failed: %d %q", status, body)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(errs) != 2 {
		t.Fatalf("error handler called %d times, want 2: %v", len(errs), errs)
	}
}

func newJar() http.CookieJar {
	jar, _ := cookiejar.New(nil)
	return jar
}

func hashOf(tok string) string { return token.Hash(tok) }
