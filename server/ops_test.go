package server_test

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/server/servertest"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestReadyz: ready while the database answers with this build's schema;
// 503 with a short reason once shutdown begins, and when the database is
// gone. (database.TestReady covers the schema's cases.)
func TestReadyz(t *testing.T) {
	env := servertest.Start(t)
	if code, body := get(t, env.URL+"/readyz"); code != 200 || body != "ready\n" {
		t.Fatalf("/readyz = %d %q, want 200 ready", code, body)
	}
	env.App.BeginShutdown()
	if code, body := get(t, env.URL+"/readyz"); code != 503 || body != "not ready: shutting down\n" {
		t.Errorf("/readyz while stopping = %d %q", code, body)
	}
	if code, _ := get(t, env.URL+"/healthz"); code != 200 {
		t.Errorf("/healthz while stopping = %d: the process is alive, it only takes no new work", code)
	}

	down := servertest.Start(t)
	_ = down.App.Client().Close()
	code, body := get(t, down.URL+"/readyz")
	if code != 503 || body != "not ready: the database does not answer\n" {
		t.Errorf("/readyz without a database = %d %q", code, body)
	}
}

// TestMetrics: operations are timed by name and type, errors counted by
// code, open websockets gauged; a caller inventing operation names cannot
// grow the series without bound.
func TestMetrics(t *testing.T) {
	env := servertest.Start(t)
	c := env.NewClient()
	c.MustDo(`query Who { viewer { id } }`, nil, nil)
	c.MustDo(`query Who { viewer { id } }`, nil, nil)
	c.MustDo(`{ viewer { id } }`, nil, nil)
	c.Do(`{ viewer { id `, nil)                                                  // GRAPHQL_PARSE_FAILED
	c.Do(`mutation Make { createOrganization(input: {name: "X"}) { id } }`, nil) // UNAUTHENTICATED
	s, _, err := c.Dial(servertest.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := env.Metrics()
	for _, want := range []string{
		`roster_graphql_operation_duration_seconds_count{operation="Who",type="query"} 2`,
		`roster_graphql_operation_duration_seconds_count{operation="anonymous",type="query"} 1`,
		`roster_graphql_operation_duration_seconds_count{operation="Make",type="mutation"} 1`,
		`roster_graphql_errors_total{code="GRAPHQL_PARSE_FAILED"} 1`,
		`roster_graphql_errors_total{code="UNAUTHENTICATED"} 1`,
		"roster_websockets_open 1",
		"roster_outbox_unsent ",
		"roster_outbox_oldest_unsent_age_seconds ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	s.Close()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(env.Metrics(), "roster_websockets_open 0"); {
		if time.Now().After(deadline) {
			t.Fatal("the websocket gauge did not come back to 0 after the socket closed")
		}
		time.Sleep(20 * time.Millisecond)
	}

	for i := range 300 {
		c.MustDo(fmt.Sprintf(`query Invented%d { viewer { id } }`, i), nil, nil)
	}
	names := map[string]bool{}
	for _, m := range regexp.MustCompile(`roster_graphql_operation_duration_seconds_count\{operation="([^"]*)"`).FindAllStringSubmatch(env.Metrics(), -1) {
		names[m[1]] = true
	}
	if len(names) > 200+2 || !names["other"] {
		t.Errorf("%d operation names have series after 300 invented ones; want at most 202, the rest as other", len(names))
	}
}

// TestShutdownClosesWebsockets: when shutdown begins, every open websocket,
// on either protocol, is closed with 1001 (going away), so its client
// reconnects (to another replica, or to this one restarted).
func TestShutdownClosesWebsockets(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@shutdown.test", "Owner")
	org := owner.CreateOrg("Shutdown")
	var streams []*servertest.Stream
	for _, protocol := range []string{servertest.TransportWS, servertest.LegacyWS} {
		s := owner.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{Protocol: protocol})
		nextUsage(t, s)
		streams = append(streams, s)
	}
	idle, _, err := env.NewClient().Dial(servertest.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	streams = append(streams, idle)
	env.App.BeginShutdown()
	for i, s := range streams {
		for {
			ev, ok := s.Next(10 * time.Second)
			if !ok {
				t.Fatalf("websocket %d: still open 10 s after shutdown began", i)
			}
			if ev.Closed {
				if ev.CloseCode != 1001 {
					t.Errorf("websocket %d closed with %d, want 1001", i, ev.CloseCode)
				}
				break
			}
		}
	}
	// A socket opened after shutdown began (the listener accepts until
	// Shutdown closes it) is told to go at once.
	late, _, err := env.NewClient().Dial(servertest.DialOptions{Mute: true})
	if err != nil {
		t.Fatal(err)
	}
	if ev, ok := late.Next(10 * time.Second); !ok || !ev.Closed || ev.CloseCode != 1001 {
		t.Errorf("a websocket opened after shutdown began got %+v (ok %v), want a close with 1001", ev, ok)
	}
}
