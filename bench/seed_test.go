package bench

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for seeding PostgreSQL
	_ "modernc.org/sqlite"             // the "sqlite" driver, for seeding and the hand-written handler

	"github.com/rosterhq/roster/server/globalid"
	"github.com/rosterhq/roster/server/policy"
)

// openStore opens the database a Roster process uses (its
// ROSTER_DATABASE_URL), from the bench process, with the driver Roster
// uses for it, so that values are written as Roster writes them.
func openStore(tb testing.TB, url string) (*sql.DB, bool) {
	tb.Helper()
	postgres := !strings.HasPrefix(url, "sqlite:")
	var (
		db  *sql.DB
		err error
	)
	if postgres {
		db, err = sql.Open("pgx", url)
	} else {
		db, err = sql.Open("sqlite", "file:"+strings.TrimPrefix(url, "sqlite:")+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)")
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db, postgres
}

// seedMembers makes n users and makes each a MEMBER of the organization
// orgID, with rows written straight into the database of a server that has
// migrated it: 10,000 invitations accepted through the API would take
// longer than the figures they are for. Members joined a second apart, an
// hour ago and earlier, so a page's order is fixed; their addresses are
// m<i>@<domain>.
func seedMembers(tb testing.TB, db *sql.DB, postgres bool, orgID, domain string, n int) {
	tb.Helper()
	tx, err := db.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	const batch = 500
	base := time.Now().UTC().Truncate(time.Microsecond).Add(-time.Hour)
	for from := 0; from < n; from += batch {
		k := min(batch, n-from)
		users, members := make([]any, 0, 6*k), make([]any, 0, 5*k)
		for i := from; i < from+k; i++ {
			at := base.Add(-time.Duration(i) * time.Second)
			uid := globalid.New(globalid.User)
			users = append(users, uid, fmt.Sprintf("m%05d@%s", i, domain), fmt.Sprintf("Member %05d", i), true, "-", at)
			members = append(members, globalid.New(globalid.Membership), string(policy.Member), at, orgID, uid)
		}
		if _, err := tx.Exec(insert("users", "id, email, name, email_verified, password_hash, created_at", 6, k, postgres), users...); err != nil {
			tb.Fatalf("seed users: %v", err)
		}
		if _, err := tx.Exec(insert("memberships", "id, role, joined_at, organization_id, user_id", 5, k, postgres), members...); err != nil {
			tb.Fatalf("seed memberships: %v", err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// insert is a multi-row INSERT of rows rows of cols values each.
func insert(table, columns string, cols, rows int, postgres bool) string {
	var s strings.Builder
	fmt.Fprintf(&s, "INSERT INTO %s (%s) VALUES ", table, columns)
	p := 0
	for r := range rows {
		if r > 0 {
			s.WriteString(", ")
		}
		s.WriteByte('(')
		for c := range cols {
			if c > 0 {
				s.WriteString(", ")
			}
			p++
			if postgres {
				fmt.Fprintf(&s, "$%d", p)
			} else {
				s.WriteByte('?')
			}
		}
		s.WriteByte(')')
	}
	return s.String()
}
