package graphqlws

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/testserver"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
)

// These tests pin the gqlgen behaviours this package relies on or works
// around: when an upgrade changes one, its test fails here.

// recordingWebsocket accepts as gorillaWebsocket does, and records the read
// deadlines gqlgen sets.
type recordingWebsocket struct{ deadlines chan time.Time }

type recordingConn struct {
	*gorillaConn
	deadlines chan time.Time
}

func (c recordingConn) SetReadDeadline(t time.Time) error {
	select {
	case c.deadlines <- t:
	default:
	}
	return c.gorillaConn.SetReadDeadline(t)
}

func (r recordingWebsocket) Accept(w http.ResponseWriter, req *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	c, err := gorillaWebsocket{checkOrigin: func(*http.Request) bool { return true }, keepAlive: time.Minute, initTimeout: time.Minute}.accept(w, req, opts)
	if err != nil {
		return nil, err
	}
	return recordingConn{c, r.deadlines}, nil
}

func dialGqlgen(t *testing.T, exts ...graphql.HandlerExtension) (*testserver.TestServer, *websocket.Conn, chan time.Time) {
	t.Helper()
	deadlines := make(chan time.Time, 16)
	srv := testserver.New()
	for _, e := range exts {
		srv.Use(e)
	}
	srv.AddTransport(transport.Websocket{Implementation: recordingWebsocket{deadlines}})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	d := websocket.Dialer{Subprotocols: []string{transportWS}}
	c, _, err := d.Dial("ws"+strings.TrimPrefix(hs.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if err := c.WriteMessage(websocket.TextMessage, []byte(`{"type":"connection_init"}`)); err != nil {
		t.Fatal(err)
	}
	return srv, c, deadlines
}

func readHeader(t *testing.T, c *websocket.Conn) wsHeader {
	t.Helper()
	var h wsHeader
	if err := c.ReadJSON(&h); err != nil {
		t.Fatal(err)
	}
	return h
}

// TestGqlgenSendsConnectionAckFirst: the first message gqlgen writes on a
// connection is connection_ack, after its InitFunc accepted. gorillaConn
// stops the connection_init timer on the first write, and the guard lets
// subscribe and ping through only once it has seen connection_ack go out.
func TestGqlgenSendsConnectionAckFirst(t *testing.T) {
	_, c, _ := dialGqlgen(t)
	if h := readHeader(t, c); h.Type != "connection_ack" {
		t.Fatalf("gqlgen's first message is %q, want connection_ack", h.Type)
	}
}

// TestGqlgenMessagesCarryTypeAndIDInJSON: gqlgen's outgoing messages
// marshal to a JSON object with "type" and, for an operation's messages,
// "id". The guard reads both from the bytes gorillaConn.WriteJSON writes.
func TestGqlgenMessagesCarryTypeAndIDInJSON(t *testing.T) {
	srv, c, _ := dialGqlgen(t)
	readHeader(t, c) // connection_ack
	if err := c.WriteMessage(websocket.TextMessage, []byte(`{"type":"subscribe","id":"s1","payload":{"query":"subscription { name }"}}`)); err != nil {
		t.Fatal(err)
	}
	srv.SendNextSubscriptionMessage()
	if h := readHeader(t, c); h.Type != "next" || h.ID != "s1" {
		t.Fatalf("gqlgen's event reads as type %q id %q, want next s1", h.Type, h.ID)
	}
}

// TestGqlgenClearsReadDeadlineOnPong: gqlgen clears the connection's read
// deadline (sets the zero time) whenever the client sends "pong", which
// would let a peer that then falls silent hold its connection for ever.
// gorillaConn.SetReadDeadline therefore ignores gqlgen's deadlines.
func TestGqlgenClearsReadDeadlineOnPong(t *testing.T) {
	_, c, deadlines := dialGqlgen(t)
	readHeader(t, c) // connection_ack
	if err := c.WriteMessage(websocket.TextMessage, []byte(`{"type":"pong"}`)); err != nil {
		t.Fatal(err)
	}
	timeout := time.After(5 * time.Second)
	for {
		select {
		case d := <-deadlines:
			if d.IsZero() {
				return
			}
		case <-timeout:
			t.Fatal("gqlgen no longer clears the read deadline on pong: gorillaConn.SetReadDeadline may pass its deadlines on")
		}
	}
}

// operationContexts records the context of each operation gqlgen runs.
type operationContexts chan context.Context

func (operationContexts) ExtensionName() string                   { return "OperationContexts" }
func (operationContexts) Validate(graphql.ExecutableSchema) error { return nil }
func (o operationContexts) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	o <- ctx
	return next(ctx)
}

// TestGqlgenCancelsAnOperationsContextWhenItEnds: on a websocket, gqlgen
// runs each operation under a context of its own and cancels it when the
// operation ends. socketOperations frees the operation's place (and arms
// the anonymous idle clock) with context.AfterFunc on that context: were it
// never cancelled, a socket would fill its caps and keep them.
func TestGqlgenCancelsAnOperationsContextWhenItEnds(t *testing.T) {
	ctxs := make(operationContexts, 1)
	_, c, _ := dialGqlgen(t, ctxs)
	readHeader(t, c) // connection_ack
	if err := c.WriteMessage(websocket.TextMessage, []byte(`{"type":"subscribe","id":"q1","payload":{"query":"query { name }"}}`)); err != nil {
		t.Fatal(err)
	}
	if h := readHeader(t, c); h.Type != "next" {
		t.Fatalf("got %q, want the query's next", h.Type)
	}
	if h := readHeader(t, c); h.Type != "complete" {
		t.Fatalf("got %q, want the query's complete", h.Type)
	}
	select {
	case ctx := <-ctxs:
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("gqlgen no longer cancels an operation's context when it ends: socketOperations' counts would leak")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the operation did not reach the extension")
	}
}
