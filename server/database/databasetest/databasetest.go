// Package databasetest gives each test a database of its own: a SQLite file
// in the test's temporary folder, or, when ROSTER_TEST_DATABASE_URL names a
// PostgreSQL server (see .ci/postgres), a database created on that server
// for the test and dropped after it. Tests that count rows, or run in
// parallel, never see each other's data.
//
// It lives beside package database rather than in servertest so that the
// domain packages' own tests (mail, seat) can use it: servertest imports
// the whole server, and with it those packages.
package databasetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// ServerEnv names the environment variable that points the tests at a
// PostgreSQL server: a URL such as postgres://postgres@127.0.0.1:5432/postgres
// whose user may create databases.
const ServerEnv = "ROSTER_TEST_DATABASE_URL"

// URL returns the URL of an empty database for t, to be opened with
// database.Open: a fresh SQLite file, or a fresh database on the
// PostgreSQL server of ROSTER_TEST_DATABASE_URL, dropped when t ends (after
// the cleanups registered later, which close the test's connections).
func URL(t testing.TB) string {
	t.Helper()
	server := os.Getenv(ServerEnv)
	if server == "" {
		return "sqlite:" + filepath.Join(t.TempDir(), "roster.db")
	}
	if !IsPostgres(server) {
		t.Fatalf("%s=%q: want a postgres:// URL", ServerEnv, server)
	}
	u, drop, err := NewPostgres(context.Background(), server, "roster_test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Errorf("drop the test database: %v", err)
		}
	})
	return u
}

// Postgres reports whether the tests run on PostgreSQL.
func Postgres() bool { return os.Getenv(ServerEnv) != "" }

// SkipUnlessPostgres skips t, saying why, when the tests do not run on
// PostgreSQL: for tests of what only PostgreSQL has, such as replicas that
// share one database. make test runs them in its PostgreSQL stage.
func SkipUnlessPostgres(t testing.TB) {
	t.Helper()
	if !Postgres() {
		t.Skipf("runs in the PostgreSQL stage of make test (make test-go-postgres): %s is unset", ServerEnv)
	}
}

// IsPostgres reports whether url names a PostgreSQL database.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// NewPostgres creates an empty database named prefix_<random> on the
// server of serverURL and returns its URL and a function that drops it,
// closing any connection still open to it.
func NewPostgres(ctx context.Context, serverURL, prefix string) (dbURL string, drop func() error, err error) {
	u, err := url.Parse(serverURL)
	if err != nil {
		return "", nil, fmt.Errorf("server URL: %w", err)
	}
	admin, err := sql.Open("pgx", serverURL)
	if err != nil {
		return "", nil, err
	}
	// Lower case letters and digits only: the name needs no quoting.
	name := prefix + "_" + strings.ToLower(rand.Text()[:16])
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		_ = admin.Close()
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	drop = func() error {
		defer admin.Close()
		_, err := admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		return err
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}
