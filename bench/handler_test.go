package bench

import (
	"database/sql"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The reference for the members page: what a hand-written net/http handler
// costs that reads the same page (the 50 newest members of an organization
// with their users' names and addresses, as members(first: 50) orders
// them: joinedAt, then id, newest first) and its total count with ONE SQL
// statement, on a read-only connection pool to the same SQLite file, and
// encodes it with encoding/json in the shape of the GraphQL answer. It
// neither authenticates nor checks the tenant: that is the point of the
// ratio.
//
// The total is an uncorrelated subquery, which SQLite runs once per
// statement (a count(*) OVER () window made the statement half as fast,
// building an ephemeral table of every member).
const handlerQuery = `SELECT m.id, m.role, m.joined_at, u.name, u.email,
  (SELECT count(*) FROM memberships WHERE organization_id = ?1)
FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.organization_id = ?1
ORDER BY m.joined_at DESC, m.id DESC
LIMIT 50`

type handlerPage struct {
	Data struct {
		Organization struct {
			Members struct {
				TotalCount int           `json:"totalCount"`
				Edges      []handlerEdge `json:"edges"`
			} `json:"members"`
		} `json:"organization"`
	} `json:"data"`
}

type handlerEdge struct {
	Node struct {
		ID       string    `json:"id"`
		Role     string    `json:"role"`
		JoinedAt time.Time `json:"joinedAt"`
		User     struct {
			Name  string `json:"name"`
			Email string `json:"email"`
		} `json:"user"`
	} `json:"node"`
}

// startHandler serves the hand-written members page of organization orgID
// from the SQLite file at path, on a loopback port in the bench process,
// and returns its URL. The file is opened read-only (mode=ro); Roster runs
// it in WAL mode, so these readers do not block Roster's writer nor wait
// for it. The statement is prepared once per connection, as a hand-written
// handler would do, and the pool keeps a connection per client.
func startHandler(tb testing.TB, path, orgID string) string {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(Clients)
	db.SetMaxIdleConns(Clients)
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		tb.Fatal(err)
	}
	if !strings.EqualFold(mode, "wal") {
		tb.Logf("note: Roster's SQLite file is in %s mode, not WAL: the handler's reads contend with Roster's writes", mode)
	}
	stmt, err := db.Prepare(handlerQuery)
	if err != nil {
		tb.Fatal(err)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rows, err := stmt.QueryContext(r.Context(), orgID)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer rows.Close()
		var page handlerPage
		m := &page.Data.Organization.Members
		m.Edges = make([]handlerEdge, 0, 50)
		for rows.Next() {
			var e handlerEdge
			n := &e.Node
			if err := rows.Scan(&n.ID, &n.Role, &n.JoinedAt, &n.User.Name, &n.User.Email, &m.TotalCount); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			m.Edges = append(m.Edges, e)
		}
		if err := rows.Err(); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(&page)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }()
	tb.Cleanup(func() { _ = srv.Close(); _ = stmt.Close(); _ = db.Close() })
	return "http://" + ln.Addr().String() + "/members"
}
