// Package database opens Roster's store (an embedded SQLite file or a
// PostgreSQL server), brings its schema up to date with the versioned
// migrations under migrations/, and runs the domain's transactions.
package database

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/privacy"
	_ "github.com/rosterhq/roster/ent/runtime" // schema defaults, validators and policies
)

// Open connects to the database named by url: "sqlite:path/to/file.db" (the
// folder is created when missing) or "postgres://…". With a logger, every
// SQL statement is logged at debug level with the context it ran in, its
// arguments left out (see loggedDriver).
func Open(url string, sqlLog *slog.Logger) (*ent.Client, error) {
	return OpenWith(url, Options{SQLLog: sqlLog})
}

// Options tune Open.
type Options struct {
	// SQLLog, when set, logs every SQL statement at debug level.
	SQLLog *slog.Logger
	// MaxConns bounds a PostgreSQL pool (DefaultMaxConns when zero).
	MaxConns int
}

// DefaultMaxConns is the size of a PostgreSQL pool when Options.MaxConns
// is zero: twice the cores Go runs on, plus one, after the rule of thumb
// of PostgreSQL's wiki ("Number Of Database Connections": cores × 2 +
// effective spindles). A larger pool does not answer more: it lets more
// queries run at once than there are cores to run them, so each waits in
// the server's and the operating system's queues, in no order, and the
// slowest requests wait longest. On 2 cores (make bench, PostgreSQL on the
// same machine), going from 20 connections to 5 took the members page
// from 1,261 to 1,750 requests a second and its p99 from 46 to 25 ms. No
// request holds one connection while waiting for another (the server
// suite passes on a pool of one), so a small pool only queues.
var DefaultMaxConns = 2*runtime.GOMAXPROCS(0) + 1

// OpenWith is Open with options.
func OpenWith(url string, o Options) (*ent.Client, error) {
	var (
		drv *entsql.Driver
		err error
	)
	sqlLog := o.SQLLog
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		drv, err = openSQLite(strings.TrimPrefix(url, "sqlite:"))
	case IsPostgres(url):
		drv, err = openPostgres(url, cmp.Or(o.MaxConns, DefaultMaxConns))
	default:
		return nil, fmt.Errorf("database URL %q: want sqlite:<file> or postgres://…", url)
	}
	if err != nil {
		return nil, err
	}
	st := &store{pooled: drv}
	if drv.Dialect() == dialect.SQLite {
		st.pooled = newPrepared(drv)
		if st.versions, err = openDataVersion(strings.TrimPrefix(url, "sqlite:")); err != nil {
			_ = drv.Close()
			return nil, err
		}
	}
	var d dialect.Driver = st
	if sqlLog != nil {
		d = loggedDriver{Driver: d, log: sqlLog}
	}
	return ent.NewClient(ent.Driver(d)), nil
}

// sqliteIdleConns is how many SQLite connections stay open between
// requests: enough for the concurrent requests of two cores.
const sqliteIdleConns = 32

// openSQLite opens a SQLite file in WAL mode with foreign keys on and full
// fsync on commit, so that a crash loses nothing a mutation reported as done.
// Write transactions take the write lock at BEGIN (_txlock=immediate): two
// transactions never both read and then race to write, and a waiting writer
// queues behind busy_timeout instead of failing.
func openSQLite(path string) (*entsql.Driver, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty file path")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
	}
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	if err := db.Ping(); err != nil {
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	// Keep connections, with their prepared statements, between requests
	// (database/sql keeps 2 idle by default: under load the rest would be
	// opened and closed again and again), and renew them now and then.
	db.SetMaxIdleConns(sqliteIdleConns)
	db.SetConnMaxLifetime(preparedConnLifetime)
	return entsql.OpenDB(dialect.SQLite, db), nil
}

// sessionDefaults bound what one statement or transaction may hold on
// PostgreSQL: a query stuck for 30 s, a lock waited on for 10 s or a
// transaction left open and idle for a minute fails (INTERNAL) instead of
// holding a connection and the locks behind it until the pool runs dry.
// Roster's own statements take milliseconds; migrations lift the first two
// on their own connection. A setting in the database URL's query string
// (e.g. ?statement_timeout=60s) wins.
//
// random_page_cost=1.1 tells the planner what a read of a page costs on
// today's disks (SSD) or from memory, where Roster's tables live, and
// PostgreSQL's documentation suggests lowering it so for mostly cached
// data. At the default of 4 (a spinning disk), once one organization had
// 10,000 members beside one of 50, the plan pgx's prepared members page
// settled on counted the small organization's members by reading all
// 10,050 memberships, on every request (make bench: its page went from
// 2,400 to 1,125 requests a second; at 1.1, 1,562, with no table read
// whole).
var sessionDefaults = map[string]string{
	"statement_timeout":                   "30s",
	"lock_timeout":                        "10s",
	"idle_in_transaction_session_timeout": "60s",
	"random_page_cost":                    "1.1",
}

// openPostgres opens a bounded pool. Connections idle for 5 minutes are
// closed, and none lives longer than an hour, so a pool shrinks after a
// burst and follows a failover. A connection that broke while idle (the
// server restarted) is found by pgx's ping when it is taken from the pool
// after a second's rest, and database/sql then takes another or dials anew:
// requests after a restart do not fail on the dead connections.
func openPostgres(url string, maxConns int) (*entsql.Driver, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	for k, v := range sessionDefaults {
		if _, set := cfg.RuntimeParams[k]; !set {
			cfg.RuntimeParams[k] = v
		}
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	db.SetConnMaxLifetime(time.Hour)
	if err := db.Ping(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return entsql.OpenDB(dialect.Postgres, db), nil
}

// store is the ent driver that Open gives the client: the SQL driver, and
// under it the pool. Migrate needs a connection of its own (foreign keys
// off on SQLite, a session's advisory lock on PostgreSQL), and an ent.Client
// keeps its driver to itself, so Migrate asks for the pool through the one
// door a client opens onto its driver, Tx, with a poolRequest in the
// context.
type store struct {
	pooled
	// versions watches a SQLite file for commits (nil on PostgreSQL).
	versions *DataVersion
}

// Close closes the pool and the data version's connection.
func (s *store) Close() error {
	err := s.pooled.Close()
	if s.versions != nil {
		err = errors.Join(err, s.versions.Close())
	}
	return err
}

// pooled is an ent driver over a database/sql pool: *entsql.Driver, or
// prepared over one (SQLite).
type pooled interface {
	dialect.Driver
	DB() *sql.DB
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// poolRequest asks, through a client's Tx, for the pool under it.
type poolRequest struct {
	db       *sql.DB
	dialect  string
	versions *DataVersion
}

type poolRequestKey struct{}

var errPoolAnswered = errors.New("pool request answered: no transaction was begun")

// Tx begins a transaction, or answers a poolRequest in ctx without
// beginning one.
func (s *store) Tx(ctx context.Context) (dialect.Tx, error) {
	if r, ok := ctx.Value(poolRequestKey{}).(*poolRequest); ok {
		r.db, r.dialect, r.versions = s.DB(), s.Dialect(), s.versions
		return nil, errPoolAnswered
	}
	return s.pooled.Tx(ctx)
}

// pool returns the connection pool of a client made by Open, and its
// dialect.
func pool(ctx context.Context, client *ent.Client) (*sql.DB, string, error) {
	r, err := askPool(ctx, client)
	if err != nil {
		return nil, "", err
	}
	return r.db, r.dialect, nil
}

// askPool asks the store under client for its pool.
func askPool(ctx context.Context, client *ent.Client) (*poolRequest, error) {
	r := &poolRequest{}
	tx, err := client.Tx(context.WithValue(ctx, poolRequestKey{}, r))
	if err == nil {
		_ = tx.Rollback()
	}
	if r.db == nil {
		return nil, errors.Join(errors.New("the client was not made by database.Open"), err)
	}
	return r, nil
}

// DataVersionOf returns the DataVersion of a SQLite client made by Open,
// and nil for a PostgreSQL one.
func DataVersionOf(ctx context.Context, client *ent.Client) (*DataVersion, error) {
	r, err := askPool(ctx, client)
	if err != nil {
		return nil, err
	}
	return r.versions, nil
}

// Dialect returns the dialect of a client made by Open: dialect.SQLite or
// dialect.Postgres, for the few statements written with ent's SQL builder.
func Dialect(ctx context.Context, client *ent.Client) (string, error) {
	_, d, err := pool(ctx, client)
	return d, err
}

// System returns a context for work that must cross organizations: sign-in,
// links carrying tokens, the mail worker. It skips the tenant rules of
// ent/schema, so use it only where a token or the server itself, not the
// viewer, is the authority.
func System(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// InTx runs fn in a transaction and commits it when fn returns nil; the
// change and everything it causes (audit events, outbox emails) commit
// together or not at all. Work registered with tx.OnCommit runs after a
// successful commit.
func InTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Tx) error) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// AfterCommit registers fn to run once tx has committed.
func AfterCommit(tx *ent.Tx, fn func()) {
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			err := next.Commit(ctx, tx)
			if err == nil {
				fn()
			}
			return err
		})
	})
}

// Batch is how many rows one INSERT writes, or one IN (…) list names, at
// most: with a row's dozen columns it stays well under SQLite's (32,766)
// and PostgreSQL's (65,535) limits on a statement's parameters. Split with
// slices.Chunk.
const Batch = 500

// IsPostgres reports whether a database URL names a PostgreSQL database.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Now is the clock of every stored time: UTC, to the microsecond, which
// SQLite's text times and PostgreSQL's timestamptz both keep and compare
// exactly. (ent/schema's defaults use the same rule; the schema cannot
// import this package.)
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Clock tells the time by the rule of Now. Services that decide by the time
// (when an invitation expires) take one, so that tests can move time
// (databasetest.Clock) instead of waiting for it.
type Clock interface{ Now() time.Time }

// SystemClock is the real time, by Now.
type SystemClock struct{}

// Now returns Now().
func (SystemClock) Now() time.Time { return Now() }
