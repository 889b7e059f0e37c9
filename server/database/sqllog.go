package database

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync/atomic"

	"entgo.io/ent/dialect"
)

// loggedDriver logs every statement at debug level, with the context it
// ran in: its SQL and how many arguments it had, never their values. The
// values are what Roster stores, and some must not reach a log line: an
// email's body with its token links, session data, password hashes.
// (ent's dialect.Debug prints the values.)
type loggedDriver struct {
	dialect.Driver
	log *slog.Logger
}

func (d loggedDriver) statement(ctx context.Context, what, query string, args any) {
	n := 0
	if a, ok := args.([]any); ok {
		n = len(a)
	}
	d.log.DebugContext(ctx, "sql", "statement", fmt.Sprintf("%s: query=%s", what, query), "args", n)
}

func (d loggedDriver) Exec(ctx context.Context, query string, args, v any) error {
	d.statement(ctx, "driver.Exec", query, args)
	return d.Driver.Exec(ctx, query, args, v)
}

func (d loggedDriver) Query(ctx context.Context, query string, args, v any) error {
	d.statement(ctx, "driver.Query", query, args)
	return d.Driver.Query(ctx, query, args, v)
}

// txIDs numbers transactions, so that a transaction's lines can be told
// from another's.
var txIDs atomic.Int64

func (d loggedDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	t := &loggedTx{Tx: tx, d: d, id: txIDs.Add(1), ctx: ctx}
	d.log.DebugContext(ctx, "sql", "statement", fmt.Sprintf("driver.Tx(%d): started", t.id))
	return t, nil
}

type loggedTx struct {
	dialect.Tx
	d   loggedDriver
	id  int64
	ctx context.Context
}

func (t *loggedTx) Exec(ctx context.Context, query string, args, v any) error {
	t.d.statement(ctx, fmt.Sprintf("Tx(%d).Exec", t.id), query, args)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *loggedTx) Query(ctx context.Context, query string, args, v any) error {
	t.d.statement(ctx, fmt.Sprintf("Tx(%d).Query", t.id), query, args)
	return t.Tx.Query(ctx, query, args, v)
}

func (t *loggedTx) Commit() error {
	t.d.log.DebugContext(t.ctx, "sql", "statement", fmt.Sprintf("Tx(%d): committed", t.id))
	return t.Tx.Commit()
}

func (t *loggedTx) Rollback() error {
	t.d.log.DebugContext(t.ctx, "sql", "statement", fmt.Sprintf("Tx(%d): rolled back", t.id))
	return t.Tx.Rollback()
}

// The raw-SQL methods (ent's FeatureExecQuery: the rate limits' upsert)
// pass through as well, logged the same way.

type execQueryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (d loggedDriver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	drv, ok := d.Driver.(execQueryer)
	if !ok {
		return nil, fmt.Errorf("driver.ExecContext is not supported")
	}
	d.statement(ctx, "driver.ExecContext", query, args)
	return drv.ExecContext(ctx, query, args...)
}

func (d loggedDriver) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	drv, ok := d.Driver.(execQueryer)
	if !ok {
		return nil, fmt.Errorf("driver.QueryContext is not supported")
	}
	d.statement(ctx, "driver.QueryContext", query, args)
	return drv.QueryContext(ctx, query, args...)
}

func (t *loggedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	tx, ok := t.Tx.(execQueryer)
	if !ok {
		return nil, fmt.Errorf("Tx.ExecContext is not supported")
	}
	t.d.statement(ctx, fmt.Sprintf("Tx(%d).ExecContext", t.id), query, args)
	return tx.ExecContext(ctx, query, args...)
}

func (t *loggedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	tx, ok := t.Tx.(execQueryer)
	if !ok {
		return nil, fmt.Errorf("Tx.QueryContext is not supported")
	}
	t.d.statement(ctx, fmt.Sprintf("Tx(%d).QueryContext", t.id), query, args)
	return tx.QueryContext(ctx, query, args...)
}
