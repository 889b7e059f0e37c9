// Package servertest starts a real Roster for tests: the whole server on a
// fresh SQLite file (or a fresh database on the PostgreSQL server named by
// ROSTER_TEST_DATABASE_URL, see databasetest), its HTTP handler on a
// loopback port, its mail worker delivering to a real SMTP server in the
// test process, and GraphQL clients that keep cookies like a browser.
package servertest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/mail/mailtest"
)

// Env is a running server and its mail catcher.
type Env struct {
	T      testing.TB
	URL    string
	App    *server.App
	Mail   *mailtest.Server
	Config server.Config

	statements *atomic.Int64
	run        *run      // nil for a Remote server
	conns      *sync.Map // the server's side of each connection, by the client's address
}

// Start runs a server for the test; options change its configuration.
func Start(t testing.TB, options ...func(*server.Config)) *Env {
	t.Helper()
	r := newRun(t)
	return start(t, r, databasetest.URL(t), mailtest.NewServer(t), nil, options)
}

// StartLogged is Start writing every line the server logs, at every level
// and SQL statements included, to logs (which must be safe for concurrent
// writes, e.g. a Logs).
func StartLogged(t testing.TB, logs io.Writer, options ...func(*server.Config)) *Env {
	t.Helper()
	r := newRun(t)
	return start(t, r, databasetest.URL(t), mailtest.NewServer(t), logs, options)
}

// Logs collects log output from several goroutines.
type Logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *Logs) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(b)
}

// String is everything written so far.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Replicas runs n servers on one database with one mail catcher, as
// replicas of one deployment are.
func Replicas(t testing.TB, n int, options ...func(*server.Config)) []*Env {
	t.Helper()
	return ReplicasOn(t, databasetest.URL(t), n, options...)
}

// ReplicasOn is Replicas on the database at db.
func ReplicasOn(t testing.TB, db string, n int, options ...func(*server.Config)) []*Env {
	t.Helper()
	r := newRun(t)
	smtp := mailtest.NewServer(t)
	envs := make([]*Env, n)
	for i := range envs {
		envs[i] = start(t, r, db, smtp, nil, options)
	}
	return envs
}

// Remote is an Env for a server running elsewhere (another process), for
// its clients.
func Remote(t testing.TB, url string) *Env { return &Env{T: t, URL: url} }

func start(t testing.TB, r *run, db string, smtp *mailtest.Server, logs io.Writer, options []func(*server.Config)) *Env {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := server.Defaults()
	cfg.DatabaseURL = db
	cfg.PublicURL = "http://" + ln.Addr().String()
	cfg.SMTPURL = smtp.URL()
	cfg.RateLimit = false
	for _, o := range options {
		o(&cfg)
	}
	cfg.LogSQL = true
	capture := new(logCapture)
	r.mu.Lock()
	r.logs = append(r.logs, capture)
	if !slices.Contains(r.mails, smtp) {
		r.mails = append(r.mails, smtp)
	}
	r.mu.Unlock()
	counter := statementCounter{n: new(atomic.Int64), capture: capture.handler()}
	if testing.Verbose() {
		counter.next = slog.NewTextHandler(os.Stderr, nil)
	}
	if logs != nil {
		counter.all = slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})
	}
	logger := slog.New(counter)
	app, err := server.New(context.Background(), cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	conns := new(sync.Map)
	ts := &httptest.Server{Listener: ln, Config: &http.Server{Handler: app.Handler(), ConnState: func(c net.Conn, state http.ConnState) {
		switch state {
		case http.StateNew:
			conns.Store(c.RemoteAddr().String(), c)
		case http.StateClosed:
			conns.Delete(c.RemoteAddr().String())
		}
	}}}
	ts.Start()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); app.RunWorkers(ctx) }()
	t.Cleanup(func() {
		ts.Close()
		cancel()
		<-done
		_ = app.Close()
	})
	return &Env{T: t, URL: ts.URL, App: app, Mail: smtp, Config: cfg, statements: counter.n, conns: conns, run: r}
}

// Client is a GraphQL client with its own cookie jar: one browser.
type Client struct {
	env  *Env
	http *http.Client
	// Header is sent with every request (e.g. Authorization).
	Header http.Header
}

// NewClient returns a client that is signed out.
func (e *Env) NewClient() *Client {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	if e.run != nil {
		hc.Transport = recordCookies{next: http.DefaultTransport, run: e.run}
	}
	return &Client{env: e, http: hc, Header: http.Header{}}
}

// Response is a GraphQL response.
type Response struct {
	Status int
	Header http.Header
	Data   json.RawMessage
	Errors []Error
}

// Error is one GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns the code of the first error, or "" when there is none.
func (r *Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// Do posts a query with variables and returns the response.
func (c *Client) Do(query string, vars map[string]any) *Response {
	c.env.T.Helper()
	if r := c.env.run; r != nil {
		r.addVariables(map[string]any(vars))
		if auth, ok := strings.CutPrefix(c.Header.Get("Authorization"), "Bearer "); ok {
			r.add(auth, "a bearer token")
		}
	}
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		c.env.T.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, c.env.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		c.env.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range c.Header {
		req.Header[k] = v
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.env.T.Fatalf("POST /graphql: %v", err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		c.env.T.Fatal(err)
	}
	out := &Response{Status: res.StatusCode, Header: res.Header}
	if err := json.Unmarshal(raw, out); err != nil {
		c.env.T.Fatalf("response %d is not GraphQL: %s", res.StatusCode, raw)
	}
	return out
}

// MustDo runs a query that must succeed and decodes its data into out
// (which may be nil).
func (c *Client) MustDo(query string, vars map[string]any, out any) {
	c.env.T.Helper()
	res := c.Do(query, vars)
	if len(res.Errors) > 0 {
		c.env.T.Fatalf("%s\nfailed: %+v", firstLine(query), res.Errors)
	}
	if out != nil {
		if err := json.Unmarshal(res.Data, out); err != nil {
			c.env.T.Fatalf("decode %s: %v", res.Data, err)
		}
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i > 0 {
		return s[:i]
	}
	return s
}

// Metrics returns the server's Prometheus metrics, as a scrape reads them.
func (e *Env) Metrics() string {
	rec := httptest.NewRecorder()
	e.App.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	return rec.Body.String()
}
