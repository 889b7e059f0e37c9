package database

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/rosterhq/roster/server/database/databasetest"
)

// TestReady: a database is ready only with exactly this build's migrations:
// not before migrating, not when a migration of this build is missing (an
// older build migrated it), not when a newer build has migrated it.
func TestReady(t *testing.T) {
	ctx, cancel := context.WithTimeout(System(context.Background()), 30*time.Second)
	defer cancel()
	for name, url := range databases(t) {
		t.Run(name, func(t *testing.T) {
			client := open(t, url(t))
			if err := Ready(ctx, client); !errors.Is(err, ErrSchemaOlder) {
				t.Fatalf("Ready before migrating: %v; want ErrSchemaOlder", err)
			}
			if err := Migrate(ctx, client); err != nil {
				t.Fatal(err)
			}
			if err := Ready(ctx, client); err != nil {
				t.Fatalf("Ready after migrating: %v", err)
			}
			db, _, err := pool(ctx, client)
			if err != nil {
				t.Fatal(err)
			}
			files, _ := Migrations(name)
			last := files[len(files)-1]
			// As an older build would have left it: without this build's
			// last migration.
			if _, err := db.ExecContext(ctx, "DELETE FROM schema_migrations WHERE version = "+arg(name, 1), last.Version); err != nil {
				t.Fatal(err)
			}
			if err := Ready(ctx, client); !errors.Is(err, ErrSchemaOlder) {
				t.Fatalf("Ready without %s: %v; want ErrSchemaOlder", last.Name, err)
			}
			if _, err := db.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, dirty, applied_at) VALUES ("+arg(name, 1)+", 'x', false, CURRENT_TIMESTAMP), (99990101000000, '99990101000000_future.sql', false, CURRENT_TIMESTAMP)", last.Version); err != nil {
				t.Fatal(err)
			}
			if err := Ready(ctx, client); !errors.Is(err, ErrSchemaNewer) {
				t.Fatalf("Ready after a newer build migrated: %v; want ErrSchemaNewer", err)
			}
			_ = client.Close()
			if err := Ready(ctx, client); err == nil {
				t.Fatal("Ready on a closed database: no error")
			}
		})
	}
}

func arg(dialectName string, n int) string {
	m := migrator{dialect: dialectName}
	if dialectName == "postgres" {
		m.dialect = dialect.Postgres
	}
	return m.arg(n)
}

// TestPostgresPoolBounds: the pool is bounded and its sessions carry the
// statement, lock and idle-transaction timeouts, unless the URL sets them.
func TestPostgresPoolBounds(t *testing.T) {
	databasetest.SkipUnlessPostgres(t)
	ctx := context.Background()
	base := databasetest.URL(t)
	show := func(t *testing.T, u string, o Options) (*poolInfo, map[string]string) {
		client, err := OpenWith(u, o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = client.Close() })
		db, _, err := pool(ctx, client)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, k := range []string{"statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout", "random_page_cost"} {
			var v string
			if err := db.QueryRowContext(ctx, "SHOW "+k).Scan(&v); err != nil {
				t.Fatal(err)
			}
			got[k] = v
		}
		return &poolInfo{max: db.Stats().MaxOpenConnections}, got
	}
	db, got := show(t, base, Options{})
	if db.max != DefaultMaxConns {
		t.Errorf("pool bound %d, want %d", db.max, DefaultMaxConns)
	}
	want := map[string]string{"statement_timeout": "30s", "lock_timeout": "10s", "idle_in_transaction_session_timeout": "1min", "random_page_cost": "1.1"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("statement_timeout", "45s")
	u.RawQuery = q.Encode()
	db, got = show(t, u.String(), Options{MaxConns: 3})
	if db.max != 3 || got["statement_timeout"] != "45s" || got["lock_timeout"] != "10s" {
		t.Errorf("with the URL's statement_timeout and 3 connections: bound %d, %v", db.max, got)
	}
}

type poolInfo struct{ max int }
