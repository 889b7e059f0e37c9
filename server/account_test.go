package server_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent/outboxemail"
	"github.com/rosterhq/roster/ent/user"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/mail/mailtest"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/servertest"
)

// Accounts: getting back in (password reset), changing the password,
// signing out everywhere, the profile name, reclaiming an address someone
// else signed up with, and verifying only as the account itself. Each rule
// is tried the way an attacker would: a replayed cookie, a reused or
// foreign token, a squatter.

const (
	requestResetQ  = `mutation($e: String!) { requestPasswordReset(email: $e) }`
	resetQ         = `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) { user { id email emailVerified } } }`
	changeQ        = `mutation($c: String!, $p: String!) { changePassword(currentPassword: $c, newPassword: $p) }`
	everywhereQ    = `mutation { signOutEverywhere }`
	verifyQ        = `mutation($t: String!) { verifyEmail(token: $t) { id emailVerified } }`
	createOrgQ     = `mutation($in: CreateOrganizationInput!) { createOrganization(input: $in) { id } }`
	newPassword    = "a brand new passphrase"
	anotherNewPass = "yet another passphrase"
)

// signIn signs a new browser in as email with password.
func signIn(t *testing.T, env *servertest.Env, email, password string) *servertest.Client {
	t.Helper()
	c := env.NewClient()
	doOK(t, c, signInQ, map[string]any{"e": email, "p": password}, nil)
	return c
}

// viewerEmail is who c is signed in as, "" when signed out.
func viewerEmail(t *testing.T, c *servertest.Client) string {
	t.Helper()
	var out struct{ Viewer *struct{ Email string } }
	doOK(t, c, `{ viewer { email } }`, nil, &out)
	if out.Viewer == nil {
		return ""
	}
	return out.Viewer.Email
}

// replay is a new browser carrying a copy of c's cookie as it is now: a
// stolen cookie, which no Set-Cookie of a later answer to c can clear.
func replay(env *servertest.Env, c *servertest.Client) *servertest.Client {
	r := env.NewClient()
	r.Header.Set("Cookie", c.CookieHeader())
	return r
}

// canSignIn reports whether email and password sign in.
func canSignIn(t *testing.T, env *servertest.Env, email, password string) bool {
	t.Helper()
	res := env.NewClient().Do(signInQ, map[string]any{"e": email, "p": password})
	if len(res.Errors) > 0 && res.Code() != "UNAUTHENTICATED" {
		t.Fatalf("signIn: %+v", res.Errors)
	}
	return len(res.Errors) == 0
}

// streamEnds checks that a subscription ends (completed, or its socket
// closed) within a few seconds.
func streamEnds(t *testing.T, s *servertest.Stream, what string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		ev, ok := s.Next(time.Until(deadline))
		if !ok {
			break
		}
		if ev.Done || ev.Closed || len(ev.Errors) > 0 {
			return
		}
	}
	t.Errorf("%s: the stream did not end", what)
}

// emailsTo counts the outbox's emails to an address.
func emailsTo(t *testing.T, env *servertest.Env, address string) int {
	t.Helper()
	n, err := env.App.Client().OutboxEmail.Query().Where(outboxemail.ToAddress(address)).Count(systemContext())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPasswordReset(t *testing.T) {
	env := servertest.Start(t)
	ann := env.User("ann@reset.test", "Ann")
	org := ann.CreateOrg("Reset")
	laptop := signIn(t, env, "ann@reset.test", servertest.Password)
	stream := laptop.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
	nextUsage(t, stream)
	stolen := replay(env, laptop)
	bob := env.User("bob@reset.test", "Bob")
	anon := env.NewClient()

	t.Run("any well-formed address gets the same answer", func(t *testing.T) {
		for _, address := range []string{"nobody@reset.test", " ANN@reset.test "} {
			var out struct{ RequestPasswordReset bool }
			doOK(t, anon, requestResetQ, map[string]any{"e": address}, &out)
			if !out.RequestPasswordReset {
				t.Errorf("requestPasswordReset(%q) = false", address)
			}
		}
		if n := emailsTo(t, env, "nobody@reset.test"); n != 0 {
			t.Errorf("%d emails to an address without an account", n)
		}
		for _, bad := range []string{"", "not an address", "ann@reset.test\r\nBcc: eve@evil.test", strings.Repeat("a", 65) + "@reset.test"} {
			refused(t, env, "BAD_USER_INPUT", "email", func() *servertest.Response {
				return anon.Do(requestResetQ, map[string]any{"e": bad})
			})
		}
	})

	m := env.Mail.WaitFor(t, "ann@reset.test", nil, servertest.MailTimeout)
	if !strings.Contains(m.Text, env.URL+"/reset-password?token=") || m.Subject != "Reset your Roster password" {
		t.Errorf("reset email: subject %q, text %q", m.Subject, m.Text)
	}
	first := mailtest.TokenFrom(t, m, "/reset-password")
	stored, err := env.App.Client().User.Query().Where(user.Email("ann@reset.test")).Only(systemContext())
	if err != nil {
		t.Fatal(err)
	}
	if stored.PasswordResetTokenHash == nil || *stored.PasswordResetTokenHash == first || len(first) < 22 {
		t.Errorf("the reset token must be stored hashed and carry at least 128 bits (token %q)", first)
	}

	// A newer link replaces the older one.
	doOK(t, anon, requestResetQ, map[string]any{"e": "ann@reset.test"}, nil)
	second := env.Token("ann@reset.test", "/reset-password")
	refused(t, env, "BAD_USER_INPUT", "token", func() *servertest.Response {
		return anon.Do(resetQ, map[string]any{"t": first, "p": newPassword})
	})

	// The new password follows the sign-up rules; a refusal keeps the token.
	for _, p := range []string{"", "123456789", strings.Repeat("p", 1025)} {
		refused(t, env, "BAD_USER_INPUT", "newPassword", func() *servertest.Response {
			return anon.Do(resetQ, map[string]any{"t": second, "p": p})
		})
	}
	for _, tok := range []string{"", "short", strings.Repeat("x", 43), strings.Repeat("x", 200)} {
		refused(t, env, "BAD_USER_INPUT", "token", func() *servertest.Response {
			return anon.Do(resetQ, map[string]any{"t": tok, "p": newPassword})
		})
	}

	// Bob, signed in, uses Ann's link: it acts on Ann's account only, and
	// the browser is now Ann's.
	var out struct {
		ResetPassword struct {
			User struct {
				Email         string
				EmailVerified bool
			}
		}
	}
	doOK(t, bob, resetQ, map[string]any{"t": second, "p": newPassword}, &out)
	if out.ResetPassword.User.Email != "ann@reset.test" {
		t.Errorf("reset answered %+v", out.ResetPassword.User)
	}
	if got := viewerEmail(t, bob); got != "ann@reset.test" {
		t.Errorf("after the reset the browser is signed in as %q, want ann", got)
	}
	if !canSignIn(t, env, "bob@reset.test", servertest.Password) {
		t.Error("Ann's reset link changed Bob's password")
	}
	if canSignIn(t, env, "ann@reset.test", servertest.Password) || !canSignIn(t, env, "ann@reset.test", newPassword) {
		t.Error("after the reset, the old password must fail and the new one work")
	}

	// Every earlier session of Ann ended, replayed cookies and websockets
	// included.
	for name, c := range map[string]*servertest.Client{"ann's first browser": ann, "her laptop": laptop, "a stolen copy of its cookie": stolen} {
		if got := viewerEmail(t, c); got != "" {
			t.Errorf("%s is still signed in as %q after the reset", name, got)
		}
		if res := c.Do(createOrgQ, map[string]any{"in": map[string]any{"name": "After"}}); res.Code() != "UNAUTHENTICATED" {
			t.Errorf("%s creating an organization after the reset: %q, want UNAUTHENTICATED", name, res.Code())
		}
	}
	streamEnds(t, stream, "the laptop's subscription after the reset")

	// The link works once.
	refused(t, env, "BAD_USER_INPUT", "token", func() *servertest.Response {
		return anon.Do(resetQ, map[string]any{"t": second, "p": anotherNewPass})
	})

	t.Run("an expired link", func(t *testing.T) {
		doOK(t, anon, requestResetQ, map[string]any{"e": "ann@reset.test"}, nil)
		tok := env.Token("ann@reset.test", "/reset-password")
		err := env.App.Client().User.Update().Where(user.Email("ann@reset.test")).
			SetPasswordResetExpiresAt(database.Now().Add(-time.Second)).Exec(systemContext())
		if err != nil {
			t.Fatal(err)
		}
		refused(t, env, "BAD_USER_INPUT", "token", func() *servertest.Response {
			return anon.Do(resetQ, map[string]any{"t": tok, "p": anotherNewPass})
		})
		if !canSignIn(t, env, "ann@reset.test", newPassword) {
			t.Error("an expired link changed the password")
		}
	})

	t.Run("a password change kills a pending link", func(t *testing.T) {
		doOK(t, anon, requestResetQ, map[string]any{"e": "ann@reset.test"}, nil)
		tok := env.Token("ann@reset.test", "/reset-password")
		doOK(t, bob, changeQ, map[string]any{"c": newPassword, "p": anotherNewPass}, nil) // bob's browser is Ann's now
		refused(t, env, "BAD_USER_INPUT", "token", func() *servertest.Response {
			return anon.Do(resetQ, map[string]any{"t": tok, "p": "what the attacker wants"})
		})
	})
}

func TestChangePassword(t *testing.T) {
	env := servertest.Start(t)
	ann := env.User("ann@change.test", "Ann")
	org := ann.CreateOrg("Change")
	phone := signIn(t, env, "ann@change.test", servertest.Password)
	stolen := replay(env, phone)
	phoneStream := phone.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
	nextUsage(t, phoneStream)
	ownStream := ann.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
	nextUsage(t, ownStream)

	refused(t, env, "UNAUTHENTICATED", "", func() *servertest.Response {
		return env.NewClient().Do(changeQ, map[string]any{"c": servertest.Password, "p": newPassword})
	})
	for _, wrong := range []string{"", "not the password", strings.Repeat("w", 2000)} {
		refused(t, env, "BAD_USER_INPUT", "currentPassword", func() *servertest.Response {
			return ann.Do(changeQ, map[string]any{"c": wrong, "p": newPassword})
		})
	}
	refused(t, env, "BAD_USER_INPUT", "newPassword", func() *servertest.Response {
		return ann.Do(changeQ, map[string]any{"c": servertest.Password, "p": "too short"})
	})
	if got := viewerEmail(t, phone); got != "ann@change.test" {
		t.Fatalf("a refused change ended the phone's session (viewer %q)", got)
	}

	doOK(t, ann, changeQ, map[string]any{"c": servertest.Password, "p": newPassword}, nil)
	if got := viewerEmail(t, ann); got != "ann@change.test" {
		t.Errorf("the browser that changed the password was signed out (viewer %q)", got)
	}
	for name, c := range map[string]*servertest.Client{"the phone": phone, "a stolen copy of its cookie": stolen} {
		if got := viewerEmail(t, c); got != "" {
			t.Errorf("%s is still signed in as %q", name, got)
		}
	}
	streamEnds(t, phoneStream, "the phone's subscription")
	quiet(t, ownStream, "the changing browser's own subscription")
	if canSignIn(t, env, "ann@change.test", servertest.Password) || !canSignIn(t, env, "ann@change.test", newPassword) {
		t.Error("after the change, the old password must fail and the new one work")
	}
}

func TestSignOutEverywhere(t *testing.T) {
	env := servertest.Start(t)
	ann := env.User("ann@everywhere.test", "Ann")
	bob := env.User("bob@everywhere.test", "Bob")
	org := ann.CreateOrg("Everywhere")
	phone := signIn(t, env, "ann@everywhere.test", servertest.Password)
	stream := phone.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
	nextUsage(t, stream)
	copies := map[string]*servertest.Client{"this browser's cookie": replay(env, ann), "the phone's cookie": replay(env, phone)}

	refused(t, env, "UNAUTHENTICATED", "", func() *servertest.Response { return env.NewClient().Do(everywhereQ, nil) })

	var out struct{ SignOutEverywhere bool }
	doOK(t, ann, everywhereQ, nil, &out)
	if !out.SignOutEverywhere {
		t.Error("signOutEverywhere = false")
	}
	copies["this browser"], copies["the phone"] = ann, phone
	for name, c := range copies {
		if got := viewerEmail(t, c); got != "" {
			t.Errorf("%s is still signed in as %q", name, got)
		}
	}
	streamEnds(t, stream, "the phone's subscription")
	if got := viewerEmail(t, bob); got != "bob@everywhere.test" {
		t.Errorf("another user was signed out (viewer %q)", got)
	}
	if !canSignIn(t, env, "ann@everywhere.test", servertest.Password) {
		t.Error("signing out everywhere changed the password")
	}
}

func TestUpdateProfile(t *testing.T) {
	env := servertest.Start(t)
	ann := env.User("ann@profile.test", "Ann")
	refused(t, env, "UNAUTHENTICATED", "", func() *servertest.Response {
		return env.NewClient().Do(`mutation { updateProfile(name: "Eve") { id } }`, nil)
	})
	for _, bad := range []string{"", "  ", "Ann\nLee", strings.Repeat("n", 101)} {
		refused(t, env, "BAD_USER_INPUT", "name", func() *servertest.Response {
			return ann.Do(`mutation($n: String!) { updateProfile(name: $n) { id } }`, map[string]any{"n": bad})
		})
	}
	var out struct{ UpdateProfile struct{ Name, Email string } }
	doOK(t, ann, `mutation($n: String!) { updateProfile(name: $n) { name email } }`, map[string]any{"n": "  Ann Lee "}, &out)
	if out.UpdateProfile.Name != "Ann Lee" || out.UpdateProfile.Email != "ann@profile.test" {
		t.Errorf("updateProfile = %+v", out.UpdateProfile)
	}
	var me struct{ Viewer struct{ Name string } }
	doOK(t, ann, `{ viewer { name } }`, nil, &me)
	if me.Viewer.Name != "Ann Lee" {
		t.Errorf("viewer name = %q", me.Viewer.Name)
	}
}

// TestSquatterLosesTheAddress: someone signs up first with another
// person's address. The owner signs up anyway, verifies, and the squatter's
// password, sessions and verification link are worth nothing.
func TestSquatterLosesTheAddress(t *testing.T) {
	env := servertest.Start(t)
	const address = "olivia@squat.test"
	squatter := env.NewClient()
	doOK(t, squatter, signUpQ, signUpVars(address, "the squatter's password", "Squatter"), nil)
	squatterLink := env.Token(address, "/verify-email")
	stolen := replay(env, squatter)

	// The unverified squatter may do nothing on others' behalf.
	refused(t, env, "FORBIDDEN", "", func() *servertest.Response {
		return squatter.Do(createOrgQ, map[string]any{"in": map[string]any{"name": "Squat"}})
	})

	owner := env.NewClient()
	var out struct {
		SignUp struct{ User struct{ ID, Name string } }
	}
	doOK(t, owner, `mutation($in: SignUpInput!) { signUp(input: $in) { user { id name } } }`,
		signUpVars(address, servertest.Password, "Olivia"), &out)
	if out.SignUp.User.Name != "Olivia" {
		t.Errorf("the reclaimed account is named %q", out.SignUp.User.Name)
	}
	ownerLink := env.Token(address, "/verify-email")
	for name, c := range map[string]*servertest.Client{"the squatter": squatter, "a copy of the squatter's cookie": stolen} {
		if got := viewerEmail(t, c); got != "" {
			t.Errorf("%s is still signed in after the owner's sign-up", name)
		}
	}
	if canSignIn(t, env, address, "the squatter's password") {
		t.Error("the squatter's password still works")
	}

	// The squatter's link no longer verifies, not even for the owner.
	refused(t, env, "BAD_USER_INPUT", "token", func() *servertest.Response {
		return owner.Do(verifyQ, map[string]any{"t": squatterLink})
	})
	doOK(t, owner, verifyQ, map[string]any{"t": ownerLink}, nil)
	if got := viewerEmail(t, owner); got != address {
		t.Errorf("owner viewer = %q", got)
	}
	owner.CreateOrg("Olivia's")

	// Once verified, the address is taken for good.
	refused(t, env, "CONFLICT", "email", func() *servertest.Response {
		return env.NewClient().Do(signUpQ, signUpVars(" OLIVIA@squat.test", "the squatter's password", "Squatter"))
	})
	if canSignIn(t, env, address, "the squatter's password") || !canSignIn(t, env, address, servertest.Password) {
		t.Error("after the refused sign-up, only the owner's password may work")
	}
	n, err := env.App.Client().User.Query().Where(user.Email(address)).Count(systemContext())
	if err != nil || n != 1 {
		t.Errorf("%d accounts for the address (%v), want 1", n, err)
	}
}

// TestResetTakesBackAnAddress: the owner of an address that someone else
// signed up with can also use a password reset, which proves the address.
func TestResetTakesBackAnAddress(t *testing.T) {
	env := servertest.Start(t)
	const address = "pat@squat.test"
	squatter := env.NewClient()
	doOK(t, squatter, signUpQ, signUpVars(address, "the squatter's password", "Squatter"), nil)
	squatterLink := env.Token(address, "/verify-email")
	owner := env.NewClient()
	doOK(t, owner, requestResetQ, map[string]any{"e": address}, nil)
	var out struct {
		ResetPassword struct{ User struct{ EmailVerified bool } }
	}
	doOK(t, owner, resetQ, map[string]any{"t": env.Token(address, "/reset-password"), "p": newPassword}, &out)
	if !out.ResetPassword.User.EmailVerified {
		t.Error("a reset from the emailed link did not verify the address")
	}
	if got := viewerEmail(t, squatter); got != "" {
		t.Error("the squatter is still signed in")
	}
	if canSignIn(t, env, address, "the squatter's password") {
		t.Error("the squatter's password still works")
	}
	// The squatter, signed in again with nothing, cannot use their link.
	refused(t, env, "UNAUTHENTICATED", "", func() *servertest.Response {
		return squatter.Do(verifyQ, map[string]any{"t": squatterLink})
	})
	refused(t, env, "BAD_USER_INPUT", "token", func() *servertest.Response {
		return owner.Do(verifyQ, map[string]any{"t": squatterLink})
	})
	owner.CreateOrg("Pat's")
}

// TestVerifyEmailOnlyAsItsAccount: a verification link works only for the
// signed-in account it was sent to; anyone else learns nothing from it and
// uses nothing up.
func TestVerifyEmailOnlyAsItsAccount(t *testing.T) {
	env := servertest.Start(t)
	ann := env.SignUp("ann@verify.test", "Ann")
	link := env.Token("ann@verify.test", "/verify-email")
	bob := env.User("bob@verify.test", "Bob")
	anon := env.NewClient()

	for name, call := range map[string]func() *servertest.Response{
		"signed out, with the link": func() *servertest.Response { return anon.Do(verifyQ, map[string]any{"t": link}) },
		"signed out, with an unknown token": func() *servertest.Response {
			return anon.Do(verifyQ, map[string]any{"t": "unknown-token-of-the-right-length-0123456789"})
		},
		"signed in as another account, with it": func() *servertest.Response { return bob.Do(verifyQ, map[string]any{"t": link}) },
	} {
		res := refused(t, env, "UNAUTHENTICATED", "", call)
		if !strings.Contains(res.Errors[0].Message, "ign in") {
			t.Errorf("%s: message %q does not ask to sign in", name, res.Errors[0].Message)
		}
	}
	// Bob with a token that is nobody's: the token is at fault.
	refused(t, env, "BAD_USER_INPUT", "token", func() *servertest.Response {
		return bob.Do(verifyQ, map[string]any{"t": "unknown-token-of-the-right-length-0123456789"})
	})
	var me struct{ Viewer struct{ EmailVerified bool } }
	doOK(t, ann, `{ viewer { emailVerified } }`, nil, &me)
	if me.Viewer.EmailVerified {
		t.Fatal("another caller verified Ann")
	}

	// Ann herself, signed in: the link still works, once.
	var out struct{ VerifyEmail struct{ EmailVerified bool } }
	doOK(t, ann, verifyQ, map[string]any{"t": link}, &out)
	if !out.VerifyEmail.EmailVerified {
		t.Error("verifyEmail did not verify")
	}
	refused(t, env, "BAD_USER_INPUT", "token", func() *servertest.Response { return ann.Do(verifyQ, map[string]any{"t": link}) })
	// A second browser of Ann's may sign in and verify with a newer link.
	ann2 := signIn(t, env, "ann@verify.test", servertest.Password)
	if res := ann2.Do(`mutation { resendVerificationEmail }`, nil); res.Code() != "BAD_USER_INPUT" {
		t.Errorf("resend once verified: %q, want BAD_USER_INPUT", res.Code())
	}
}

// TestUnverifiedMayNotAct: before the email is verified, creating an
// organization and every kind of invitation, and answering a received
// invitation, are FORBIDDEN before any other check (whatever the
// organization or ID), and write nothing.
func TestUnverifiedMayNotAct(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@unverified.test", "Owner")
	org := owner.CreateOrg("Verified Co")
	invID := owner.Invite(org, "pending@unverified.test", "MEMBER")
	other := env.User("other@unverified.test", "Other")
	otherOrg := other.CreateOrg("Other Co")
	fresh := env.SignUp("fresh@unverified.test", "Fresh")
	owner.Invite(org, "fresh@unverified.test", "MEMBER")
	freshInv := pendingInvitationID(t, owner, org, "fresh@unverified.test")

	// An owner whose verification is undone (an account from before the
	// rule) is refused as well, in their own organization.
	demoted := env.User("demoted@unverified.test", "Demoted")
	demotedOrg := demoted.CreateOrg("Demoted Co")
	demotedInv := demoted.Invite(demotedOrg, "someone@unverified.test", "MEMBER")
	if err := env.App.Client().User.Update().Where(user.Email("demoted@unverified.test")).SetEmailVerified(false).Exec(systemContext()); err != nil {
		t.Fatal(err)
	}
	// Changed by hand: announced as Roster announces its own changes.
	demotedUser := env.App.Client().User.Query().Where(user.Email("demoted@unverified.test")).OnlyX(systemContext())
	if err := env.App.Hub().Publish(context.Background(), pubsub.User(demotedUser.ID)); err != nil {
		t.Fatal(err)
	}

	orgs := []string{org.ID, otherOrg.ID, demotedOrg.ID}
	for who, c := range map[string]*servertest.Client{"a new account": fresh, "an owner no longer verified": demoted} {
		calls := map[string]func() *servertest.Response{
			"createOrganization": func() *servertest.Response {
				return c.Do(createOrgQ, map[string]any{"in": map[string]any{"name": "Spam Co"}})
			},
			"createOrganization with bad input": func() *servertest.Response {
				return c.Do(createOrgQ, map[string]any{"in": map[string]any{"name": "", "slug": "!!"}})
			},
			"inviteMember in another organization": func() *servertest.Response {
				return c.Do(inviteQ, inviteVars(otherOrg, "victim@else.test", "MEMBER"))
			},
			"inviteMember in its own": func() *servertest.Response {
				return c.Do(inviteQ, inviteVars(demotedOrg, "victim@else.test", "MEMBER"))
			},
			"bulkInviteMembers": func() *servertest.Response {
				return c.Do(bulkQ, bulkVars(demotedOrg, "a@else.test\nb@else.test", "MEMBER"))
			},
			"resendInvitation": func() *servertest.Response { return c.Do(resendQ, map[string]any{"id": demotedInv}) },
			"resendInvitation of another organization": func() *servertest.Response {
				return c.Do(resendQ, map[string]any{"id": invID})
			},
			"acceptReceivedInvitation": func() *servertest.Response {
				return c.Do(`mutation($id: ID!) { acceptReceivedInvitation(id: $id) { id } }`, map[string]any{"id": freshInv})
			},
			"declineReceivedInvitation": func() *servertest.Response {
				return c.Do(`mutation($id: ID!) { declineReceivedInvitation(id: $id) }`, map[string]any{"id": invID})
			},
		}
		for name, call := range calls {
			t.Run(who+"/"+name, func(t *testing.T) {
				res := refusedUnchanged(t, env, "FORBIDDEN", orgs, call)
				if !strings.HasPrefix(res.Errors[0].Message, "Verify your email address first") {
					t.Errorf("message %q does not say to verify first", res.Errors[0].Message)
				}
			})
		}
	}

	// And fresh sees no invitation before verifying.
	var out struct {
		Viewer struct{ ReceivedInvitations []struct{ ID string } }
	}
	doOK(t, fresh, `{ viewer { receivedInvitations { id } } }`, nil, &out)
	if len(out.Viewer.ReceivedInvitations) != 0 {
		t.Errorf("an unverified account sees invitations: %+v", out.Viewer.ReceivedInvitations)
	}
	if n := emailsTo(t, env, "victim@else.test") + emailsTo(t, env, "a@else.test"); n != 0 {
		t.Errorf("%d emails sent on behalf of an unverified account", n)
	}
}

// TestReceivedInvitations: a verified user sees the pending invitations to
// their address, and accepts or declines them by ID, without the email.
// Another person's invitation is NOT_FOUND.
func TestReceivedInvitations(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@received.test", "Olivia Owner")
	acme := owner.CreateOrg("Acme")
	globex := owner.CreateOrg("Globex")
	initech := owner.CreateOrg("Initech")
	ann := env.User("ann@received.test", "Ann")
	bob := env.User("bob@received.test", "Bob")
	acmeInv := owner.Invite(acme, "ann@received.test", "ADMIN")
	globexInv := owner.Invite(globex, "ann@received.test", "MEMBER")
	initechInv := owner.Invite(initech, "ann@received.test", "MEMBER")
	bobInv := owner.Invite(acme, "bob@received.test", "MEMBER")
	canceledInv := owner.Invite(initech, "bob@received.test", "MEMBER")
	owner.MustDo(cancelQ, map[string]any{"id": canceledInv}, nil)

	type received struct {
		ID, OrganizationName, Role string
		InvitedByName              *string
		ExpiresAt                  time.Time
	}
	list := func(c *servertest.Client) []received {
		t.Helper()
		var out struct {
			Viewer struct{ ReceivedInvitations []received }
		}
		doOK(t, c, `{ viewer { receivedInvitations { id organizationName role invitedByName expiresAt } } }`, nil, &out)
		return out.Viewer.ReceivedInvitations
	}
	got := list(ann)
	if len(got) != 3 {
		t.Fatalf("ann's invitations: %+v", got)
	}
	byID := map[string]received{}
	for _, r := range got {
		byID[r.ID] = r
	}
	if r := byID[acmeInv]; r.OrganizationName != "Acme" || r.Role != "ADMIN" || r.InvitedByName == nil || *r.InvitedByName != "Olivia Owner" || r.ExpiresAt.Before(time.Now()) {
		t.Errorf("the Acme invitation as Ann sees it: %+v", r)
	}
	if b := list(bob); len(b) != 1 || b[0].ID != bobInv {
		t.Errorf("bob's invitations: %+v (only his pending one)", b)
	}

	// Only for the viewer: through the member list, another user's is empty.
	_, _ = env.Join(owner, initech, "cy@received.test", "MEMBER")
	owner.Invite(acme, "cy@received.test", "MEMBER")
	var members struct {
		Organization struct {
			Members struct {
				Edges []struct {
					Node struct {
						User struct {
							Email               string
							ReceivedInvitations []received
						}
					}
				}
			}
		}
	}
	doOK(t, owner, `query($s: String!) { organization(slug: $s) { members { edges { node { user { email receivedInvitations { id } } } } } } }`,
		map[string]any{"s": initech.Slug}, &members)
	for _, e := range members.Organization.Members.Edges {
		if u := e.Node.User; u.Email != "owner@received.test" && len(u.ReceivedInvitations) != 0 {
			t.Errorf("the owner sees %s's received invitations: %+v", u.Email, u.ReceivedInvitations)
		}
	}

	acceptQ := `mutation($id: ID!) { acceptReceivedInvitation(id: $id) { id role organization { name } } }`
	declineQ := `mutation($id: ID!) { declineReceivedInvitation(id: $id) }`
	orgs := []string{acme.ID, globex.ID, initech.ID}

	// Another person's invitation, or no invitation at all: NOT_FOUND.
	for name, id := range map[string]string{"bob's invitation": bobInv, "an unknown ID": "inv_00000000000000000000000000", "a membership's ID": membershipID(t, owner, acme, "owner@received.test")} {
		t.Run("ann accepting "+name, func(t *testing.T) {
			refusedUnchanged(t, env, "NOT_FOUND", orgs, func() *servertest.Response { return ann.Do(acceptQ, map[string]any{"id": id}) })
			refusedUnchanged(t, env, "NOT_FOUND", orgs, func() *servertest.Response { return ann.Do(declineQ, map[string]any{"id": id}) })
		})
	}
	refused(t, env, "UNAUTHENTICATED", "", func() *servertest.Response { return env.NewClient().Do(acceptQ, map[string]any{"id": acmeInv}) })

	// Accept: a membership with the invitation's role, whose seat it takes.
	before := owner.Seats(acme)
	stream := owner.Subscribe(seatSubscription, map[string]any{"o": acme.ID}, servertest.DialOptions{})
	nextUsage(t, stream)
	var accepted struct {
		AcceptReceivedInvitation struct {
			Role         string
			Organization struct{ Name string }
		}
	}
	doOK(t, ann, acceptQ, map[string]any{"id": acmeInv}, &accepted)
	if a := accepted.AcceptReceivedInvitation; a.Role != "ADMIN" || a.Organization.Name != "Acme" {
		t.Errorf("accepted = %+v", a)
	}
	if u := nextUsage(t, stream).SeatUsageChanged; u.Active != before.Active+1 || u.Pending != before.Pending-1 || u.Used != before.Used {
		t.Errorf("seats after accepting: %+v, before %+v", u, before)
	}
	var role struct{ Organization struct{ ViewerRole string } }
	doOK(t, ann, `query($s: String!) { organization(slug: $s) { viewerRole } }`, map[string]any{"s": acme.Slug}, &role)
	if role.Organization.ViewerRole != "ADMIN" {
		t.Errorf("ann's role in Acme = %q", role.Organization.ViewerRole)
	}
	refusedUnchanged(t, env, "INVITATION_INVALID", orgs, func() *servertest.Response { return ann.Do(acceptQ, map[string]any{"id": acmeInv}) })
	refusedUnchanged(t, env, "INVITATION_INVALID", orgs, func() *servertest.Response { return ann.Do(declineQ, map[string]any{"id": acmeInv}) })

	// Decline frees the seat.
	globexBefore := owner.Seats(globex)
	var declined struct{ DeclineReceivedInvitation bool }
	doOK(t, ann, declineQ, map[string]any{"id": globexInv}, &declined)
	if s := owner.Seats(globex); !declined.DeclineReceivedInvitation || s.Pending != globexBefore.Pending-1 {
		t.Errorf("seats after declining: %+v, before %+v", s, globexBefore)
	}
	refusedUnchanged(t, env, "INVITATION_INVALID", orgs, func() *servertest.Response { return ann.Do(acceptQ, map[string]any{"id": globexInv}) })

	// Canceled and expired invitations are no longer pending.
	refusedUnchanged(t, env, "INVITATION_INVALID", orgs, func() *servertest.Response { return bob.Do(acceptQ, map[string]any{"id": canceledInv}) })
	if err := env.App.Client().Invitation.UpdateOneID(initechInv).SetExpiresAt(database.Now().Add(-time.Second)).Exec(systemContext()); err != nil {
		t.Fatal(err)
	}
	if got := list(ann); len(got) != 0 {
		t.Errorf("ann still sees %+v", got)
	}
	refused(t, env, "INVITATION_INVALID", "", func() *servertest.Response { return ann.Do(acceptQ, map[string]any{"id": initechInv}) })

	// The audit trail is the one an emailed link leaves.
	events, err := env.App.Client().AuditEvent.Query().All(systemContext())
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, e := range events {
		// The invitations' events name them; member.joined names the
		// membership that Ann's acceptance made.
		if e.TargetID == acmeInv || e.TargetID == globexInv || e.Action == "member.joined" && e.Target == "ann@received.test" {
			actions[e.Action]++
		}
	}
	for _, a := range []string{"invitation.accepted", "member.joined", "invitation.declined"} {
		if actions[a] != 1 {
			t.Errorf("audit %s recorded %d times (have %v)", a, actions[a], actions)
		}
	}
}

// TestReclaimRacesVerification: the owner verifying an address while
// someone else signs up for it, at the same moment. Never do both win: the
// address is either verified with the owner's password (the sign-up is
// CONFLICT) or reclaimed and unverified (the owner's link no longer works).
func TestReclaimRacesVerification(t *testing.T) {
	env := servertest.Start(t)
	const squatterPassword = "the squatter's password"
	for i := range 6 {
		address := fmt.Sprintf("race%d@squat.test", i)
		owner := env.SignUp(address, "Owner")
		link := env.Token(address, "/verify-email")
		squatter := env.NewClient()
		var verified, signedUp string
		var wg sync.WaitGroup
		wg.Go(func() { verified = owner.Do(verifyQ, map[string]any{"t": link}).Code() })
		wg.Go(func() {
			signedUp = squatter.Do(signUpQ, signUpVars(address, squatterPassword, "Squatter")).Code()
		})
		wg.Wait()
		u, err := env.App.Client().User.Query().Where(user.Email(address)).Only(systemContext())
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case verified == "" && signedUp == "CONFLICT":
			if !u.EmailVerified || !canSignIn(t, env, address, servertest.Password) || canSignIn(t, env, address, squatterPassword) {
				t.Errorf("round %d: verified first, but the account is %+v", i, u)
			}
		case (verified == "BAD_USER_INPUT" || verified == "UNAUTHENTICATED") && signedUp == "":
			if u.EmailVerified || canSignIn(t, env, address, servertest.Password) {
				t.Errorf("round %d: reclaimed first, but the account is verified or keeps the old password", i)
			}
		default:
			t.Errorf("round %d: verifyEmail %q and signUp %q", i, verified, signedUp)
		}
	}
}
