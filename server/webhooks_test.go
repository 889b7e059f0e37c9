package server_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/servertest"
)

// received is one request a receiver got.
type received struct {
	Header http.Header
	Body   []byte
}

// receiver is a real HTTP endpoint on loopback that answers each request
// as its script says (a status, or a delay past the timeout).
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	script []func(w http.ResponseWriter)
	got    chan received
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{got: make(chan received, 32)}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.got <- received{req.Header.Clone(), body}
		r.mu.Lock()
		var answer func(http.ResponseWriter)
		if len(r.script) > 0 {
			answer, r.script = r.script[0], r.script[1:]
		}
		r.mu.Unlock()
		if answer == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		answer(w)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) then(answers ...func(w http.ResponseWriter)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.script = append(r.script, answers...)
}

func status(code int) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) { w.WriteHeader(code) }
}

func (r *receiver) next(t *testing.T) received {
	t.Helper()
	select {
	case m := <-r.got:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no delivery within 10s")
		return received{}
	}
}

type delivery struct {
	ID, EventType, Status string
	Attempts              int
	ResponseStatus        *int
}

// deliveries reads a webhook's delivery log through the API.
func deliveries(t *testing.T, c *servertest.Client, org servertest.Org) []delivery {
	t.Helper()
	var out struct {
		Organization struct {
			Webhooks []struct {
				Deliveries struct{ Edges []struct{ Node delivery } }
			}
		}
	}
	doOK(t, c, `query($s: String!) { organization(slug: $s) { webhooks { deliveries { edges { node { id eventType status attempts responseStatus } } } } } }`,
		map[string]any{"s": org.Slug}, &out)
	var ds []delivery
	for _, h := range out.Organization.Webhooks {
		for _, e := range h.Deliveries.Edges {
			ds = append(ds, e.Node)
		}
	}
	return ds
}

// eventually waits for the newest delivery to reach a state.
func eventually(t *testing.T, c *servertest.Client, org servertest.Org, ok func(delivery) bool) delivery {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ds := deliveries(t, c, org)
		if len(ds) > 0 && ok(ds[0]) {
			return ds[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("deliveries %+v never reached the state", ds)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestWebhookDeliveries: an event reaches a real receiver signed per
// Standard Webhooks (verified by the reference library and by the spec's
// algorithm written out), is retried after a 500 and after a timeout with
// the same id and body, and the delivery log says so; a delivery that
// fails every attempt is FAILED and can be resent.
func TestWebhookDeliveries(t *testing.T) {
	clock := databasetest.NewClock()
	env := servertest.Start(t, func(c *server.Config) {
		c.Clock = clock
		c.WebhookAllowPrivateNetworks = true
		c.WebhookTimeout = 300 * time.Millisecond
	})
	owner := env.User("owner@hooks.test", "Owner")
	org := owner.CreateOrg("Hooks")
	rcv := newReceiver(t)
	var created struct {
		CreateWebhook struct {
			Webhook struct {
				ID, URL string
				Events  []string
				Active  bool
			}
			SigningSecret string
		}
	}
	doOK(t, owner, `mutation($o: ID!, $u: String!) { createWebhook(organizationID: $o, url: $u, events: ["invitation.created", "member.role_changed"]) { webhook { id url events active } signingSecret } }`,
		map[string]any{"o": org.ID, "u": rcv.URL + "/hook"}, &created)
	secret := created.CreateWebhook.SigningSecret
	env.Secret(secret, "a webhook signing secret")
	if !strings.HasPrefix(secret, "whsec_") || !created.CreateWebhook.Webhook.Active {
		t.Fatalf("created %+v", created.CreateWebhook.Webhook)
	}

	rcv.then(status(500), func(w http.ResponseWriter) { time.Sleep(time.Second); w.WriteHeader(200) }, status(200))
	owner.Invite(org, "new@hooks.test", "ADMIN")
	first := rcv.next(t)

	wh, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := wh.Verify(first.Body, first.Header); err != nil {
		t.Fatalf("the reference library does not verify the delivery: %v", err)
	}
	// The spec's algorithm: base64(HMAC-SHA256(key, id.timestamp.body)).
	key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(first.Header.Get("webhook-id") + "." + first.Header.Get("webhook-timestamp") + "." + string(first.Body)))
	if want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)); !strings.Contains(first.Header.Get("webhook-signature"), want) {
		t.Errorf("signature %q, want %q", first.Header.Get("webhook-signature"), want)
	}
	// A tampered body or an old timestamp does not verify.
	if wh.Verify(append(first.Body, ' '), first.Header) == nil {
		t.Error("a changed body verifies")
	}
	old := first.Header.Clone()
	old.Set("webhook-timestamp", "1000000000")
	if wh.Verify(first.Body, old) == nil {
		t.Error("a timestamp from 2001 verifies")
	}

	var body struct {
		Type, Timestamp string
		Data            struct {
			Organization struct{ ID, Name string }
			Actor        struct{ Type, Email string }
			Subject      struct{ Label string }
		}
	}
	if err := json.Unmarshal(first.Body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Type != "invitation.created" || body.Timestamp == "" || body.Data.Organization.ID != org.ID ||
		body.Data.Actor.Email != "owner@hooks.test" || body.Data.Actor.Type != "user" || body.Data.Subject.Label != "new@hooks.test" {
		t.Errorf("body %s", first.Body)
	}

	d := eventually(t, owner, org, func(d delivery) bool { return d.Attempts == 1 })
	if d.Status != "PENDING" || d.ResponseStatus == nil || *d.ResponseStatus != 500 || d.EventType != "invitation.created" {
		t.Errorf("after a 500: %+v", d)
	}
	clock.Advance(31 * time.Second)
	second := rcv.next(t)
	d = eventually(t, owner, org, func(d delivery) bool { return d.Attempts == 2 })
	if d.Status != "PENDING" || d.ResponseStatus != nil {
		t.Errorf("after a timeout: %+v", d)
	}
	clock.Advance(2*time.Minute + time.Second)
	third := rcv.next(t)
	d = eventually(t, owner, org, func(d delivery) bool { return d.Attempts == 3 })
	if d.Status != "SUCCEEDED" || d.ResponseStatus == nil || *d.ResponseStatus != 200 {
		t.Errorf("after a 200: %+v", d)
	}
	for _, r := range []received{second, third} {
		if r.Header.Get("webhook-id") != first.Header.Get("webhook-id") || string(r.Body) != string(first.Body) {
			t.Error("a retry changed the webhook-id or the body")
		}
		if err := wh.Verify(r.Body, r.Header); err != nil {
			t.Errorf("a retry does not verify: %v", err)
		}
	}

	// An event it did not ask for sends nothing; a failing endpoint ends
	// FAILED after the last attempt, and a resend delivers it.
	owner.MustDo(`mutation($o: ID!) { updateSeatLimit(organizationID: $o, seats: 30) { id } }`, map[string]any{"o": org.ID}, nil)
	rcv.then(status(500), status(500), status(503), status(500), status(502))
	owner.Invite(org, "fail@hooks.test", "MEMBER")
	for attempt, wait := range []time.Duration{0, 30 * time.Second, 2 * time.Minute, 8 * time.Minute, 32 * time.Minute} {
		clock.Advance(wait + time.Second)
		if r := rcv.next(t); !strings.Contains(string(r.Body), "fail@hooks.test") {
			t.Fatalf("attempt %d delivered %s", attempt+1, r.Body)
		}
		eventually(t, owner, org, func(d delivery) bool { return d.Attempts == attempt+1 })
	}
	d = eventually(t, owner, org, func(d delivery) bool { return d.Status == "FAILED" })
	if d.Attempts != 5 || *d.ResponseStatus != 502 {
		t.Errorf("failed delivery %+v", d)
	}
	clock.Advance(time.Hour)
	select {
	case r := <-rcv.got:
		t.Fatalf("a FAILED delivery was tried again: %s", r.Body)
	case <-time.After(300 * time.Millisecond):
	}
	doOK(t, owner, `mutation($id: ID!) { resendWebhookDelivery(id: $id) { status attempts } }`, map[string]any{"id": d.ID}, nil)
	if r := rcv.next(t); !strings.Contains(string(r.Body), "fail@hooks.test") {
		t.Errorf("the resend delivered %s", r.Body)
	}
	d = eventually(t, owner, org, func(d delivery) bool { return d.Status == "SUCCEEDED" })
	if ds := deliveries(t, owner, org); len(ds) != 2 {
		t.Errorf("deliveries %+v: the seat change (not subscribed) made one", ds)
	}
}

// TestWebhookURLs: creation refuses private, loopback, link-local and
// metadata addresses and plain http without the setting; the role matrix
// covers who may create.
func TestWebhookURLs(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@ssrf.test", "Owner")
	org := owner.CreateOrg("SSRF")
	for _, u := range []string{
		"http://127.0.0.1:8080/hook", "https://127.0.0.1/hook", "https://localhost/hook", "https://169.254.169.254/latest/meta-data",
		"https://[::1]/hook", "https://[::ffff:10.0.0.1]/hook", "https://192.168.0.10/hook", "http://example.com/hook", "file:///etc/passwd",
	} {
		res := owner.Do(`mutation($o: ID!, $u: String!) { createWebhook(organizationID: $o, url: $u, events: ["member.joined"]) { signingSecret } }`,
			map[string]any{"o": org.ID, "u": u})
		if res.Code() != "BAD_USER_INPUT" {
			t.Errorf("%s: %+v", u, res.Errors)
		}
	}
	res := owner.Do(`mutation($o: ID!) { createWebhook(organizationID: $o, url: "https://192.0.2.1/x", events: ["member.exploded"]) { signingSecret } }`,
		map[string]any{"o": org.ID})
	if res.Code() != "BAD_USER_INPUT" {
		t.Errorf("an unknown event type: %+v", res.Errors)
	}
}
