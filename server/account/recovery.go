package account

import (
	"context"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/user"
	"github.com/rosterhq/roster/server/address"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/mail"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/token"
	"github.com/rosterhq/roster/server/viewer"
)

// RequestPasswordReset emails a reset link to the account of email, if
// there is one. It answers the same whether or not there is, so it tells
// nobody which addresses have accounts; a malformed address is
// BAD_USER_INPUT. The link works once, for an hour; a newer one replaces
// it, and so does any change of the password.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	email, err := address.Normalize("email", email)
	if err != nil {
		return err
	}
	// Counted for unknown addresses too, so the limit tells nothing either.
	if err := s.limits.RequestPasswordReset(ctx, email); err != nil {
		return err
	}
	sys := database.System(ctx) // the address, not a viewer, names the account
	return database.InTx(sys, s.client, func(tx *ent.Tx) error {
		u, err := tx.User.Query().Where(user.Email(email)).Only(sys)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		plain, hash := token.New()
		expires := database.Now().Add(resetTTL)
		err = tx.User.UpdateOneID(u.ID).
			SetPasswordResetTokenHash(hash).
			SetPasswordResetExpiresAt(expires).
			Exec(sys)
		if err != nil {
			return err
		}
		return s.outbox.Enqueue(sys, tx, mail.PasswordResetEmail(u.Email, u.Name, s.link(ResetPath, plain), expires))
	})
}

// ResetPassword consumes the token of a reset email and sets the account's
// password; every session of the user ends. The token came by email, so
// following it proves the address as a verification link does: an
// unverified account becomes verified (and its verification links stop
// working), which is how the owner of an address takes back an account
// that someone else signed up with. It returns the user, whom the caller
// then signs in.
func (s *Service) ResetPassword(ctx context.Context, plain, newPassword string) (*ent.User, error) {
	invalid := errcode.Invalid("token", "This reset link is invalid or has expired, or it was used already. Ask for a new one.")
	if len(plain) < 20 || len(plain) > 100 {
		return nil, invalid
	}
	if err := checkNewPassword("newPassword", newPassword); err != nil {
		return nil, err
	}
	if err := s.limits.ResetPassword(ctx); err != nil {
		return nil, err
	}
	sys := database.System(ctx) // the token, not a viewer, is the authority
	hash := token.Hash(plain)
	u, err := s.client.User.Query().
		Where(user.PasswordResetTokenHash(hash), user.PasswordResetExpiresAtGT(database.Now())).
		Only(sys)
	if ent.IsNotFound(err) {
		return nil, invalid
	}
	if err != nil {
		return nil, err
	}
	// Hashed outside the transaction, which would otherwise hold SQLite's
	// write lock for the length of argon2id.
	passwordHash, err := hashPassword(ctx, newPassword)
	if err != nil {
		return nil, err
	}
	err = database.InTx(sys, s.client, func(tx *ent.Tx) error {
		// Conditional on the token and its expiry: of concurrent uses, one
		// wins; a newer link or a password change in between makes this
		// one invalid.
		n, err := tx.User.Update().
			Where(user.ID(u.ID), user.PasswordResetTokenHash(hash), user.PasswordResetExpiresAtGT(database.Now())).
			SetPasswordHash(passwordHash).
			ClearPasswordResetTokenHash().
			ClearPasswordResetExpiresAt().
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
		return s.endSessions(sys, tx, u.ID, false)
	})
	if err != nil {
		return nil, err
	}
	u.EmailVerified = true
	return u, nil
}

// ChangePassword sets the signed-in user's password after checking the
// current one; every other session of the user ends, and a pending reset
// link stops working.
func (s *Service) ChangePassword(ctx context.Context, current, newPassword string) error {
	v, err := viewer.RequirePerson(ctx)
	if err != nil {
		return err
	}
	if err := checkNewPassword("newPassword", newPassword); err != nil {
		return err
	}
	if err := s.limits.ChangePassword(ctx, v.UserID); err != nil {
		return err
	}
	wrong := errcode.Invalid("currentPassword", "The current password is incorrect.")
	if len(current) > maxPasswordLength {
		return wrong
	}
	sys := database.System(ctx)
	u, err := s.client.User.Get(sys, v.UserID)
	if err != nil {
		return err
	}
	ok, err := checkPassword(ctx, u.PasswordHash, current)
	if err != nil {
		return err
	}
	if !ok {
		return wrong
	}
	passwordHash, err := hashPassword(ctx, newPassword)
	if err != nil {
		return err
	}
	return database.InTx(sys, s.client, func(tx *ent.Tx) error {
		// Conditional on the password checked above: a reset or another
		// change that committed meanwhile wins, and this one is refused.
		n, err := tx.User.Update().
			Where(user.ID(u.ID), user.PasswordHash(u.PasswordHash)).
			SetPasswordHash(passwordHash).
			ClearPasswordResetTokenHash().
			ClearPasswordResetExpiresAt().
			Save(sys)
		if err != nil {
			return err
		}
		if n == 0 {
			return wrong
		}
		return s.endSessions(sys, tx, u.ID, true)
	})
}

// SignOutEverywhere ends every session of the signed-in user, the one of
// this request included.
func (s *Service) SignOutEverywhere(ctx context.Context) error {
	v, err := viewer.RequirePerson(ctx)
	if err != nil {
		return err
	}
	sys := database.System(ctx)
	return database.InTx(sys, s.client, func(tx *ent.Tx) error {
		return s.endSessions(sys, tx, v.UserID, false)
	})
}

// UpdateProfile changes the signed-in user's name.
func (s *Service) UpdateProfile(ctx context.Context, name string) (*ent.User, error) {
	v, err := viewer.RequirePerson(ctx)
	if err != nil {
		return nil, err
	}
	name, err = CleanName("name", name)
	if err != nil {
		return nil, err
	}
	var u *ent.User
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if u, err = tx.User.UpdateOneID(v.UserID).SetName(name).Save(ctx); err != nil { // the tenant rules allow only oneself
			return err
		}
		return s.hub.PublishInTx(ctx, tx, pubsub.User(v.UserID)) // their sockets and streams read them again
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// endSessions ends the user's sessions in tx (all, or all but the
// request's) and announces it, as tx commits, on the user's topic: their
// subscriptions end, and their websockets whose session ended are closed.
func (s *Service) endSessions(ctx context.Context, tx *ent.Tx, userID string, keepCurrent bool) error {
	if err := s.sessions.EndAll(ctx, tx, userID, keepCurrent); err != nil {
		return err
	}
	return s.hub.PublishInTx(ctx, tx, pubsub.User(userID))
}
