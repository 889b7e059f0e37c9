package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/servertest"
)

// TestReplicasSurvivePostgresRestart restarts PostgreSQL (a server of the
// test's own, so that no other test sees it go) under two replicas while
// requests keep coming: every answer of /graphql meanwhile is JSON whose
// errors carry a code; afterwards both replicas answer again (the pool
// drops its dead connections and dials anew), the listener has reconnected
// (a change through B reaches a subscriber on A), and the seat counts agree
// with the rows: nothing a failed answer reported was half-written.
func TestReplicasSurvivePostgresRestart(t *testing.T) {
	databasetest.SkipUnlessPostgres(t)
	pgURL, pgDir := startPostgres(t)
	db, _, err := databasetest.NewPostgres(t.Context(), pgURL, "roster_restart")
	if err != nil {
		t.Fatal(err)
	}
	envs := servertest.ReplicasOn(t, db, 2, func(c *server.Config) { c.DefaultSeatLimit = 1000 })
	a, b := envs[0], envs[1]
	owner := b.User("owner@restart.test", "Owner")
	org := owner.CreateOrg("Restart")
	onA := a.NewClient()
	onA.Header.Set("Cookie", owner.CookieHeader())
	stream := onA.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
	if u := nextUsage(t, stream).SeatUsageChanged; u.Used != 1 {
		t.Fatalf("first usage %+v", u)
	}

	// While PostgreSQL restarts: invitations by the owner through both
	// replicas, and anonymous reads, until the restart is over.
	var (
		mu        sync.Mutex
		answers   []answer
		invited   int
		done      = make(chan struct{})
		wg        sync.WaitGroup
		cookie    = owner.CookieHeader()
		invite    = `mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`
		anonymous = `query { invitationByToken(token: "not-a-token-but-long-enough-to-look") { email } }`
	)
	for i, env := range envs {
		wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-done:
					return
				default:
				}
				vars := map[string]any{"in": map[string]any{"organizationID": org.ID, "email": fmt.Sprintf("r%d-%d@restart.test", i, n), "role": "MEMBER"}}
				signedIn := postAnswer(env.URL, cookie, invite, vars)
				anon := postAnswer(env.URL, "", anonymous, nil)
				mu.Lock()
				answers = append(answers, signedIn, anon)
				if signedIn.ok("inviteMember") {
					invited++
				}
				mu.Unlock()
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
	time.Sleep(100 * time.Millisecond)
	if out, err := exec.Command(filepath.Join("..", ".ci", "postgres"), "restart", pgDir).CombinedOutput(); err != nil {
		t.Fatalf("restart PostgreSQL: %v\n%s", err, out)
	}
	restarted := time.Now()
	// Both replicas answer a signed-in query again.
	for _, env := range envs {
		for {
			if postAnswer(env.URL, cookie, `{ viewer { id } }`, nil).ok("viewer") {
				break
			}
			if time.Since(restarted) > 30*time.Second {
				t.Fatalf("%s still fails 30 s after PostgreSQL came back", env.URL)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	t.Logf("both replicas answered %v after PostgreSQL was back", time.Since(restarted).Round(time.Millisecond))
	close(done)
	wg.Wait()

	var failed, plain int
	for _, ans := range answers {
		if !ans.json {
			plain++
			t.Errorf("an answer during the restart is not GraphQL: %d %q", ans.status, ans.body)
			continue
		}
		if len(ans.errors) > 0 {
			failed++
		}
		for _, e := range ans.errors {
			if code, _ := e.Extensions["code"].(string); code == "" {
				t.Errorf("an error during the restart has no code: %d %s", ans.status, ans.body)
			}
		}
	}
	t.Logf("%d answers during the restart: %d invitations made, %d GraphQL errors, %d plain-text answers", len(answers), invited, failed, plain)

	// The listener reconnected: a change through B reaches A.
	owner.Invite(org, "after@restart.test", "MEMBER")
	invited++
	for deadline := time.Now().Add(15 * time.Second); ; {
		ev, ok := stream.Next(time.Until(deadline))
		if !ok {
			t.Fatal("the subscriber on A heard nothing of an invitation through B after the restart: the listener did not reconnect")
		}
		var u usage
		if ev.Closed || ev.Done || json.Unmarshal(ev.Data, &u) != nil {
			t.Fatalf("the subscriber's stream ended: %+v", ev)
		}
		if u.SeatUsageChanged.Pending >= invited {
			break
		}
	}

	// No drift: both replicas count what the rows hold, and every
	// invitation an answer reported exists.
	var rows struct {
		Organization struct {
			SeatUsage   struct{ Active, Pending, Used int }
			Invitations struct{ TotalCount int }
		}
	}
	for _, c := range []*servertest.Client{owner, onA} {
		c.MustDo(`query($s: String!) { organization(slug: $s) { seatUsage { active pending used } invitations(status: PENDING) { totalCount } } }`, map[string]any{"s": org.Slug}, &rows)
		su := rows.Organization.SeatUsage
		if su.Active != 1 || su.Pending != rows.Organization.Invitations.TotalCount || su.Used != su.Active+su.Pending || su.Pending < invited {
			t.Errorf("after the restart: seat usage %+v with %d pending invitations; %d invitations were reported made", su, rows.Organization.Invitations.TotalCount, invited)
		}
	}

}

// answer is one answer of /graphql.
type answer struct {
	signedIn bool
	status   int
	body     string
	json     bool
	data     map[string]json.RawMessage
	errors   []servertest.Error
}

func (a answer) ok(field string) bool {
	return a.json && len(a.errors) == 0 && len(a.data[field]) > 0 && string(a.data[field]) != "null"
}

var graphQLContentType = regexp.MustCompile(`^application/(graphql-response\+)?json`)

// post sends a GraphQL request with a Cookie header (none when empty) and
// never fails the test: the caller judges the answer.
func postAnswer(url, cookie, query string, vars map[string]any) answer {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	ans := answer{signedIn: cookie != ""}
	res, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		ans.body = err.Error()
		return ans
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	ans.status, ans.body = res.StatusCode, string(raw)
	var out struct {
		Data   map[string]json.RawMessage `json:"data"`
		Errors []servertest.Error         `json:"errors"`
	}
	if graphQLContentType.MatchString(res.Header.Get("Content-Type")) && json.Unmarshal(raw, &out) == nil && (out.Data != nil || len(out.Errors) > 0) {
		ans.json, ans.data, ans.errors = true, out.Data, out.Errors
	}
	return ans
}

// startPostgres starts a throwaway PostgreSQL server with .ci/postgres and
// returns its URL and folder; it is stopped when t ends.
func startPostgres(t *testing.T) (url, dir string) {
	t.Helper()
	script := filepath.Join("..", ".ci", "postgres")
	out, err := exec.Command(script, "start").Output()
	if err != nil {
		t.Fatalf("%s start: %v", script, err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "export ROSTER_TEST_DATABASE_URL="); ok {
			url = strings.Trim(v, "'")
		}
		if v, ok := strings.CutPrefix(line, "export ROSTER_PG_DIR="); ok {
			dir = strings.Trim(v, "'")
		}
	}
	if url == "" || dir == "" {
		t.Fatalf("%s start printed no URL and folder:\n%s", script, out)
	}
	t.Cleanup(func() { _ = exec.Command(script, "stop", dir).Run() })
	return url, dir
}
