// Package server assembles Roster from its parts: the database, the domain
// services, the mail worker and the HTTP handler. Its subpackages own one
// concern each; this package only wires them, from a Config.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/frontend"
	"github.com/rosterhq/roster/graph"
	"github.com/rosterhq/roster/server/account"
	"github.com/rosterhq/roster/server/apikey"
	"github.com/rosterhq/roster/server/audit"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/clientip"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/domain"
	"github.com/rosterhq/roster/server/invitation"
	"github.com/rosterhq/roster/server/live"
	"github.com/rosterhq/roster/server/mail"
	"github.com/rosterhq/roster/server/member"
	"github.com/rosterhq/roster/server/metrics"
	"github.com/rosterhq/roster/server/oauth"
	"github.com/rosterhq/roster/server/organization"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/ratelimit"
	"github.com/rosterhq/roster/server/secretbox"
	"github.com/rosterhq/roster/server/session"
	"github.com/rosterhq/roster/server/viewer"
	"github.com/rosterhq/roster/server/web"
	"github.com/rosterhq/roster/server/web/graphqlws"
	"github.com/rosterhq/roster/server/webhook"
)

// Config is the server's configuration, built from flags and environment
// by cmd/roster.
type Config struct {
	Addr             string
	DatabaseURL      string
	PublicURL        string
	SMTPURL          string
	MailFrom         string
	DefaultSeatLimit int
	InvitationTTL    time.Duration
	AllowedOrigins   []string
	Dev              bool
	Introspection    bool
	// Explorer serves the API explorer (GraphiQL, in the portal) at
	// /explorer and to a browser's GET /graphql (ROSTER_EXPLORER).
	Explorer bool
	// LogSQL logs every SQL statement at debug level.
	LogSQL bool
	// AnswerCache lets a query of an organization's members be answered
	// again, without running, while the SQLite database is unchanged
	// (ROSTER_ANSWER_CACHE; see web's answerCache). It does nothing on
	// PostgreSQL.
	AnswerCache bool
	// RateLimit turns the rate limits on (ROSTER_RATE_LIMIT); RateLimits
	// are their rules (ROSTER_RATE_LIMITS overrides them) and
	// RateLimitClock their clock (time.Now when nil; tests move their own).
	RateLimit      bool
	RateLimits     ratelimit.Rules
	RateLimitClock func() time.Time
	// TrustedProxies are the peers whose X-Forwarded-For names the client
	// (ROSTER_TRUSTED_PROXIES).
	TrustedProxies []netip.Prefix
	// WebsocketKeepAlive is how often websockets are pinged (15 s when
	// zero); a peer silent for two of these is dropped.
	WebsocketKeepAlive time.Duration
	// WebsocketInitTimeout is how long a websocket may take to send
	// connection_init (10 s when zero).
	WebsocketInitTimeout time.Duration
	// WebsocketLimits bound websockets per user, per client address and
	// per connection (see graphqlws.Limits; zero values take its defaults).
	WebsocketLimits graphqlws.Limits
	// SessionLifetime is how long a sign-in lasts at most, however active
	// (ROSTER_SESSION_LIFETIME; session.DefaultLifetime when zero);
	// SessionIdleTimeout ends it sooner after that long without a request
	// (ROSTER_SESSION_IDLE_TIMEOUT; session.DefaultIdleTimeout when zero).
	SessionLifetime    time.Duration
	SessionIdleTimeout time.Duration
	// MailRetention is how long a sent (or abandoned) email's row stays in
	// the outbox, its body already cleared (ROSTER_MAIL_RETENTION;
	// mail.DefaultRetention when zero).
	MailRetention time.Duration
	// ShutdownGrace is how long Serve, once told to stop, waits for the
	// requests in flight before it closes their connections.
	ShutdownGrace time.Duration
	// MetricsAddr, when set, is where Serve answers Prometheus at /metrics,
	// on a listener of its own; empty: nowhere.
	MetricsAddr string
	// DatabaseMaxConns bounds the PostgreSQL pool
	// (database.DefaultMaxConns when zero).
	DatabaseMaxConns int
	// DNSResolver is the host:port of the DNS server that domain
	// verification asks (ROSTER_DNS_RESOLVER); empty: the system's first.
	DNSResolver string
	// DomainRecheckInterval is how often verified domains are checked
	// again (ROSTER_DOMAIN_RECHECK_INTERVAL; domain.DefaultRecheckInterval
	// when zero).
	DomainRecheckInterval time.Duration
	// LogFormat is text or json; cmd/roster makes the logger from it.
	LogFormat string
	// SecretKey seals stored webhook signing secrets (ROSTER_SECRET_KEY,
	// at least 32 characters); when empty, a key is generated once and
	// kept in the database.
	SecretKey string
	// WebhookAllowPrivateNetworks lets webhooks reach loopback and private
	// addresses, and http:// on loopback
	// (ROSTER_WEBHOOK_ALLOW_PRIVATE_NETWORKS), for tests and development.
	WebhookAllowPrivateNetworks bool
	// WebhookTimeout bounds one delivery attempt (ROSTER_WEBHOOK_TIMEOUT;
	// webhook.DefaultTimeout when zero).
	WebhookTimeout time.Duration
	// OAuthTokenTTL is how long an OAuth access token lasts
	// (ROSTER_OAUTH_TOKEN_TTL; oauth.DefaultTokenTTL when zero).
	OAuthTokenTTL time.Duration
	// Clock tells the time by which invitations expire: the real time when
	// nil. Not a setting: tests set a clock they move (databasetest.Clock).
	Clock database.Clock
}

// Defaults returns the configuration of a server run with no settings.
func Defaults() Config {
	return Config{
		Addr:             "127.0.0.1:8080",
		DatabaseURL:      "sqlite:data/roster.db",
		PublicURL:        "http://localhost:8080",
		DefaultSeatLimit: 10,
		InvitationTTL:    7 * 24 * time.Hour,
		Introspection:    true,
		Explorer:         true,
		AnswerCache:      true,
		RateLimit:        true,
		RateLimits:       ratelimit.Defaults(),
		ShutdownGrace:    20 * time.Second,
		DatabaseMaxConns: database.DefaultMaxConns,
		LogFormat:        "text",
	}
}

// ErrNoMailServer is New's error when no SMTP server is set outside
// development: without one, emails (and their links) would have nowhere
// to go but a page anyone could read.
var ErrNoMailServer = errors.New("ROSTER_SMTP_URL is not set: set it to your mail server (smtp://user:pass@host:587 or smtps://…), or set ROSTER_DEV=true to keep emails in the dev mailbox at /dev/mail, which anyone who can reach the server can read")

// App is a running Roster: its database, services and handler.
type App struct {
	cfg         Config
	logger      *slog.Logger
	client      *ent.Client
	handler     http.Handler
	mail        *mail.Worker
	invitations *invitation.Service
	activity    *member.Activity
	domains     *domain.Service
	webhooks    *webhook.Service
	sessions    *session.Manager
	sockets     *graphqlws.Sockets
	limits      *ratelimit.Limiter
	notices     *pubsub.Postgres // nil on SQLite: one process, no transport
	hub         *pubsub.Hub
	metrics     *metrics.Metrics
	// stopping ends when shutdown begins (BeginShutdown): websockets close
	// with 1001 and /readyz answers 503.
	stopping  context.Context
	beginStop context.CancelFunc
}

// New opens the database, brings its schema up to date and assembles the
// server.
func New(ctx context.Context, cfg Config, logger *slog.Logger) (*App, error) {
	if cfg.DefaultSeatLimit < 1 {
		return nil, errors.New("the default seat limit must be at least 1")
	}
	if cfg.InvitationTTL <= 0 {
		return nil, errors.New("the invitation TTL must be positive")
	}
	if cfg.SMTPURL == "" && !cfg.Dev {
		return nil, ErrNoMailServer
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	resolverDNS, err := domain.NewResolver(cfg.DNSResolver)
	if err != nil {
		return nil, err
	}
	var sqlLog *slog.Logger
	if cfg.LogSQL {
		sqlLog = logger
	}
	client, err := database.OpenWith(cfg.DatabaseURL, database.Options{SQLLog: sqlLog, MaxConns: cfg.DatabaseMaxConns})
	if err != nil {
		return nil, err
	}
	if err := database.Migrate(ctx, client); err != nil {
		_ = client.Close()
		return nil, err
	}
	var dataVersion *database.DataVersion
	if cfg.AnswerCache {
		if dataVersion, err = database.DataVersionOf(ctx, client); err != nil {
			_ = client.Close()
			return nil, err
		}
	}
	box, err := secretBox(ctx, client, cfg.SecretKey)
	if err != nil {
		_ = client.Close()
		return nil, err
	}

	stats := metrics.New(logger)
	limits, err := ratelimit.New(ctx, client, ratelimit.Options{
		Enabled: cfg.RateLimit, Rules: cfg.RateLimits, Now: cfg.RateLimitClock, Logger: logger,
		Refused: stats.RateLimited,
	})
	if err != nil {
		_ = client.Close()
		return nil, err
	}

	var (
		sender  mail.Sender
		devMail http.Handler
	)
	if cfg.SMTPURL != "" {
		if sender, err = mail.NewSMTPSender(cfg.SMTPURL, cfg.MailFrom); err != nil {
			_ = client.Close()
			return nil, fmt.Errorf("SMTP settings: %w", err)
		}
	} else { // development only (checked above)
		mailbox := mail.NewDevMailbox(logger)
		sender, devMail = mailbox, mailbox.Handler()
		logger.Warn("no SMTP server is set: emails go to the dev mailbox", "url", cfg.PublicURL+"/dev/mail")
	}
	hub := pubsub.NewHub()
	var notices *pubsub.Postgres
	if database.IsPostgres(cfg.DatabaseURL) {
		if notices, err = pubsub.NewPostgres(ctx, cfg.DatabaseURL, hub, logger); err != nil {
			_ = client.Close()
			return nil, err
		}
		hub.SetTransport(notices)
	}
	stats.WatchOutbox(func(ctx context.Context) (int, time.Time, error) { return mail.Backlog(ctx, client) })
	stopping, beginStop := context.WithCancel(context.Background())
	origins := append([]string{cfg.PublicURL}, cfg.AllowedOrigins...)
	outbox := mail.NewOutbox()
	sessions := session.NewManager(client, session.Options{
		PublicURL: cfg.PublicURL, Lifetime: cfg.SessionLifetime, IdleTimeout: cfg.SessionIdleTimeout,
		Notices: hub, // caches sessions when alone on its database (SQLite)
	})
	// Every change of an organization is recorded, audited and announced
	// through changes (see server/change).
	changes := change.NewRecorder(hub)
	if cfg.Clock != nil {
		changes.UseClock(cfg.Clock)
	}
	accounts := account.NewService(client, outbox, hub, sessions, cfg.PublicURL, limits)
	invitations := invitation.NewService(client, outbox, changes, cfg.PublicURL, cfg.InvitationTTL, limits)
	apiKeys := apikey.NewService(client, changes)
	oauthClients := oauth.NewService(client, changes, cfg.OAuthTokenTTL, cfg.Clock, limits)
	// A bearer token is an API key or an OAuth access token: each
	// service answers nil for the other's, by its prefix.
	bearer := web.Bearer(func(ctx context.Context, tok string) (*viewer.Viewer, error) {
		if apikey.IsKey(tok) {
			return apiKeys.Authenticate(ctx, tok)
		}
		return oauthClients.Authenticate(ctx, tok)
	})
	auditLog := audit.NewService(client)
	webhooks := webhook.NewService(client, changes, box, webhook.Options{
		Guard:   webhook.Guard{AllowPrivate: cfg.WebhookAllowPrivateNetworks},
		Timeout: cfg.WebhookTimeout, Clock: cfg.Clock, Logger: logger,
	})
	if c, ok := cfg.Clock.(interface{ OnAdvance(func()) }); ok {
		c.OnAdvance(webhooks.Wake) // a test's clock moved: retries may be due
	}
	if cfg.Clock != nil {
		invitations.UseClock(cfg.Clock)
	}
	domains := domain.NewService(client, changes, outbox, resolverDNS, invitations, domain.Options{
		PublicURL: cfg.PublicURL, RecheckInterval: cfg.DomainRecheckInterval, Clock: cfg.Clock, Logger: logger, Limits: limits,
	})
	accounts.OnEmailVerified(func(ctx context.Context, tx *ent.Tx, u *ent.User) error {
		_, err := domains.AutoJoin(ctx, tx, u) // a verified email joins by its verified domain
		return err
	})
	// Members' lastActiveAt: noted by each request (viewer.Touch), written
	// by a worker (RunWorkers).
	activity := member.NewActivity(client, cfg.Clock, logger)
	resolver := &graph.Resolver{
		Client:        client,
		Accounts:      accounts,
		Sessions:      sessions,
		Organizations: organization.NewService(client, changes, cfg.DefaultSeatLimit),
		Invitations:   invitations,
		Domains:       domains,
		Members:       member.NewService(client, changes),
		APIKeys:       apiKeys,
		Audit:         auditLog,
		OAuth:         oauthClients,
		Webhooks:      webhooks,
		Live:          live.NewService(client, hub, logger),
		Hub:           hub,
		Clock:         cfg.Clock,
	}
	sockets := graphqlws.NewSockets(hub, logger, cfg.WebsocketLimits)
	gql := web.NewGraphQL(graph.NewSchema(resolver), web.GraphQLOptions{
		Auth:           web.Authenticator{Sessions: sessions, Bearer: bearer},
		Sockets:        sockets,
		Introspection:  cfg.Introspection,
		Logger:         logger,
		AllowedOrigins: origins,
		KeepAlive:      cfg.WebsocketKeepAlive,
		InitTimeout:    cfg.WebsocketInitTimeout,
		MaxComplexity:  graph.MaxComplexity,
		// Aliases must not multiply password guesses or hashes.
		OneAuthMutation: cfg.RateLimit,
		Metrics:         stats,
		DataVersion:     dataVersion,
	})
	app := &App{
		cfg:         cfg,
		logger:      logger,
		client:      client,
		mail:        mail.NewWorker(client, outbox, sender, logger).KeepSentFor(cfg.MailRetention),
		invitations: invitations,
		activity:    activity,
		domains:     domains,
		webhooks:    webhooks,
		sessions:    sessions,
		sockets:     sockets,
		limits:      limits,
		notices:     notices,
		hub:         hub,
		metrics:     stats,
		stopping:    stopping,
		beginStop:   beginStop,
	}
	app.handler = web.NewRouter(web.Deps{
		Logger:   logger,
		GraphQL:  gql,
		Sessions: sessions,
		Bearer:   bearer,
		Activity: activity.Note,
		AuditCSV: auditLog.WriteCSV,
		OAuthToken: func(ctx context.Context, id, secret string) (string, time.Duration, bool, error) {
			issued, ok, err := oauthClients.Issue(ctx, id, secret)
			if !ok || err != nil {
				return "", 0, ok, err
			}
			return issued.AccessToken, issued.ExpiresIn, true, nil
		},
		DevMail:        devMail,
		Portal:         frontend.Handler(frontend.Options{Explorer: cfg.Explorer}),
		Explorer:       cfg.Explorer,
		AllowedOrigins: origins,
		Dev:            cfg.Dev,
		ClientIP:       clientip.NewResolver(cfg.TrustedProxies),
		Ready:          app.ready,
	})
	return app, nil
}

// Handler is the server's HTTP handler.
func (a *App) Handler() http.Handler { return a.handler }

// Sockets are the open websockets, for tests and tools.
func (a *App) Sockets() *graphqlws.Sockets { return a.sockets }

// FlushActivity writes the members' activity noted so far now, rather than
// when the worker next does, for tests and tools.
func (a *App) FlushActivity(ctx context.Context) error { return a.activity.Flush(ctx) }

// Client is the database client, for tests and tools.
func (a *App) Client() *ent.Client { return a.client }

// Hub is the hub of change notices, for tests and tools. A change made to
// the database by hand, outside Roster's services, must be announced on it
// as the services announce theirs (pubsub.User for an account, its sessions
// or its memberships): a server alone on its database (SQLite) keeps the
// sessions it reads, and who they belong to, until such a notice.
func (a *App) Hub() *pubsub.Hub { return a.hub }

// MetricsHandler serves the metrics in Prometheus's format (Serve answers
// it at /metrics on Config.MetricsAddr).
func (a *App) MetricsHandler() http.Handler { return a.metrics.Handler() }

// BeginShutdown tells what lives beyond a request that the server is going
// away: websockets are closed with 1001 (going away) and /readyz answers
// 503, so that load balancers stop sending traffic. Serve calls it when its
// context ends; a server run with Handler alone calls it itself. Calling it
// again does nothing.
func (a *App) BeginShutdown() {
	a.beginStop()
	a.sockets.CloseAll()
}

// ready answers /readyz: the server is not stopping, and the database
// answers with this build's migrations (see database.Ready). The reason is
// shown to anyone, so it names the condition; the detail goes to the log.
func (a *App) ready(ctx context.Context) error {
	if a.stopping.Err() != nil {
		return errors.New("shutting down")
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	err := database.Ready(database.System(ctx), a.client)
	if err == nil {
		return nil
	}
	a.logger.WarnContext(ctx, "not ready", "error", err)
	switch {
	case errors.Is(err, database.ErrSchemaOlder):
		return errors.New("the database schema is older than this build (run roster migrate)")
	case errors.Is(err, database.ErrSchemaNewer):
		return errors.New("the database schema is newer than this build")
	case errors.Is(err, database.ErrMigrationDirty):
		return errors.New("a migration failed part-way")
	default:
		return errors.New("the database does not answer")
	}
}

// RunWorkers runs the background work until ctx is done: mail delivery,
// the invitation expiry sweeper, the re-verification of domains, the cleanup of expired sessions and rate
// counts and, on
// PostgreSQL, the listener of other replicas' change notices. Every replica runs them all; each is safe to
// run on several at once.
func (a *App) RunWorkers(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { a.mail.Run(ctx) })
	wg.Go(func() { a.invitations.RunSweeper(ctx, a.logger) })
	wg.Go(func() { a.activity.Run(ctx) }) // writes what is left when ctx ends
	wg.Go(func() { a.domains.RunRecheck(ctx) })
	wg.Go(func() { a.webhooks.Run(ctx) })
	wg.Go(func() { a.sessions.RunCleanup(ctx, time.Hour, a.logger) })
	wg.Go(func() { a.limits.RunCleanup(ctx, 10*time.Minute, a.logger) })
	if a.notices != nil {
		wg.Go(func() { a.notices.Run(ctx) })
	}
	wg.Wait()
}

// Serve listens on the configured address and serves until ctx is done,
// then shuts down gracefully (see ServeListener).
func (a *App) Serve(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return err
	}
	return a.ServeListener(ctx, ln)
}

// ServeListener serves on ln, and Prometheus on Config.MetricsAddr, until
// ctx is done; then it drains: it stops accepting, closes websockets with
// 1001, lets the requests in flight finish (for up to
// Config.ShutdownGrace), and only then stops the background workers.
// Requests run under contexts of their own, not under ctx: the signal that
// ends ctx must not cancel the work it lets finish.
func (a *App) ServeListener(ctx context.Context, ln net.Listener) error {
	errorLog := slog.NewLogLogger(a.logger.Handler(), slog.LevelWarn)
	srv := &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		// A request's body and its answer are small (1 MiB at most), so a
		// client that takes longer is holding a connection, not using it.
		// Websockets leave these deadlines behind when they take over.
		ReadTimeout:  30 * time.Second,
		WriteTimeout: 2 * time.Minute,
		IdleTimeout:  2 * time.Minute,
		ErrorLog:     errorLog,
	}
	// Shutdown does not wait for hijacked connections (websockets): they are
	// told to go away as it begins.
	srv.RegisterOnShutdown(a.BeginShutdown)
	servers := []*http.Server{srv}
	errc := make(chan error, 2)
	if a.cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", a.cfg.MetricsAddr)
		if err != nil {
			_ = ln.Close()
			return fmt.Errorf("metrics listener: %w", err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", a.metrics.Handler())
		msrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: errorLog}
		servers = append(servers, msrv)
		a.logger.Info("metrics are served", "url", "http://"+mln.Addr().String()+"/metrics")
		go func() { errc <- msrv.Serve(mln) }()
	}
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	workersDone := make(chan struct{})
	go func() { defer close(workersDone); a.RunWorkers(workCtx) }()

	a.logger.Info("Roster is ready", "url", a.cfg.PublicURL, "listen", ln.Addr().String())
	go func() { errc <- srv.Serve(ln) }()
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		grace := a.cfg.ShutdownGrace
		if grace <= 0 {
			grace = Defaults().ShutdownGrace
		}
		a.logger.Info("shutting down: draining the requests in flight", "grace", grace)
		a.BeginShutdown()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), grace)
		for _, s := range servers {
			if serr := s.Shutdown(shutdownCtx); serr != nil {
				a.logger.Warn("requests still in flight after the grace period are cut off", "error", serr)
				_ = s.Close()
			}
		}
		cancel()
	}
	for _, s := range servers {
		_ = s.Close()
	}
	stopWork()
	<-workersDone
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Close closes the database.
func (a *App) Close() error {
	a.BeginShutdown()
	if a.notices != nil {
		a.notices.Close()
	}
	return a.client.Close()
}

// secretKeyName is the ServerKey row of the key that seals webhook
// secrets when ROSTER_SECRET_KEY is unset.
const secretKeyName = "webhook-secrets"

// secretBox returns the box that seals webhook signing secrets: under key
// when set, else under a key generated by the first replica to start and
// kept in the database (every replica reads the same one).
func secretBox(ctx context.Context, client *ent.Client, key string) (*secretbox.Box, error) {
	if key != "" {
		box, err := secretbox.New(key)
		if err != nil {
			return nil, fmt.Errorf("ROSTER_SECRET_KEY: %w", err)
		}
		return box, nil
	}
	sys := database.System(ctx)
	k, err := client.ServerKey.Get(sys, secretKeyName)
	if ent.IsNotFound(err) {
		err = client.ServerKey.Create().SetID(secretKeyName).SetValue(secretbox.NewKey()).
			SetCreatedAt(database.Now()).Exec(sys)
		if err != nil && !ent.IsConstraintError(err) { // another replica made it first: read theirs
			return nil, fmt.Errorf("keep the webhook secret key: %w", err)
		}
		k, err = client.ServerKey.Get(sys, secretKeyName)
	}
	if err != nil {
		return nil, fmt.Errorf("read the webhook secret key: %w", err)
	}
	return secretbox.New(k.Value)
}
