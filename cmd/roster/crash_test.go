package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestKillLosesNothing runs the real binary on a SQLite file, makes changes,
// kills the process with SIGKILL right after the last answer, and restarts
// it: everything a mutation reported as done is still there.
func TestKillLosesNothing(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "roster")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := "sqlite:" + filepath.Join(dir, "roster.db")

	srv := startBinary(t, bin, db)
	c := newGraphQLClient(t, srv)
	c.do(`mutation { signUp(input: {email: "owner@crash.test", password: "correct horse battery", name: "Owner"}) { user { id } } }`)
	var org struct{ CreateOrganization struct{ ID string } }
	c.decode(c.do(`mutation { createOrganization(input: {name: "Crash"}) { id } }`), &org)
	const n = 25
	for i := range n {
		c.do(fmt.Sprintf(`mutation { inviteMember(input: {organizationID: %q, email: "p%d@crash.test", role: MEMBER}) { id } }`, org.CreateOrganization.ID, i))
	}
	srv.kill(t)

	srv = startBinary(t, bin, db)
	c2 := newGraphQLClient(t, srv)
	c2.do(`mutation { signIn(email: "owner@crash.test", password: "correct horse battery") { user { id } } }`)
	var out struct {
		Organization struct {
			SeatUsage   struct{ Pending int }
			Invitations struct{ TotalCount int }
		}
	}
	c2.decode(c2.do(`{ organization(slug: "crash") { seatUsage { pending } invitations { totalCount } } }`), &out)
	if out.Organization.Invitations.TotalCount != n {
		t.Errorf("after kill -9: %d invitations, want %d", out.Organization.Invitations.TotalCount, n)
	}
	srv.kill(t)
}

type process struct {
	cmd *exec.Cmd
	url string
}

func startBinary(t *testing.T, bin, db string) *process {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "ROSTER_ADDR="+addr, "ROSTER_DATABASE_URL="+db,
		"ROSTER_PUBLIC_URL=http://"+addr, "ROSTER_SMTP_URL=", "ROSTER_RATE_LIMIT=off",
		"ROSTER_DEFAULT_SEAT_LIMIT=100")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "is running at") {
				ready <- true
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		t.Fatalf("roster serve did not start:\n%s", stderr.String())
	}
	// The banner is printed just before listening: wait for the port.
	for i := 0; ; i++ {
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			break
		}
		if i > 100 {
			t.Fatalf("roster serve is not answering:\n%s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return &process{cmd: cmd, url: "http://" + addr}
}

func (p *process) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
}

type graphQLClient struct {
	t    *testing.T
	url  string
	http *http.Client
}

func newGraphQLClient(t *testing.T, p *process) *graphQLClient {
	jar, _ := cookiejar.New(nil)
	return &graphQLClient{t: t, url: p.url + "/graphql", http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// do runs a query that must succeed and returns its data.
func (c *graphQLClient) do(query string) json.RawMessage {
	c.t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	res, err := c.http.Post(c.url, "application/json", bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		c.t.Fatal(err)
	}
	if len(out.Errors) > 0 {
		c.t.Fatalf("%s: %+v", query, out.Errors)
	}
	return out.Data
}

func (c *graphQLClient) decode(data json.RawMessage, v any) {
	c.t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		c.t.Fatal(err)
	}
}
