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
	"strings"
	"sync"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/frontend"
	"github.com/rosterhq/roster/graph"
	"github.com/rosterhq/roster/server/account"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/invitation"
	"github.com/rosterhq/roster/server/live"
	"github.com/rosterhq/roster/server/mail"
	"github.com/rosterhq/roster/server/member"
	"github.com/rosterhq/roster/server/organization"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/session"
	"github.com/rosterhq/roster/server/web"
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
	DNSResolver      string
	AllowedOrigins   []string
	Dev              bool
	Introspection    bool
	// LogSQL logs every SQL statement at debug level.
	LogSQL    bool
	SecretKey string
	RateLimit bool
	// WebhookAllowPrivateNetworks lets webhooks reach private addresses.
	WebhookAllowPrivateNetworks bool
	// WebsocketKeepAlive is how often websockets are pinged (15 s when
	// zero); a peer silent for two of these is dropped.
	WebsocketKeepAlive time.Duration
	// WebsocketInitTimeout is how long a websocket may take to send
	// connection_init (10 s when zero).
	WebsocketInitTimeout time.Duration
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
		RateLimit:        true,
	}
}

// App is a running Roster: its database, services and handler.
type App struct {
	cfg         Config
	logger      *slog.Logger
	client      *ent.Client
	handler     http.Handler
	mail        *mail.Worker
	invitations *invitation.Service
	sessions    *session.Manager
	notices     *pubsub.Postgres // nil on SQLite: one process, no transport
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
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	var sqlLog *slog.Logger
	if cfg.LogSQL {
		sqlLog = logger
	}
	client, err := database.Open(cfg.DatabaseURL, sqlLog)
	if err != nil {
		return nil, err
	}
	if err := database.Migrate(ctx, client); err != nil {
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
	} else {
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
	origins := append([]string{cfg.PublicURL}, cfg.AllowedOrigins...)
	outbox := mail.NewOutbox()
	sessions := session.NewManager(client, cfg.PublicURL)
	accounts := account.NewService(client, outbox, cfg.PublicURL)
	invitations := invitation.NewService(client, outbox, hub, cfg.PublicURL, cfg.InvitationTTL)
	if cfg.Clock != nil {
		invitations.UseClock(cfg.Clock)
	}
	resolver := &graph.Resolver{
		Client:        client,
		Accounts:      accounts,
		Sessions:      sessions,
		Organizations: organization.NewService(client, hub, cfg.DefaultSeatLimit),
		Invitations:   invitations,
		Members:       member.NewService(client, hub),
		Live:          live.NewService(client, hub, logger),
		Hub:           hub,
	}
	gql := web.NewGraphQL(graph.NewSchema(resolver), web.GraphQLOptions{
		Introspection:  cfg.Introspection,
		Logger:         logger,
		AllowedOrigins: origins,
		KeepAlive:      cfg.WebsocketKeepAlive,
		InitTimeout:    cfg.WebsocketInitTimeout,
		MaxComplexity:  graph.MaxComplexity,
	})
	handler := web.NewRouter(web.Deps{
		Logger:         logger,
		GraphQL:        gql,
		Sessions:       sessions,
		Accounts:       accounts,
		DevMail:        devMail,
		Portal:         frontend.Handler(),
		AllowedOrigins: origins,
		Dev:            cfg.Dev,
	})
	return &App{
		cfg:         cfg,
		logger:      logger,
		client:      client,
		handler:     handler,
		mail:        mail.NewWorker(client, outbox, sender, logger),
		invitations: invitations,
		sessions:    sessions,
		notices:     notices,
	}, nil
}

// Handler is the server's HTTP handler.
func (a *App) Handler() http.Handler { return a.handler }

// Client is the database client, for tests and tools.
func (a *App) Client() *ent.Client { return a.client }

// RunWorkers runs the background work until ctx is done: mail delivery,
// the invitation expiry sweeper, the cleanup of expired sessions and, on
// PostgreSQL, the listener of other replicas' change notices. Every replica runs them all; each is safe to
// run on several at once.
func (a *App) RunWorkers(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { a.mail.Run(ctx) })
	wg.Go(func() { a.invitations.RunSweeper(ctx, a.logger) })
	wg.Go(func() { a.sessions.RunCleanup(ctx, time.Hour, a.logger) })
	if a.notices != nil {
		wg.Go(func() { a.notices.Run(ctx) })
	}
	wg.Wait()
}

// Serve listens on the configured address and serves until ctx is done,
// then shuts down gracefully.
func (a *App) Serve(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		// A request's body and its answer are small (1 MiB at most), so a
		// client that takes longer is holding a connection, not using it.
		// Websockets leave these deadlines behind when they take over.
		ReadTimeout:  30 * time.Second,
		WriteTimeout: 2 * time.Minute,
		IdleTimeout:  2 * time.Minute,
		BaseContext:  func(net.Listener) context.Context { return ctx },
	}
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	workersDone := make(chan struct{})
	go func() { defer close(workersDone); a.RunWorkers(workCtx) }()

	a.logger.Info("Roster is ready", "url", a.cfg.PublicURL, "listen", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err = <-errc:
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		err = srv.Shutdown(shutdownCtx)
		cancel()
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
	if a.notices != nil {
		a.notices.Close()
	}
	return a.client.Close()
}
