package servertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// The GraphQL websocket subprotocols.
const (
	TransportWS = "graphql-transport-ws" // graphql-ws's current protocol
	LegacyWS    = "graphql-ws"           // subscriptions-transport-ws
)

// Stream is one subscription over its own websocket.
type Stream struct {
	env      *Env
	conn     *websocket.Conn
	protocol string
	msgs     chan streamMessage
	held     chan struct{} // closed by Resume; nil unless DialOptions.Hold

	pings      atomic.Int32 // websocket ping frames received
	keepAlives atomic.Int32 // "ka" messages received (legacy protocol)
}

type streamMessage struct {
	Type    string          `json:"type"`
	ID      string          `json:"id,omitempty"`
	Payload json.RawMessage `json:"payload,omitempty"`
	err     error
}

// Event is what a stream delivered: data, errors, or its end.
type Event struct {
	ID        string // the operation's
	Data      json.RawMessage
	Errors    []Error
	Done      bool // the server completed the subscription
	Closed    bool // the connection closed
	CloseCode int  // with this code, when the server sent one
}

// DialOptions change how Subscribe connects.
type DialOptions struct {
	Protocol string            // TransportWS when empty
	Origin   string            // the browser's Origin header; none when empty
	Init     map[string]any    // connection_init's payload
	Header   map[string]string // more request headers
	// Deaf leaves the server's pings unanswered, like a peer that is gone.
	Deaf bool
	// Mute sends no connection_init: Dial returns once connected.
	Mute bool
	// Hold makes a slow reader: after connection_ack nothing is read from the
	// connection until Resume, and the kernel buffers of the connection are
	// small (the client's receive buffer and, for a server started here, the
	// server's send buffer), so that once they are full the server's writes
	// to it block.
	Hold bool
}

// The kernel buffers of a held connection (the kernel doubles them, and
// keeps minimums of its own). Without a fixed send buffer, Linux grows the
// server's up to 4 MiB (net.ipv4.tcp_wmem).
const (
	holdReadBuffer  = 4096
	holdWriteBuffer = 4096
)

// Subscribe opens a websocket as c (with c's cookies) and starts a
// subscription. It fails the test when the connection is refused; use Dial
// to look at refusals.
func (c *Client) Subscribe(query string, vars map[string]any, opts DialOptions) *Stream {
	c.env.T.Helper()
	s, res, err := c.Dial(opts)
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		c.env.T.Fatalf("websocket: %v (HTTP %d)", err, status)
	}
	s.Start(query, vars)
	return s
}

// Dial opens a websocket and completes connection_init.
func (c *Client) Dial(opts DialOptions) (*Stream, *http.Response, error) {
	if opts.Protocol == "" {
		opts.Protocol = TransportWS
	}
	u, _ := url.Parse(c.env.URL)
	h := c.Header.Clone()
	if ck := c.CookieHeader(); ck != "" {
		h.Set("Cookie", ck)
	}
	if opts.Origin != "" {
		h.Set("Origin", opts.Origin)
	}
	for k, v := range opts.Header {
		h.Set(k, v)
	}
	d := websocket.Dialer{Subprotocols: []string{opts.Protocol}, HandshakeTimeout: 5 * time.Second}
	if opts.Hold {
		d.NetDialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := holdDialer().DialContext(ctx, network, addr)
			if err == nil {
				err = conn.(*net.TCPConn).SetReadBuffer(holdReadBuffer)
			}
			return conn, err
		}
	}
	conn, res, err := d.Dial("ws://"+u.Host+"/graphql", h)
	if err != nil {
		return nil, res, err
	}
	s := &Stream{env: c.env, conn: conn, protocol: opts.Protocol, msgs: make(chan streamMessage, 100)}
	if opts.Hold && c.env.conns != nil {
		// The server accepted the connection before it answered the upgrade.
		sc, ok := c.env.conns.Load(conn.LocalAddr().String())
		if !ok {
			c.env.T.Fatalf("no server connection from %s", conn.LocalAddr())
		}
		if err := sc.(*net.TCPConn).SetWriteBuffer(holdWriteBuffer); err != nil {
			c.env.T.Fatal(err)
		}
	}
	if opts.Hold {
		s.held = make(chan struct{})
		c.env.T.Cleanup(s.Resume)
	}
	conn.SetPingHandler(func(data string) error {
		s.pings.Add(1)
		if opts.Deaf {
			return nil
		}
		return conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
	})
	c.env.T.Cleanup(func() { _ = conn.Close() })
	go s.read()
	if opts.Mute {
		return s, res, nil
	}
	init := opts.Init
	if init == nil {
		init = map[string]any{}
	}
	s.send(map[string]any{"type": "connection_init", "payload": init})
	for {
		m := s.next(5 * time.Second)
		switch m.Type {
		case "connection_ack":
			return s, res, nil
		case "ka", "ping", "pong":
			continue
		case "":
			if m.err == errTimeout {
				return s, res, fmt.Errorf("no connection_ack within 5s")
			}
			return s, res, fmt.Errorf("the server closed the connection after connection_init: %w", m.err)
		default:
			return s, res, fmt.Errorf("connection_init answered %q %s", m.Type, m.Payload)
		}
	}
}

// CookieHeader is the Cookie header c sends to its server.
func (c *Client) CookieHeader() string {
	u, _ := url.Parse(c.env.URL)
	var cookies []string
	for _, ck := range c.http.Jar.Cookies(u) {
		cookies = append(cookies, ck.Name+"="+ck.Value)
	}
	return strings.Join(cookies, "; ")
}

// Start sends the subscription, as operation "1".
func (s *Stream) Start(query string, vars map[string]any) { s.StartID("1", query, vars) }

// StartID sends a subscription with its own operation id, for several on
// one websocket.
func (s *Stream) StartID(id, query string, vars map[string]any) {
	typ := "subscribe"
	if s.protocol == LegacyWS {
		typ = "start"
	}
	s.send(map[string]any{"id": id, "type": typ, "payload": map[string]any{"query": query, "variables": vars}})
}

// Stop ends the subscription id from the client's side.
func (s *Stream) Stop(id string) {
	typ := "complete"
	if s.protocol == LegacyWS {
		typ = "stop"
	}
	s.send(map[string]any{"id": id, "type": typ})
}

// Next waits up to timeout for the next event; ok is false on timeout.
func (s *Stream) Next(timeout time.Duration) (ev Event, ok bool) {
	s.env.T.Helper()
	deadline := time.Now().Add(timeout)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return Event{}, false
		}
		m := s.next(left)
		switch m.Type {
		case "":
			if m.err == errTimeout {
				return Event{}, false
			}
			ev := Event{Closed: true}
			if ce, ok := m.err.(*websocket.CloseError); ok {
				ev.CloseCode = ce.Code
			}
			return ev, true
		case "ka", "ping", "pong":
			if m.Type == "ping" {
				s.send(map[string]any{"type": "pong"})
			}
		case "next", "data":
			var p struct {
				Data   json.RawMessage
				Errors []Error
			}
			_ = json.Unmarshal(m.Payload, &p)
			return Event{ID: m.ID, Data: p.Data, Errors: p.Errors}, true
		case "error":
			var errs []Error
			if json.Unmarshal(m.Payload, &errs) != nil {
				var one Error
				_ = json.Unmarshal(m.Payload, &one)
				errs = []Error{one}
			}
			return Event{ID: m.ID, Errors: errs}, true
		case "complete":
			return Event{ID: m.ID, Done: true}, true
		}
	}
}

// WaitFor reads messages until one of the type comes (true), or the
// connection closes or the time is up (false).
func (s *Stream) WaitFor(typ string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		m := s.next(time.Until(deadline))
		if m.Type == typ {
			return true
		}
		if m.Type == "" {
			return false
		}
	}
	return false
}

// Pings is how many websocket ping frames the server sent.
func (s *Stream) Pings() int { return int(s.pings.Load()) }

// KeepAlives is how many "ka" messages the server sent.
func (s *Stream) KeepAlives() int { return int(s.keepAlives.Load()) }

// Close closes the websocket.
func (s *Stream) Close() { _ = s.conn.Close() }

var errTimeout = fmt.Errorf("timeout")

func (s *Stream) next(timeout time.Duration) streamMessage {
	select {
	case m, ok := <-s.msgs:
		if !ok {
			return streamMessage{}
		}
		return m
	case <-time.After(timeout):
		return streamMessage{err: errTimeout}
	}
}

func (s *Stream) read() {
	defer close(s.msgs)
	for {
		var m streamMessage
		if err := s.conn.ReadJSON(&m); err != nil {
			s.msgs <- streamMessage{err: err} // how it ended
			return
		}
		if m.Type == "ka" {
			s.keepAlives.Add(1)
		}
		s.msgs <- m
		if m.Type == "connection_ack" && s.held != nil {
			<-s.held
		}
	}
}

// Resume starts reading a stream dialled with Hold.
func (s *Stream) Resume() {
	if s.held == nil {
		return
	}
	select {
	case <-s.held:
	default:
		close(s.held)
	}
}

// Send sends a protocol message as it is, e.g. {"type": "pong"}.
func (s *Stream) Send(msg map[string]any) { s.send(msg) }

// SendText sends a text frame as it is, valid JSON or not.
func (s *Stream) SendText(text string) { _ = s.conn.WriteMessage(websocket.TextMessage, []byte(text)) }

func (s *Stream) send(v any) {
	_ = s.conn.WriteJSON(v)
}
