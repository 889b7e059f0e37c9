package graphqlws

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
)

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
// On graphql-transport-ws, every message in and out passes its guard (see
// transportWSGuard).
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
	if conn.Subprotocol() == transportWS {
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
	// A write already under way says as much as "ka" would.
	if c.Subprotocol() != transportWS && c.writing.TryLock() {
		_ = c.SetWriteDeadline(time.Now().Add(writeWait))
		_ = c.WriteMessage(websocket.TextMessage, keepAliveMessage)
		c.writing.Unlock()
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

// WriteJSON sends a message of gqlgen's. It is marshalled here, once, so
// that the guard reads its type and id from the bytes that are sent rather
// than from gqlgen's (unexported) message type.
func (c *gorillaConn) WriteJSON(v any) error {
	c.init.Stop()
	buf := messageBuffers.Get().(*bytes.Buffer)
	defer messageBuffers.Put(buf)
	buf.Reset()
	// As gorilla's WriteJSON encodes (with its newline), into a buffer that
	// is used again rather than a new slice per message.
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		return err
	}
	if c.guard != nil && !c.guard.outbound(buf.Bytes()) {
		return nil
	}
	return c.writeText(buf.Bytes())
}

// messageBuffers hold messages while they are encoded and written.
var messageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeText sends a message: gqlgen's, or the guard's own.
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
