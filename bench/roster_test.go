// Package bench measures Roster from outside, as its users meet it: the
// real binary, in its own process, over HTTP and websockets. Run it with
// `make bench` (which also starts a throwaway PostgreSQL for the
// cross-replica figures).
package bench

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/rosterhq/roster/server/servertest"
)

// owner signs a user up on the server at url and creates an organization;
// it returns the client and the organization's ID.
func owner(tb testing.TB, url, email string) (*servertest.Client, string) {
	c := servertest.Remote(tb, url).NewClient()
	c.MustDo(`mutation($e: String!) { signUp(input: {email: $e, password: "correct horse battery", name: "Owner"}) { user { id } } }`,
		map[string]any{"e": email}, nil)
	c.VerifyFromDevMailbox(email) // creating an organization needs a verified email
	var org struct{ CreateOrganization struct{ ID string } }
	c.MustDo(`mutation { createOrganization(input: {name: "Bench"}) { id } }`, nil, &org)
	return c, org.CreateOrganization.ID
}

// subscribe opens a graphql-transport-ws subscription to an organization's
// seat usage on the server at rawURL, as c, and returns the arrival times
// of its events after the first (the current usage).
func subscribe(tb testing.TB, c *servertest.Client, rawURL, orgID string) (<-chan time.Time, func()) {
	u, _ := url.Parse(rawURL)
	h := http.Header{"Cookie": {c.CookieHeader()}}
	d := websocket.Dialer{Subprotocols: []string{"graphql-transport-ws"}, HandshakeTimeout: 30 * time.Second}
	conn, _, err := d.Dial("ws://"+u.Host+"/graphql", h)
	if err != nil {
		tb.Fatal(err)
	}
	for _, m := range []map[string]any{
		{"type": "connection_init", "payload": map[string]any{}},
		{"id": "1", "type": "subscribe", "payload": map[string]any{
			"query":     `subscription($o: ID!) { seatUsageChanged(organizationID: $o) { used } }`,
			"variables": map[string]any{"o": orgID}}},
	} {
		if err := conn.WriteJSON(m); err != nil {
			tb.Fatal(err)
		}
	}
	events := make(chan time.Time, 1024)
	first := make(chan struct{})
	go func() {
		defer close(events)
		gotFirst := false
		for {
			var m struct{ Type string }
			if err := conn.ReadJSON(&m); err != nil {
				return
			}
			switch m.Type {
			case "next":
				if !gotFirst {
					gotFirst = true
					close(first)
					continue
				}
				events <- time.Now()
			case "ping":
				_ = conn.WriteJSON(map[string]any{"type": "pong"})
			}
		}
	}()
	select {
	case <-first:
	case <-time.After(30 * time.Second):
		tb.Fatal("no first event")
	}
	return events, func() { _ = conn.Close() }
}
