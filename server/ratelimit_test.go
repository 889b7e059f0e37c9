package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/domain/dnstest"
	"github.com/rosterhq/roster/server/servertest"
)

// The rate limits, through HTTP as an attacker meets them. Every server of
// the suite runs with ROSTER_RATE_LIMIT=off (servertest's default) except
// these, which turn the limits on with a clock the test moves, and trust
// the loopback as a proxy so that each client can give its address in
// X-Forwarded-For.

// testClock is a time that stands still until the test moves it.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *testClock { return &testClock{t: time.Now()} }

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}
func (c *testClock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

func rateLimited(clock *testClock, change ...func(*server.Config)) func(*server.Config) {
	return func(c *server.Config) {
		c.RateLimit = true
		c.RateLimitClock = clock.Now
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
		for _, f := range change {
			f(c)
		}
	}
}

// from returns a new client whose requests come from ip.
func from(env *servertest.Env, ip string) *servertest.Client {
	c := env.NewClient()
	c.Header.Set("X-Forwarded-For", ip)
	return c
}

// limitedBy checks that res is RATE_LIMITED with a retryAfter of whole
// seconds, the same in the Retry-After header, and returns it.
func limitedBy(t *testing.T, res *servertest.Response) time.Duration {
	t.Helper()
	if res.Code() != "RATE_LIMITED" {
		t.Fatalf("got %d %+v, want RATE_LIMITED", res.Status, res.Errors)
	}
	ra, ok := res.Errors[0].Extensions["retryAfter"].(float64)
	if !ok || ra < 1 || ra != float64(int(ra)) {
		t.Fatalf("extensions.retryAfter = %#v, want whole seconds ≥ 1", res.Errors[0].Extensions["retryAfter"])
	}
	if h := res.Header.Get("Retry-After"); h != strconv.Itoa(int(ra)) {
		t.Fatalf("Retry-After header %q, want %d", h, int(ra))
	}
	return time.Duration(ra) * time.Second
}

const signInMutation = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { user { id } } }`

func signInAs(c *servertest.Client, email, password string) *servertest.Response {
	return c.Do(signInMutation, map[string]any{"e": email, "p": password})
}

// TestSignInLimitedPerAccountAndAddress: five wrong passwords from one
// address, then even the right one is refused there, with retryAfter and
// Retry-After; the owner elsewhere still signs in; once retryAfter has gone
// by the address may try again.
func TestSignInLimitedPerAccountAndAddress(t *testing.T) {
	clock := newClock()
	env := servertest.Start(t, rateLimited(clock))
	env.User("owner@limits.test", "Owner")
	attacker := from(env, "198.51.100.66")
	for i := range 5 {
		if res := signInAs(attacker, "owner@limits.test", fmt.Sprintf("guess number %d", i)); res.Code() != "UNAUTHENTICATED" {
			t.Fatalf("guess %d: %+v", i+1, res.Errors)
		}
	}
	wait := limitedBy(t, signInAs(attacker, "owner@limits.test", "guess number 6"))
	limitedBy(t, signInAs(attacker, "OWNER@limits.test ", servertest.Password)) // case and spaces change nothing
	// A sliding window made of two fixed ones: the failures leave it
	// within two windows.
	if wait > 20*time.Minute {
		t.Errorf("retryAfter %v is longer than two windows", wait)
	}
	if res := signInAs(from(env, "192.0.2.10"), "owner@limits.test", servertest.Password); len(res.Errors) > 0 {
		t.Fatalf("the owner, elsewhere, was refused: %+v", res.Errors)
	}
	// Without X-Forwarded-For the client is the peer (127.0.0.1), not the
	// attacker's address: another pair.
	if res := signInAs(env.NewClient(), "owner@limits.test", "wrong again"); res.Code() != "UNAUTHENTICATED" {
		t.Fatalf("from the loopback: %+v", res.Errors)
	}
	clock.Add(wait - time.Second)
	limitedBy(t, signInAs(attacker, "owner@limits.test", "guess number 7"))
	clock.Add(time.Second)
	if res := signInAs(attacker, "owner@limits.test", "guess number 8"); res.Code() != "UNAUTHENTICATED" {
		t.Fatalf("after retryAfter: %+v", res.Errors)
	}
}

// TestForgedForwardedForChangesNothing: without trusted proxies, a client
// that writes a new X-Forwarded-For each time is still one client.
func TestForgedForwardedForChangesNothing(t *testing.T) {
	env := servertest.Start(t, rateLimited(newClock(), func(c *server.Config) { c.TrustedProxies = nil }))
	env.User("owner@limits.test", "Owner")
	for i := range 5 {
		if res := signInAs(from(env, fmt.Sprintf("203.0.113.%d", i+1)), "owner@limits.test", "wrong password"); res.Code() != "UNAUTHENTICATED" {
			t.Fatalf("failure %d: %+v", i+1, res.Errors)
		}
	}
	limitedBy(t, signInAs(from(env, "203.0.113.99"), "owner@limits.test", "wrong password"))
}

// TestSignInLimitedPerAccountFromManyAddresses: twenty failures from
// twenty addresses lock the account, for an hour at most.
func TestSignInLimitedPerAccountFromManyAddresses(t *testing.T) {
	clock := newClock()
	env := servertest.Start(t, rateLimited(clock))
	env.User("owner@limits.test", "Owner")
	for i := range 20 {
		if res := signInAs(from(env, fmt.Sprintf("203.0.113.%d", i+1)), "owner@limits.test", "wrong password"); res.Code() != "UNAUTHENTICATED" {
			t.Fatalf("failure %d: %+v", i+1, res.Errors)
		}
	}
	wait := limitedBy(t, signInAs(from(env, "203.0.113.100"), "owner@limits.test", servertest.Password))
	if wait > 2*time.Hour {
		t.Errorf("retryAfter %v is longer than two windows", wait)
	}
	clock.Add(wait)
	if res := signInAs(from(env, "203.0.113.100"), "owner@limits.test", servertest.Password); len(res.Errors) > 0 {
		t.Fatalf("after retryAfter: %+v", res.Errors)
	}
}

// TestOneAuthMutationPerDocument: aliases and fragments do not multiply
// attempts: a document with two is refused whole, before anything runs.
func TestOneAuthMutationPerDocument(t *testing.T) {
	env := servertest.Start(t, rateLimited(newClock()))
	c := env.NewClient()
	signUp := func(alias, email string) string {
		return fmt.Sprintf(`%s: signUp(input: {email: %q, password: %q, name: "Twin"}) { user { id } }`, alias, email, servertest.Password)
	}
	for name, doc := range map[string]string{
		"aliases":             `mutation { ` + signUp("a", "one@limits.test") + ` ` + signUp("b", "two@limits.test") + ` }`,
		"sign-in and sign-up": `mutation { signIn(email: "x@limits.test", password: "whatever it is") { user { id } } ` + signUp("b", "one@limits.test") + ` }`,
		"named fragment": `mutation { ...A ` + signUp("b", "two@limits.test") + ` }
			fragment A on Mutation { ` + signUp("a", "one@limits.test") + ` }`,
		"inline fragments": `mutation { ... on Mutation { ` + signUp("a", "one@limits.test") + ` } ... { ` + signUp("b", "two@limits.test") + ` } }`,
		"skipped alias":    `mutation { ` + signUp("a", "one@limits.test") + ` b: signIn(email: "x@limits.test", password: "whatever it is") @skip(if: true) { user { id } } }`,
	} {
		t.Run(name, func(t *testing.T) {
			res := c.Do(doc, nil)
			if res.Code() != "BAD_USER_INPUT" || string(res.Data) != "" && string(res.Data) != "null" {
				t.Fatalf("got %s %+v, want BAD_USER_INPUT and no data", res.Data, res.Errors)
			}
			if !strings.Contains(res.Errors[0].Message, "one at a time") {
				t.Errorf("message %q", res.Errors[0].Message)
			}
		})
	}
	// Nothing ran: neither address has an account.
	for _, email := range []string{"one@limits.test", "two@limits.test"} {
		if res := signInAs(env.NewClient(), email, servertest.Password); res.Code() != "UNAUTHENTICATED" {
			t.Errorf("%s signed in: a refused document ran", email)
		}
	}
	// One field written twice under one name runs once, as GraphQL merges
	// it: allowed.
	res := c.Do(`mutation { signIn(email: "x@limits.test", password: "whatever it is") { user { id } } signIn(email: "x@limits.test", password: "whatever it is") { user { id } } }`, nil)
	if res.Code() != "UNAUTHENTICATED" || len(res.Errors) != 1 {
		t.Errorf("a merged field: %+v", res.Errors)
	}
}

// TestSignUpLimitedPerAddressAndClient: five sign-ups with one address an
// hour (each replaces the last while the address is unverified; the
// refused ones do not count), twenty from one client address.
func TestSignUpLimitedPerAddressAndClient(t *testing.T) {
	clock := newClock()
	env := servertest.Start(t, rateLimited(clock))
	signUp := func(c *servertest.Client, email string) *servertest.Response {
		return c.Do(`mutation($in: SignUpInput!) { signUp(input: $in) { user { id } } }`,
			map[string]any{"in": map[string]any{"email": email, "password": servertest.Password, "name": "Someone"}})
	}
	for i := range 5 {
		if res := signUp(from(env, fmt.Sprintf("192.0.2.%d", i+1)), "taken@limits.test"); len(res.Errors) > 0 {
			t.Fatalf("sign-up %d: %+v", i+1, res.Errors)
		}
	}
	wait := limitedBy(t, signUp(from(env, "192.0.2.99"), "taken@limits.test"))

	office := "198.51.100.20"
	for i := range 20 {
		if res := signUp(from(env, office), fmt.Sprintf("colleague%d@limits.test", i)); len(res.Errors) > 0 {
			t.Fatalf("sign-up %d from the office: %+v", i+1, res.Errors)
		}
	}
	limitedBy(t, signUp(from(env, office), "colleague20@limits.test"))
	clock.Add(wait)
	if res := signUp(from(env, "192.0.2.99"), "taken@limits.test"); len(res.Errors) > 0 {
		t.Fatalf("after retryAfter: %+v", res.Errors)
	}
	// Operators see the refusals by rule.
	metrics := env.Metrics()
	for _, want := range []string{`roster_rate_limited_total{limit="signup.address"} 1`, `roster_rate_limited_total{limit="signup.ip"} 1`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestVerificationResendsLimited: five new verification emails an hour.
func TestVerificationResendsLimited(t *testing.T) {
	clock := newClock()
	env := servertest.Start(t, rateLimited(clock))
	u := env.SignUp("new@limits.test", "New")
	const resend = `mutation { resendVerificationEmail }`
	for range 5 {
		u.MustDo(resend, nil, nil)
	}
	wait := limitedBy(t, u.Do(resend, nil))
	clock.Add(wait)
	u.MustDo(resend, nil, nil)
}

// TestInvitationLimits: an organization's invitations an hour count each
// line of a bulk invite; one invitation is sent at most three times an
// hour, counted only once the sender may resend it.
func TestInvitationLimits(t *testing.T) {
	clock := newClock()
	env := servertest.Start(t, rateLimited(clock, func(c *server.Config) { c.DefaultSeatLimit = 1000 }))
	owner := env.User("owner@limits.test", "Owner")
	org := owner.CreateOrg("Limits")
	lines := func(from, to int) string {
		var b strings.Builder
		for i := from; i < to; i++ {
			fmt.Fprintf(&b, "guest%d@limits.test\n", i)
		}
		return b.String()
	}
	const bulk = `mutation($in: BulkInviteMembersInput!) { bulkInviteMembers(input: $in) { invitations { id } } }`
	bulkInvite := func(text string) *servertest.Response {
		return owner.Do(bulk, map[string]any{"in": map[string]any{"organizationID": org.ID, "emails": text, "role": "MEMBER"}})
	}
	if res := bulkInvite(lines(0, 150)); len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	res := bulkInvite(lines(150, 210))
	limitedBy(t, res)
	if !strings.Contains(res.Errors[0].Message, "Only 50 more") {
		t.Errorf("message %q does not say how many fit", res.Errors[0].Message)
	}
	if res := bulkInvite(lines(150, 200)); len(res.Errors) > 0 {
		t.Fatalf("the 50 that fit: %+v", res.Errors)
	}
	const invite = `mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`
	limitedBy(t, owner.Do(invite, map[string]any{"in": map[string]any{"organizationID": org.ID, "email": "one.more@limits.test", "role": "MEMBER"}}))

	// Another organization has its own count.
	other := env.User("other@limits.test", "Other")
	otherOrg := other.CreateOrg("Elsewhere")
	id := other.Invite(otherOrg, "resent@limits.test", "MEMBER")
	clock.Set(time.Now()) // not before the invitation's first send
	const resend = `mutation($id: ID!) { resendInvitation(id: $id) { id } }`
	// Someone who may not resend it is refused for that, and uses up
	// nothing.
	for range 5 {
		if res := owner.Do(resend, map[string]any{"id": id}); res.Code() == "RATE_LIMITED" || len(res.Errors) == 0 {
			t.Fatalf("a stranger's resend: %+v", res.Errors)
		}
	}
	for i := range 2 {
		if res := other.Do(resend, map[string]any{"id": id}); len(res.Errors) > 0 {
			t.Fatalf("resend %d: %+v", i+1, res.Errors)
		}
	}
	wait := limitedBy(t, other.Do(resend, map[string]any{"id": id}))
	clock.Add(wait)
	if res := other.Do(resend, map[string]any{"id": id}); len(res.Errors) > 0 {
		t.Fatalf("after retryAfter: %+v", res.Errors)
	}
	// Four emails: the refused resend sent none (the outbox delivers in
	// order, so it would have come before the fourth).
	for range 4 {
		env.Mail.WaitFor(t, "resent@limits.test", nil, servertest.MailTimeout)
	}
	sent := 0
	for _, m := range env.Mail.Messages() {
		if strings.Contains(strings.Join(m.To, ","), "resent@limits.test") {
			sent++
		}
	}
	if sent != 4 {
		t.Errorf("%d emails to the invited address, want 4", sent)
	}
	clock.Add(time.Hour)
	if res := owner.Do(invite, map[string]any{"in": map[string]any{"organizationID": org.ID, "email": "one.more@limits.test", "role": "MEMBER"}}); len(res.Errors) > 0 {
		t.Fatalf("an hour later: %+v", res.Errors)
	}
}

// TestRateLimitOffAllowsAll: ROSTER_RATE_LIMIT=off (every other server of
// the suite) refuses nothing, aliases included.
func TestRateLimitOffAllowsAll(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.RateLimit = false })
	env.User("owner@limits.test", "Owner")
	c := env.NewClient()
	for i := range 8 {
		if res := signInAs(c, "owner@limits.test", "wrong password"); res.Code() != "UNAUTHENTICATED" {
			t.Fatalf("failure %d: %+v", i+1, res.Errors)
		}
	}
	res := c.Do(`mutation { a: signIn(email: "owner@limits.test", password: "wrong password") { user { id } }
		b: signIn(email: "owner@limits.test", password: "wrong password") { user { id } } }`, nil)
	if len(res.Errors) != 2 || res.Code() != "UNAUTHENTICATED" {
		t.Fatalf("aliases with limits off: %+v", res.Errors)
	}
	if res := signInAs(c, "owner@limits.test", servertest.Password); len(res.Errors) > 0 || res.Header.Get("Retry-After") != "" {
		t.Fatalf("%+v %v", res.Errors, res.Header)
	}
}

// TestReplicasShareRateLimits: failures through one replica count on the
// other.
func TestReplicasShareRateLimits(t *testing.T) {
	databasetest.SkipUnlessPostgres(t)
	clock := newClock()
	envs := servertest.Replicas(t, 2, rateLimited(clock))
	envs[0].User("owner@limits.test", "Owner")
	for i := range 5 {
		if res := signInAs(from(envs[i%2], "198.51.100.66"), "owner@limits.test", "wrong password"); res.Code() != "UNAUTHENTICATED" {
			t.Fatalf("failure %d: %+v", i+1, res.Errors)
		}
	}
	wait := limitedBy(t, signInAs(from(envs[0], "198.51.100.66"), "owner@limits.test", servertest.Password))
	limitedBy(t, signInAs(from(envs[1], "198.51.100.66"), "owner@limits.test", servertest.Password))
	clock.Add(wait)
	if res := signInAs(from(envs[1], "198.51.100.66"), "owner@limits.test", servertest.Password); len(res.Errors) > 0 {
		t.Fatalf("after retryAfter: %+v", res.Errors)
	}
}

// TestOAuthTokenRequestsLimited: a client address that fails to
// authenticate too often at /oauth/token is refused with 429 and
// Retry-After, even with the right secret (no oracle while refused), and
// may try again once the wait is over; a client that asks for too many
// tokens is refused the same way, while other addresses are unaffected.
func TestOAuthTokenRequestsLimited(t *testing.T) {
	clock := newClock()
	env := servertest.Start(t, rateLimited(clock, func(c *server.Config) {
		c.RateLimits.OAuthIP.Limit = 3
		c.RateLimits.OAuthTokens.Limit = 4
	}))
	owner := env.User("owner@oauthlimits.test", "Owner")
	org := owner.CreateOrg("Limits")
	c := newOAuthClient(t, env, owner, org, "MEMBER")
	grant := url.Values{"grant_type": {"client_credentials"}}
	ask := func(ip, secret string) (int, http.Header, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/oauth/token", strings.NewReader(grant.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", ip)
		req.SetBasicAuth(url.QueryEscape(c.ClientID), url.QueryEscape(secret))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		if tok, ok := out["access_token"].(string); ok {
			env.Secret(tok, "an OAuth access token")
		}
		return res.StatusCode, res.Header, out
	}
	limited := func(status int, h http.Header, body map[string]any) time.Duration {
		t.Helper()
		secs, err := strconv.Atoi(h.Get("Retry-After"))
		if status != http.StatusTooManyRequests || body["error"] != "rate_limited" || err != nil || secs < 1 {
			t.Fatalf("got %d %v (Retry-After %q), want 429 rate_limited with Retry-After", status, body, h.Get("Retry-After"))
		}
		if _, ok := body["access_token"]; ok {
			t.Fatal("a refused request got a token")
		}
		return time.Duration(secs) * time.Second
	}

	const attacker = "198.51.100.7"
	for i := range 3 {
		if status, _, body := ask(attacker, c.Secret+strconv.Itoa(i)); status != 401 {
			t.Fatalf("guess %d: %d %v", i+1, status, body)
		}
	}
	wait := limited(ask(attacker, "rcs_guess"))
	limited(ask(attacker, c.Secret)) // the right secret learns nothing while refused
	// Another address is not refused, and successes do not count as
	// failures: it gets its tokens until the client's own limit.
	for i := range 4 {
		if status, _, body := ask("192.0.2.20", c.Secret); status != 200 {
			t.Fatalf("token %d from elsewhere: %d %v", i+1, status, body)
		}
	}
	limited(ask("192.0.2.20", c.Secret))
	limited(ask("192.0.2.21", c.Secret)) // per client, from anywhere

	clock.Add(2 * time.Hour)
	if wait > 20*time.Minute {
		t.Errorf("retryAfter %v is longer than two windows of oauth.ip", wait)
	}
	if status, _, body := ask(attacker, c.Secret); status != 200 {
		t.Fatalf("after the wait: %d %v", status, body)
	}
}

// TestDomainChecksLimited: verifyDomain asks a DNS server each time, so an
// organization's checks are limited; a caller without the permission is
// refused before anything is counted, so it cannot use up the owner's
// checks.
func TestDomainChecksLimited(t *testing.T) {
	clock := newClock()
	dns := dnstest.Start(t)
	env := servertest.Start(t, rateLimited(clock, func(c *server.Config) {
		c.DNSResolver = dns.Addr
		c.RateLimits.DomainChecks.Limit = 2
	}))
	owner := env.User("owner@checks.example.com", "Owner")
	org := owner.CreateOrg("Checks")
	member, _ := env.Join(owner, org, "member@checks.example.com", "MEMBER")
	d := addDomain(t, owner, org, "checks.example.com")
	for range 5 {
		if res := verifyDomain(member, d.ID); res.Code() != "NOT_FOUND" && res.Code() != "FORBIDDEN" {
			t.Fatalf("a member's verifyDomain: %+v", res.Errors)
		}
	}
	for i := range 2 {
		if res := verifyDomain(owner, d.ID); res.Code() != "VERIFICATION_FAILED" {
			t.Fatalf("check %d: %+v", i+1, res.Errors)
		}
	}
	dns.SetTXT(d.VerificationRecordName, d.VerificationRecordValue)
	queries := dns.UDPQueries.Load() + dns.TCPQueries.Load()
	wait := limitedBy(t, verifyDomain(owner, d.ID))
	if dns.UDPQueries.Load()+dns.TCPQueries.Load() != queries {
		t.Error("a refused check still asked the DNS server")
	}
	clock.Add(wait)
	if res := verifyDomain(owner, d.ID); len(res.Errors) > 0 {
		t.Fatalf("after retryAfter: %+v", res.Errors)
	}
}
