// Package database opens Roster's store (an embedded SQLite file or a
// PostgreSQL server), brings its schema up to date with the versioned
// migrations under migrations/, and runs the domain's transactions.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/privacy"
	_ "github.com/rosterhq/roster/ent/runtime" // schema defaults, validators and policies
)

// Open connects to the database named by url: "sqlite:path/to/file.db" (the
// folder is created when missing) or "postgres://…". With a logger, every
// SQL statement is logged at debug level with the context it ran in.
func Open(url string, sqlLog *slog.Logger) (*ent.Client, error) {
	var (
		drv *entsql.Driver
		err error
	)
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		drv, err = openSQLite(strings.TrimPrefix(url, "sqlite:"))
	case IsPostgres(url):
		drv, err = openPostgres(url)
	default:
		return nil, fmt.Errorf("database URL %q: want sqlite:<file> or postgres://…", url)
	}
	if err != nil {
		return nil, err
	}
	var d dialect.Driver = &store{Driver: drv}
	if sqlLog != nil {
		d = dialect.DebugWithContext(d, func(ctx context.Context, args ...any) {
			sqlLog.DebugContext(ctx, "sql", "statement", fmt.Sprint(args...))
		})
	}
	return ent.NewClient(ent.Driver(d)), nil
}

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
	return entsql.OpenDB(dialect.SQLite, db), nil
}

func openPostgres(url string) (*entsql.Driver, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := db.Ping(); err != nil {
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
	*entsql.Driver
}

// poolRequest asks, through a client's Tx, for the pool under it.
type poolRequest struct {
	db      *sql.DB
	dialect string
}

type poolRequestKey struct{}

var errPoolAnswered = errors.New("pool request answered: no transaction was begun")

// Tx begins a transaction, or answers a poolRequest in ctx without
// beginning one.
func (s *store) Tx(ctx context.Context) (dialect.Tx, error) {
	if r, ok := ctx.Value(poolRequestKey{}).(*poolRequest); ok {
		r.db, r.dialect = s.DB(), s.Dialect()
		return nil, errPoolAnswered
	}
	return s.Driver.Tx(ctx)
}

// pool returns the connection pool of a client made by Open, and its
// dialect.
func pool(ctx context.Context, client *ent.Client) (*sql.DB, string, error) {
	r := &poolRequest{}
	tx, err := client.Tx(context.WithValue(ctx, poolRequestKey{}, r))
	if err == nil {
		_ = tx.Rollback()
	}
	if r.db == nil {
		return nil, "", errors.Join(errors.New("migrate: the client was not made by database.Open"), err)
	}
	return r.db, r.dialect, nil
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
