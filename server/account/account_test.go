package account_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/outboxemail"
	entsession "github.com/rosterhq/roster/ent/session"
	"github.com/rosterhq/roster/ent/user"
	"github.com/rosterhq/roster/server/account"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/mail"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/ratelimit"
	"github.com/rosterhq/roster/server/session"
	"github.com/rosterhq/roster/server/viewer"
)

// These tests call the account service directly, over a real database (a
// SQLite file, or PostgreSQL with ROSTER_TEST_DATABASE_URL) and the real
// session manager; the tokens come from the emails in the outbox, as a
// person's would. Passwords are hashed with the production parameters
// (about 40 ms a hash), so each test hashes only what it needs.

const publicURL = "http://roster.test"

// fixture is an account service over a database of its own.
type fixture struct {
	t        *testing.T
	client   *ent.Client
	hub      *pubsub.Hub
	sessions *session.Manager
	accounts *account.Service
}

func setup(t *testing.T) *fixture { return setupWith(t, nil) }

// setupWith is setup with the rate limits of rules (nil: off).
func setupWith(t *testing.T, rules *ratelimit.Rules) *fixture {
	t.Helper()
	ctx := context.Background()
	client, err := database.Open(databasetest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	if err := database.Migrate(ctx, client); err != nil {
		t.Fatal(err)
	}
	// Disabled, as under ROSTER_RATE_LIMIT=off, unless rules are given.
	opts := ratelimit.Options{Rules: ratelimit.Defaults()}
	if rules != nil {
		opts = ratelimit.Options{Enabled: true, Rules: *rules}
	}
	limits, err := ratelimit.New(ctx, client, opts)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, client: client, hub: pubsub.NewHub(), sessions: session.NewManager(client, session.Options{PublicURL: publicURL})}
	f.accounts = account.NewService(client, mail.NewOutbox(), f.hub, f.sessions, publicURL, limits)
	return f
}

var sys = database.System(context.Background())

// signUp signs up and fails the test if that fails.
func (f *fixture) signUp(email, password, name string) *ent.User {
	f.t.Helper()
	u, err := f.accounts.SignUp(context.Background(), email, password, name)
	if err != nil {
		f.t.Fatalf("SignUp(%s): %v", email, err)
	}
	return u
}

// verified signs up and follows the verification link, signed in.
func (f *fixture) verified(email, password, name string) *ent.User {
	f.t.Helper()
	u := f.signUp(email, password, name)
	if _, err := f.accounts.VerifyEmail(f.as(u.ID), f.lastToken(mail.KindVerification, u.Email)); err != nil {
		f.t.Fatalf("VerifyEmail(%s): %v", email, err)
	}
	return f.stored(u.ID)
}

// as is a request context of userID's viewer, as the web layer makes it
// (without a session: see inSession).
func (f *fixture) as(userID string) context.Context {
	f.t.Helper()
	v, err := f.accounts.Viewer(sys, userID)
	if err != nil || v == nil {
		f.t.Fatalf("Viewer(%s) = %v, %v", userID, v, err)
	}
	return viewer.NewContext(context.Background(), v)
}

// stored reads the account as it is in the database.
func (f *fixture) stored(userID string) *ent.User {
	f.t.Helper()
	u, err := f.client.User.Get(sys, userID)
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

func (f *fixture) usersWithEmail(email string) int {
	f.t.Helper()
	n, err := f.client.User.Query().Where(user.Email(email)).Count(sys)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

var tokenInLink = regexp.MustCompile(`\?token=([^\s"&<]+)`)

// emails returns the tokens of the emails of kind queued for to, oldest
// first.
func (f *fixture) emails(kind, to string) []string {
	f.t.Helper()
	msgs, err := f.client.OutboxEmail.Query().
		Where(outboxemail.Kind(kind), outboxemail.ToAddress(to)).
		Order(ent.Asc(outboxemail.FieldID)).All(sys)
	if err != nil {
		f.t.Fatal(err)
	}
	var tokens []string
	for _, m := range msgs {
		match := tokenInLink.FindStringSubmatch(m.TextBody)
		if match == nil || !strings.Contains(m.TextBody, publicURL+"/") {
			f.t.Fatalf("%s email to %s carries no link of %s: %q", kind, to, publicURL, m.TextBody)
		}
		tok, err := url.QueryUnescape(match[1])
		if err != nil {
			f.t.Fatal(err)
		}
		tokens = append(tokens, tok)
	}
	return tokens
}

// lastToken is the token of the newest email of kind to to.
func (f *fixture) lastToken(kind, to string) string {
	f.t.Helper()
	tokens := f.emails(kind, to)
	if len(tokens) == 0 {
		f.t.Fatalf("no %s email to %s", kind, to)
	}
	return tokens[len(tokens)-1]
}

// signIn opens a session of userID through the session middleware, as the
// signIn mutation does, and returns its cookie.
func (f *fixture) signIn(userID string) *http.Cookie {
	f.t.Helper()
	rec := httptest.NewRecorder()
	f.middleware(func(r *http.Request) {
		if err := f.sessions.SignIn(r.Context(), userID); err != nil {
			f.t.Error(err)
		}
	}).ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/graphql", nil))
	for _, c := range rec.Result().Cookies() {
		if c.Name == f.sessions.CookieName() {
			return c
		}
	}
	f.t.Fatalf("sign-in set no session cookie: %v", rec.Result().Header)
	return nil
}

// inSession runs fn in a request of cookie's session, with the viewer of
// its user as the web layer loads it (none when the session has ended).
func (f *fixture) inSession(cookie *http.Cookie, fn func(ctx context.Context)) {
	f.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	req.AddCookie(cookie)
	f.middleware(func(r *http.Request) {
		ctx := r.Context()
		if id := f.sessions.UserID(ctx); id != "" {
			v, err := f.accounts.Viewer(sys, id)
			if err != nil {
				f.t.Error(err)
				return
			}
			ctx = viewer.NewContext(ctx, v)
		}
		fn(ctx)
	}).ServeHTTP(httptest.NewRecorder(), req)
}

// sessionUser is the user of cookie's session, "" once it has ended.
func (f *fixture) sessionUser(cookie *http.Cookie) string {
	f.t.Helper()
	var id string
	f.inSession(cookie, func(ctx context.Context) { id = f.sessions.UserID(ctx) })
	return id
}

func (f *fixture) middleware(fn func(r *http.Request)) http.Handler {
	return f.sessions.Middleware(func(_ http.ResponseWriter, _ *http.Request, err error) {
		f.t.Errorf("session store: %v", err)
	})(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { fn(r) }))
}

// sessionsOf counts the user's sessions in the database.
func (f *fixture) sessionsOf(userID string) int {
	f.t.Helper()
	n, err := f.client.Session.Query().Where(entsession.UserID(userID)).Count(sys)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

// announced subscribes to the user's topic; the function it returns
// reports whether a notice came since (ending sessions closes websockets
// through it).
func (f *fixture) announced(userID string) func() bool {
	sub := f.hub.Subscribe(pubsub.User(userID))
	f.t.Cleanup(sub.Close)
	return func() bool {
		select {
		case <-sub.C:
			return true
		default:
			return false
		}
	}
}

// wantCode fails the test unless err is an *errcode.Error of code, about
// field ("" for none).
func wantCode(t *testing.T, what string, err error, code errcode.Code, field string) {
	t.Helper()
	e, ok := errcode.As(err)
	if !ok || e.Code != code || e.Field != field {
		t.Fatalf("%s: %v, want %s on field %q", what, err, code, field)
	}
}

// TestSignUpRefusesAVerifiedAddress: an address proved by its owner cannot
// be signed up again, under any spelling, and the attempt changes nothing:
// not the name, the password, the verified flag or the sessions, and no
// email goes out.
func TestSignUpRefusesAVerifiedAddress(t *testing.T) {
	f := setup(t)
	owner := f.verified("alice@example.com", "the owner's password", "Alice")
	f.signIn(owner.ID)
	for _, spelling := range []string{"alice@example.com", "  Alice@EXAMPLE.com "} {
		_, err := f.accounts.SignUp(context.Background(), spelling, "the attacker's password", "Mallory")
		wantCode(t, "SignUp of "+spelling, err, errcode.Conflict, "email")
	}
	after := f.stored(owner.ID)
	if after.Name != "Alice" || after.PasswordHash != owner.PasswordHash || !after.EmailVerified {
		t.Errorf("the refused sign-up changed the account: %+v", after)
	}
	if f.usersWithEmail("alice@example.com") != 1 || f.sessionsOf(owner.ID) != 1 {
		t.Errorf("%d accounts, %d sessions; want 1 and 1", f.usersWithEmail("alice@example.com"), f.sessionsOf(owner.ID))
	}
	if n := len(f.emails(mail.KindVerification, "alice@example.com")); n != 1 {
		t.Errorf("%d verification emails, want the first one only", n)
	}
	if _, err := f.accounts.SignIn(context.Background(), "alice@example.com", "the attacker's password"); err == nil {
		t.Error("the refused sign-up's password signs in")
	}
}

// TestSignUpReclaimsAnUnverifiedClaim: someone who signed up first with
// another's address holds only a claim. The owner signing up takes it over:
// same account, their name and password; the squatter's password, sessions,
// verification link and pending reset link stop working.
func TestSignUpReclaimsAnUnverifiedClaim(t *testing.T) {
	f := setup(t)
	claim := f.signUp("bob@example.com", "the squatter's password", "Squatter")
	squatterSession := f.signIn(claim.ID)
	f.signIn(claim.ID)
	squatterLink := f.lastToken(mail.KindVerification, "bob@example.com")
	if err := f.accounts.RequestPasswordReset(context.Background(), "bob@example.com"); err != nil {
		t.Fatal(err)
	}
	resetLink := f.lastToken(mail.KindPasswordReset, "bob@example.com")
	notice := f.announced(claim.ID)

	owner := f.signUp("Bob@Example.com", "the owner's password", "Bob")
	if owner.ID != claim.ID || f.usersWithEmail("bob@example.com") != 1 {
		t.Fatalf("the reclaim made account %s beside %s", owner.ID, claim.ID)
	}
	stored := f.stored(owner.ID)
	if stored.Name != "Bob" || stored.EmailVerified || stored.PasswordResetTokenHash != nil {
		t.Errorf("after the reclaim: name %q, verified %v, reset pending %v", stored.Name, stored.EmailVerified, stored.PasswordResetTokenHash != nil)
	}
	if n := f.sessionsOf(owner.ID); n != 0 {
		t.Errorf("the squatter keeps %d sessions", n)
	}
	if !notice() {
		t.Error("the ended sessions were not announced on the user's topic")
	}
	if id := f.sessionUser(squatterSession); id != "" {
		t.Errorf("the squatter's cookie still signs in %s", id)
	}
	_, err := f.accounts.SignIn(context.Background(), "bob@example.com", "the squatter's password")
	wantCode(t, "SignIn with the squatter's password", err, errcode.Unauthenticated, "")
	if _, err := f.accounts.SignIn(context.Background(), "bob@example.com", "the owner's password"); err != nil {
		t.Errorf("SignIn with the owner's password: %v", err)
	}
	_, err = f.accounts.VerifyEmail(f.as(owner.ID), squatterLink)
	wantCode(t, "the squatter's verification link", err, errcode.BadUserInput, "token")
	_, err = f.accounts.ResetPassword(context.Background(), resetLink, "yet another password")
	wantCode(t, "the reset link asked for before the reclaim", err, errcode.BadUserInput, "token")

	if _, err := f.accounts.VerifyEmail(f.as(owner.ID), f.lastToken(mail.KindVerification, "bob@example.com")); err != nil {
		t.Fatalf("the owner's own link: %v", err)
	}
	if !f.stored(owner.ID).EmailVerified {
		t.Error("the owner's link did not verify the account")
	}
	// Verified now: the squatter cannot take it back the same way.
	_, err = f.accounts.SignUp(context.Background(), "bob@example.com", "the squatter's password", "Squatter")
	wantCode(t, "a sign-up after the owner verified", err, errcode.Conflict, "email")
}

// TestConcurrentSignUpsMakeOneAccount: sign-ups racing for one new address
// make one account; a loser is CONFLICT (or replaces the still unverified
// claim), never INTERNAL.
func TestConcurrentSignUpsMakeOneAccount(t *testing.T) {
	f := setup(t)
	const n = 6
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, errs[i] = f.accounts.SignUp(context.Background(), "race@example.com", "a password long enough", "Racer")
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errcode.Is(err, errcode.Conflict):
			t.Errorf("a racing sign-up: %v, want success or CONFLICT", err)
		}
	}
	if ok == 0 || f.usersWithEmail("race@example.com") != 1 {
		t.Errorf("%d sign-ups succeeded, %d accounts; want at least 1 and exactly 1", ok, f.usersWithEmail("race@example.com"))
	}
}

// TestSignUpChecksItsInputFirst: a malformed address, a short or huge
// password, or a bad name is BAD_USER_INPUT on its field, and nothing is
// written.
func TestSignUpChecksItsInputFirst(t *testing.T) {
	f := setup(t)
	for _, tt := range []struct {
		email, password, name, field string
	}{
		{"not an address", "a password long enough", "N", "email"},
		{"", "a password long enough", "N", "email"},
		{"n@example.com", "123456789", "N", "password"},
		{"n@example.com", strings.Repeat("ü", 9), "N", "password"}, // 18 bytes, 9 characters
		{"n@example.com", strings.Repeat("x", 1025), "N", "password"},
		{"n@example.com", "a password long enough", "   ", "name"},
		{"n@example.com", "a password long enough", strings.Repeat("é", 101), "name"},
		{"n@example.com", "a password long enough", "Line\nbreak", "name"},
		{"n@example.com", "a password long enough", "Nul\x00", "name"},
	} {
		_, err := f.accounts.SignUp(context.Background(), tt.email, tt.password, tt.name)
		wantCode(t, "SignUp("+tt.email+", "+tt.name+")", err, errcode.BadUserInput, tt.field)
	}
	if n, _ := f.client.User.Query().Count(sys); n != 0 {
		t.Errorf("%d accounts written", n)
	}
	if n, _ := f.client.OutboxEmail.Query().Count(sys); n != 0 {
		t.Errorf("%d emails queued", n)
	}
	// The limits themselves are allowed: 10 characters, 100 characters,
	// trimmed.
	u := f.signUp(" N@Example.com ", strings.Repeat("ü", 10), "  "+strings.Repeat("é", 100)+"  ")
	if u.Email != "n@example.com" || u.Name != strings.Repeat("é", 100) || u.EmailVerified {
		t.Errorf("stored %q, %q, verified %v", u.Email, u.Name, u.EmailVerified)
	}
	if _, err := f.accounts.SignIn(context.Background(), "n@example.com", strings.Repeat("ü", 10)); err != nil {
		t.Errorf("SignIn with the 10-character password: %v", err)
	}
}

// TestSignInAnswersAlike: a wrong password, an unknown address and an
// oversized password get the same error, so the answer tells nobody which
// addresses have accounts; the right password under another spelling of
// the address signs in.
func TestSignInAnswersAlike(t *testing.T) {
	f := setup(t)
	u := f.signUp("carol@example.com", "carol's password", "Carol")
	other := f.signUp("dave@example.com", "dave's password!", "Dave")

	_, wrong := f.accounts.SignIn(context.Background(), "carol@example.com", "not carol's password")
	wantCode(t, "a wrong password", wrong, errcode.Unauthenticated, "")
	for _, attempt := range [][2]string{
		{"nobody@example.com", "carol's password"},
		{"carol@example.com", "dave's password!"},        // another account's password
		{"carol@example.com", "Carol's password"},        // case matters in passwords
		{"carol@example.com", ""},                        // empty
		{"carol@example.com", strings.Repeat("x", 1025)}, // too long to hash
		{"", ""},
	} {
		_, err := f.accounts.SignIn(context.Background(), attempt[0], attempt[1])
		var a, b *errcode.Error
		if !errors.As(err, &a) || !errors.As(wrong, &b) || a.Code != b.Code || a.Field != b.Field || a.Message != b.Message {
			t.Errorf("SignIn(%q, %d-byte password) = %v; want the same answer as a wrong password (%v)", attempt[0], len(attempt[1]), err, wrong)
		}
	}
	got, err := f.accounts.SignIn(context.Background(), "  CAROL@example.com ", "carol's password")
	if err != nil || got.ID != u.ID || got.ID == other.ID {
		t.Fatalf("SignIn with the right password = %v, %v", got, err)
	}
	// Signing in does not verify: an unverified account stays a claim.
	if got.EmailVerified {
		t.Error("signing in verified the address")
	}
}

// TestVerifyEmailOnlyAsItsOwnAccount: the link verifies the account it was
// sent to, only for a caller signed in as that account, once, and not after
// it expired or a newer link replaced it. A refused attempt consumes
// nothing.
func TestVerifyEmailOnlyAsItsOwnAccount(t *testing.T) {
	f := setup(t)
	victim := f.signUp("erin@example.com", "erin's password!", "Erin")
	link := f.lastToken(mail.KindVerification, "erin@example.com")
	attacker := f.verified("mallory@example.com", "mallory's password", "Mallory")

	_, err := f.accounts.VerifyEmail(context.Background(), link)
	wantCode(t, "signed out", err, errcode.Unauthenticated, "")
	_, err = f.accounts.VerifyEmail(f.as(attacker.ID), link)
	wantCode(t, "as another account", err, errcode.Unauthenticated, "")
	for _, bad := range []string{"", "x", strings.Repeat("a", 101), link + "x", link[1:]} {
		_, err = f.accounts.VerifyEmail(f.as(victim.ID), bad)
		wantCode(t, "a made-up token", err, errcode.BadUserInput, "token")
	}
	if f.stored(victim.ID).EmailVerified || f.stored(attacker.ID).EmailVerified != true {
		t.Fatal("a refused verification changed an account")
	}

	ctx := f.as(victim.ID)
	u, err := f.accounts.VerifyEmail(ctx, link)
	if err != nil || !u.EmailVerified || u.ID != victim.ID {
		t.Fatalf("VerifyEmail as the account = %v, %v", u, err)
	}
	if !viewer.FromContext(ctx).EmailVerified {
		t.Error("the request's viewer is still unverified")
	}
	stored := f.stored(victim.ID)
	if !stored.EmailVerified || stored.VerificationTokenHash != nil || stored.VerificationExpiresAt != nil {
		t.Errorf("stored: verified %v, token kept %v", stored.EmailVerified, stored.VerificationTokenHash != nil)
	}
	_, err = f.accounts.VerifyEmail(f.as(victim.ID), link)
	wantCode(t, "the link a second time", err, errcode.BadUserInput, "token")
}

// TestVerificationLinksExpireAndAreReplaced: a resent link replaces the
// earlier one; a link past its 48 hours is refused; a verified account is
// not sent another.
func TestVerificationLinksExpireAndAreReplaced(t *testing.T) {
	f := setup(t)
	u := f.signUp("frank@example.com", "frank's password", "Frank")
	first := f.lastToken(mail.KindVerification, "frank@example.com")
	err := f.accounts.ResendVerificationEmail(context.Background())
	wantCode(t, "resend signed out", err, errcode.Unauthenticated, "")
	if err := f.accounts.ResendVerificationEmail(f.as(u.ID)); err != nil {
		t.Fatal(err)
	}
	second := f.lastToken(mail.KindVerification, "frank@example.com")
	if second == first {
		t.Fatal("the resent link is the first one")
	}
	_, err = f.accounts.VerifyEmail(f.as(u.ID), first)
	wantCode(t, "the replaced link", err, errcode.BadUserInput, "token")

	// 48 hours pass (the stored expiry is moved back, as the clock would
	// move forward).
	f.client.User.UpdateOneID(u.ID).SetVerificationExpiresAt(database.Now().Add(-1)).ExecX(sys)
	_, err = f.accounts.VerifyEmail(f.as(u.ID), second)
	wantCode(t, "the expired link", err, errcode.BadUserInput, "token")
	if f.stored(u.ID).EmailVerified {
		t.Fatal("an expired link verified the account")
	}

	if err := f.accounts.ResendVerificationEmail(f.as(u.ID)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.accounts.VerifyEmail(f.as(u.ID), f.lastToken(mail.KindVerification, "frank@example.com")); err != nil {
		t.Fatal(err)
	}
	err = f.accounts.ResendVerificationEmail(f.as(u.ID))
	wantCode(t, "resend when verified", err, errcode.BadUserInput, "")
	if n := len(f.emails(mail.KindVerification, "frank@example.com")); n != 3 {
		t.Errorf("%d verification emails, want 3", n)
	}
}

// TestViewerLoadsTheAccountAndItsRoles: the viewer of a request is the
// stored account with its roles; a user that no longer exists has none.
func TestViewerLoadsTheAccountAndItsRoles(t *testing.T) {
	f := setup(t)
	u := f.signUp("gina@example.com", "gina's password!", "Gina")
	org := f.client.Organization.Create().SetName("Acme").SetSlug("acme").SetSeatLimit(5).SaveX(sys)
	f.client.Membership.Create().SetOrganizationID(org.ID).SetUserID(u.ID).SetRole(policy.Admin).ExecX(sys)
	v, err := f.accounts.Viewer(sys, u.ID)
	if err != nil || v == nil {
		t.Fatalf("Viewer = %v, %v", v, err)
	}
	if role, ok := v.Role(org.ID); !ok || role != policy.Admin || v.Email != "gina@example.com" || v.EmailVerified {
		t.Errorf("viewer %+v, role %s", v, role)
	}
	if v, err := f.accounts.Viewer(sys, "usr_gone"); v != nil || err != nil {
		t.Errorf("Viewer of a missing user = %v, %v; want nil, nil", v, err)
	}
}

// TestSignUpRateLimit: over the sign-up limit of an address (under any
// spelling) the answer is RATE_LIMITED and the claim stays as it was.
func TestSignUpRateLimit(t *testing.T) {
	rules := ratelimit.Defaults()
	rules.SignUpAddress.Limit = 1
	f := setupWith(t, &rules)
	f.signUp("hank@example.com", "hank's password!", "Hank")
	_, err := f.accounts.SignUp(context.Background(), "HANK@example.com", "another password", "Other")
	wantCode(t, "a second sign-up for the address", err, errcode.RateLimited, "")
	if u := f.client.User.Query().Where(user.Email("hank@example.com")).OnlyX(sys); u.Name != "Hank" {
		t.Error("the refused sign-up replaced the claim")
	}
}
