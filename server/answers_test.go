package server_test

import (
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/servertest"
)

// The members page may be answered again from memory while the SQLite
// database is unchanged (web's answerCache). These tests try to make it
// give an answer it must not: one older than a change, one made for
// someone else, or one to somebody who lost their access.

const answersPage = `query($s: String!) { organization(slug: $s) { id name members(first: 50) {
	totalCount edges { node { id role lastActiveAt user { name email } } } } } }`

// membersPage is the page as a client reads it.
type membersPage struct {
	Organization *struct {
		ID      string
		Name    string
		Members struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID           string
					Role         string
					LastActiveAt *string
					User         struct{ Name, Email string }
				}
			}
		}
	}
}

func readPage(t *testing.T, c *servertest.Client, org servertest.Org) membersPage {
	t.Helper()
	var p membersPage
	c.MustDo(answersPage, map[string]any{"s": org.Slug}, &p)
	return p
}

// member returns the page's edge of email, and false when it is not there.
func (p membersPage) member(email string) (role, name string, active bool, ok bool) {
	if p.Organization == nil {
		return "", "", false, false
	}
	for _, e := range p.Organization.Members.Edges {
		if e.Node.User.Email == email {
			return e.Node.Role, e.Node.User.Name, e.Node.LastActiveAt != nil, true
		}
	}
	return "", "", false, false
}

// cacheHits is how many queries the server answered from memory so far
// (its metrics).
func cacheHits(t *testing.T, env *servertest.Env) int {
	t.Helper()
	for _, line := range strings.Split(env.Metrics(), "\n") {
		if n, ok := strings.CutPrefix(line, `roster_answer_cache_total{result="hit"} `); ok {
			hits, err := strconv.Atoi(n)
			if err != nil {
				t.Fatal(err)
			}
			return hits
		}
	}
	return 0
}

// answered reports whether read was answered from memory.
func answered(t *testing.T, env *servertest.Env, read func()) bool {
	t.Helper()
	before := cacheHits(t, env)
	read()
	return cacheHits(t, env) > before
}

// kept runs read until it is answered from memory, and fails t when it
// never is. The server's workers commit now and then (the mail outbox, the
// members' activity), and a commit lets the next read run: a few tries
// get past them.
func kept(t *testing.T, env *servertest.Env, read func()) {
	t.Helper()
	for range 10 {
		if answered(t, env, read) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the read was never answered from memory: this test tries nothing")
}

func sqliteOnly(t *testing.T, env *servertest.Env) string {
	t.Helper()
	path, ok := strings.CutPrefix(env.Config.DatabaseURL, "sqlite:")
	if !ok {
		t.Skip("runs in the SQLite stage of make test (make test-go): the answer cache is SQLite's alone (on PostgreSQL, TestNoAnswersFromMemoryOnPostgres checks that every page runs)")
	}
	return path
}

// TestAnswersAreGivenAgainUntilTheDatabaseChanges: the same page, asked
// again, runs no SQL; every kind of change that the page shows is in the
// next answer, whoever made it, this server or another process.
func TestAnswersAreGivenAgainUntilTheDatabaseChanges(t *testing.T) {
	env := servertest.Start(t)
	path := sqliteOnly(t, env)
	owner := env.User("owner@answers.test", "Olive Owner")
	org := owner.CreateOrg("Answers")
	member, membership := env.Join(owner, org, "meg@answers.test", "MEMBER")

	first := readPage(t, owner, org)
	kept(t, env, func() {
		// Answered from memory, it runs no SQL.
		if n := env.Statements(func() { readPage(t, owner, org) }); n != 0 && cacheHits(t, env) > 0 {
			t.Errorf("a page answered from memory ran %d statements", n)
		}
	})
	if answered(t, env, func() {
		owner.MustDo(`query($s: String!) { organization(slug: $s) { id } }`, map[string]any{"s": org.Slug}, nil)
	}) {
		t.Fatal("another query was answered from memory: it was given the page's answer")
	}

	steps := []struct {
		name   string
		change func()
		check  func(membersPage) bool
	}{
		{"the member renames themselves", func() {
			member.MustDo(`mutation { updateProfile(name: "Meg Renamed") { id } }`, nil, nil)
		}, func(p membersPage) bool { _, name, _, _ := p.member("meg@answers.test"); return name == "Meg Renamed" }},
		{"the owner makes them an admin", func() {
			owner.MustDo(`mutation($id: ID!) { changeMemberRole(id: $id, role: ADMIN) { id } }`, map[string]any{"id": membership}, nil)
		}, func(p membersPage) bool { role, _, _, _ := p.member("meg@answers.test"); return role == "ADMIN" }},
		{"someone joins", func() {
			env.Join(owner, org, "new@answers.test", "MEMBER")
		}, func(p membersPage) bool { _, _, _, ok := p.member("new@answers.test"); return ok }},
		{"the member's activity is written", func() {
			member.MustDo(`query($s: String!) { organization(slug: $s) { id } }`, map[string]any{"s": org.Slug}, nil)
			if err := env.App.FlushActivity(t.Context()); err != nil {
				t.Fatal(err)
			}
		}, func(p membersPage) bool { _, _, active, _ := p.member("meg@answers.test"); return active }},
		{"another process renames the organization", func() {
			db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`UPDATE organizations SET name = 'Renamed Elsewhere' WHERE id = ?`, org.ID); err != nil {
				t.Fatal(err)
			}
		}, func(p membersPage) bool { return p.Organization.Name == "Renamed Elsewhere" }},
		{"the owner removes the member", func() {
			owner.MustDo(`mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": membership}, nil)
		}, func(p membersPage) bool { _, _, _, ok := p.member("meg@answers.test"); return !ok }},
	}
	before := first
	for _, s := range steps {
		kept(t, env, func() { readPage(t, owner, org) }) // an answer in memory that the change must end
		s.change()
		after := readPage(t, owner, org)
		if !s.check(after) {
			t.Fatalf("after %s the page did not show it:\nbefore %+v\nafter  %+v", s.name, before, after)
		}
		before = after
	}
}

// TestAnswersAreNotGivenToOthers: an answer made for one viewer is never
// another's: not an outsider's asking the same query with the same
// variables, nor a signed-out browser's, nor a removed or signed-out
// member's, over HTTP or either websocket protocol.
func TestAnswersAreNotGivenToOthers(t *testing.T) {
	env := servertest.Start(t)
	sqliteOnly(t, env)
	owner := env.User("owner@others.test", "Owner")
	org := owner.CreateOrg("Others")
	vars := map[string]any{"s": org.Slug}
	outsider := env.User("outsider@others.test", "Outsider")
	outsider.CreateOrg("Theirs")
	// Nothing is written between the owner's read and the outsider's: the
	// owner's answer is kept, under the same database version.
	if p := readPage(t, owner, org); p.Organization == nil || p.Organization.Members.TotalCount != 1 {
		t.Fatalf("the owner's page: %+v", p)
	}
	kept(t, env, func() { readPage(t, owner, org) })
	if p := readPage(t, outsider, org); p.Organization != nil {
		t.Fatalf("an outsider was given the organization: %+v", p)
	}
	anonymous := env.NewClient()
	if res := anonymous.Do(answersPage, vars); !nullOrganization(res.Data) {
		t.Fatalf("a signed-out browser was given %s", res.Data)
	}

	for _, protocol := range protocols {
		t.Run("removed over "+protocol, func(t *testing.T) {
			email := strings.ReplaceAll(protocol, "-", "") + "@others.test"
			member, membership := env.Join(owner, org, email, "MEMBER")
			s := open(t, env, member, protocol)
			ev := runOn(t, s, "1", answersPage, vars)
			if ev.Closed || len(ev.Errors) > 0 || nullOrganization(ev.Data) {
				t.Fatalf("the member's page over the socket: %+v", ev)
			}
			if p := readPage(t, member, org); p.Organization == nil {
				t.Fatal("the member's page over HTTP: no organization")
			}
			owner.MustDo(`mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": membership}, nil)
			if p := readPage(t, member, org); p.Organization != nil {
				t.Fatalf("removed, over HTTP, they were given %+v", p)
			}
			ev = runOn(t, s, "2", answersPage, vars)
			if !ev.Closed && !nullOrganization(ev.Data) {
				t.Fatalf("removed, over the socket, they were given %+v", ev)
			}
		})
	}

	t.Run("API keys", func(t *testing.T) {
		// Two keys of the organization, made before either reads: each is
		// given its own answer, and a revoked one none.
		key, keyID := newKey(t, env, owner, org, "MEMBER")
		other := keyClient(t, env, owner, org, "MEMBER") // the same role: only who asks differs
		key.MustDo(`{ __typename }`, nil, nil)           // a key's first use is written
		other.MustDo(`{ __typename }`, nil, nil)
		if res := key.Do(answersPage, vars); res.Code() != "" || nullOrganization(res.Data) {
			t.Fatalf("the key's page: %+v %s", res.Errors, res.Data)
		}
		kept(t, env, func() { key.Do(answersPage, vars) })
		if answered(t, env, func() { other.Do(answersPage, vars) }) {
			t.Fatal("another key was given the first key's answer")
		}
		owner.MustDo(`mutation($id: ID!) { revokeAPIKey(id: $id) { id } }`, map[string]any{"id": keyID}, nil)
		if res := key.Do(answersPage, vars); !nullOrganization(res.Data) {
			t.Fatalf("a revoked key was given %s", res.Data)
		}
	})

	t.Run("signed out", func(t *testing.T) {
		member, _ := env.Join(owner, org, "leaver@others.test", "MEMBER")
		if p := readPage(t, member, org); p.Organization == nil {
			t.Fatal("the member's page: no organization")
		}
		member.MustDo(`mutation { signOut }`, nil, nil)
		if res := member.Do(answersPage, vars); !nullOrganization(res.Data) {
			t.Fatalf("signed out, they were given %s", res.Data)
		}
	})
}

// nullOrganization reports whether data has no organization.
func nullOrganization(data json.RawMessage) bool {
	var p membersPage
	return json.Unmarshal(data, &p) != nil || p.Organization == nil
}

// TestAnswerCacheOff: with ROSTER_ANSWER_CACHE off, every page runs.
func TestAnswerCacheOff(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.AnswerCache = false })
	sqliteOnly(t, env)
	owner := env.User("owner@off.test", "Owner")
	org := owner.CreateOrg("Off")
	readPage(t, owner, org)
	for range 3 {
		if n := env.Statements(func() { readPage(t, owner, org) }); n == 0 {
			t.Fatal("with the cache off the page ran no SQL")
		}
	}
}

// TestAnswersGivenAgainStillCountAsActivity: a member whose page is
// answered from memory has still used the organization that day (their
// lastActiveAt), as when the page runs.
func TestAnswersGivenAgainStillCountAsActivity(t *testing.T) {
	const day = 24 * time.Hour
	clock := databasetest.NewClock()
	toNoon(clock)
	env := servertest.Start(t, func(c *server.Config) { c.Clock = clock })
	sqliteOnly(t, env)
	owner := env.User("owner@touch.test", "Owner")
	org := owner.CreateOrg("Touch")
	member, membershipID := env.Join(owner, org, "meg@touch.test", "MEMBER")
	lastActive := func() time.Time {
		t.Helper()
		if err := env.App.FlushActivity(t.Context()); err != nil {
			t.Fatal(err)
		}
		m, err := env.App.Client().Membership.Get(systemContext(), membershipID)
		if err != nil || m.LastActiveAt == nil {
			t.Fatalf("lastActiveAt: %v, %v", m, err)
		}
		return *m.LastActiveAt
	}

	readPage(t, member, org)
	last := lastActive()
	// Each day, the first read: when it is answered from memory, its
	// touch is the only one that day. (A worker's commit just before it
	// lets it run, which touches too and shows nothing: then try the next
	// day.)
	for range 5 {
		kept(t, env, func() { readPage(t, member, org) }) // the day's touch is noted, and written by the worker
		if err := env.App.FlushActivity(t.Context()); err != nil {
			t.Fatal(err)
		}
		kept(t, env, func() { readPage(t, member, org) }) // after that write
		clock.Advance(day)
		if answered(t, env, func() { readPage(t, member, org) }) {
			if got := lastActive(); !got.Equal(last.Add(day)) {
				t.Fatalf("after an answer from memory the next day, lastActiveAt = %v, want %v", got, last.Add(day))
			}
			return
		}
		last = lastActive()
	}
	t.Fatal("no day's first read was answered from memory: this test tries nothing")
}

// TestNoAnswersFromMemoryOnPostgres: PostgreSQL has no data version, so
// every page runs there, and a change shows at once on every replica.
func TestNoAnswersFromMemoryOnPostgres(t *testing.T) {
	databasetest.SkipUnlessPostgres(t)
	envs := servertest.Replicas(t, 2)
	owner := envs[0].User("owner@pg-answers.test", "Owner")
	org := owner.CreateOrg("PG answers")
	for range 3 {
		if answered(t, envs[0], func() { readPage(t, owner, org) }) {
			t.Fatal("a page was answered from memory on PostgreSQL")
		}
	}
	// The owner renames themselves through the other replica.
	other := signIn(t, envs[1], "owner@pg-answers.test", servertest.Password)
	other.MustDo(`mutation { updateProfile(name: "Renamed Owner") { id } }`, nil, nil)
	if _, name, _, _ := readPage(t, owner, org).member("owner@pg-answers.test"); name != "Renamed Owner" {
		t.Fatalf("after a rename on the other replica the page shows %q", name)
	}
}
