package database

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// TestPreparedStatementsAreReusedAndSurviveEviction: a statement run again
// is the one prepared before; statements pushed out of a small cache while
// other runs still use them keep working, in transactions too, with many
// runs and writes at once, and no write waits on a statement's read.
func TestPreparedStatementsAreReusedAndSurviveEviction(t *testing.T) {
	drv, err := openSQLite(filepath.Join(t.TempDir(), "prepared.db"))
	if err != nil {
		t.Fatal(err)
	}
	db := drv.DB()
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (id integer PRIMARY KEY, v text)`); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s := newStatements(db, 4)

	first, err := s.take(ctx, "SELECT v FROM t WHERE id = ?")
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := s.take(ctx, "SELECT v FROM t WHERE id = ?"); again != first {
		t.Error("a statement run twice was prepared twice")
	}

	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				// 12 distinct statements through a cache of 4: constant eviction.
				q := fmt.Sprintf("SELECT v, %d FROM t WHERE id = ?", i%12)
				rows, err := s.QueryContext(ctx, q, i)
				if err != nil {
					errs <- fmt.Errorf("query: %w", err)
					return
				}
				for rows.Next() {
				}
				rows.Close()
				if _, err := s.ExecContext(ctx, "INSERT INTO t (v) VALUES (?)", fmt.Sprint(w, i)); err != nil {
					errs <- fmt.Errorf("insert: %w", err)
					return
				}
				if i%50 == 0 {
					tx, err := db.BeginTx(ctx, nil)
					if err != nil {
						errs <- fmt.Errorf("begin: %w", err)
						return
					}
					ts := &txStatements{tx: tx, stmts: s}
					var n int
					if err := queryRow(ctx, ts, fmt.Sprintf("SELECT count(*) + %d FROM t", i%12), &n); err != nil {
						errs <- fmt.Errorf("tx query: %w", err)
					}
					_ = tx.Rollback()
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := s.lru.Len(); n > 4 {
		t.Errorf("%d statements kept, want at most 4", n)
	}
}

func queryRow(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, dest any) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		return sql.ErrNoRows
	}
	return rows.Scan(dest)
}
