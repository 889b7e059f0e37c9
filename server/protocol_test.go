package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/server/servertest"
)

// TestGraphQLTransportWSProtocol sends what the graphql-transport-ws
// protocol forbids, and checks the close code it prescribes for each.
func TestGraphQLTransportWSProtocol(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@protocol.test", "Owner")
	org := owner.CreateOrg("Protocol")
	subscribe := func(id string) map[string]any {
		return map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": seatSubscription, "variables": map[string]any{"o": org.ID}}}
	}
	closedWith := func(t *testing.T, s *servertest.Stream, code int) {
		t.Helper()
		for {
			ev, ok := s.Next(2 * time.Second)
			if !ok {
				t.Fatalf("the connection stayed open, want it closed with %d", code)
			}
			if ev.Closed {
				if ev.CloseCode != code {
					t.Errorf("closed with %d, want %d", ev.CloseCode, code)
				}
				return
			}
		}
	}
	dial := func(t *testing.T, init bool) *servertest.Stream {
		s, _, err := owner.Dial(servertest.DialOptions{Mute: !init})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	t.Run("subscribe before connection_init: 4401", func(t *testing.T) {
		s := dial(t, false)
		s.Send(subscribe("1"))
		closedWith(t, s, 4401)
	})
	t.Run("a second connection_init: 4429", func(t *testing.T) {
		s := dial(t, true)
		s.Send(map[string]any{"type": "connection_init"})
		closedWith(t, s, 4429)
	})
	t.Run("a subscription id already running: 4409", func(t *testing.T) {
		s := dial(t, true)
		s.Send(subscribe("1"))
		nextUsage(t, s)
		s.Send(subscribe("1"))
		closedWith(t, s, 4409)
	})
	t.Run("a message that is not JSON: 4400", func(t *testing.T) {
		s := dial(t, true)
		s.SendText("{nope")
		closedWith(t, s, 4400)
	})
	t.Run("an unknown message type: 4400", func(t *testing.T) {
		s := dial(t, true)
		s.Send(map[string]any{"type": "start", "id": "1"})
		closedWith(t, s, 4400)
	})
	t.Run("an id used again once the client completed it", func(t *testing.T) {
		s := dial(t, true)
		s.Send(subscribe("1"))
		nextUsage(t, s)
		s.Send(map[string]any{"id": "1", "type": "complete"})
		s.Send(subscribe("1")) // at once: the server ends the first one first
		// Nothing more of the first one (not even a complete), then the
		// second one's first event.
		nextUsage(t, s)
		quiet(t, s, "after the second subscription's first event")
	})
	t.Run("an id used again once the server ended it", func(t *testing.T) {
		s := dial(t, true)
		outsider := map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": seatSubscription, "variables": map[string]any{"o": "org_00000000000000000000000000"}}}
		s.Send(outsider)
		// The server answers with the error, and ends the subscription:
		// with the error message itself, or with a complete after it.
		for ended := false; !ended; {
			ev, ok := s.Next(2 * time.Second)
			switch {
			case !ok || ev.Closed || len(ev.Data) > 0 && string(ev.Data) != "null":
				t.Fatalf("an organization one is not in: %+v (%v), want an error", ev, ok)
			case ev.Done:
				ended = true
			case len(ev.Errors) > 0:
				s.WaitFor("complete", 300*time.Millisecond) // if one follows
				ended = true
			}
		}
		s.Send(subscribe("1"))
		nextUsage(t, s)
	})
	t.Run("a message over the 64 KiB read limit: 1009", func(t *testing.T) {
		s := dial(t, true)
		s.SendText(`{"type":"ping","payload":{"pad":"` + strings.Repeat("x", 65<<10) + `"}}`)
		closedWith(t, s, 1009)
	})
	t.Run("ping before connection_init is answered", func(t *testing.T) {
		s := dial(t, false)
		s.Send(map[string]any{"type": "ping"})
		if !s.WaitFor("pong", 2*time.Second) {
			t.Fatal("no pong")
		}
		s.Send(map[string]any{"type": "connection_init"})
		if !s.WaitFor("connection_ack", 2*time.Second) {
			t.Fatal("no connection_ack after the ping")
		}
	})
}
