package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rosterhq/roster/server/servertest"
)

// TestSIGTERMDrains runs the real binary with JSON logs and metrics on an
// address of their own, and sends it SIGTERM while a request is in flight
// (its body half uploaded) and a websocket is open: the websocket is closed
// with 1001 (going away), the request still completes with its answer, the
// process then exits cleanly, and every line it logged is JSON.
func TestSIGTERMDrains(t *testing.T) {
	bin := servertest.Binary(t)
	db := "sqlite:" + filepath.Join(t.TempDir(), "roster.db")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := ln.Addr().String()
	ln.Close()
	p := servertest.StartProcess(t, bin, db, "ROSTER_DEV=true", "ROSTER_LOG_FORMAT=json", "ROSTER_METRICS_ADDR="+metricsAddr)

	ws, _, err := servertest.Remote(t, p.URL).NewClient().Dial(servertest.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if code, body := httpGet(t, "http://"+metricsAddr+"/metrics"); code != 200 || !strings.Contains(body, "roster_websockets_open 1") {
		t.Errorf("metrics address: %d, want 200 with one websocket open:\n%s", code, body)
	}
	if _, body := httpGet(t, p.URL+"/metrics"); strings.Contains(body, "roster_websockets_open") {
		t.Error("the API's address serves the metrics too")
	}

	// A sign-up whose body arrives in two halves, the second after SIGTERM.
	body, _ := json.Marshal(map[string]any{
		"query":     `mutation($in: SignUpInput!) { signUp(input: $in) { user { email } } }`,
		"variables": map[string]any{"in": map[string]any{"email": "late@drain.test", "password": "correct horse battery", "name": "Late"}},
	})
	u, _ := url.Parse(p.URL)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	half := len(body) / 2
	// "Expect: 100-continue": the server answers 100 when the handler starts
	// reading the body, so the request is known to be in flight (accepted,
	// its headers read, in the handler) before the signal is sent.
	fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", u.Host, len(body))
	br := bufio.NewReader(conn)
	_ = conn.SetReadDeadline(time.Now().Add(15 * time.Second))
	if status, err := br.ReadString('\n'); err != nil || !strings.HasPrefix(status, "HTTP/1.1 100 ") {
		t.Fatalf("no 100 Continue: %q %v", status, err)
	}
	if blank, err := br.ReadString('\n'); err != nil || blank != "\r\n" {
		t.Fatalf("after 100 Continue: %q %v", blank, err)
	}
	if _, err := conn.Write(body[:half]); err != nil {
		t.Fatal(err)
	}

	p.Signal(t, syscall.SIGTERM)
	// The 1001 says the shutdown has begun (it is sent as it begins).
	ev, ok := ws.Next(10 * time.Second)
	if !ok || !ev.Closed || ev.CloseCode != 1001 {
		t.Fatalf("the websocket got %+v (ok %v) after SIGTERM; want a close with 1001", ev, ok)
	}
	if _, err := conn.Write(body[half:]); err != nil {
		t.Fatalf("finishing the request's body after SIGTERM: %v", err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(15 * time.Second))
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("the request in flight got no answer: %v\nlog:\n%s", err, p.Stderr())
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var out struct {
		Data struct {
			SignUp struct{ User struct{ Email string } }
		}
		Errors []any
	}
	if err := json.Unmarshal(raw, &out); err != nil || res.StatusCode != http.StatusOK || len(out.Errors) > 0 || out.Data.SignUp.User.Email != "late@drain.test" {
		t.Fatalf("the request in flight got %d %s; want its sign-up done\nlog:\n%s", res.StatusCode, raw, p.Stderr())
	}

	if err := p.Wait(); err != nil {
		t.Errorf("after SIGTERM the process ended with %v; want exit 0\nlog:\n%s", err, p.Stderr())
	}
	log := p.Stderr()
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil || rec["msg"] == nil || rec["level"] == nil {
			t.Errorf("a log line is not slog's JSON: %q", line)
		}
	}
	if !strings.Contains(log, `"msg":"shutting down: draining the requests in flight"`) {
		t.Errorf("the shutdown was not logged:\n%s", log)
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}
