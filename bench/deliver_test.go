package bench

// The figures of issue 10 ("Fast"), each beside its reference from the same
// run: `make bench` runs these with -benchtime 1x (each measures once,
// whatever b.N) and prints them as one table (bench/table). Goals:
//   - members page (50 members with their users, 16 clients, SQLite):
//     ≥ 1/4 of a hand-written handler's rate, ≥ 3,000 req/s, p99 ≤ 30 ms,
//     ≥ 1/4 of {__typename} with the same cookie;
//   - authenticated {__typename} ≥ 80% of anonymous;
//   - on PostgreSQL, the members page at a higher rate and a lower p99 than
//     PostGraphile 4 on the same tables, for 50 and for 10,000 members;
//   - start-up to ready ≤ 300 ms, idle RSS ≤ 40 MB.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/servertest"
)

// rosterBinary is the binary measured: ROSTER_BIN (what `make bench`
// passes: bin/roster, or any other build to compare), else one built from
// this module.
func rosterBinary(tb testing.TB) string {
	if bin := os.Getenv("ROSTER_BIN"); bin != "" {
		if _, err := os.Stat(bin); err != nil {
			tb.Fatalf("ROSTER_BIN: %v", err)
		}
		return bin
	}
	return servertest.Binary(tb)
}

// serverEnv is the environment of every measured Roster process: room for
// 10,000 members, and what ROSTER_BENCH_SERVER_ENV adds (e.g. a setting
// to compare).
func serverEnv(extra ...string) []string {
	return append(append([]string{"ROSTER_DEFAULT_SEAT_LIMIT=20000"}, extra...), strings.Fields(os.Getenv("ROSTER_BENCH_SERVER_ENV"))...)
}

const (
	membersQuery = `query($s: String!) { organization(slug: $s) { members(first: 50) { totalCount edges { node { id role joinedAt user { name email } } } } } }`
	typename     = `{__typename}`
)

// slugOf returns the slug of the organization with ID id, as c reads it.
func slugOf(tb testing.TB, c *servertest.Client, id string) string {
	tb.Helper()
	var out struct{ Node struct{ Slug string } }
	c.MustDo(`query($id: ID!) { node(id: $id) { ... on Organization { slug } } }`, map[string]any{"id": id}, &out)
	if out.Node.Slug == "" {
		tb.Fatalf("no slug for organization %s", id)
	}
	return out.Node.Slug
}

// checkPage fails tb unless one answer of t is a page of want members (in
// the GraphQL shape of Roster's or the handler's answer, or PostGraphile's
// nodes) out of total, newest first.
func checkPage(tb testing.TB, t target, want, total int) {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, t.url, strings.NewReader(string(t.body)))
	req.Header = t.header.Clone()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	type node struct {
		ID, Role, JoinedAt string
		User               *struct{ Name, Email string }
		UserByUserID       *struct{ Name, Email string }
	}
	var page struct {
		Data map[string]struct {
			Members *struct {
				TotalCount int
				Edges      []struct{ Node node }
			}
		}
		Errors []any
	}
	var peer struct {
		Data struct {
			AllMemberships *struct {
				TotalCount int
				Nodes      []node
			}
		}
	}
	if err := json.Unmarshal(raw, &page); err != nil || len(page.Errors) > 0 {
		tb.Fatalf("%s: %d %s", t.name, res.StatusCode, raw)
	}
	_ = json.Unmarshal(raw, &peer)
	var nodes []node
	got := -1
	if m := page.Data["organization"].Members; m != nil {
		got = m.TotalCount
		for _, e := range m.Edges {
			nodes = append(nodes, e.Node)
		}
	} else if a := peer.Data.AllMemberships; a != nil {
		got, nodes = a.TotalCount, a.Nodes
	}
	if got != total || len(nodes) != want {
		tb.Fatalf("%s: %d of %d members, want %d of %d: %.500s", t.name, len(nodes), got, want, total, raw)
	}
	for i, n := range nodes {
		u := n.User
		if u == nil {
			u = n.UserByUserID
		}
		if n.ID == "" || n.Role == "" || u == nil || u.Email == "" || u.Name == "" {
			tb.Fatalf("%s: member %d incomplete: %.500s", t.name, i, raw)
		}
	}
}

// BenchmarkMembersPage is the members page on SQLite against its
// references from the same run: a hand-written handler reading the same
// rows, {__typename} with the same cookie, and anonymous {__typename}; and
// the page with the answer cache off, which runs it every time.
func BenchmarkMembersPage(b *testing.B) {
	path := filepath.Join(b.TempDir(), "roster.db")
	p := servertest.StartProcess(b, rosterBinary(b), "sqlite:"+path, serverEnv()...)
	owner, org := owner(b, p.URL, "owner@members.test")
	db, pg := openStore(b, "sqlite:"+path)
	seedMembers(b, db, pg, org, "members.test", 99) // 100 with the owner
	slug := slugOf(b, owner, org)
	cookie := owner.CookieHeader()

	// The same page from a second server on the same file, with the
	// answer cache off: every request runs the page (for information).
	cold := servertest.StartProcess(b, rosterBinary(b), "sqlite:"+path, serverEnv("ROSTER_ANSWER_CACHE=off")...)

	members := graphQL("members page", p.URL+"/graphql", membersQuery, map[string]any{"s": slug}, cookie)
	uncached := graphQL("members page, cache off", cold.URL+"/graphql", membersQuery, map[string]any{"s": slug}, cookie)
	handler := target{name: "hand-written handler", url: startHandler(b, path, org), header: http.Header{}}
	authed := graphQL("{__typename} with cookie", p.URL+"/graphql", typename, nil, cookie)
	anon := graphQL("{__typename} anonymous", p.URL+"/graphql", typename, nil, "")
	checkPage(b, members, 50, 100)
	checkPage(b, uncached, 50, 100)
	checkPage(b, handler, 50, 100)

	b.ResetTimer()
	r := compare(b, members, uncached, handler, authed, anon)
	b.StopTimer()
	reportLoad(b, "members", r[members.name])
	reportLoad(b, "members-uncached", r[uncached.name])
	reportLoad(b, "handler", r[handler.name])
	reportLoad(b, "typename", r[authed.name])
	reportLoad(b, "anon", r[anon.name])
	b.ReportMetric(p.RSSMB(b), "MB-RSS")
	profileUnder(b, p.URL, members, "members-sqlite.pprof")
	profileUnder(b, cold.URL, uncached, "members-uncached-sqlite.pprof")
	profileUnder(b, p.URL, authed, "typename-sqlite.pprof")
}

// BenchmarkMembersPagePostgres is the members page on PostgreSQL against
// PostGraphile 4 (bench/postgraphile) serving the same database, with no
// authentication, for an organization of 50 members and one of 10,000;
// and {__typename} on both. It needs ROSTER_BENCH_DATABASE_URL (a
// PostgreSQL server whose user may create databases; `make bench` starts
// one) and `npm ci` in bench/postgraphile (`make bench` runs it).
func BenchmarkMembersPagePostgres(b *testing.B) {
	server := os.Getenv("ROSTER_BENCH_DATABASE_URL")
	if !databasetest.IsPostgres(server) {
		b.Fatal("needs PostgreSQL: run `make bench`, or set ROSTER_BENCH_DATABASE_URL")
	}
	if _, err := os.Stat("postgraphile/node_modules/postgraphile"); err != nil {
		b.Fatal("PostGraphile is not installed: run `make bench`, or `npm ci` in bench/postgraphile")
	}
	url, drop, err := databasetest.NewPostgres(context.Background(), server, "roster_bench")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = drop() }) // after the processes are stopped (cleanups run last first)
	p := servertest.StartProcess(b, rosterBinary(b), url, serverEnv()...)
	owner, small := owner(b, p.URL, "owner@pg.test")
	var big struct{ CreateOrganization struct{ ID string } }
	owner.MustDo(`mutation { createOrganization(input: {name: "Bench big"}) { id } }`, nil, &big)
	large := big.CreateOrganization.ID
	db, pg := openStore(b, url)
	seedMembers(b, db, pg, small, "small.test", 49)
	seedMembers(b, db, pg, large, "large.test", 9999)
	// VACUUM too: the seeding's inserts would otherwise set autovacuum off
	// in the middle of the loads, falling on whichever side runs then (and
	// it sets the visibility map that index-only scans read, for both).
	if _, err := db.Exec("VACUUM ANALYZE"); err != nil {
		b.Fatal(err)
	}
	peer := startPostGraphile(b, url)
	cookie := owner.CookieHeader()

	page := func(name, org string, total int) (target, target) {
		r := graphQL("Roster "+name, p.URL+"/graphql", membersQuery, map[string]any{"s": slugOf(b, owner, org)}, cookie)
		g := graphQL("PostGraphile "+name, peer, `query($o: String!) { allMemberships(condition: {organizationId: $o}, first: 50, orderBy: [JOINED_AT_DESC, ID_DESC]) {
			totalCount nodes { id role joinedAt userByUserId { name email } } } }`, map[string]any{"o": org}, "")
		checkPage(b, r, 50, total)
		checkPage(b, g, 50, total)
		return r, g
	}
	r50, g50 := page("members page of 50", small, 50)
	r10k, g10k := page("members page of 10,000", large, 10000)
	rt := graphQL("Roster {__typename}", p.URL+"/graphql", typename, nil, cookie)
	gt := graphQL("PostGraphile {__typename}", peer, typename, nil, "")

	b.ResetTimer()
	r := compare(b, r50, g50, r10k, g10k, rt, gt)
	b.StopTimer()
	reportLoad(b, "roster-50", r[r50.name])
	reportLoad(b, "peer-50", r[g50.name])
	reportLoad(b, "roster-10k", r[r10k.name])
	reportLoad(b, "peer-10k", r[g10k.name])
	reportLoad(b, "roster-typename", r[rt.name])
	reportLoad(b, "peer-typename", r[gt.name])
	profileUnder(b, p.URL, r50, "members-postgres.pprof")
}

// startPostGraphile runs bench/postgraphile/server.js on the database at
// url, on a free loopback port, and returns its GraphQL URL once it answers.
func startPostGraphile(tb testing.TB, url string) string {
	tb.Helper()
	port := freePort(tb)
	cmd := exec.Command("node", "server.js")
	cmd.Dir = "postgraphile"
	cmd.Env = append(os.Environ(), "DATABASE_URL="+url, "PORT="+port, "NODE_ENV=production")
	log := new(strings.Builder)
	cmd.Stdout, cmd.Stderr = io.Discard, &syncWriter{w: log}
	if err := cmd.Start(); err != nil {
		tb.Fatalf("node: %v", err)
	}
	tb.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	gql := "http://127.0.0.1:" + port + "/graphql"
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		res, err := http.Post(gql, "application/json", strings.NewReader(`{"query":"{__typename}"}`))
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return gql
			}
		}
		if time.Now().After(deadline) {
			tb.Fatalf("PostGraphile did not start: %v\n%s", err, log)
		}
	}
}

// BenchmarkStartup starts the binary on a fresh SQLite file several times
// and reports the median time from exec to the first 200 from /readyz,
// and the median resident memory a second after that, idle.
func BenchmarkStartup(b *testing.B) {
	bin := rosterBinary(b)
	const runs = 7
	var ready, rss, anon []float64
	for i := range runs {
		d, mb, anonMB := startOnce(b, bin, filepath.Join(b.TempDir(), fmt.Sprintf("start%d.db", i)))
		ready, rss, anon = append(ready, d), append(rss, mb), append(anon, anonMB)
	}
	b.ReportMetric(median(ready), "ms-start-to-ready")
	b.ReportMetric(median(rss), "MB-RSS-idle")
	b.ReportMetric(median(anon), "MB-RSS-anon-idle")
}

// startOnce starts bin on a fresh SQLite file at path and returns the
// time from exec to ready, and its resident memory a second later: all
// of it (VmRSS) and the anonymous part (RssAnon: heap and stacks, without
// the pages of the binary itself).
func startOnce(tb testing.TB, bin, path string) (ms, rssMB, anonMB float64) {
	tb.Helper()
	addr := "127.0.0.1:" + freePort(tb)
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "ROSTER_ADDR="+addr, "ROSTER_DATABASE_URL=sqlite:"+path,
		"ROSTER_PUBLIC_URL=http://"+addr, "ROSTER_SMTP_URL=", "ROSTER_DEV=true")
	cmd.Env = append(cmd.Env, serverEnv()...)
	log := new(strings.Builder)
	cmd.Stdout, cmd.Stderr = io.Discard, &syncWriter{w: log}
	hc := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	for {
		res, err := hc.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(start) > 30*time.Second {
			tb.Fatalf("not ready within 30 s: %v\n%s", err, log)
		}
		time.Sleep(2 * time.Millisecond)
	}
	ms = float64(time.Since(start).Microseconds()) / 1000
	time.Sleep(time.Second)
	return ms, memOf(tb, cmd.Process.Pid, "VmRSS:"), memOf(tb, cmd.Process.Pid, "RssAnon:")
}

// memOf is a line of /proc/<pid>/status, such as "VmRSS:", in MB.
func memOf(tb testing.TB, pid int, field string) float64 {
	tb.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == field {
			var kb float64
			fmt.Sscan(f[1], &kb)
			return kb / 1024
		}
	}
	tb.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func freePort(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}

func mustJSON(v any) []byte {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return raw
}

// syncWriter is a child process's log, written by exec's copier while a
// failing benchmark may read it.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
