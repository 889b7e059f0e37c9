package bench

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// TestClosedLoop checks the load generator on a server in the test: every
// client keeps its one connection, an answer with GraphQL errors or a
// status other than 200 counts as failed, not as a latency, and no more
// than Clients requests are ever in flight.
func TestClosedLoop(t *testing.T) {
	var conns, inFlight, most, served atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(time.Millisecond)
		switch served.Add(1) % 10 {
		case 3:
			_, _ = w.Write([]byte(`{"errors":[{"message":"no"}]}`))
		case 7:
			http.Error(w, "busy", http.StatusServiceUnavailable)
		default:
			_, _ = w.Write([]byte(`{"data":{"__typename":"Query"}}`))
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	r := closedLoop(t, graphQL("test", srv.URL, typename, nil, ""), 300*time.Millisecond)
	if r.n == 0 || r.errors == 0 {
		t.Fatalf("%d answered, %d failed: want both", r.n, r.errors)
	}
	if got := r.n + r.errors; got != served.Load() {
		t.Errorf("counted %d requests, the server answered %d", got, served.Load())
	}
	if share := float64(r.errors) / float64(r.n+r.errors); share < 0.15 || share > 0.25 {
		t.Errorf("%.2f of the requests counted as failed, want 0.2", share)
	}
	if int(r.hist.TotalCount()) != int(r.n) || r.ms(50) < 1 {
		t.Errorf("histogram: %d latencies, p50 %.2f ms; want %d, at least the server's 1 ms", r.hist.TotalCount(), r.ms(50), r.n)
	}
	if conns.Load() != Clients {
		t.Errorf("%d connections for %d clients: keep-alive not reused", conns.Load(), Clients)
	}
	if most.Load() > Clients {
		t.Errorf("%d requests in flight at once, want at most %d", most.Load(), Clients)
	}
	if r.rate() <= 0 || r.elapsed < 300*time.Millisecond {
		t.Errorf("rate %.0f over %s", r.rate(), r.elapsed)
	}
}
