// Package apikey owns API keys: the credentials with which a program acts
// in one organization, with the role a person gave it (admin or member,
// never owner). A key's secret is shown once, in the answer that makes it,
// and only its SHA-256 hash is stored (a copy of the database opens
// nothing); the secret starts with Prefix, so that it is recognisable in a
// leaked file or a secret scanner. Revoking a key refuses it from the next
// request on, and its revocation's notice (pubsub.User of the key's ID)
// makes its open websockets and subscriptions check it again, and end.
package apikey

import (
	"context"
	"strings"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/apikey"
	"github.com/rosterhq/roster/server/account"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/seat"
	"github.com/rosterhq/roster/server/token"
	"github.com/rosterhq/roster/server/viewer"
)

// Prefix starts every API key's secret.
const Prefix = "rk_live_"

// shownPrefix is how many characters of the secret the list shows:
// Prefix and 8 of its 43 random ones (48 of its 256 bits), enough to tell
// keys apart and far too few to guess the rest.
const shownPrefix = len(Prefix) + 8

// touchEvery is how stale a key's last use may be before a request writes
// it again: a busy key writes at most once a minute.
const touchEvery = time.Minute

// Service makes, lists, revokes and authenticates API keys.
type Service struct {
	client  *ent.Client
	changes *change.Recorder
}

// NewService returns the API key service; its changes are recorded by
// changes.
func NewService(client *ent.Client, changes *change.Recorder) *Service {
	return &Service{client: client, changes: changes}
}

// Created is a new key with its secret, which is shown this once.
type Created struct {
	APIKey *ent.APIKey
	Secret string
}

// Create makes a key in an organization, acting with role. Only a person
// with CREATE_API_KEYS may (never a program); role is admin or member.
func (s *Service) Create(ctx context.Context, orgID, name string, role policy.Role) (*Created, error) {
	v, err := viewer.RequireProgramGrant(ctx, orgID, policy.CreateAPIKeys, role)
	if err != nil {
		return nil, err
	}
	if name, err = account.CleanName("name", name); err != nil {
		return nil, err
	}
	plain, _ := token.New()
	secret := Prefix + plain
	var key *ent.APIKey
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		// The lock re-reads the creator's role, as every change does.
		if _, err := seat.Lock(ctx, tx, orgID); err != nil {
			return err
		}
		key, err = tx.APIKey.Create().
			SetOrganizationID(orgID).
			SetName(name).
			SetPrefix(secret[:shownPrefix]).
			SetSecretHash(token.Hash(secret)).
			SetRole(role).
			SetCreatedByID(v.UserID).
			SetCreatedAt(database.Now()).
			Save(ctx)
		if err != nil {
			return err
		}
		_, err = s.changes.Record(ctx, tx, change.APIKeyCreated{Key: key})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Created{APIKey: key.Unwrap(), Secret: secret}, nil
}

// Revoke ends a key at once: it is refused from the next request on, and
// what it has open ends. Revoking a revoked key changes nothing.
func (s *Service) Revoke(ctx context.Context, id string) (*ent.APIKey, error) {
	if _, err := viewer.RequirePerson(ctx); err != nil {
		return nil, err
	}
	var key *ent.APIKey
	err := database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		k, err := tx.APIKey.Get(ctx, id) // tenant-scoped: another organization's is not found
		if ent.IsNotFound(err) {
			return errcode.NotFoundf("API key")
		}
		if err != nil {
			return err
		}
		if _, _, err := viewer.Require(ctx, k.OrganizationID, policy.CreateAPIKeys); err != nil {
			return err
		}
		if _, err := seat.Lock(ctx, tx, k.OrganizationID); err != nil {
			return err
		}
		n, err := tx.APIKey.Update().Where(apikey.ID(id), apikey.RevokedAtIsNil()).
			SetRevokedAt(database.Now()).Save(ctx)
		if err != nil {
			return err
		}
		if key, err = tx.APIKey.Get(ctx, id); err != nil {
			return err
		}
		if n == 0 { // already revoked
			return nil
		}
		_, err = s.changes.Record(ctx, tx, change.APIKeyRevoked{Key: key})
		return err
	})
	if err != nil {
		return nil, err
	}
	return key.Unwrap(), nil
}

// List returns an organization's keys, revoked ones included, newest
// first, to those who may create keys (FORBIDDEN to other members).
func (s *Service) List(ctx context.Context, orgID string) ([]*ent.APIKey, error) {
	if _, _, err := viewer.Require(ctx, orgID, policy.CreateAPIKeys); err != nil {
		return nil, err
	}
	return s.client.APIKey.Query().
		Where(apikey.OrganizationID(orgID)).
		Order(ent.Desc(apikey.FieldCreatedAt), ent.Desc(apikey.FieldID)).
		All(ctx)
}

// Authenticate returns the viewer a secret acts as, and nil (without
// error) for anything that is not a live key of this server: unknown,
// revoked, malformed. It notes the key's use, at most once a minute.
func (s *Service) Authenticate(ctx context.Context, secret string) (*viewer.Viewer, error) {
	if !IsKey(secret) {
		return nil, nil
	}
	sys := database.System(ctx)
	k, err := s.client.APIKey.Query().
		Where(apikey.SecretHash(token.Hash(secret)), apikey.RevokedAtIsNil()).
		Only(sys)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := database.Now()
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) >= touchEvery {
		err := s.client.APIKey.Update().
			Where(apikey.ID(k.ID), apikey.Or(apikey.LastUsedAtIsNil(), apikey.LastUsedAtLT(now.Add(-touchEvery)))).
			SetLastUsedAt(now).Exec(sys)
		if err != nil {
			return nil, err
		}
	}
	return viewer.NewProgram(policy.APIKey, k.ID, k.Name, k.OrganizationID, k.Role), nil
}

// IsKey reports whether secret looks like an API key (its prefix and
// length), without asking the database.
func IsKey(secret string) bool {
	return strings.HasPrefix(secret, Prefix) && len(secret) == len(Prefix)+43
}
