// Package bench measures Roster from outside, as its users meet it: the
// real binary, in its own process, over HTTP and websockets. Run it with
// `make bench` (which also starts a throwaway PostgreSQL for the
// cross-replica figures).
package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds bin/roster once per run.
func binary(tb testing.TB) string {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "roster-bench")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "roster")
		out, err := exec.Command("go", "build", "-o", binPath, "../cmd/roster").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binPath
}

// server is a running bin/roster.
type server struct {
	cmd *exec.Cmd
	url string
}

// start runs bin/roster serve on db with extra environment.
func start(tb testing.TB, db string, env ...string) *server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(binary(tb), "serve")
	cmd.Env = append(os.Environ(), "ROSTER_ADDR="+addr, "ROSTER_DATABASE_URL="+db, "ROSTER_PUBLIC_URL=http://"+addr,
		"ROSTER_SMTP_URL=", "ROSTER_RATE_LIMIT=off", "ROSTER_DEFAULT_SEAT_LIMIT=100000")
	cmd.Env = append(cmd.Env, env...)
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	go func() { _, _ = bufio.NewReader(stdout).WriteTo(new(bytes.Buffer)) }()
	for i := 0; ; i++ {
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			break
		}
		if i > 300 {
			tb.Fatalf("roster serve did not start:\n%s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return &server{cmd: cmd, url: "http://" + addr}
}

// rssMB is the server process's resident memory, in MB.
func (s *server) rssMB(tb testing.TB) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.Atoi(f[1])
			return float64(kb) / 1024
		}
	}
	return 0
}

// client is a browser: a cookie jar and GraphQL over HTTP.
type client struct {
	tb   testing.TB
	http *http.Client
}

func newClient(tb testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{tb: tb, http: &http.Client{Jar: jar, Timeout: time.Minute}}
}

func (c *client) do(s *server, query string, vars map[string]any, out any) {
	c.tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	res, err := c.http.Post(s.url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		c.tb.Fatal(err)
	}
	defer res.Body.Close()
	var r struct {
		Data   json.RawMessage
		Errors []json.RawMessage
	}
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		c.tb.Fatal(err)
	}
	if len(r.Errors) > 0 {
		c.tb.Fatalf("%s: %s", query, r.Errors[0])
	}
	if out != nil {
		_ = json.Unmarshal(r.Data, out)
	}
}

// owner signs a user up on s and creates an organization; it returns the
// client and the organization's ID.
func owner(tb testing.TB, s *server, email string) (*client, string) {
	c := newClient(tb)
	c.do(s, `mutation($e: String!) { signUp(input: {email: $e, password: "correct horse battery", name: "Owner"}) { user { id } } }`,
		map[string]any{"e": email}, nil)
	var org struct{ CreateOrganization struct{ ID string } }
	c.do(s, `mutation { createOrganization(input: {name: "Bench"}) { id } }`, nil, &org)
	return c, org.CreateOrganization.ID
}

// subscribe opens a graphql-transport-ws subscription to the seat usage as
// c, and returns a channel of the times events arrived (the first, current
// usage excluded, after it arrived).
func (c *client) subscribe(tb testing.TB, s *server, orgID string) (<-chan time.Time, func()) {
	u, _ := url.Parse(s.url)
	h := http.Header{}
	for _, ck := range c.http.Jar.Cookies(u) {
		h.Add("Cookie", ck.Name+"="+ck.Value)
	}
	d := websocket.Dialer{Subprotocols: []string{"graphql-transport-ws"}, HandshakeTimeout: 30 * time.Second}
	conn, _, err := d.Dial("ws://"+u.Host+"/graphql", h)
	if err != nil {
		tb.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}
	must(conn.WriteJSON(map[string]any{"type": "connection_init", "payload": map[string]any{}}))
	must(conn.WriteJSON(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
		"query":     `subscription($o: ID!) { seatUsageChanged(organizationID: $o) { used } }`,
		"variables": map[string]any{"o": orgID}}}))
	events := make(chan time.Time, 1024)
	first := make(chan struct{})
	go func() {
		defer close(events)
		gotFirst := false
		for {
			var m struct{ Type string }
			if err := conn.ReadJSON(&m); err != nil {
				return
			}
			switch m.Type {
			case "next":
				if !gotFirst {
					gotFirst = true
					close(first)
					continue
				}
				events <- time.Now()
			case "ping":
				_ = conn.WriteJSON(map[string]any{"type": "pong"})
			}
		}
	}()
	select {
	case <-first:
	case <-time.After(30 * time.Second):
		tb.Fatal("no first event")
	}
	return events, func() { _ = conn.Close() }
}
