package main

import (
	"bytes"
	"database/sql"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
)

// TestMigrateCommand: `roster migrate` applies the migrations once and says
// which, and `roster serve` refuses a database a newer build has migrated.
func TestMigrateCommand(t *testing.T) {
	url := databasetest.URL(t)
	noEnv := func(string) string { return "" }
	var out bytes.Buffer
	if err := run([]string{"migrate", "-database-url", url}, noEnv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Applied ") || !strings.Contains(out.String(), "up to date") {
		t.Fatalf("first migrate printed %q", out.String())
	}
	out.Reset()
	if err := run([]string{"migrate", "-database-url", url}, noEnv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "Applied") {
		t.Fatalf("second migrate printed %q; want nothing applied", out.String())
	}

	driver, dsn := "pgx", url
	if path, ok := strings.CutPrefix(url, "sqlite:"); ok {
		driver, dsn = "sqlite", path
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("INSERT INTO schema_migrations (version, name, dirty, applied_at) VALUES (99990101000000, '99990101000000_future.sql', false, CURRENT_TIMESTAMP)"); err != nil {
		t.Fatal(err)
	}
	err = run([]string{"serve", "-dev", "-database-url", url, "-addr", "127.0.0.1:0"}, noEnv, io.Discard, io.Discard)
	if !errors.Is(err, database.ErrSchemaNewer) {
		t.Fatalf("serve on a newer schema: %v; want ErrSchemaNewer", err)
	}
	if err := run([]string{"migrate", "-database-url", url}, noEnv, io.Discard, io.Discard); !errors.Is(err, database.ErrSchemaNewer) {
		t.Fatalf("migrate on a newer schema: %v; want ErrSchemaNewer", err)
	}
}
