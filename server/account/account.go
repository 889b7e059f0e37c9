// Package account owns people's accounts: signing up, signing in, proving
// an email address with the link of a verification email, and getting back
// in (password reset, password change, signing out everywhere).
//
// An address belongs to whoever proves it. Until it is verified, an account
// is only a claim: anyone may sign up with any address, so a later sign-up
// for the same unverified address replaces the claim (name, password,
// sessions, verification links), and only the person signed in with the
// password they chose can verify it. So nobody verifies, and nobody
// inherits, an account whose password someone else chose; and an
// unverified account may not act on others' behalf (viewer.RequireVerified).
package account

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/ent/user"
	"github.com/rosterhq/roster/server/address"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/mail"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/ratelimit"
	"github.com/rosterhq/roster/server/token"
	"github.com/rosterhq/roster/server/viewer"
)

// Limits of what people type.
const (
	MinPasswordLength = 10
	maxPasswordLength = 1024 // hashing longer input is only a way to burn CPU
	maxNameLength     = 100
	verificationTTL   = 48 * time.Hour
	resetTTL          = time.Hour
)

// Paths of the portal pages that the emails' links open.
const (
	VerifyPath = "/verify-email"
	ResetPath  = "/reset-password"
)

// Sessions ends the sessions of a user in a transaction (server/session's
// Manager); with keepCurrent, the session of the request in ctx stays.
type Sessions interface {
	EndAll(ctx context.Context, tx *ent.Tx, userID string, keepCurrent bool) error
}

// Service signs people up and in.
type Service struct {
	client    *ent.Client
	outbox    *mail.Outbox
	hub       *pubsub.Hub
	sessions  Sessions
	publicURL string
	limits    *ratelimit.Limiter
	verified  []VerifiedHook
}

// VerifiedHook runs in the transaction that marks u's email verified, after
// the change: auto-join by a verified domain attaches here
// (server/domain). An error rolls the verification back.
type VerifiedHook func(ctx context.Context, tx *ent.Tx, u *ent.User) error

// OnEmailVerified adds a hook run whenever an email becomes verified. Call
// it before serving.
func (s *Service) OnEmailVerified(h VerifiedHook) { s.verified = append(s.verified, h) }

// NewService returns the account service. publicURL starts every link;
// ended sessions are announced on hub (pubsub.User), which closes the
// user's websockets; limits refuses attempts beyond the rate limits (nil:
// none).
func NewService(client *ent.Client, outbox *mail.Outbox, hub *pubsub.Hub, sessions Sessions, publicURL string, limits *ratelimit.Limiter) *Service {
	return &Service{client: client, outbox: outbox, hub: hub, sessions: sessions, publicURL: strings.TrimRight(publicURL, "/"), limits: limits}
}

var errEmailTaken = &errcode.Error{Code: errcode.Conflict, Field: "email",
	Message: "An account with this email address already exists. Sign in instead, or reset your password if you forgot it."}

// SignUp creates an account, unverified until its owner, signed in, follows
// the link of the verification email. For an address whose account is still
// unverified it replaces that account's name and password instead: its
// sessions end and its earlier verification links stop working, so the
// owner of the address is never locked out by someone who signed up first.
// A verified address is CONFLICT.
func (s *Service) SignUp(ctx context.Context, email, password, name string) (*ent.User, error) {
	email, err := address.Normalize("email", email)
	if err != nil {
		return nil, err
	}
	name, err = CleanName("name", name)
	if err != nil {
		return nil, err
	}
	if err := checkNewPassword("password", password); err != nil {
		return nil, err
	}
	if err := s.limits.SignUp(ctx, email); err != nil {
		return nil, err
	}
	hash, err := hashPassword(ctx, password)
	if err != nil {
		return nil, err
	}
	sys := database.System(ctx)
	var u *ent.User
	err = database.InTx(sys, s.client, func(tx *ent.Tx) error {
		plain, tokenHash := token.New()
		expires := database.Now().Add(verificationTTL)
		existing, err := tx.User.Query().Where(user.Email(email)).Only(sys)
		switch {
		case ent.IsNotFound(err):
			u, err = tx.User.Create().
				SetEmail(email).
				SetName(name).
				SetPasswordHash(hash).
				SetVerificationTokenHash(tokenHash).
				SetVerificationExpiresAt(expires).
				Save(sys)
			if err != nil {
				return uniqueAsConflict(err)
			}
		case err != nil:
			return err
		case existing.EmailVerified:
			return errEmailTaken
		default:
			// Conditional on the account still being unverified: a
			// verification that commits first makes this CONFLICT, and one
			// that commits after finds its token replaced.
			n, err := tx.User.Update().
				Where(user.ID(existing.ID), user.EmailVerified(false)).
				SetName(name).
				SetPasswordHash(hash).
				SetVerificationTokenHash(tokenHash).
				SetVerificationExpiresAt(expires).
				ClearPasswordResetTokenHash().
				ClearPasswordResetExpiresAt().
				Save(sys)
			if err != nil {
				return err
			}
			if n == 0 {
				return errEmailTaken
			}
			if err := s.endSessions(sys, tx, existing.ID, false); err != nil {
				return err
			}
			if u, err = tx.User.Get(sys, existing.ID); err != nil {
				return err
			}
		}
		return s.outbox.Enqueue(sys, tx, mail.VerificationEmail(email, name, s.link(VerifyPath, plain)))
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// SignIn returns the user with this email and password. An unknown email
// and a wrong password get the same answer, in about the same time.
func (s *Service) SignIn(ctx context.Context, email, password string) (*ent.User, error) {
	wrong := &errcode.Error{Code: errcode.Unauthenticated, Message: "The email or password is incorrect."}
	email = strings.ToLower(strings.TrimSpace(email))
	if len(password) > maxPasswordLength {
		return nil, wrong
	}
	if err := s.limits.SignIn(ctx, email); err != nil {
		return nil, err
	}
	u, err := s.client.User.Query().Where(user.Email(email)).Only(database.System(ctx))
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	if u == nil {
		if _, err := checkPassword(ctx, dummyHash, password); err != nil {
			return nil, err
		}
		return nil, wrong
	}
	ok, err := checkPassword(ctx, u.PasswordHash, password)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, wrong
	}
	s.limits.SignedIn(ctx, email)
	return u, nil
}

// VerifyEmail consumes the token of a verification email and marks the
// email of the signed-in user verified. The token works once, and only for
// the account it was sent to: a signed-out caller, or one signed in as
// another account, is UNAUTHENTICATED, so nobody can verify an account
// whose password someone else chose.
func (s *Service) VerifyEmail(ctx context.Context, plain string) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, errcode.New(errcode.Unauthenticated, "Sign in to verify your email address, then open the link again.")
	}
	invalid := errcode.Invalid("token", "This verification link is invalid or has expired. Sign in and ask for a new one.")
	if plain == "" || len(plain) > 100 {
		return nil, invalid
	}
	sys := database.System(ctx)
	hash := token.Hash(plain)
	var u *ent.User
	err := database.InTx(sys, s.client, func(tx *ent.Tx) error {
		var err error
		u, err = tx.User.Query().
			Where(user.VerificationTokenHash(hash), user.VerificationExpiresAtGT(database.Now())).
			Only(sys)
		if ent.IsNotFound(err) {
			return invalid
		}
		if err != nil {
			return err
		}
		if u.ID != v.UserID {
			return errcode.New(errcode.Unauthenticated,
				"This link verifies another account. Sign out, sign in as the account it was sent to, and open it again.")
		}
		// Conditional on the hash: of two concurrent uses, one wins, and a
		// sign-up that replaced the token first wins over this one.
		n, err := tx.User.Update().
			Where(user.ID(v.UserID), user.VerificationTokenHash(hash)).
			SetEmailVerified(true).
			ClearVerificationTokenHash().
			ClearVerificationExpiresAt().
			Save(sys)
		if err != nil {
			return err
		}
		if n == 0 {
			return invalid
		}
		u.EmailVerified = true
		for _, h := range s.verified {
			if err := h(sys, tx, u); err != nil {
				return err
			}
		}
		return s.hub.PublishInTx(sys, tx, pubsub.User(u.ID)) // their sockets and streams read them again
	})
	if err != nil {
		return nil, err
	}
	v.EmailVerified = true
	return u, nil
}

// ResendVerificationEmail sends the signed-in user a new verification link;
// the earlier one stops working.
func (s *Service) ResendVerificationEmail(ctx context.Context) error {
	v, err := viewer.RequirePerson(ctx)
	if err != nil {
		return err
	}
	if v.EmailVerified {
		return errcode.New(errcode.BadUserInput, "Your email address is already verified.")
	}
	if err := s.limits.ResendVerificationEmail(ctx, v.UserID); err != nil {
		return err
	}
	sys := database.System(ctx)
	return database.InTx(sys, s.client, func(tx *ent.Tx) error {
		plain, tokenHash := token.New()
		err := tx.User.UpdateOneID(v.UserID).
			SetVerificationTokenHash(tokenHash).
			SetVerificationExpiresAt(database.Now().Add(verificationTTL)).
			Exec(sys)
		if err != nil {
			return err
		}
		return s.outbox.Enqueue(sys, tx, mail.VerificationEmail(v.Email, v.Name, s.link(VerifyPath, plain)))
	})
}

// Viewer loads the viewer of a signed-in user: the account and its roles.
// It returns nil, without error, for a user that no longer exists.
func (s *Service) Viewer(ctx context.Context, userID string) (*viewer.Viewer, error) {
	sys := database.System(ctx)
	u, err := s.client.User.Get(sys, userID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ms, err := s.client.Membership.Query().
		Where(membership.UserID(userID)).
		Select(membership.FieldOrganizationID, membership.FieldRole).
		All(sys)
	if err != nil {
		return nil, err
	}
	roles := make(map[string]policy.Role, len(ms))
	for _, m := range ms {
		roles[m.OrganizationID] = m.Role
	}
	return viewer.New(u.ID, u.Email, u.Name, u.EmailVerified, roles), nil
}

func (s *Service) link(path, plain string) string {
	return s.publicURL + path + "?token=" + url.QueryEscape(plain)
}

// CleanName trims a person's or organization's name and checks its length.
func CleanName(field, name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", errcode.Invalid(field, "Enter a name.")
	case utf8.RuneCountInString(name) > maxNameLength:
		return "", errcode.Invalid(field, "Use at most %d characters.", maxNameLength)
	case strings.ContainsFunc(name, lineBreak):
		return "", errcode.Invalid(field, "A name cannot contain line breaks.")
	case !utf8.ValidString(name) || strings.ContainsFunc(name, hidden):
		return "", errcode.Invalid(field, "A name cannot contain control characters or text-direction marks.")
	}
	return name, nil
}

// lineBreak: what would break a name across lines in an email or a list.
func lineBreak(r rune) bool {
	return r == '\n' || r == '\r' || unicode.In(r, unicode.Zl, unicode.Zp)
}

// hidden: control characters (a tab, NUL, …) and the marks that change the
// direction of the text after them, with which a name can show other than
// what it is ("evil\u202Emoc.knab" reads as a bank's address). Joiners stay:
// emoji and some scripts need them.
func hidden(r rune) bool {
	switch {
	case unicode.Is(unicode.Cc, r):
		return true
	case r == '\u200E' || r == '\u200F' || r == '\u061C': // direction marks
		return true
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069': // embeddings, overrides, isolates
		return true
	}
	return false
}

// checkNewPassword checks a password being chosen, in the input field
// named field.
func checkNewPassword(field, p string) error {
	switch {
	case utf8.RuneCountInString(p) < MinPasswordLength:
		return errcode.Invalid(field, "Use at least %d characters.", MinPasswordLength)
	case len(p) > maxPasswordLength:
		return errcode.Invalid(field, "Use at most %d characters.", maxPasswordLength)
	}
	return nil
}

// uniqueAsConflict turns a unique-constraint violation (a concurrent sign-up
// with the same email) into CONFLICT.
func uniqueAsConflict(err error) error {
	if ent.IsConstraintError(err) {
		return errEmailTaken
	}
	return err
}
