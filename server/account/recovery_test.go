package account_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/mail"
	"github.com/rosterhq/roster/server/ratelimit"
)

// signsIn reports whether email and password sign in.
func (f *fixture) signsIn(email, password string) bool {
	f.t.Helper()
	_, err := f.accounts.SignIn(context.Background(), email, password)
	if err != nil && !errcode.Is(err, errcode.Unauthenticated) {
		f.t.Fatalf("SignIn: %v", err)
	}
	return err == nil
}

// TestResetLinkWorksOnce: a reset link sets the password once; every
// session ends (the user's topic hears it) and the link is gone, so a
// second use changes nothing. A refused new password does not use it up.
func TestResetLinkWorksOnce(t *testing.T) {
	f := setup(t)
	u := f.verified("ivy@example.com", "ivy's old password", "Ivy")
	f.signIn(u.ID)
	f.signIn(u.ID)
	if err := f.accounts.RequestPasswordReset(context.Background(), " IVY@example.com "); err != nil {
		t.Fatal(err)
	}
	link := f.lastToken(mail.KindPasswordReset, "ivy@example.com")

	_, err := f.accounts.ResetPassword(context.Background(), link, "too short")
	wantCode(t, "a short new password", err, errcode.BadUserInput, "newPassword")
	notice := f.announced(u.ID)
	got, err := f.accounts.ResetPassword(context.Background(), link, "ivy's new password")
	if err != nil || got.ID != u.ID {
		t.Fatalf("ResetPassword = %v, %v", got, err)
	}
	if n := f.sessionsOf(u.ID); n != 0 || !notice() {
		t.Errorf("after the reset: %d sessions left, announced %v; want none left, announced", n, notice())
	}
	stored := f.stored(u.ID)
	if stored.PasswordResetTokenHash != nil || stored.PasswordResetExpiresAt != nil {
		t.Error("the used link is still stored")
	}
	if f.signsIn("ivy@example.com", "ivy's old password") || !f.signsIn("ivy@example.com", "ivy's new password") {
		t.Error("the reset did not replace the password")
	}

	_, err = f.accounts.ResetPassword(context.Background(), link, "a third password")
	wantCode(t, "the link a second time", err, errcode.BadUserInput, "token")
	if !f.signsIn("ivy@example.com", "ivy's new password") {
		t.Error("the refused second use changed the password")
	}
}

// TestResetLinksThatNoLongerWork: a link past its hour, a link replaced by
// a newer one, a link pending when the password was changed, a
// verification link used as a reset link, and made-up tokens are all
// refused alike, and change nothing.
func TestResetLinksThatNoLongerWork(t *testing.T) {
	f := setup(t)
	u := f.verified("jack@example.com", "jack's password!", "Jack")
	request := func() string {
		t.Helper()
		if err := f.accounts.RequestPasswordReset(context.Background(), "jack@example.com"); err != nil {
			t.Fatal(err)
		}
		return f.lastToken(mail.KindPasswordReset, "jack@example.com")
	}
	refused := func(what, link string) {
		t.Helper()
		_, err := f.accounts.ResetPassword(context.Background(), link, "the attacker's password")
		wantCode(t, what, err, errcode.BadUserInput, "token")
	}

	expired := request()
	f.client.User.UpdateOneID(u.ID).SetPasswordResetExpiresAt(database.Now().Add(-1)).ExecX(sys)
	refused("a link past its hour", expired)

	older := request()
	newer := request()
	refused("a link a newer one replaced", older)

	cookie := f.signIn(u.ID)
	f.inSession(cookie, func(ctx context.Context) {
		if err := f.accounts.ChangePassword(ctx, "jack's password!", "jack's changed password"); err != nil {
			t.Fatal(err)
		}
	})
	refused("a link pending when the password changed", newer)

	pending := request()
	changed := "A"
	if strings.HasSuffix(pending, "A") {
		changed = "B"
	}
	refused("a link with a character changed", pending[:len(pending)-1]+changed)
	refused("a link cut short", pending[:20])
	refused("an empty link", "")
	refused("an overlong link", strings.Repeat(pending, 5))
	f.client.User.UpdateOneID(u.ID).SetEmailVerified(false).ExecX(sys)
	if err := f.accounts.ResendVerificationEmail(f.as(u.ID)); err != nil {
		t.Fatal(err)
	}
	refused("a verification link", f.lastToken(mail.KindVerification, "jack@example.com"))

	if !f.signsIn("jack@example.com", "jack's changed password") || f.signsIn("jack@example.com", "the attacker's password") {
		t.Error("a refused link changed the password")
	}
	// The pending link still works: the refusals did not use it up.
	if _, err := f.accounts.ResetPassword(context.Background(), pending, "jack's final password"); err != nil {
		t.Fatalf("the pending link after the refusals: %v", err)
	}
}

// TestConcurrentResetsUseTheLinkOnce: of two resets racing with one link,
// exactly one sets the password.
func TestConcurrentResetsUseTheLinkOnce(t *testing.T) {
	f := setup(t)
	f.verified("kate@example.com", "kate's password!", "Kate")
	if err := f.accounts.RequestPasswordReset(context.Background(), "kate@example.com"); err != nil {
		t.Fatal(err)
	}
	link := f.lastToken(mail.KindPasswordReset, "kate@example.com")
	passwords := []string{"the first new password", "the second new password"}
	errs := make([]error, len(passwords))
	var wg sync.WaitGroup
	for i, p := range passwords {
		wg.Go(func() { _, errs[i] = f.accounts.ResetPassword(context.Background(), link, p) })
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch {
		case err == nil && won < 0:
			won = i
		case err == nil:
			t.Fatal("both resets succeeded")
		case !errcode.Is(err, errcode.BadUserInput):
			t.Errorf("the losing reset: %v, want BAD_USER_INPUT", err)
		}
	}
	if won < 0 {
		t.Fatalf("no reset succeeded: %v", errs)
	}
	if !f.signsIn("kate@example.com", passwords[won]) || f.signsIn("kate@example.com", passwords[1-won]) {
		t.Error("the password is not the winner's")
	}
}

// TestResetTakesBackAnUnverifiedClaim: the reset link proves the address,
// so the owner can take over an account someone else signed up with: the
// account becomes verified, and its pending verification link (which the
// owner received too, but the squatter could ask to have resent) stops
// working.
func TestResetTakesBackAnUnverifiedClaim(t *testing.T) {
	f := setup(t)
	claim := f.signUp("liam@example.com", "the squatter's password", "Squatter")
	f.signIn(claim.ID)
	verification := f.lastToken(mail.KindVerification, "liam@example.com")
	if err := f.accounts.RequestPasswordReset(context.Background(), "liam@example.com"); err != nil {
		t.Fatal(err)
	}
	u, err := f.accounts.ResetPassword(context.Background(), f.lastToken(mail.KindPasswordReset, "liam@example.com"), "the owner's password")
	if err != nil || !u.EmailVerified {
		t.Fatalf("ResetPassword = %v, %v; want the account, verified", u, err)
	}
	stored := f.stored(claim.ID)
	if !stored.EmailVerified || stored.VerificationTokenHash != nil || f.sessionsOf(claim.ID) != 0 {
		t.Errorf("stored: verified %v, verification link kept %v, %d sessions", stored.EmailVerified, stored.VerificationTokenHash != nil, f.sessionsOf(claim.ID))
	}
	_, err = f.accounts.VerifyEmail(f.as(claim.ID), verification)
	wantCode(t, "the verification link after the reset", err, errcode.BadUserInput, "token")
	if f.signsIn("liam@example.com", "the squatter's password") {
		t.Error("the squatter's password still signs in")
	}
	_, err = f.accounts.SignUp(context.Background(), "liam@example.com", "the squatter's password", "Squatter")
	wantCode(t, "the squatter signing up again", err, errcode.Conflict, "email")
}

// TestResetRequestsTellNothing: a request for an address without an
// account answers as one with, sends nothing and stores nothing; it counts
// against the address's limit just the same, so the refusals tell nothing
// either. A malformed address is BAD_USER_INPUT.
func TestResetRequestsTellNothing(t *testing.T) {
	rules := ratelimit.Defaults()
	rules.ResetRequestAddress.Limit = 2
	f := setupWith(t, &rules)
	f.signUp("mia@example.com", "mia's password!!", "Mia")
	for _, email := range []string{"mia@example.com", "nobody@example.com"} {
		for i := range 2 {
			if err := f.accounts.RequestPasswordReset(context.Background(), email); err != nil {
				t.Fatalf("request %d for %s: %v", i+1, email, err)
			}
		}
		err := f.accounts.RequestPasswordReset(context.Background(), strings.ToUpper(email))
		wantCode(t, "a third request for "+email, err, errcode.RateLimited, "")
	}
	if n := len(f.emails(mail.KindPasswordReset, "mia@example.com")); n != 2 {
		t.Errorf("%d reset emails to the account, want 2", n)
	}
	if n, _ := f.client.OutboxEmail.Query().Count(sys); n != 3 { // 2 resets and the verification
		t.Errorf("%d emails queued, want 3: none for the unknown address", n)
	}
	if n, _ := f.client.User.Query().Count(sys); n != 1 {
		t.Errorf("%d accounts, want 1", n)
	}
	err := f.accounts.RequestPasswordReset(context.Background(), "not an address")
	wantCode(t, "a malformed address", err, errcode.BadUserInput, "email")
}

// TestChangePasswordNeedsTheCurrentOne: a wrong current password (or none,
// or a signed-out caller) changes nothing; the right one sets the new
// password, ends every other session of the user but not the caller's,
// and voids a pending reset link.
func TestChangePasswordNeedsTheCurrentOne(t *testing.T) {
	f := setup(t)
	u := f.verified("noah@example.com", "noah's password!", "Noah")
	other := f.verified("olga@example.com", "olga's password!", "Olga")
	mine, elsewhere := f.signIn(u.ID), f.signIn(u.ID)
	olgas := f.signIn(other.ID)
	if err := f.accounts.RequestPasswordReset(context.Background(), "noah@example.com"); err != nil {
		t.Fatal(err)
	}
	link := f.lastToken(mail.KindPasswordReset, "noah@example.com")

	err := f.accounts.ChangePassword(context.Background(), "noah's password!", "a new password for noah")
	wantCode(t, "signed out", err, errcode.Unauthenticated, "")
	f.inSession(mine, func(ctx context.Context) {
		for _, current := range []string{"", "not noah's password", "olga's password!", strings.Repeat("x", 1025)} {
			err := f.accounts.ChangePassword(ctx, current, "a new password for noah")
			wantCode(t, "a wrong current password", err, errcode.BadUserInput, "currentPassword")
		}
		err := f.accounts.ChangePassword(ctx, "noah's password!", "short")
		wantCode(t, "a short new password", err, errcode.BadUserInput, "newPassword")
	})
	if f.stored(u.ID).PasswordHash != u.PasswordHash || f.sessionsOf(u.ID) != 2 {
		t.Fatal("a refused change changed the password or ended sessions")
	}

	notice := f.announced(u.ID)
	f.inSession(mine, func(ctx context.Context) {
		if err := f.accounts.ChangePassword(ctx, "noah's password!", "a new password for noah"); err != nil {
			t.Fatal(err)
		}
	})
	if f.sessionUser(mine) != u.ID || f.sessionUser(elsewhere) != "" || f.sessionsOf(u.ID) != 1 || !notice() {
		t.Errorf("after the change: this session %q, the other %q, %d sessions, announced %v; want this one only, announced",
			f.sessionUser(mine), f.sessionUser(elsewhere), f.sessionsOf(u.ID), notice())
	}
	if f.sessionUser(olgas) != other.ID {
		t.Error("another user's session ended")
	}
	if f.signsIn("noah@example.com", "noah's password!") || !f.signsIn("noah@example.com", "a new password for noah") {
		t.Error("the change did not replace the password")
	}
	_, err = f.accounts.ResetPassword(context.Background(), link, "the attacker's password")
	wantCode(t, "the reset link pending during the change", err, errcode.BadUserInput, "token")
}

// TestSignOutEverywhereEndsOnlyTheUsersSessions: every session of the
// caller ends, this one included; nobody else's.
func TestSignOutEverywhereEndsOnlyTheUsersSessions(t *testing.T) {
	f := setup(t)
	u := f.signUp("pia@example.com", "pia's password!!", "Pia")
	other := f.signUp("quinn@example.com", "quinn's password", "Quinn")
	mine := f.signIn(u.ID)
	f.signIn(u.ID)
	quinns := f.signIn(other.ID)
	err := f.accounts.SignOutEverywhere(context.Background())
	wantCode(t, "signed out", err, errcode.Unauthenticated, "")
	notice := f.announced(u.ID)
	f.inSession(mine, func(ctx context.Context) {
		if err := f.accounts.SignOutEverywhere(ctx); err != nil {
			t.Fatal(err)
		}
	})
	if f.sessionsOf(u.ID) != 0 || f.sessionUser(mine) != "" || !notice() {
		t.Errorf("%d sessions left, announced %v", f.sessionsOf(u.ID), notice())
	}
	if f.sessionUser(quinns) != other.ID {
		t.Error("another user's session ended")
	}
}

// TestUpdateProfileKeepsTheNameRules: the name is trimmed and checked as at
// sign-up (1 to 100 characters, not bytes; no line breaks), only the
// caller's own account changes, and a signed-out caller changes nothing.
func TestUpdateProfileKeepsTheNameRules(t *testing.T) {
	f := setup(t)
	u := f.signUp("rosa@example.com", "rosa's password!", "Rosa")
	other := f.signUp("sam@example.com", "sam's password!!", "Sam")
	_, err := f.accounts.UpdateProfile(context.Background(), "Mallory")
	wantCode(t, "signed out", err, errcode.Unauthenticated, "")
	for _, bad := range []string{"", " \t ", strings.Repeat("名", 101), "Rosa\nAdmin", "Rosa\rAdmin", "Ro\x00sa",
		"Ro\tsa", "Rosa\u2028Admin", "Ro\u2029sa", "evil\u202Emoc.knab", "Rosa\u2066x\u2069", "Ro\u200Fsa", "Ro\xffsa", "Ro\u0085sa"} {
		_, err := f.accounts.UpdateProfile(f.as(u.ID), bad)
		wantCode(t, "UpdateProfile("+bad+")", err, errcode.BadUserInput, "name")
	}
	if f.stored(u.ID).Name != "Rosa" {
		t.Fatal("a refused name was stored")
	}
	long := strings.Repeat("名", 100) // 300 bytes
	got, err := f.accounts.UpdateProfile(f.as(u.ID), "  "+long+"  ")
	if err != nil || got.Name != long || f.stored(u.ID).Name != long {
		t.Fatalf("UpdateProfile(100 characters) = %v, %v", got, err)
	}
	if f.stored(other.ID).Name != "Sam" {
		t.Error("another account's name changed")
	}
	// Joiners are part of some names and emoji: kept.
	for _, fine := range []string{"Zoë 👩\u200D💻", "Nasrin (نسرین)", "José-María O'Neil"} {
		if got, err := f.accounts.UpdateProfile(f.as(u.ID), fine); err != nil || got.Name != fine {
			t.Errorf("UpdateProfile(%q) = %v, %v", fine, got, err)
		}
	}
}
