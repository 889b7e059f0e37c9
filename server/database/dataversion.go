package database

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// DataVersion tells whether a SQLite database may have changed: its Read
// returns the same Version for as long as nothing was committed to the
// file, by this process or any other, and a different one after.
//
// It asks SQLite's "PRAGMA data_version" on a connection of its own. That
// number changes when any other connection commits, and never for the
// connection's own writes: this one is query_only and is used for nothing
// else, so every commit counts. (A connection of the pool would miss its
// own writes.) The numbers of two connections are not comparable, so a
// connection that breaks is replaced under a new epoch, and every earlier
// Version then differs from every later one.
//
// PostgreSQL has no counterpart that is as cheap and as exact, so a
// PostgreSQL client has no DataVersion.
type DataVersion struct {
	db *sql.DB

	mu    sync.Mutex
	conn  *sql.Conn
	stmt  *sql.Stmt
	epoch uint64
}

// Version is a state of the database as DataVersion reads it: equal
// Versions mean that nothing was committed between the two reads.
type Version struct {
	epoch uint64
	value int64
}

// AppendTo appends v to b, for a key.
func (v Version) AppendTo(b []byte) []byte {
	return fmt.Appendf(b, "%d.%d", v.epoch, v.value)
}

// openDataVersion opens the watching connection to the SQLite file at path.
func openDataVersion(path string) (*DataVersion, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	db.SetMaxOpenConns(1)
	return &DataVersion{db: db}, nil
}

// Read returns the database's version now. It is one statement on a
// connection that nothing else uses, serialised by a mutex: a few
// microseconds.
func (d *DataVersion) Read(ctx context.Context) (Version, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stmt == nil {
		conn, err := d.db.Conn(ctx)
		if err != nil {
			return Version{}, fmt.Errorf("data version: %w", err)
		}
		stmt, err := conn.PrepareContext(ctx, "PRAGMA data_version")
		if err != nil {
			_ = conn.Close()
			return Version{}, fmt.Errorf("data version: %w", err)
		}
		d.conn, d.stmt = conn, stmt
		d.epoch++
	}
	var value int64
	if err := d.stmt.QueryRowContext(ctx).Scan(&value); err != nil {
		d.drop()
		return Version{}, fmt.Errorf("data version: %w", err)
	}
	return Version{epoch: d.epoch, value: value}, nil
}

// drop forgets the connection; the next Read opens another, in a new epoch.
func (d *DataVersion) drop() {
	if d.stmt != nil {
		_ = d.stmt.Close()
		_ = d.conn.Close()
		d.stmt, d.conn = nil, nil
	}
}

// Close closes the watching connection.
func (d *DataVersion) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.drop()
	return d.db.Close()
}
