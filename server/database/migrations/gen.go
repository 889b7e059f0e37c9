//go:build ignore

// gen writes the next migration, for SQLite and for PostgreSQL, from the
// difference between the migrations already here and the ent schema:
//
//	go generate ./ent   # after changing ent/schema
//	go run ./server/database/migrations/gen.go -name add_team_color
//
// Each dialect's files are replayed on an empty "dev" database of that
// dialect, the result is compared with ent/schema, and the statements that
// close the gap become <version>_<name>.sql in sqlite/ and postgres/ (one
// version for both), with atlas.sum updated. Nothing is written when there
// is no difference. The SQLite dev database is a temporary file; the
// PostgreSQL one is created on the server of -postgres (default
// $ROSTER_TEST_DATABASE_URL) or, when neither is set, on a throwaway server
// started with .ci/postgres for the run.
//
// Review the files before committing them: a rename comes out as a drop and
// an add, and a new NOT NULL column without a default fails on a table that
// has rows.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect/sql/schema"

	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("migrations: ")
	name := flag.String("name", "", "what the migration does, in snake_case (e.g. add_team_color)")
	pg := flag.String("postgres", os.Getenv(databasetest.ServerEnv), "a PostgreSQL server to create the dev database on; empty: start one with .ci/postgres")
	flag.Parse()
	if !regexp.MustCompile(`^[a-z][a-z0-9_]*$`).MatchString(*name) {
		log.Fatal("-name: want a snake_case name such as add_team_color")
	}
	if err := run(context.Background(), *name, *pg); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, name, pgServer string) error {
	_, self, _, _ := runtime.Caller(0)
	dir := filepath.Dir(self)
	version := time.Now().UTC().Format("20060102150405")
	if pgServer == "" {
		url, stop, err := startPostgres(filepath.Join(dir, "..", "..", "..", ".ci", "postgres"))
		if err != nil {
			return err
		}
		defer stop()
		pgServer = url
	}
	wrote := false
	for _, dialect := range []string{"sqlite", "postgres"} {
		w, err := diff(ctx, dialect, filepath.Join(dir, dialect), pgServer, version, name)
		if err != nil {
			return fmt.Errorf("%s: %w", dialect, err)
		}
		wrote = wrote || w
	}
	if !wrote {
		log.Print("the migrations already match ent/schema; nothing written")
	}
	return nil
}

// diff writes dialect's migration into path, if there is a difference.
func diff(ctx context.Context, dialect, path, pgServer, version, name string) (bool, error) {
	var url string
	switch dialect {
	case "sqlite":
		tmp, err := os.MkdirTemp("", "roster-dev-")
		if err != nil {
			return false, err
		}
		defer os.RemoveAll(tmp)
		url = "sqlite:" + filepath.Join(tmp, "dev.db")
	case "postgres":
		u, drop, err := databasetest.NewPostgres(ctx, pgServer, "roster_dev")
		if err != nil {
			return false, err
		}
		defer func() {
			if err := drop(); err != nil {
				log.Printf("drop the dev database: %v", err)
			}
		}()
		url = u
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return false, err
	}
	dir, err := atlas.NewLocalDir(path)
	if err != nil {
		return false, err
	}
	before, err := dir.Files()
	if err != nil {
		return false, err
	}
	client, err := database.Open(url, nil)
	if err != nil {
		return false, err
	}
	defer client.Close()
	err = client.Schema.NamedDiff(ctx, name,
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithFormatter(versioned{version}),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
		schema.WithForeignKeys(true),
		schema.WithErrNoPlan(true),
	)
	if errors.Is(err, atlas.ErrNoPlan) {
		log.Printf("%s: no changes", dialect)
		return false, nil
	}
	if err != nil {
		return false, err
	}
	after, err := dir.Files()
	if err != nil {
		return false, err
	}
	for _, f := range after[len(before):] {
		log.Printf("%s: wrote %s", dialect, filepath.Join(path, f.Name()))
	}
	return true, nil
}

// versioned formats a plan as atlas does, with the version given: the same
// migration gets the same version in both dialects.
type versioned struct{ version string }

func (v versioned) Format(p *atlas.Plan) ([]atlas.File, error) {
	p.Version = v.version
	return atlas.DefaultFormatter.Format(p)
}

// startPostgres starts a throwaway PostgreSQL server with the script at
// path and returns its URL and a function that stops it.
func startPostgres(script string) (string, func(), error) {
	log.Print("no PostgreSQL server given (-postgres or " + databasetest.ServerEnv + "): starting one with .ci/postgres")
	cmd := exec.Command(script, "start")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", nil, fmt.Errorf("%s start: %w", script, err)
	}
	env := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if ok {
			env[k] = strings.Trim(v, "'")
		}
	}
	stop := func() {
		cmd := exec.Command(script, "stop", env["ROSTER_PG_DIR"])
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			log.Printf("%s stop: %v", script, err)
		}
	}
	if env[databasetest.ServerEnv] == "" || env["ROSTER_PG_DIR"] == "" {
		if env["ROSTER_PG_DIR"] != "" {
			stop()
		}
		return "", nil, fmt.Errorf("%s start printed no URL: %s", script, out)
	}
	return env[databasetest.ServerEnv], stop, nil
}
