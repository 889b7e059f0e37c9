package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"

	"github.com/rosterhq/roster/ent"
)

// Roster's schema is the sequence of migration files under
// migrations/<dialect>/ (sqlite, postgres), generated from ent/schema by
// migrations/gen.go (see there) in Atlas's layout: <version>_<name>.sql,
// the version a UTC timestamp, and atlas.sum, whose hashes catch a file
// edited or added by hand. A test fails when they drift from ent/schema.
//
// `roster serve` applies the pending ones as it starts (server.New calls
// Migrate), on SQLite and on PostgreSQL alike: a fresh data/roster.db just
// works, and replicas starting together on one PostgreSQL database take
// turns. `roster migrate` does the same and nothing else, for those who
// migrate before they roll out. Both refuse a database that a newer build
// has migrated (ErrSchemaNewer).
//
// They are applied by the small applier below rather than by Atlas's
// executor: that executor leaves transactions, locking and the record of
// what ran to Atlas's command-line tool, which is more code to adapt than
// this is to write.
//
// The folders are embedded whole, not *.sql, so that the package still
// compiles in a copy of the module without the .sql files (graph's drift
// test copies only Go sources and the like); Migrations reads *.sql.
//
//go:embed migrations/sqlite migrations/postgres
var migrationFiles embed.FS

// ErrSchemaNewer is returned by Migrate for a database that a newer build
// of Roster has migrated: this build does not know its schema.
var ErrSchemaNewer = errors.New("the database schema is newer than this build of Roster")

// ErrMigrationDirty is returned by Migrate when a migration that runs
// outside a transaction failed part-way: the schema needs repairing by hand.
var ErrMigrationDirty = errors.New("a migration failed part-way")

// Migration is one migration file.
type Migration struct {
	Version int64  // the file name's leading timestamp, e.g. 20261129135617
	Name    string // the file name, e.g. 20261129135617_init.sql

	stmts []string
	// noTx: the file says "-- atlas:txmode none" (e.g. for CREATE INDEX
	// CONCURRENTLY); its statements run one by one, and the record of it
	// stays dirty until the last has run.
	noTx bool
}

// String returns the file name.
func (m Migration) String() string { return m.Name }

// advisoryLock is the key of the PostgreSQL advisory lock that serializes
// migrations: replicas starting together wait for each other, and the
// second finds the migrations already applied.
const advisoryLock int64 = 0x726f73746572 // "roster"

// Migrations returns the migration files of a dialect (ent's name for it,
// or the folder's: sqlite or postgres), in the order they apply, after
// checking them against their atlas.sum.
func Migrations(dialectName string) ([]Migration, error) {
	folder := dialectName
	switch dialectName {
	case dialect.SQLite, "sqlite":
		folder = "sqlite"
	case dialect.Postgres:
	default:
		return nil, fmt.Errorf("no migrations for the %s dialect", dialectName)
	}
	sub, err := fs.Sub(migrationFiles, path.Join("migrations", folder))
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(sub, "*.sql")
	if err != nil {
		return nil, err
	}
	dir := &atlas.MemDir{}
	sum, err := fs.ReadFile(sub, atlas.HashFileName)
	if err != nil {
		return nil, fmt.Errorf("migrations for %s: %w", dialectName, err)
	}
	if err := dir.WriteFile(atlas.HashFileName, sum); err != nil {
		return nil, err
	}
	var out []Migration
	for _, name := range names {
		b, err := fs.ReadFile(sub, name)
		if err != nil {
			return nil, err
		}
		if err := dir.WriteFile(name, b); err != nil {
			return nil, err
		}
		m, err := parseMigration(name, b)
		if err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].Version == m.Version {
			return nil, fmt.Errorf("migrations %s and %s have the same version", out[n-1].Name, name)
		}
		out = append(out, m)
	}
	if err := atlas.Validate(dir); err != nil {
		return nil, fmt.Errorf("migrations for %s do not match their atlas.sum (regenerate them, never edit them): %w", dialectName, err)
	}
	return out, nil
}

var migrationName = regexp.MustCompile(`^([0-9]{14})_[a-z0-9_]+\.sql$`)

// parseMigration reads a migration file.
func parseMigration(name string, b []byte) (Migration, error) {
	m := migrationName.FindStringSubmatch(name)
	if m == nil {
		return Migration{}, fmt.Errorf("migration file %s: want <14-digit version>_<snake_case_name>.sql", name)
	}
	f := atlas.NewLocalFile(name, b)
	stmts, err := f.Stmts()
	if err != nil {
		return Migration{}, fmt.Errorf("migration %s: %w", name, err)
	}
	version, _ := strconv.ParseInt(m[1], 10, 64)
	return Migration{
		Version: version,
		Name:    name,
		stmts:   stmts,
		noTx:    slices.Contains(f.Directive("txmode"), "none"),
	}, nil
}

// Migrate brings the schema up to date: it applies, in order, every
// migration the database has not had, each in a transaction of its own
// with its record in schema_migrations. It refuses (ErrSchemaNewer) a
// database that has had a migration this build does not know. Any number
// of processes may call it at once on one database: on PostgreSQL they take
// turns under an advisory lock, on SQLite under the write lock, and each
// migration is applied once.
func Migrate(ctx context.Context, client *ent.Client) error {
	_, err := ApplyMigrations(ctx, client)
	return err
}

// ApplyMigrations is Migrate, returning the migrations it applied.
func ApplyMigrations(ctx context.Context, client *ent.Client) ([]Migration, error) {
	db, dialectName, err := pool(ctx, client)
	if err != nil {
		return nil, err
	}
	files, err := Migrations(dialectName)
	if err != nil {
		return nil, err
	}
	return applyMigrations(ctx, client, db, dialectName, files)
}

// applyMigrations applies those of files that the database has not had.
func applyMigrations(ctx context.Context, client *ent.Client, db *sql.DB, dialectName string, files []Migration) ([]Migration, error) {
	m, err := newMigrator(ctx, db, dialectName)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	defer m.close()
	applied, err := m.applied(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if err := checkApplied(applied, files); err != nil {
		return nil, err
	}
	if len(applied) == 0 {
		adopted, err := m.adoptUnversioned(ctx, client, files)
		if err != nil || adopted {
			return nil, err
		}
	}
	var done []Migration
	for _, f := range files {
		if _, ok := applied[f.Version]; ok {
			continue
		}
		ran, err := m.apply(ctx, f)
		if err != nil {
			return done, fmt.Errorf("migrate: %s: %w", f.Name, err)
		}
		if ran {
			done = append(done, f)
		}
	}
	return done, nil
}

// checkApplied refuses a database that has had a migration this build does
// not know, or one that failed part-way.
func checkApplied(applied map[int64]bool, files []Migration) error {
	known := make(map[int64]bool, len(files))
	var latest int64
	for _, f := range files {
		known[f.Version] = true
		latest = max(latest, f.Version)
	}
	var unknown []int64
	for v, dirty := range applied {
		if dirty {
			return fmt.Errorf("%w: migration %d is marked dirty in schema_migrations; repair the schema by hand, then set its dirty flag to false", ErrMigrationDirty, v)
		}
		if !known[v] {
			unknown = append(unknown, v)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	newest := slices.Max(unknown)
	if newest > latest {
		return fmt.Errorf("%w: it has had migration %d, and this build knows migrations up to %d; run a newer roster (or restore the database from before the upgrade)", ErrSchemaNewer, newest, latest)
	}
	return fmt.Errorf("%w: it has had migration %d, which this build does not have (a build from another branch?)", ErrSchemaNewer, newest)
}

// migrator runs migrations on one connection of its own, taken from the
// pool and discarded afterwards, so that what it changes for the session
// (foreign keys off on SQLite, the advisory lock on PostgreSQL) never
// reaches the connections the server uses.
type migrator struct {
	conn    *sql.Conn
	dialect string
}

func newMigrator(ctx context.Context, db *sql.DB, dialectName string) (*migrator, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	m := &migrator{conn: conn, dialect: dialectName}
	var stmts []string
	switch dialectName {
	case dialect.SQLite:
		// SQLite's way to change a table is to build a new one, copy the
		// rows, drop the old one and rename; with foreign keys on, the drop
		// would delete (ON DELETE CASCADE) the rows that refer to it. The
		// pragma is a no-op inside a transaction, so it is set here, and
		// apply checks the keys before each commit.
		stmts = []string{
			"PRAGMA foreign_keys = OFF",
			`CREATE TABLE IF NOT EXISTS schema_migrations (version integer NOT NULL PRIMARY KEY, name text NOT NULL, dirty boolean NOT NULL, applied_at datetime NOT NULL)`,
		}
	case dialect.Postgres:
		// Held until close: one process migrates at a time. A migration
		// may take long (an index on a big table), and so may the wait for
		// another replica's: the pool's timeouts (see sessionDefaults) do
		// not apply to this connection, which is discarded afterwards.
		stmts = []string{
			"SET statement_timeout = 0",
			"SET lock_timeout = 0",
			fmt.Sprintf("SELECT pg_advisory_lock(%d)", advisoryLock),
			`CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, name text NOT NULL, dirty boolean NOT NULL, applied_at timestamptz NOT NULL)`,
		}
	default:
		_ = conn.Close()
		return nil, fmt.Errorf("no migrations for the %s dialect", dialectName)
	}
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			m.close()
			return nil, err
		}
	}
	return m, nil
}

// close discards the connection: database/sql closes a connection whose
// user reports it bad instead of returning it to the pool. That also ends
// the session's advisory lock.
func (m *migrator) close() {
	_ = m.conn.Raw(func(any) error { return driver.ErrBadConn })
	_ = m.conn.Close()
}

// arg returns the placeholder of the n-th argument (from 1).
func (m *migrator) arg(n int) string {
	if m.dialect == dialect.Postgres {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// applied returns the versions recorded in schema_migrations, each with
// its dirty flag.
func (m *migrator) applied(ctx context.Context) (map[int64]bool, error) {
	rows, err := m.conn.QueryContext(ctx, "SELECT version, dirty FROM schema_migrations")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var (
			v     int64
			dirty bool
		)
		if err := rows.Scan(&v, &dirty); err != nil {
			return nil, err
		}
		out[v] = dirty
	}
	return out, rows.Err()
}

// apply runs one migration and records it, unless another process has
// recorded it meanwhile (possible on SQLite, where nothing is locked
// between transactions); it reports whether it ran.
func (m *migrator) apply(ctx context.Context, f Migration) (ran bool, err error) {
	if f.noTx {
		return m.applyNoTx(ctx, f)
	}
	// On SQLite, _txlock=immediate makes this BEGIN IMMEDIATE: the write
	// lock is taken before the check below.
	tx, err := m.conn.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer func() {
		if err != nil || !ran {
			_ = tx.Rollback()
		}
	}()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = "+m.arg(1), f.Version).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	for i, s := range f.stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return false, fmt.Errorf("statement %d: %w\n%s", i+1, err, s)
		}
	}
	if m.dialect == dialect.SQLite {
		if err := foreignKeyCheck(ctx, tx); err != nil {
			return false, err
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, dirty, applied_at) VALUES ("+m.arg(1)+", "+m.arg(2)+", false, "+m.arg(3)+")",
		f.Version, f.Name, time.Now().UTC()); err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	return true, nil
}

// applyNoTx runs a migration that cannot run in a transaction: it is
// recorded dirty first, and clean after its last statement.
func (m *migrator) applyNoTx(ctx context.Context, f Migration) (bool, error) {
	res, err := m.conn.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, dirty, applied_at) VALUES ("+m.arg(1)+", "+m.arg(2)+", true, "+m.arg(3)+") ON CONFLICT (version) DO NOTHING",
		f.Version, f.Name, time.Now().UTC())
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	for i, s := range f.stmts {
		if _, err := m.conn.ExecContext(ctx, s); err != nil {
			return false, fmt.Errorf("statement %d (the migration stays marked dirty): %w\n%s", i+1, err, s)
		}
	}
	_, err = m.conn.ExecContext(ctx, "UPDATE schema_migrations SET dirty = false WHERE version = "+m.arg(1), f.Version)
	return err == nil, err
}

// foreignKeyCheck fails when the transaction has left a row referring to
// one that does not exist (SQLite checks nothing while keys are off).
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var (
			table, parent string
			rowid         sql.NullInt64
			fkid          int
		)
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		return fmt.Errorf("foreign key check: a row of %s (rowid %d) refers to a missing row of %s", table, rowid.Int64, parent)
	}
	return rows.Err()
}

// adoptUnversioned handles a SQLite database whose tables were created
// before Roster had versioned migrations (by ent's automatic migration, in
// a development build): when its schema is the one the migrations lead to,
// they are all recorded as applied; when it differs, Migrate stops rather
// than guess. A database without Roster's tables is left to the
// migrations. On PostgreSQL, which Roster did not support before, such a
// database is refused: there, ent's comparison cannot be trusted (it sees
// the partial index on invitations as changed, because PostgreSQL rewrites
// its predicate).
func (m *migrator) adoptUnversioned(ctx context.Context, client *ent.Client, files []Migration) (bool, error) {
	q := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'organizations'"
	if m.dialect == dialect.Postgres {
		q = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'organizations'"
	}
	var n int
	if err := m.conn.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	switch {
	case n == 0:
		return false, nil
	case m.dialect == dialect.Postgres:
		return false, errors.New("migrate: the database has Roster's tables but no schema_migrations (it was made by a development build before versioned migrations); start with an empty database, or record the migrations its schema has had in schema_migrations by hand")
	}
	var plan strings.Builder
	if err := client.Schema.WriteTo(ctx, &plan); err != nil {
		return false, fmt.Errorf("migrate: compare the unversioned schema: %w", err)
	}
	if changes := strings.TrimSpace(strings.NewReplacer("BEGIN;", "", "COMMIT;", "").Replace(plan.String())); changes != "" {
		return false, fmt.Errorf("migrate: the database has Roster's tables but no schema_migrations (it was made by a development build before versioned migrations), and its schema differs from this build's; move it aside and start afresh, or bring it up to date by hand and record the migrations in schema_migrations. The differences:\n%s", changes)
	}
	tx, err := m.conn.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer func() { _ = tx.Rollback() }()
	// Under the write lock: another process may have migrated the database
	// since it was found without records (its tables are what was compared).
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n > 0 {
		return false, err
	}
	for _, f := range files {
		if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, dirty, applied_at) VALUES ("+m.arg(1)+", "+m.arg(2)+", false, "+m.arg(3)+")",
			f.Version, f.Name, time.Now().UTC()); err != nil {
			return false, fmt.Errorf("migrate: %w", err)
		}
	}
	return true, tx.Commit()
}
