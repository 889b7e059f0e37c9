package database

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	atlas "ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/postgres"
	atlasschema "ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/database/databasetest"
)

// databases returns the URLs of the databases a test runs on: a SQLite
// file always, and a PostgreSQL database too when ROSTER_TEST_DATABASE_URL
// names a server. Each call gives fresh, empty ones.
func databases(t *testing.T) map[string]func(*testing.T) string {
	out := map[string]func(*testing.T) string{
		"sqlite": func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "roster.db") },
	}
	if databasetest.Postgres() {
		out["postgres"] = func(t *testing.T) string { return databasetest.URL(t) }
	}
	return out
}

func open(t *testing.T, url string) *ent.Client {
	t.Helper()
	client, err := Open(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return client
}

// TestMigrationsMatchSchema fails when ent/schema has changed and the
// migrations have not followed: the files, replayed on an empty database,
// and the database Migrate makes must both be what ent/schema describes.
func TestMigrationsMatchSchema(t *testing.T) {
	const fix = "the migrations differ from ent/schema: run `go generate ./ent` and `go run ./server/database/migrations/gen.go -name <what_changed>`"
	ctx := context.Background()
	for name, url := range databases(t) {
		t.Run(name, func(t *testing.T) {
			t.Run("files", func(t *testing.T) {
				dir := embeddedDir(t, name)
				before, _ := dir.Files()
				err := open(t, url(t)).Schema.NamedDiff(ctx, "drift",
					schema.WithDir(dir),
					schema.WithMigrationMode(schema.ModeReplay),
					schema.WithDropColumn(true),
					schema.WithDropIndex(true),
					schema.WithErrNoPlan(true),
				)
				if errors.Is(err, atlas.ErrNoPlan) {
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				after, _ := dir.Files()
				var missing strings.Builder
				for _, f := range after[len(before):] {
					missing.Write(f.Bytes())
				}
				t.Fatalf("%s. Missing:\n%s", fix, missing.String())
			})
			t.Run("applied", func(t *testing.T) {
				// The database Migrate makes is the one Atlas makes from
				// the same files (which "files" compares with ent/schema).
				migrated := open(t, url(t))
				if err := Migrate(ctx, migrated); err != nil {
					t.Fatal(err)
				}
				drv := atlasDriver(t, migrated)
				got := inspect(t, drv)
				replayed := atlasDriver(t, open(t, url(t)))
				ex, err := atlas.NewExecutor(replayed, embeddedDir(t, name), &atlas.NopRevisionReadWriter{})
				if err != nil {
					t.Fatal(err)
				}
				if err := ex.ExecuteN(ctx, 0); err != nil {
					t.Fatal(err)
				}
				want := inspect(t, replayed)
				if len(want.Tables) == 0 {
					t.Fatal("replaying the files made no tables")
				}
				diff, err := drv.SchemaDiff(got, want)
				if err != nil {
					t.Fatal(err)
				}
				if len(diff) > 0 {
					plan, err := drv.PlanChanges(ctx, "drift", diff)
					if err != nil {
						t.Fatal(err)
					}
					var b strings.Builder
					for _, c := range plan.Changes {
						b.WriteString(c.Cmd + ";\n")
					}
					t.Fatalf("Migrate made a schema other than the files describe; to reach theirs:\n%s", b.String())
				}
			})
		})
	}
}

// embeddedDir returns a dialect's migration folder as Atlas reads one.
func embeddedDir(t *testing.T, name string) *atlas.MemDir {
	t.Helper()
	dir := &atlas.MemDir{}
	sub, err := fs.Sub(migrationFiles, path.Join("migrations", name))
	if err != nil {
		t.Fatal(err)
	}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		return dir.WriteFile(p, b)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// atlasDriver returns an Atlas driver on client's database.
func atlasDriver(t *testing.T, client *ent.Client) atlas.Driver {
	t.Helper()
	db, d, err := pool(context.Background(), client)
	if err != nil {
		t.Fatal(err)
	}
	var drv atlas.Driver
	if d == dialect.Postgres {
		drv, err = postgres.Open(db)
	} else {
		drv, err = sqlite.Open(db)
	}
	if err != nil {
		t.Fatal(err)
	}
	return drv
}

// inspect returns the schema of drv's database as Atlas sees it, without
// schema_migrations.
func inspect(t *testing.T, drv atlas.Driver) *atlasschema.Schema {
	t.Helper()
	s, err := drv.InspectSchema(context.Background(), "", &atlasschema.InspectOptions{Exclude: []string{"schema_migrations"}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestMigrate covers the applier on each database: a second run does
// nothing, a newer schema is refused, a failing migration leaves nothing
// behind, and a SQLite table rebuild keeps the rows that refer to it.
func TestMigrate(t *testing.T) {
	ctx := System(context.Background())
	for name, url := range databases(t) {
		t.Run(name, func(t *testing.T) {
			t.Run("once", func(t *testing.T) {
				client := open(t, url(t))
				files, err := Migrations(name)
				if err != nil {
					t.Fatal(err)
				}
				done, err := ApplyMigrations(ctx, client)
				if err != nil {
					t.Fatal(err)
				}
				if len(done) != len(files) || len(files) == 0 {
					t.Fatalf("first run applied %v of %v", done, files)
				}
				if done, err = ApplyMigrations(ctx, client); err != nil || len(done) != 0 {
					t.Fatalf("second run applied %v, err %v; want nothing", done, err)
				}
				// The schema works: the partial unique index allows a second
				// invitation for an address once the first is no longer pending.
				org := client.Organization.Create().SetName("A").SetSlug("a").SetSeatLimit(5).SaveX(ctx)
				inv := client.Invitation.Create().SetOrganizationID(org.ID).SetEmail("x@y.io").SetRole("MEMBER").
					SetTokenHash("t1").SetExpiresAt(org.CreatedAt).SaveX(ctx)
				if err := client.Invitation.Create().SetOrganizationID(org.ID).SetEmail("x@y.io").SetRole("MEMBER").
					SetTokenHash("t2").SetExpiresAt(org.CreatedAt).Exec(ctx); !ent.IsConstraintError(err) {
					t.Fatalf("second pending invitation for one address: %v; want a constraint error", err)
				}
				inv.Update().SetStatus("CANCELED").ExecX(ctx)
				client.Invitation.Create().SetOrganizationID(org.ID).SetEmail("x@y.io").SetRole("MEMBER").
					SetTokenHash("t3").SetExpiresAt(org.CreatedAt).ExecX(ctx)
			})

			t.Run("newer schema", func(t *testing.T) {
				client := open(t, url(t))
				if err := Migrate(ctx, client); err != nil {
					t.Fatal(err)
				}
				db, _, err := pool(ctx, client)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.Exec("INSERT INTO schema_migrations (version, name, dirty, applied_at) VALUES (99990101000000, '99990101000000_future.sql', false, CURRENT_TIMESTAMP)"); err != nil {
					t.Fatal(err)
				}
				err = Migrate(ctx, client)
				if !errors.Is(err, ErrSchemaNewer) || !strings.Contains(err.Error(), "99990101000000") {
					t.Fatalf("Migrate on a newer schema: %v; want ErrSchemaNewer naming the version", err)
				}
			})

			t.Run("failure rolls back", func(t *testing.T) {
				client := open(t, url(t))
				db, d, err := pool(ctx, client)
				if err != nil {
					t.Fatal(err)
				}
				files := []Migration{
					mustParse(t, "20000101000000_one.sql", "CREATE TABLE one (id integer PRIMARY KEY);\n"),
					mustParse(t, "20000101000001_two.sql", "CREATE TABLE two (id integer PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);\n"),
				}
				done, err := applyMigrations(ctx, client, db, d, files)
				if err == nil || !strings.Contains(err.Error(), "20000101000001_two.sql: statement 2") {
					t.Fatalf("err = %v; want the failing file and statement", err)
				}
				if len(done) != 1 {
					t.Fatalf("applied %v; want the first file only", done)
				}
				if _, err := db.Exec("SELECT COUNT(*) FROM two"); err == nil {
					t.Fatal("table two exists: the failed migration was not rolled back")
				}
				applied := versions(t, client)
				if fmt.Sprint(applied) != "[20000101000000]" {
					t.Fatalf("schema_migrations = %v", applied)
				}
			})

			t.Run("dirty", func(t *testing.T) {
				client := open(t, url(t))
				db, d, err := pool(ctx, client)
				if err != nil {
					t.Fatal(err)
				}
				files := []Migration{mustParse(t, "20000101000000_notx.sql", "-- atlas:txmode none\n\nCREATE TABLE one (id integer PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);\n")}
				if _, err := applyMigrations(ctx, client, db, d, files); err == nil {
					t.Fatal("want the failure")
				}
				if _, err := db.Exec("SELECT COUNT(*) FROM one"); err != nil {
					t.Fatalf("outside a transaction the first statement stays: %v", err)
				}
				if _, err := applyMigrations(ctx, client, db, d, files); !errors.Is(err, ErrMigrationDirty) {
					t.Fatalf("err = %v; want ErrMigrationDirty", err)
				}
			})
		})
	}

	t.Run("sqlite table rebuild", func(t *testing.T) {
		// Atlas changes a SQLite table by copying it into a new one; the
		// rows referring to it (ON DELETE CASCADE) must survive the drop.
		client := open(t, "sqlite:"+filepath.Join(t.TempDir(), "roster.db"))
		if err := Migrate(ctx, client); err != nil {
			t.Fatal(err)
		}
		user := client.User.Create().SetEmail("o@x.io").SetName("O").SetPasswordHash("-").SaveX(ctx)
		org := client.Organization.Create().SetName("A").SetSlug("a").SetSeatLimit(5).SaveX(ctx)
		client.Membership.Create().SetOrganizationID(org.ID).SetUserID(user.ID).SetRole("OWNER").ExecX(ctx)
		db, d, err := pool(ctx, client)
		if err != nil {
			t.Fatal(err)
		}
		rebuild := mustParse(t, "29990101000000_rebuild.sql", strings.Join([]string{
			"PRAGMA foreign_keys = off;",
			"CREATE TABLE `new_organizations` (`id` text NOT NULL, `name` text NOT NULL, `slug` text NOT NULL, `seat_limit` integer NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `color` text NULL, PRIMARY KEY (`id`));",
			"INSERT INTO `new_organizations` (`id`, `name`, `slug`, `seat_limit`, `created_at`, `updated_at`) SELECT `id`, `name`, `slug`, `seat_limit`, `created_at`, `updated_at` FROM `organizations`;",
			"DROP TABLE `organizations`;",
			"ALTER TABLE `new_organizations` RENAME TO `organizations`;",
			"CREATE UNIQUE INDEX `organizations_slug_key` ON `organizations` (`slug`);",
			"PRAGMA foreign_keys = on;",
		}, "\n"))
		files, err := Migrations(d)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := applyMigrations(ctx, client, db, d, append(files, rebuild)); err != nil {
			t.Fatal(err)
		}
		if n := client.Membership.Query().CountX(ctx); n != 1 {
			t.Fatalf("%d memberships after rebuilding organizations; want 1", n)
		}
		var fk int
		if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
			t.Fatalf("foreign_keys = %d (%v) on the pool after migrating; want 1", fk, err)
		}
		// A migration that leaves a dangling reference is refused.
		broken := mustParse(t, "29990101000001_broken.sql", "DELETE FROM `organizations`;\n")
		if _, err := applyMigrations(ctx, client, db, d, append(files, rebuild, broken)); err == nil || !strings.Contains(err.Error(), "foreign key check") {
			t.Fatalf("err = %v; want the foreign key check to refuse it", err)
		}
		if n := client.Organization.Query().CountX(ctx); n != 1 {
			t.Fatalf("%d organizations; want the refused migration rolled back", n)
		}
	})
}

// TestMigrateConcurrently starts several replicas on one new database at
// once: each migration is applied exactly once and all of them start.
func TestMigrateConcurrently(t *testing.T) {
	ctx := context.Background()
	for name, url := range databases(t) {
		t.Run(name, func(t *testing.T) {
			u := url(t)
			const replicas = 6
			var (
				wg      sync.WaitGroup
				mu      sync.Mutex
				applied int
				clients []*ent.Client
			)
			for range replicas {
				clients = append(clients, open(t, u))
			}
			for _, c := range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					done, err := ApplyMigrations(ctx, c)
					if err != nil {
						t.Error(err)
					}
					mu.Lock()
					applied += len(done)
					mu.Unlock()
				}()
			}
			wg.Wait()
			files, err := Migrations(name)
			if err != nil {
				t.Fatal(err)
			}
			if applied != len(files) {
				t.Errorf("%d migrations applied in all; want %d, each once", applied, len(files))
			}
			if v := versions(t, clients[0]); len(v) != len(files) {
				t.Errorf("schema_migrations = %v", v)
			}
		})
	}
}

// TestMigrateAdoptsUnversioned: a SQLite database made by ent's automatic
// migration before versioned migrations is adopted when it matches, and
// refused with the differences when it does not; on PostgreSQL it is
// refused.
func TestMigrateAdoptsUnversioned(t *testing.T) {
	ctx := context.Background()
	for name, url := range databases(t) {
		t.Run(name, func(t *testing.T) {
			client := open(t, url(t))
			if name == "postgres" {
				if err := client.Schema.Create(ctx); err != nil {
					t.Fatal(err)
				}
				if err := Migrate(ctx, client); err == nil || !strings.Contains(err.Error(), "no schema_migrations") {
					t.Fatalf("err = %v; want a refusal", err)
				}
				return
			}
			if err := client.Schema.Create(ctx); err != nil {
				t.Fatal(err)
			}
			if err := Migrate(ctx, client); err != nil {
				t.Fatal(err)
			}
			files, _ := Migrations(name)
			if v := versions(t, client); len(v) != len(files) {
				t.Fatalf("schema_migrations = %v; want every migration recorded", v)
			}

			other := open(t, url(t))
			if err := other.Schema.Create(ctx); err != nil {
				t.Fatal(err)
			}
			db, _, err := pool(ctx, other)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec("DROP INDEX session_expires_at"); err != nil {
				t.Fatal(err)
			}
			err = Migrate(ctx, other)
			if err == nil || !strings.Contains(err.Error(), "session_expires_at") {
				t.Fatalf("err = %v; want a refusal naming the difference", err)
			}
		})
	}
}

func mustParse(t *testing.T, name, body string) Migration {
	t.Helper()
	m, err := parseMigration(name, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func versions(t *testing.T, client *ent.Client) []int64 {
	t.Helper()
	db, _, err := pool(context.Background(), client)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query("SELECT version FROM schema_migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}
