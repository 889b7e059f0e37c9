// Package account owns people's accounts: signing up, signing in, and
// proving an email address with the link of a verification email.
package account

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/ent/user"
	"github.com/rosterhq/roster/server/address"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/mail"
	"github.com/rosterhq/roster/server/policy"
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
)

// Service signs people up and in.
type Service struct {
	client    *ent.Client
	outbox    *mail.Outbox
	publicURL string
	limits    *ratelimit.Limiter
}

// NewService returns the account service. publicURL starts every link;
// limits refuses attempts beyond the rate limits (nil: none).
func NewService(client *ent.Client, outbox *mail.Outbox, publicURL string, limits *ratelimit.Limiter) *Service {
	return &Service{client: client, outbox: outbox, publicURL: strings.TrimRight(publicURL, "/"), limits: limits}
}

// SignUp creates an account, signed out of email verification until the
// link of the verification email is followed.
func (s *Service) SignUp(ctx context.Context, email, password, name string) (*ent.User, error) {
	email, err := address.Normalize("email", email)
	if err != nil {
		return nil, err
	}
	name, err = CleanName("name", name)
	if err != nil {
		return nil, err
	}
	if err := checkNewPassword(password); err != nil {
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
		taken, err := tx.User.Query().Where(user.Email(email)).Exist(sys)
		if err != nil {
			return err
		}
		if taken {
			return &errcode.Error{Code: errcode.Conflict, Field: "email",
				Message: "An account with this email address already exists. Sign in instead."}
		}
		plain, tokenHash := token.New()
		u, err = tx.User.Create().
			SetEmail(email).
			SetName(name).
			SetPasswordHash(hash).
			SetVerificationTokenHash(tokenHash).
			SetVerificationExpiresAt(database.Now().Add(verificationTTL)).
			Save(sys)
		if err != nil {
			return uniqueAsConflict(err)
		}
		return s.outbox.Enqueue(sys, tx, mail.VerificationEmail(email, name, s.link("/verify-email", plain)))
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

// VerifyEmail consumes the token of a verification email and marks its
// user's email verified. The token works once.
func (s *Service) VerifyEmail(ctx context.Context, plain string) (*ent.User, error) {
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
		// Conditional on the hash: of two concurrent uses, one wins.
		n, err := tx.User.Update().
			Where(user.ID(u.ID), user.VerificationTokenHash(hash)).
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
		return nil
	})
	if err != nil {
		return nil, err
	}
	if v := viewer.FromContext(ctx); v != nil && v.UserID == u.ID {
		v.EmailVerified = true
	}
	return u, nil
}

// ResendVerificationEmail sends the signed-in user a new verification link;
// the earlier one stops working.
func (s *Service) ResendVerificationEmail(ctx context.Context) error {
	v, err := viewer.RequireUser(ctx)
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
		return s.outbox.Enqueue(sys, tx, mail.VerificationEmail(v.Email, v.Name, s.link("/verify-email", plain)))
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
	case strings.ContainsAny(name, "\r\n\x00"):
		return "", errcode.Invalid(field, "A name cannot contain line breaks.")
	}
	return name, nil
}

func checkNewPassword(p string) error {
	switch {
	case utf8.RuneCountInString(p) < MinPasswordLength:
		return errcode.Invalid("password", "Use at least %d characters.", MinPasswordLength)
	case len(p) > maxPasswordLength:
		return errcode.Invalid("password", "Use at most %d characters.", maxPasswordLength)
	}
	return nil
}

// uniqueAsConflict turns a unique-constraint violation (a concurrent sign-up
// with the same email) into CONFLICT.
func uniqueAsConflict(err error) error {
	if ent.IsConstraintError(err) {
		return &errcode.Error{Code: errcode.Conflict, Field: "email",
			Message: "An account with this email address already exists. Sign in instead."}
	}
	return err
}
