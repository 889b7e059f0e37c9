package graphqlws

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// transportWSGuard holds a graphql-transport-ws connection to the rules of
// the protocol that gqlgen's transport leaves out (it closes with 1000 or
// 1002 where the protocol prescribes a code, and runs a second subscription
// under an id already in use). It reads every message the client sends
// before gqlgen does, and every message gqlgen sends:
//
//   - a message that is not one of the protocol's closes with 4400;
//   - subscribe before connection_ack closes with 4401;
//   - subscribe with an id still in use closes with 4409;
//   - a second connection_init closes with 4429;
//   - ping before connection_ack is answered here (gqlgen's would refuse it);
//   - once the client completes a subscription, the server sends nothing
//     more for it: not even gqlgen's complete.
//
// An id is in use from the client's subscribe until the server's complete
// or error. An id the client completed may be subscribed again: the guard
// waits (a moment) for gqlgen to end the old subscription first.
type transportWSGuard struct {
	refuse func(int, string) // closes the connection with a code
	pong   func()            // answers a ping

	mu     sync.Mutex
	inited bool                     // connection_init received
	acked  bool                     // connection_ack sent
	inUse  map[string]*subscription // by id
}

type subscription struct {
	completed bool          // by the client: nothing more is sent for it
	ended     chan struct{} // closed when gqlgen ends it
}

// transportWS is the subprotocol of graphql-ws, the current one; the
// legacy one (subscriptions-transport-ws) is "graphql-ws".
const transportWS = "graphql-transport-ws"

// graphql-transport-ws close codes.
const (
	closeInvalidMessage = 4400
	closeUnauthorized   = 4401
	closeSubscriberUsed = 4409
	closeTooManyInits   = 4429
)

// endingWait bounds the wait for gqlgen to end a subscription the client
// completed, before its id is used again.
const endingWait = time.Second

func newTransportWSGuard(refuse func(int, string), pong func()) *transportWSGuard {
	return &transportWSGuard{inUse: map[string]*subscription{}, refuse: refuse, pong: pong}
}

type wsHeader struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// inbound looks at a client's message. It returns false when gqlgen is not
// to see it: the guard answered it, or closed the connection.
func (g *transportWSGuard) inbound(data []byte) bool {
	var m wsHeader
	if err := json.Unmarshal(data, &m); err != nil {
		g.refuse(closeInvalidMessage, "Invalid message received")
		return false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	switch m.Type {
	case "connection_init":
		if g.inited {
			g.refuse(closeTooManyInits, "Too many initialisation requests")
			return false
		}
		g.inited = true
	case "ping", "pong":
		if !g.acked {
			if m.Type == "ping" {
				g.pong()
			}
			return false
		}
	case "subscribe":
		if !g.acked {
			g.refuse(closeUnauthorized, "Unauthorized")
			return false
		}
		if m.ID == "" {
			g.refuse(closeInvalidMessage, "Invalid message received: subscribe needs an id")
			return false
		}
		if !g.free(m.ID) {
			g.refuse(closeSubscriberUsed, fmt.Sprintf("Subscriber for %s already exists", m.ID))
			return false
		}
		g.inUse[m.ID] = &subscription{ended: make(chan struct{})}
	case "complete":
		if sub := g.inUse[m.ID]; sub != nil {
			sub.completed = true
		}
	default:
		g.refuse(closeInvalidMessage, fmt.Sprintf("Invalid message received: %q", m.Type))
		return false
	}
	return true
}

// free reports whether id may start a subscription: unused, or completed
// by the client and ended by gqlgen within endingWait. g.mu is held.
func (g *transportWSGuard) free(id string) bool {
	sub := g.inUse[id]
	if sub == nil {
		return true
	}
	if !sub.completed {
		return false
	}
	g.mu.Unlock()
	select {
	case <-sub.ended:
	case <-time.After(endingWait):
	}
	g.mu.Lock()
	return g.inUse[id] == nil
}

// outbound looks at a message gqlgen sends, as JSON. It returns false when
// it is not to be sent.
func (g *transportWSGuard) outbound(data []byte) bool {
	var m wsHeader
	_ = json.Unmarshal(data, &m) // gqlgen's own message: it has a type
	g.mu.Lock()
	defer g.mu.Unlock()
	sub := g.inUse[m.ID]
	switch m.Type {
	case "connection_ack":
		g.acked = true
	case "next":
		return sub == nil || !sub.completed
	case "complete", "error":
		if sub == nil {
			return true
		}
		delete(g.inUse, m.ID)
		close(sub.ended)
		return !sub.completed
	}
	return true
}
