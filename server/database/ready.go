package database

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"entgo.io/ent/dialect"

	"github.com/rosterhq/roster/ent"
)

// ErrSchemaOlder is returned by Ready for a database that has not had every
// migration of this build (a newer build rolling out before `roster
// migrate`, or a migration under way).
var ErrSchemaOlder = errors.New("the database schema is older than this build of Roster")

// Ready reports whether the database answers and its schema is exactly
// this build's: every migration this build has is applied, none is dirty,
// and none is unknown to it. It only reads (no lock is taken, so a replica
// waiting for another's migration answers at once); give it a context
// with a short deadline.
func Ready(ctx context.Context, client *ent.Client) error {
	db, dialectName, err := pool(ctx, client)
	if err != nil {
		return err
	}
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("the database does not answer: %w", err)
	}
	files, err := knownMigrations(dialectName)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, "SELECT version, dirty FROM schema_migrations")
	if err != nil {
		return fmt.Errorf("%w: reading schema_migrations: %w", ErrSchemaOlder, err)
	}
	defer rows.Close()
	applied := map[int64]bool{}
	for rows.Next() {
		var (
			v     int64
			dirty bool
		)
		if err := rows.Scan(&v, &dirty); err != nil {
			return err
		}
		applied[v] = dirty
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := checkApplied(applied, files); err != nil {
		return err
	}
	for _, f := range files {
		if _, ok := applied[f.Version]; !ok {
			return fmt.Errorf("%w: migration %s is not applied", ErrSchemaOlder, f.Name)
		}
	}
	return nil
}

// knownMigrations is Migrations, read and checked once per dialect: Ready
// runs at every probe.
func knownMigrations(dialectName string) ([]Migration, error) {
	if dialectName == dialect.Postgres {
		return postgresMigrations()
	}
	return sqliteMigrations()
}

var (
	sqliteMigrations   = sync.OnceValues(func() ([]Migration, error) { return Migrations(dialect.SQLite) })
	postgresMigrations = sync.OnceValues(func() ([]Migration, error) { return Migrations(dialect.Postgres) })
)
