package graphqlws

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/gorilla/websocket"

	"github.com/rosterhq/roster/server/clientip"
	"github.com/rosterhq/roster/server/metrics"
	"github.com/rosterhq/roster/server/viewer"
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
	checkOrigin func(*http.Request) bool
	keepAlive   time.Duration // see gorillaConn
	initTimeout time.Duration // see gorillaConn
	logger      *slog.Logger
	session     func(context.Context) viewer.Source
	sockets     *Sockets
	metrics     *metrics.Metrics
}

// Options configure the transport.
type Options struct {
	Logger *slog.Logger
	// CheckOrigin reports whether a browser origin may open a websocket.
	CheckOrigin func(*http.Request) bool
	// Session returns the viewer.Source of the upgrade request's session
	// cookie: whom the socket acts for until connection_init says
	// otherwise.
	Session func(context.Context) viewer.Source
	// Bearer returns the viewer.Source of the Authorization value of a
	// connection_init payload: nil viewer once the token is unknown.
	Bearer func(authorization string) viewer.Source
	// Sockets keeps the open websockets.
	Sockets *Sockets
	// KeepAlive is how often websockets are pinged (15 s when zero); a peer
	// silent for two of these is dropped.
	KeepAlive time.Duration
	// InitTimeout is how long a websocket may take to send connection_init
	// (10 s when zero).
	InitTimeout time.Duration
	// ReadLimit bounds the size of one message from a client.
	ReadLimit int64
	// Metrics count websockets; nil counts nothing.
	Metrics *metrics.Metrics
}

// New returns the websocket transport, for handler.Server.AddTransport.
func New(opts Options) graphql.Transport {
	keepAlive, initTimeout := opts.KeepAlive, opts.InitTimeout
	if keepAlive <= 0 {
		keepAlive = 15 * time.Second
	}
	if initTimeout <= 0 {
		initTimeout = 10 * time.Second
	}
	readLimit := opts.ReadLimit
	return detachedWebsocket{
		checkOrigin: opts.CheckOrigin, logger: opts.Logger,
		keepAlive: keepAlive, initTimeout: initTimeout,
		session: opts.Session, sockets: opts.Sockets, metrics: opts.Metrics,
		Websocket: transport.Websocket{
			InitFunc:         initFunc(opts.Bearer, opts.Logger),
			PayloadReadLimit: &readLimit,
			// No InitTimeout, KeepAlivePingInterval or PingPongInterval:
			// gorillaConn does these, with the protocol's close code and
			// without a goroutine each.
		},
	}
}

func (d detachedWebsocket) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	// The socket acts for the session of its cookie (if any) until its
	// connection_init says otherwise (a bearer token), and asks that
	// session again before each operation.
	k := d.sockets.admit(w, clientip.Key(r.Context()), d.session(r.Context()))
	if k == nil {
		return
	}
	accepted := make(chan bool, 1)
	done := make(chan struct{})
	r = r.WithContext(withSocket(context.WithoutCancel(r.Context()), k))
	// An upgrade has no body, and the body net/http gave this request (or
	// the MaxBytesReader around it) points back at the HTTP connection's
	// state and buffers: the websocket, which outlives the request, must
	// not hold it.
	r.Body = http.NoBody
	// Nor does it need the request's other headers (cookies, the browser's
	// and proxies' own), which gqlgen would keep: only the handshake's.
	r.Header = handshakeHeaders(r.Header)
	go d.serve(w, r, exec, accepted, done)
	select {
	case ok := <-accepted:
		if !ok {
			<-done // the refusal is written to w: wait for it
		}
	case <-done:
	}
}

// handshakeHeaders copies what a websocket handshake reads of a request's
// headers.
func handshakeHeaders(h http.Header) http.Header {
	out := make(http.Header, 7)
	for _, k := range []string{"Connection", "Upgrade", "Origin", "Sec-Websocket-Key", "Sec-Websocket-Version", "Sec-Websocket-Protocol", "Sec-Websocket-Extensions"} {
		if v := h.Values(k); len(v) > 0 {
			out[k] = v
		}
	}
	return out
}

// serve runs one connection. w is a parameter, not captured by a closure,
// so that nothing holds it (and with it net/http's connection state and
// buffers) once the connection is taken over.
func (d detachedWebsocket) serve(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, accepted chan<- bool, done chan<- struct{}) {
	defer close(done)
	defer socketOf(r.Context()).gone()
	// net/http no longer guards this goroutine: a panic here must end one
	// connection, not the server.
	defer func() {
		if p := recover(); p != nil {
			d.logger.ErrorContext(r.Context(), "panic in a websocket", "request_id", middleware.GetReqID(r.Context()),
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	ws := d.Websocket
	open := false // Accept runs inside Do, on this goroutine
	ws.Implementation = gorillaWebsocket{checkOrigin: d.checkOrigin, keepAlive: d.keepAlive, initTimeout: d.initTimeout, accepted: accepted,
		opened: func() { open = true; d.metrics.WebsocketOpened() }}
	ws.Do(w, r, exec)
	if open {
		d.metrics.WebsocketClosed()
	}
}

// gorillaWebsocket accepts a websocket with gorilla/websocket, and says on
// accepted whether it did.
type gorillaWebsocket struct {
	checkOrigin func(*http.Request) bool
	keepAlive   time.Duration
	initTimeout time.Duration
	accepted    chan<- bool
	opened      func() // after a successful upgrade
}

func (g gorillaWebsocket) Accept(w http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	conn, err := g.accept(w, r, opts)
	if err == nil && g.opened != nil {
		g.opened()
	}
	if g.accepted != nil {
		g.accepted <- err == nil
	}
	if err != nil {
		return nil, err
	}
	if k := socketOf(r.Context()); k != nil {
		k.accepted(conn)
	}
	return conn, nil
}

func (g gorillaWebsocket) accept(w http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (*gorillaConn, error) {
	up := websocket.Upgrader{
		HandshakeTimeout: 10 * time.Second,
		// Messages are small, and idle connections share write buffers. Reads
		// get a small buffer of their own: reusing the HTTP server's would
		// keep its whole connection state (and its buffers) alive.
		ReadBufferSize:  1024,
		WriteBufferSize: 1024,
		WriteBufferPool: writeBuffers,
		Subprotocols:    opts.Subprotocols,
		CheckOrigin:     g.checkOrigin,
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
