// Command roster is the Roster server: `roster serve` runs it, `roster
// migrate` brings the database schema up to date, `roster version` prints
// the version. Every setting is a flag of serve and an environment variable
// (ROSTER_…), the flag winning.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/clientip"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/domain"
	"github.com/rosterhq/roster/server/mail"
	"github.com/rosterhq/roster/server/oauth"
	"github.com/rosterhq/roster/server/session"
	"github.com/rosterhq/roster/server/web/graphqlws"
	"github.com/rosterhq/roster/server/webhook"
)

// The Go collector's settings when the environment sets none: see tuneGC.
const (
	defaultGCPercent   = 400
	defaultMemoryLimit = 110 << 20 // bytes
)

// tuneGC sets the collector to run a quarter as often as Go's default
// (GOGC=400), under a soft memory limit of 110 MiB (GOMEMLIMIT), unless
// the environment sets GOGC or GOMEMLIMIT (the Go runtime then reads them
// itself). A request allocates a few hundred kilobytes that it drops at
// once, and Roster's live heap is small (tens of megabytes), so at Go's
// default the collector ran every few dozen requests and took about a
// third of a members page's CPU time. The limit keeps a large live heap
// (thousands of websockets) from growing the process to five times its
// size: near the limit, the collector runs as often as it must. Under
// 2,000 subscribers (make bench's fan-out: about 40 MiB of heap and 40 MiB
// of goroutine stacks live) the process held 176 MB at a limit of 150 MiB,
// 147 MB at 120 MiB and 138 MB at 110 MiB, their p99 staying at 71-89 ms;
// at 100 MiB the collector began to run so often that the median doubled.
// A replica that holds more should set GOMEMLIMIT well above its live heap.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "roster:", err)
		os.Exit(1)
	}
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		args = []string{"serve"}
	}
	switch args[0] {
	case "serve":
		cfg, err := parseConfig("serve", args[1:], getenv, stderr)
		if err != nil {
			return err
		}
		tuneGC(getenv)
		logger := newLogger(cfg, stderr)
		// What libraries write with the standard log package goes through
		// the same handler: every line is slog's, in the chosen format.
		slog.SetDefault(logger)
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		// The first signal drains (see server.App.ServeListener); a second
		// one ends the process at once, as an impatient operator wants.
		context.AfterFunc(ctx, stop)
		app, err := server.New(ctx, cfg, logger)
		if err != nil {
			return err
		}
		defer app.Close()
		// Opening the database, migrating and building the schema leave
		// some 20 MB of garbage around 3 MB of live heap; collected and
		// given back now, off the path to ready, an idle server stays
		// small instead of waiting for the collector's next cycle.
		go debug.FreeOSMemory()
		fmt.Fprintf(stdout, "Roster %s is running at %s\n", versionString(), cfg.PublicURL)
		return app.Serve(ctx)
	case "migrate":
		cfg, err := parseConfig("migrate", args[1:], getenv, stderr)
		if err != nil {
			return err
		}
		client, err := database.Open(cfg.DatabaseURL, nil)
		if err != nil {
			return err
		}
		defer client.Close()
		done, err := database.ApplyMigrations(context.Background(), client)
		for _, m := range done {
			fmt.Fprintln(stdout, "Applied", m.Name)
		}
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, "The database schema is up to date.")
		return nil
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "roster", versionString())
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, "usage: roster serve|migrate|version [flags]; roster serve -h lists the flags")
		return nil
	default:
		return fmt.Errorf("unknown command %q; want serve, migrate or version", args[0])
	}
}

// parseConfig reads the configuration from flags, falling back to the
// environment, falling back to the defaults.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer) (server.Config, error) {
	cfg := server.Defaults()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return def
	}
	var (
		errs     []error
		origins  string
		seats    string
		ttl      string
		limits   string
		proxies  string
		grace    string
		maxConns string
		wsUser   string
		wsAddr   string
		durs     = []durationSetting{
			{&cfg.SessionLifetime, session.DefaultLifetime, "session-lifetime", "ROSTER_SESSION_LIFETIME", "the longest a sign-in lasts, however active", ""},
			{&cfg.SessionIdleTimeout, session.DefaultIdleTimeout, "session-idle-timeout", "ROSTER_SESSION_IDLE_TIMEOUT", "a sign-in ends after this long without a request", ""},
			{&cfg.MailRetention, mail.DefaultRetention, "mail-retention", "ROSTER_MAIL_RETENTION", "how long sent emails' rows (bodies already cleared) stay in the outbox", ""},
			{&cfg.DomainRecheckInterval, domain.DefaultRecheckInterval, "domain-recheck-interval", "ROSTER_DOMAIN_RECHECK_INTERVAL", "how often a verified domain's TXT record is checked again (3 misses in a row lose the verification)", ""},
			{&cfg.WebhookTimeout, webhook.DefaultTimeout, "webhook-timeout", "ROSTER_WEBHOOK_TIMEOUT", "how long one webhook delivery attempt may take, connecting included", ""},
			{&cfg.OAuthTokenTTL, oauth.DefaultTokenTTL, "oauth-token-ttl", "ROSTER_OAUTH_TOKEN_TTL", "how long an OAuth access token from POST /oauth/token lasts", ""},
		}
	)
	fs.StringVar(&cfg.Addr, "addr", env("ROSTER_ADDR", cfg.Addr), "listen address (ROSTER_ADDR)")
	fs.StringVar(&cfg.DatabaseURL, "database-url", env("ROSTER_DATABASE_URL", cfg.DatabaseURL), "sqlite:<file> or postgres://… (ROSTER_DATABASE_URL)")
	fs.StringVar(&cfg.PublicURL, "public-url", env("ROSTER_PUBLIC_URL", cfg.PublicURL), "the URL people open; starts every emailed link (ROSTER_PUBLIC_URL)")
	fs.StringVar(&cfg.SMTPURL, "smtp-url", env("ROSTER_SMTP_URL", ""), "smtp://user:pass@host:587 (STARTTLS required with credentials) or smtps://…; empty: only with -dev, the dev mailbox at /dev/mail (ROSTER_SMTP_URL)")
	fs.StringVar(&cfg.MailFrom, "mail-from", env("ROSTER_MAIL_FROM", ""), "the From address of emails (ROSTER_MAIL_FROM)")
	fs.StringVar(&seats, "default-seat-limit", env("ROSTER_DEFAULT_SEAT_LIMIT", strconv.Itoa(cfg.DefaultSeatLimit)), "seats of a new organization (ROSTER_DEFAULT_SEAT_LIMIT)")
	fs.StringVar(&ttl, "invitation-ttl", env("ROSTER_INVITATION_TTL", cfg.InvitationTTL.String()), "how long an invitation link works, e.g. 168h (ROSTER_INVITATION_TTL)")
	fs.StringVar(&cfg.DNSResolver, "dns-resolver", env("ROSTER_DNS_RESOLVER", ""), "host:port of the DNS server that domain verification asks; empty: the system's first resolver (ROSTER_DNS_RESOLVER)")
	fs.StringVar(&origins, "allowed-origins", env("ROSTER_ALLOWED_ORIGINS", ""), "comma-separated origins allowed besides the public URL (ROSTER_ALLOWED_ORIGINS)")
	fs.BoolVar(&cfg.Dev, "dev", boolEnv(getenv, "ROSTER_DEV", false, &errs), "development mode: the dev mailbox at /dev/mail when no SMTP server is set (ROSTER_DEV)")
	fs.BoolVar(&cfg.Explorer, "explorer", boolEnv(getenv, "ROSTER_EXPLORER", true, &errs), "serve the API explorer at /explorer and to a browser's GET /graphql (ROSTER_EXPLORER)")
	fs.BoolVar(&cfg.Introspection, "introspection", boolEnv(getenv, "ROSTER_INTROSPECTION", true, &errs), "serve the schema by introspection (ROSTER_INTROSPECTION)")
	fs.StringVar(&cfg.SecretKey, "secret-key", env("ROSTER_SECRET_KEY", ""), "at least 32 random characters that seal stored webhook signing secrets; unset: a key generated once and kept in the database (ROSTER_SECRET_KEY)")
	fs.BoolVar(&cfg.WebhookAllowPrivateNetworks, "webhook-allow-private-networks", boolEnv(getenv, "ROSTER_WEBHOOK_ALLOW_PRIVATE_NETWORKS", false, &errs), "let webhooks reach loopback and private addresses, and http:// on loopback, for tests and development (ROSTER_WEBHOOK_ALLOW_PRIVATE_NETWORKS)")
	fs.BoolVar(&cfg.AnswerCache, "answer-cache", boolEnv(getenv, "ROSTER_ANSWER_CACHE", true, &errs), "answer a query of an organization's members again, without running it, while the SQLite database is unchanged; off runs every query (ROSTER_ANSWER_CACHE)")
	fs.BoolVar(&cfg.LogSQL, "log-sql", boolEnv(getenv, "ROSTER_LOG_SQL", false, &errs), "log every SQL statement, at debug level (ROSTER_LOG_SQL)")
	rate := env("ROSTER_RATE_LIMIT", "on")
	fs.StringVar(&rate, "rate-limit", rate, "off disables every rate limit (ROSTER_RATE_LIMIT)")
	fs.StringVar(&limits, "rate-limits", env("ROSTER_RATE_LIMITS", ""), "rate limits to change, e.g. signin.pair=10/15m,invitations.org=500/1h,signup.ip=off; see the README (ROSTER_RATE_LIMITS)")
	fs.StringVar(&proxies, "trusted-proxies", env("ROSTER_TRUSTED_PROXIES", ""), "comma-separated CIDRs of proxies whose X-Forwarded-For names the client (ROSTER_TRUSTED_PROXIES)")
	fs.StringVar(&cfg.LogFormat, "log-format", env("ROSTER_LOG_FORMAT", cfg.LogFormat), "text or json: the format of log lines on stderr (ROSTER_LOG_FORMAT)")
	fs.StringVar(&grace, "shutdown-grace", env("ROSTER_SHUTDOWN_GRACE", cfg.ShutdownGrace.String()), "how long a stopping server lets requests in flight finish, e.g. 20s (ROSTER_SHUTDOWN_GRACE)")
	fs.StringVar(&cfg.MetricsAddr, "metrics-addr", env("ROSTER_METRICS_ADDR", ""), "host:port serving Prometheus metrics at /metrics, apart from the API; empty: none (ROSTER_METRICS_ADDR)")
	fs.StringVar(&wsUser, "websockets-per-user", env("ROSTER_WEBSOCKETS_PER_USER", strconv.Itoa(graphqlws.DefaultSocketsPerUser)), "the most websockets one user or token may have open on a replica (ROSTER_WEBSOCKETS_PER_USER)")
	fs.StringVar(&wsAddr, "websockets-per-address", env("ROSTER_WEBSOCKETS_PER_ADDRESS", strconv.Itoa(graphqlws.DefaultSocketsPerAddress)), "the most websockets one client address may have open on a replica (ROSTER_WEBSOCKETS_PER_ADDRESS)")
	fs.StringVar(&maxConns, "database-max-conns", env("ROSTER_DATABASE_MAX_CONNS", strconv.Itoa(cfg.DatabaseMaxConns)), "the most connections to PostgreSQL a replica opens (ROSTER_DATABASE_MAX_CONNS)")
	for i := range durs {
		d := &durs[i]
		d.raw = env(d.env, strings.TrimSuffix(d.def.String(), "0m0s"))
		fs.StringVar(&d.raw, d.flag, d.raw, d.usage+" ("+d.env+")")
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if err := errors.Join(errs...); err != nil {
		return cfg, err
	}
	n, err := strconv.Atoi(seats)
	if err != nil || n < 1 {
		return cfg, fmt.Errorf("default seat limit %q: want a whole number of at least 1", seats)
	}
	cfg.DefaultSeatLimit = n
	if cfg.InvitationTTL, err = time.ParseDuration(ttl); err != nil || cfg.InvitationTTL <= 0 {
		return cfg, fmt.Errorf("invitation TTL %q: want a positive duration such as 168h", ttl)
	}
	if cfg.ShutdownGrace, err = time.ParseDuration(grace); err != nil || cfg.ShutdownGrace <= 0 {
		return cfg, fmt.Errorf("shutdown grace %q: want a positive duration such as 20s", grace)
	}
	if n, err = strconv.Atoi(maxConns); err != nil || n < 1 {
		return cfg, fmt.Errorf("database max conns %q: want a whole number of at least 1", maxConns)
	}
	cfg.DatabaseMaxConns = n
	for _, w := range []struct {
		dst       *int
		raw, name string
	}{{&cfg.WebsocketLimits.PerUser, wsUser, "ROSTER_WEBSOCKETS_PER_USER"}, {&cfg.WebsocketLimits.PerAddress, wsAddr, "ROSTER_WEBSOCKETS_PER_ADDRESS"}} {
		if *w.dst, err = strconv.Atoi(w.raw); err != nil || *w.dst < 1 {
			return cfg, fmt.Errorf("%s %q: want a whole number of at least 1", w.name, w.raw)
		}
	}
	switch cfg.LogFormat {
	case "text", "json":
	default:
		return cfg, fmt.Errorf("log format %q: want text or json", cfg.LogFormat)
	}
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			cfg.AllowedOrigins = append(cfg.AllowedOrigins, strings.TrimRight(o, "/"))
		}
	}
	switch strings.ToLower(rate) {
	case "on", "true":
		cfg.RateLimit = true
	case "off", "false":
		cfg.RateLimit = false
	default:
		return cfg, fmt.Errorf("rate limit %q: want on or off", rate)
	}
	if err := cfg.RateLimits.Set(limits); err != nil {
		return cfg, err
	}
	if cfg.TrustedProxies, err = clientip.ParsePrefixes(proxies); err != nil {
		return cfg, err
	}
	for _, d := range durs {
		if *d.dst, err = time.ParseDuration(d.raw); err != nil || *d.dst <= 0 {
			return cfg, fmt.Errorf("%s %q: want a positive duration such as 168h", d.env, d.raw)
		}
	}
	if cfg.SessionIdleTimeout > cfg.SessionLifetime {
		return cfg, fmt.Errorf("ROSTER_SESSION_IDLE_TIMEOUT (%s) is longer than ROSTER_SESSION_LIFETIME (%s)", cfg.SessionIdleTimeout, cfg.SessionLifetime)
	}
	return cfg, nil
}

// durationSetting is a duration read from a flag or the environment.
type durationSetting struct {
	dst                   *time.Duration
	def                   time.Duration
	flag, env, usage, raw string
}

// newLogger makes the logger every line of the server goes through: text
// (key=value) for people, or one JSON object a line for log collectors.
func newLogger(cfg server.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if cfg.LogSQL {
		opts.Level = slog.LevelDebug
	}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func boolEnv(getenv func(string) string, key string, def bool, errs *[]error) bool {
	v := getenv(key)
	if v == "" {
		return def
	}
	switch strings.ToLower(v) {
	case "on":
		return true
	case "off":
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("%s=%q: want on or off (or true or false)", key, v))
		return def
	}
	return b
}

func versionString() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}
