package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/servertest"
)

// BenchmarkMembersPageCost is what one members page costs the server, in
// process (servertest.Start, on SQLite): allocations per returned member
// (testing.AllocsPerRun over the page of 50, through the server's whole
// HTTP handler, divided by 50; goal ≤ 40), and the SQL statements run for
// pages of 10, 50 and 100 (goal: the same for all three). It measures this
// module's source, not ROSTER_BIN.
func BenchmarkMembersPageCost(b *testing.B) {
	// The answer cache off: what the page costs when it runs, not when an
	// answer is given again.
	env := servertest.Start(b, func(c *server.Config) { c.DefaultSeatLimit = 1000; c.AnswerCache = false })
	owner := env.User("owner@cost.test", "Owner")
	org := owner.CreateOrg("Cost")
	db, pg := openStore(b, env.Config.DatabaseURL)
	seedMembers(b, db, pg, org.ID, "cost.test", 199)

	stmts := map[int]int{}
	const query = `query($s: String!, $n: Int!) { organization(slug: $s) { members(first: $n) { totalCount edges { node { id role joinedAt user { name email } } } } } }`
	// The first request reads the session (one more statement); a server
	// alone on its SQLite file then keeps it in its cache
	// (server/session/cache.go), as it does for every later page.
	owner.MustDo(query, map[string]any{"s": org.Slug, "n": 1}, nil)
	for _, n := range []int{10, 50, 100} {
		var out struct {
			Organization struct {
				Members struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
		}
		stmts[n] = env.Statements(func() { owner.MustDo(query, map[string]any{"s": org.Slug, "n": n}, &out) })
		if got := len(out.Organization.Members.Edges); got != n {
			b.Fatalf("page of %d: %d members", n, got)
		}
	}

	serve := pageHandler(b, env, owner, query, map[string]any{"s": org.Slug, "n": 50})
	b.ResetTimer()
	allocs := testing.AllocsPerRun(100, func() { serve() })
	b.StopTimer()
	for n, c := range stmts {
		b.ReportMetric(float64(c), fmt.Sprintf("statements-page-%d", n))
	}
	b.ReportMetric(allocs/50, "allocs/member")
	b.ReportMetric(allocs, "allocs/page")
}

// BenchmarkMembersPageInProcess is the members page of 50 served by the
// server's whole HTTP handler in this process, without a network or a load
// generator: its CPU profile (-cpuprofile) shows the server's own work
// alone. It measures this module's source, not ROSTER_BIN.
func BenchmarkMembersPageInProcess(b *testing.B) {
	// The answer cache off: what the page costs when it runs, not when an
	// answer is given again.
	env := servertest.Start(b, func(c *server.Config) { c.DefaultSeatLimit = 1000; c.AnswerCache = false })
	owner := env.User("owner@inprocess.test", "Owner")
	org := owner.CreateOrg("In process")
	db, pg := openStore(b, env.Config.DatabaseURL)
	seedMembers(b, db, pg, org.ID, "inprocess.test", 199)
	serve := pageHandler(b, env, owner, membersQuery, map[string]any{"s": org.Slug})
	b.ReportAllocs()
	for b.Loop() {
		serve()
	}
}

// pageHandler starts a second server on env's database, without
// servertest's SQL log (which counts statements at a cost of its own), and
// returns a function that serves query with variables, as the user c, through
// that server's whole HTTP handler. It fails b unless the answer is a page
// of 50 members.
func pageHandler(b *testing.B, env *servertest.Env, c *servertest.Client, query string, variables map[string]any) func() *httptest.ResponseRecorder {
	cfg := env.Config
	cfg.LogSQL = false
	cfg.SMTPURL, cfg.Dev = "", true
	app, err := server.New(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = app.Close() })
	h := app.Handler()
	body := mustJSON(map[string]any{"query": query, "variables": variables})
	req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", c.CookieHeader())
	serve := func() *httptest.ResponseRecorder {
		req.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	var page struct {
		Data struct {
			Organization struct {
				Members struct {
					Edges []struct {
						Node struct{ User struct{ Email string } }
					}
				}
			}
		}
	}
	if rec := serve(); rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &page) != nil ||
		len(page.Data.Organization.Members.Edges) != 50 || page.Data.Organization.Members.Edges[49].Node.User.Email == "" {
		b.Fatalf("the page through the handler: %d %.500s", rec.Code, rec.Body)
	}
	return serve
}
