package graphqlws

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// gqlgenMessage has the shape of gqlgen's outgoing websocket messages.
type gqlgenMessage struct {
	Payload json.RawMessage `json:"payload,omitempty"`
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
}

// benchConn returns the server side of a graphql-transport-ws connection
// whose client reads and drops everything.
func benchConn(b *testing.B) *gorillaConn {
	b.Helper()
	conns := make(chan *websocket.Conn, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		up := websocket.Upgrader{Subprotocols: []string{transportWS}}
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			b.Error(err)
			return
		}
		conns <- c
	}))
	b.Cleanup(srv.Close)
	d := websocket.Dialer{Subprotocols: []string{transportWS}}
	client, _, err := d.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = client.Close() })
	go func() {
		for {
			_, r, err := client.NextReader()
			if err != nil {
				return
			}
			_, _ = io.Copy(io.Discard, r)
		}
	}()
	c := newGorillaConn(<-conns, time.Hour, time.Hour)
	b.Cleanup(func() { _ = c.Close() })
	return c
}

// BenchmarkWriteJSON writes one subscription event as gqlgen hands it over:
// the fan-out path of every dashboard's seat meter.
func BenchmarkWriteJSON(b *testing.B) {
	c := benchConn(b)
	msg := &gqlgenMessage{
		Type:    "next",
		ID:      "7f1c8a2e-organization",
		Payload: json.RawMessage(`{"data":{"seatUsageChanged":{"organizationId":"org_01JD7ZQ4S3M7K2V8X9Y0A1B2C3","used":1234,"limit":100000,"pending":17,"__typename":"SeatUsage"}}}`),
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.WriteJSON(msg); err != nil {
			b.Fatal(err)
		}
	}
}
