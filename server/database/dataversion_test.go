package database

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestDataVersionChangesWithEveryCommit: the version stays while nothing is
// committed, and changes with a commit of the client's own pool (whichever
// connection made it), of a transaction, and of another process's
// connection; a rolled-back transaction changes nothing. A broken watching
// connection starts a new epoch, so no later version equals an earlier one.
func TestDataVersionChangesWithEveryCommit(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "version.db")
	client, err := Open("sqlite:"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	versions, err := DataVersionOf(ctx, client)
	if err != nil || versions == nil {
		t.Fatalf("DataVersionOf a SQLite client: %v, %v", versions, err)
	}
	read := func() Version {
		t.Helper()
		v, err := versions.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if _, err := client.ExecContext(ctx, `CREATE TABLE t (id integer PRIMARY KEY, v text)`); err != nil {
		t.Fatal(err)
	}
	v := read()
	for range 3 {
		rows, err := client.QueryContext(ctx, `SELECT count(*) FROM t`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
		}
		_ = rows.Close()
		if again := read(); again != v {
			t.Fatalf("a read changed the version: %v, then %v", v, again)
		}
	}

	changes := []struct {
		name   string
		change func() error
	}{
		{"an insert by the pool", func() error {
			_, err := client.ExecContext(ctx, `INSERT INTO t (v) VALUES ('a')`)
			return err
		}},
		{"another insert by the pool", func() error {
			_, err := client.ExecContext(ctx, `INSERT INTO t (v) VALUES ('b')`)
			return err
		}},
		{"a transaction", func() error {
			tx, err := client.Tx(ctx)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE t SET v = 'c'`); err != nil {
				return err
			}
			return tx.Commit()
		}},
		{"another process", func() error {
			db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
			if err != nil {
				return err
			}
			defer db.Close()
			_, err = db.Exec(`DELETE FROM t`)
			return err
		}},
	}
	for _, c := range changes {
		if err := c.change(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		after := read()
		if after == v {
			t.Fatalf("after %s the version is still %v", c.name, v)
		}
		v = after
	}

	tx, err := client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO t (v) VALUES ('d')`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if after := read(); after != v {
		t.Fatalf("a rollback changed the version: %v, then %v", v, after)
	}

	versions.mu.Lock()
	versions.drop()
	versions.mu.Unlock()
	if after := read(); after == v || after.epoch == v.epoch {
		t.Fatalf("after a new connection the version is %v, before %v: want a new epoch", after, v)
	}
}
