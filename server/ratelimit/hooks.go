package ratelimit

import (
	"context"
	"strings"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/clientip"
)

// The hooks of the domain: one call each, at the point where the attempt
// is known to be worth counting (after cheap input checks, before the
// expensive or visible work: a password hash, an email). Each returns
// RATE_LIMITED, or nil when the attempt may go on (and is counted). A nil
// or disabled Limiter allows everything. Addresses are compared
// lower-cased and trimmed, as sign-in does.

// SignIn counts a sign-in attempt for email, as a failure until SignedIn
// says otherwise, per account and client address and per account alone.
// Call it before the password is hashed: a refused attempt hashes nothing.
func (l *Limiter) SignIn(ctx context.Context, email string) error {
	if !l.Enabled() {
		return nil
	}
	account := normalize(email)
	return l.take(ctx, nil,
		charge{rule: l.rules.SignInPair, subject: account + "\n" + clientip.Key(ctx), n: 1},
		charge{rule: l.rules.SignInAccount, subject: account, n: 1})
}

// SignedIn takes back the attempt SignIn counted, once the password proved
// right: the pair's failures are forgotten, and the account's count loses
// this attempt.
func (l *Limiter) SignedIn(ctx context.Context, email string) {
	if !l.Enabled() {
		return
	}
	account := normalize(email)
	l.reset(ctx, l.rules.SignInPair, account+"\n"+clientip.Key(ctx))
	l.refund(ctx, l.rules.SignInAccount, account, 1)
}

// SignUp counts a sign-up for email, per client address and per address.
func (l *Limiter) SignUp(ctx context.Context, email string) error {
	if !l.Enabled() { // before l.rules is read: a nil Limiter has none
		return nil
	}
	return l.take(ctx, nil,
		charge{rule: l.rules.SignUpIP, subject: clientip.Key(ctx), n: 1},
		charge{rule: l.rules.SignUpAddress, subject: normalize(email), n: 1})
}

// RequestPasswordReset counts a request for a reset email to email, per
// address and per client address. Call it whether or not an account has
// that address, so that refusals reveal nothing.
func (l *Limiter) RequestPasswordReset(ctx context.Context, email string) error {
	if !l.Enabled() { // before l.rules is read: a nil Limiter has none
		return nil
	}
	return l.take(ctx, nil,
		charge{rule: l.rules.ResetRequestIP, subject: clientip.Key(ctx), n: 1},
		charge{rule: l.rules.ResetRequestAddress, subject: normalize(email), n: 1})
}

// ResetPassword counts a password reset (a token and a new password) per
// client address.
func (l *Limiter) ResetPassword(ctx context.Context) error {
	if !l.Enabled() { // before l.rules is read: a nil Limiter has none
		return nil
	}
	return l.take(ctx, nil, charge{rule: l.rules.ResetPasswordIP, subject: clientip.Key(ctx), n: 1})
}

// ChangePassword counts a password change of userID (each checks the
// current password, so a stolen session could guess it).
func (l *Limiter) ChangePassword(ctx context.Context, userID string) error {
	if !l.Enabled() { // before l.rules is read: a nil Limiter has none
		return nil
	}
	return l.take(ctx, nil, charge{rule: l.rules.ChangePasswordUser, subject: userID, n: 1})
}

// ResendVerificationEmail counts a new verification email for userID, per
// user and per client address.
func (l *Limiter) ResendVerificationEmail(ctx context.Context, userID string) error {
	if !l.Enabled() { // before l.rules is read: a nil Limiter has none
		return nil
	}
	return l.take(ctx, nil,
		charge{rule: l.rules.VerificationIP, subject: clientip.Key(ctx), n: 1},
		charge{rule: l.rules.VerificationUser, subject: userID, n: 1})
}

// Invitations counts n invitation emails of organization orgID in tx, the
// transaction that creates them, after the permission check: if tx rolls
// back (no seat, a conflict), nothing was sent and nothing counts.
func (l *Limiter) Invitations(ctx context.Context, tx *ent.Tx, orgID string, n int) error {
	if !l.Enabled() { // before l.rules is read: a nil Limiter has none
		return nil
	}
	return l.take(ctx, tx, charge{rule: l.rules.InvitationsOrg, subject: orgID, n: n})
}

// ResendInvitation counts, in tx, a new send of invitation id of
// organization orgID, created (and first sent) at createdAt: per
// invitation, that first send included, and in the organization's count.
func (l *Limiter) ResendInvitation(ctx context.Context, tx *ent.Tx, orgID, id string, createdAt time.Time) error {
	if !l.Enabled() { // before l.rules is read: a nil Limiter has none
		return nil
	}
	return l.take(ctx, tx,
		charge{rule: l.rules.InvitationsOrg, subject: orgID, n: 1},
		charge{rule: l.rules.InvitationSends, subject: id, n: 1, earlier: createdAt})
}

// OAuthClientAuth counts a token request's client authentication from the
// client address, as a failure until OAuthClientAuthenticated says
// otherwise. Call it before the secret is compared: a refused request
// learns nothing about the secret.
func (l *Limiter) OAuthClientAuth(ctx context.Context) error {
	if !l.Enabled() { // before l.rules is read: a nil Limiter has none
		return nil
	}
	return l.take(ctx, nil, charge{rule: l.rules.OAuthIP, subject: clientip.Key(ctx), n: 1})
}

// OAuthClientAuthenticated takes back the attempt OAuthClientAuth counted,
// once the client proved its secret.
func (l *Limiter) OAuthClientAuthenticated(ctx context.Context) {
	if !l.Enabled() {
		return
	}
	l.refund(ctx, l.rules.OAuthIP, clientip.Key(ctx), 1)
}

// OAuthToken counts an access token issued to OAuth client clientID.
func (l *Limiter) OAuthToken(ctx context.Context, clientID string) error {
	if !l.Enabled() { // before l.rules is read: a nil Limiter has none
		return nil
	}
	return l.take(ctx, nil, charge{rule: l.rules.OAuthTokens, subject: clientID, n: 1})
}

// DomainCheck counts a DNS check of one of organization orgID's domains,
// after the permission check and before the lookup.
func (l *Limiter) DomainCheck(ctx context.Context, orgID string) error {
	if !l.Enabled() { // before l.rules is read: a nil Limiter has none
		return nil
	}
	return l.take(ctx, nil, charge{rule: l.rules.DomainChecks, subject: orgID, n: 1})
}

func normalize(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
