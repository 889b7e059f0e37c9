package database

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// preparedStatements is how many statements a SQLite pool keeps prepared:
// Roster runs a hundred or so distinct ones with few arguments, so the
// cache seldom drops any.
const preparedStatements = 1024

// preparedMaxArgs: changes with more arguments (bulk inserts, whose text
// changes with their length) are run unprepared. Reads may have up to
// preparedMaxReadArgs: a page's edges are loaded with an IN (…) list as
// long as the page (at most 100), and the page sizes clients use are few,
// so each is prepared once and reused, as the page's own statement is.
const (
	preparedMaxArgs     = 8
	preparedMaxReadArgs = 128
)

// preparedConnLifetime: a SQLite connection is closed after this long, and
// with it the statements prepared on it that the cache has dropped.
const preparedConnLifetime = 10 * time.Minute

// worthPreparing tells the statements to keep prepared: queries and
// changes of rows with few arguments, not schema changes (migrations run
// each once, and inside a transaction that creates what they name).
func worthPreparing(query string, args []any) bool {
	verb, _, _ := strings.Cut(strings.TrimLeft(query, " \t\n("), " ")
	switch strings.ToUpper(verb) {
	case "SELECT":
		return len(args) <= preparedMaxReadArgs
	case "INSERT", "UPDATE", "DELETE", "WITH":
		return len(args) <= preparedMaxArgs
	}
	return false
}

// prepared is the ent driver of a SQLite pool that keeps the statements it
// runs prepared, so that SQLite parses and plans each once rather than on
// every run (a quarter of a small request's time, before). It uses
// database/sql's own mechanism: a *sql.Stmt is prepared on each connection
// it runs on, once, and a transaction runs it through Tx.StmtContext.
// PostgreSQL needs none of this: pgx caches its statements itself.
type prepared struct {
	*entsql.Driver // the pool: DB, Dialect, Close
	stmts          *statements
}

func newPrepared(drv *entsql.Driver) *prepared {
	return &prepared{Driver: drv, stmts: newStatements(drv.DB(), preparedStatements)}
}

func (p *prepared) Exec(ctx context.Context, query string, args, v any) error {
	return entsql.Conn{ExecQuerier: p.stmts}.Exec(ctx, query, args, v)
}

func (p *prepared) Query(ctx context.Context, query string, args, v any) error {
	return entsql.Conn{ExecQuerier: p.stmts}.Query(ctx, query, args, v)
}

// ExecContext and QueryContext serve ent's Client.ExecContext and
// QueryContext (the statements written with ent's SQL builder).
func (p *prepared) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.stmts.ExecContext(ctx, query, args...)
}

func (p *prepared) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.stmts.QueryContext(ctx, query, args...)
}

func (p *prepared) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := p.DB().BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &entsql.Tx{Conn: entsql.Conn{ExecQuerier: &txStatements{tx: tx, stmts: p.stmts}}, Tx: tx}, nil
}

// statements keeps a pool's prepared statements, by SQL text, the least
// recently used going first.
type statements struct {
	db *sql.DB

	mu  sync.Mutex
	lru *simplelru.LRU[string, *statement]
}

type statement struct {
	stmt *sql.Stmt
}

// newStatements keeps up to size statements of db prepared. One the cache
// drops is not closed: a run may be about to use it (closing one while
// runs went on made writers time out on SQLITE_BUSY in
// TestPreparedStatementsAreReusedAndSurviveEviction). It is closed with
// the connections it was prepared on (preparedConnLifetime).
func newStatements(db *sql.DB, size int) *statements {
	s := &statements{db: db}
	s.lru, _ = simplelru.NewLRU[string, *statement](size, nil)
	return s
}

// take returns the prepared statement of query, preparing it on a miss.
func (s *statements) take(ctx context.Context, query string) (*statement, error) {
	s.mu.Lock()
	if st, ok := s.lru.Get(query); ok {
		s.mu.Unlock()
		return st, nil
	}
	s.mu.Unlock()
	stmt, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.lru.Get(query); ok { // prepared meanwhile by another run
		_ = stmt.Close()
		return st, nil
	}
	st := &statement{stmt: stmt}
	s.lru.Add(query, st)
	return st, nil
}

// cached returns the prepared statement of query, or nil when it has none.
func (s *statements) cached(query string) *statement {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, _ := s.lru.Get(query)
	return st
}

func (s *statements) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if !worthPreparing(query, args) {
		return s.db.ExecContext(ctx, query, args...)
	}
	st, err := s.take(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.stmt.ExecContext(ctx, args...)
}

func (s *statements) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if !worthPreparing(query, args) {
		return s.db.QueryContext(ctx, query, args...)
	}
	st, err := s.take(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.stmt.QueryContext(ctx, args...)
}

// txStatements runs a transaction's statements through the pool's
// prepared ones.
type txStatements struct {
	tx    *sql.Tx
	stmts *statements
}

func (t *txStatements) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st := t.take(query, args)
	if st == nil {
		return t.tx.ExecContext(ctx, query, args...)
	}
	return t.tx.StmtContext(ctx, st.stmt).ExecContext(ctx, args...)
}

func (t *txStatements) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st := t.take(query, args)
	if st == nil {
		return t.tx.QueryContext(ctx, query, args...)
	}
	return t.tx.StmtContext(ctx, st.stmt).QueryContext(ctx, args...)
}

// take is the pool's prepared statement of query, or nil to run it
// unprepared in the transaction: one not worth preparing, or one not
// prepared yet. A transaction never prepares on the pool: that could open
// a connection, whose set-up waits for the write lock this transaction
// holds; and what it names may exist only inside it.
func (t *txStatements) take(query string, args []any) *statement {
	if !worthPreparing(query, args) {
		return nil
	}
	return t.stmts.cached(query)
}
