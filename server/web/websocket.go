package web

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/gorilla/websocket"
)

// detachedWebsocket serves GraphQL websockets with gqlgen's transport
// (graphql-transport-ws and the legacy graphql-ws) over gorilla/websocket,
// and lets the HTTP handler return as soon as the connection is taken over:
// net/http then drops what it keeps per request (its buffers, the serving
// goroutine and its stack), which for thousands of dashboards is most of
// the memory. The connection lives on in its own goroutine, under a
// context that the end of the HTTP request does not cancel; it ends when
// the socket does.
type detachedWebsocket struct {
	transport.Websocket
	origins     originPolicy
	keepAlive   time.Duration // see gorillaConn
	initTimeout time.Duration // see gorillaConn
	logger      *slog.Logger
}

func (d detachedWebsocket) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	accepted := make(chan bool, 1)
	done := make(chan struct{})
	r = r.WithContext(withSubscriptionBudget(context.WithoutCancel(r.Context())))
	// An upgrade has no body, and the body net/http gave this request (or
	// the MaxBytesReader around it) points back at the HTTP connection's
	// state and buffers: the websocket, which outlives the request, must
	// not hold it.
	r.Body = http.NoBody
	go d.serve(w, r, exec, accepted, done)
	select {
	case ok := <-accepted:
		if !ok {
			<-done // the refusal is written to w: wait for it
		}
	case <-done:
	}
}

// serve runs one connection. w is a parameter, not captured by a closure,
// so that nothing holds it (and with it net/http's connection state and
// buffers) once the connection is taken over.
func (d detachedWebsocket) serve(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, accepted chan<- bool, done chan<- struct{}) {
	defer close(done)
	// net/http no longer guards this goroutine: a panic here must end one
	// connection, not the server.
	defer func() {
		if p := recover(); p != nil {
			d.logger.ErrorContext(r.Context(), "panic in a websocket", "request_id", middleware.GetReqID(r.Context()),
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	ws := d.Websocket
	ws.Implementation = gorillaWebsocket{origins: d.origins, keepAlive: d.keepAlive, initTimeout: d.initTimeout, accepted: accepted}
	ws.Do(w, r, exec)
}

// gorillaWebsocket accepts a websocket with gorilla/websocket, and says on
// accepted whether it did.
type gorillaWebsocket struct {
	origins     originPolicy
	keepAlive   time.Duration
	initTimeout time.Duration
	accepted    chan<- bool
}

func (g gorillaWebsocket) Accept(w http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	conn, err := g.accept(w, r, opts)
	if g.accepted != nil {
		g.accepted <- err == nil
	}
	return conn, err
}

func (g gorillaWebsocket) accept(w http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	up := websocket.Upgrader{
		HandshakeTimeout: 10 * time.Second,
		// Messages are small, and idle connections share write buffers. Reads
		// get a small buffer of their own: reusing the HTTP server's would
		// keep its whole connection state (and its buffers) alive.
		ReadBufferSize:  1024,
		WriteBufferSize: 1024,
		WriteBufferPool: writeBuffers,
		Subprotocols:    opts.Subprotocols,
		CheckOrigin:     g.origins.allows,
	}
	// The session middleware wraps the writer; gorilla needs the Hijacker.
	conn, err := up.Upgrade(hijackable{w}, r, opts.ResponseHeader)
	if err != nil {
		return nil, err
	}
	return newGorillaConn(conn, g.keepAlive, g.initTimeout), nil
}

var writeBuffers = &sync.Pool{}

type hijackable struct{ http.ResponseWriter }

func (h hijackable) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(h.ResponseWriter).Hijack()
}

// gorillaConn is a gorilla connection as gqlgen's transport wants it, with
// its own keep-alive.
//
// gqlgen's keep-alive runs a goroutine per connection for as long as it
// lives; here a timer fires every interval instead, and only then runs a
// goroutine for the moment it takes to write a ping frame (and, on the
// legacy graphql-ws protocol, whose clients drop a connection that stops
// sending them, a "ka" message). A peer that answers nothing (no pong, no
// message) for two intervals is dropped by the read deadline, and a write
// that cannot finish within writeWait fails instead of hanging.
//
// It also bounds the wait for connection_init: a connection that has not
// been acknowledged (the first message the server writes) in time is closed
// with graphql-transport-ws's 4408, which gqlgen's own timeout does not send.
type gorillaConn struct {
	*websocket.Conn
	interval time.Duration
	init     *time.Timer       // stopped by the first write, the connection_ack
	guard    *transportWSGuard // on graphql-transport-ws

	writing sync.Mutex // one writer at a time: gqlgen's and the keep-alive's

	mu     sync.Mutex
	timer  *time.Timer
	closed bool
}

// writeWait bounds every write to a peer.
const writeWait = 10 * time.Second

var (
	keepAliveMessage = []byte(`{"type":"ka"}`)
	pongMessage      = []byte(`{"type":"pong"}`)
)

// closeInitTimeout is graphql-transport-ws's close code for a connection
// that sent no connection_init in time.
const closeInitTimeout = 4408

func newGorillaConn(conn *websocket.Conn, interval, initTimeout time.Duration) *gorillaConn {
	c := &gorillaConn{Conn: conn, interval: interval}
	c.init = time.AfterFunc(initTimeout, func() { c.refuse(closeInitTimeout, "Connection initialisation timeout") })
	if conn.Subprotocol() == "graphql-transport-ws" {
		c.guard = newTransportWSGuard(c.refuse, func() { _ = c.writeText(pongMessage) })
	}
	c.alive()
	conn.SetPongHandler(func(string) error { c.alive(); return nil })
	c.mu.Lock()
	c.timer = time.AfterFunc(interval, c.ping)
	c.mu.Unlock()
	return c
}

// alive gives the peer two more intervals to be heard from.
func (c *gorillaConn) alive() {
	_ = c.Conn.SetReadDeadline(time.Now().Add(2 * c.interval))
}

// SetReadDeadline ignores gqlgen's read deadlines: the keep-alive owns them
// (gqlgen clears the deadline whenever a client sends a "pong" message,
// which would let a peer that then falls silent hold its connection).
func (c *gorillaConn) SetReadDeadline(time.Time) error { return nil }

func (c *gorillaConn) ping() {
	if err := c.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
		return // a broken connection: its reader ends it
	}
	if c.Subprotocol() != "graphql-transport-ws" {
		// A write already under way says as much as "ka" would.
		if c.writing.TryLock() {
			_ = c.SetWriteDeadline(time.Now().Add(writeWait))
			_ = c.WriteMessage(websocket.TextMessage, keepAliveMessage)
			c.writing.Unlock()
		}
	}
	c.mu.Lock()
	if !c.closed {
		c.timer.Reset(c.interval)
	}
	c.mu.Unlock()
}

func (c *gorillaConn) NextReader() (int, io.Reader, error) {
	for {
		t, r, err := c.Conn.NextReader()
		if err == nil {
			c.alive()
		}
		if websocket.IsCloseError(err, websocket.CloseNormalClosure, websocket.CloseGoingAway, websocket.CloseNoStatusReceived) {
			return t, nil, transport.ErrWebsocketClosed
		}
		if err != nil || c.guard == nil {
			return t, r, err
		}
		data, err := io.ReadAll(r)
		if err != nil {
			return t, nil, err
		}
		if c.guard.inbound(data) {
			return t, bytes.NewReader(data), nil
		}
	}
}

func (c *gorillaConn) WriteJSON(v any) error {
	c.init.Stop()
	if c.guard != nil && !c.guard.outbound(v) {
		return nil
	}
	c.writing.Lock()
	defer c.writing.Unlock()
	_ = c.SetWriteDeadline(time.Now().Add(writeWait))
	return c.Conn.WriteJSON(v)
}

// writeText sends a message of the guard's or the keep-alive's own.
func (c *gorillaConn) writeText(b []byte) error {
	c.writing.Lock()
	defer c.writing.Unlock()
	_ = c.SetWriteDeadline(time.Now().Add(writeWait))
	return c.WriteMessage(websocket.TextMessage, b)
}

// refuse closes the connection with a protocol's close code.
func (c *gorillaConn) refuse(code int, reason string) {
	_ = c.WriteClose(code, reason)
	_ = c.Conn.Close()
}

func (c *gorillaConn) Close() error {
	c.init.Stop()
	c.mu.Lock()
	c.closed = true
	c.timer.Stop()
	c.mu.Unlock()
	return c.Conn.Close()
}

func (c *gorillaConn) WriteClose(code int, message string) error {
	err := c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, message), time.Now().Add(time.Second))
	if errors.Is(err, websocket.ErrCloseSent) {
		return nil
	}
	return err
}

// originPolicy decides which browser origins may open websockets and call
// the API with credentials: the public URL's and the configured ones.
type originPolicy struct{ allowed []string }

func newOriginPolicy(origins []string) originPolicy {
	p := originPolicy{}
	for _, o := range origins {
		if u, err := url.Parse(strings.TrimRight(o, "/")); err == nil && u.Host != "" {
			p.allowed = append(p.allowed, strings.ToLower(u.Scheme+"://"+u.Host))
		}
	}
	return p
}

// allows reports whether a request's Origin is allowed. A request without
// one does not come from a browser page, and is not a cross-site risk.
func (p originPolicy) allows(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	return slices.Contains(p.allowed, strings.ToLower(strings.TrimRight(origin, "/")))
}

// checkWebsocketOrigin refuses, with 403, a websocket upgrade from a
// foreign browser origin before anything else reads it.
func checkWebsocketOrigin(p originPolicy) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if websocket.IsWebSocketUpgrade(r) && !p.allows(r) {
				http.Error(w, "websocket origin not allowed", http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
