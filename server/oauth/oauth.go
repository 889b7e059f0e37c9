// Package oauth owns OAuth clients and their access tokens: the
// client-credentials grant of RFC 6749 (section 4.4), by which a program
// trades its client ID and secret for a short-lived bearer token acting
// with the client's role in its one organization.
//
// Secrets and tokens are shown once and stored as SHA-256 hashes (they
// carry 256 random bits, so a slow hash adds nothing). Revoking a client
// refuses its tokens from the next request on, and its notice
// (pubsub.User of the client's ID) ends its open websockets and
// subscriptions. The HTTP side of the token endpoint is server/web (oauth.go).
package oauth

import (
	"context"
	"crypto/subtle"
	"strings"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/oauthclient"
	"github.com/rosterhq/roster/ent/oauthtoken"
	"github.com/rosterhq/roster/server/account"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/ratelimit"
	"github.com/rosterhq/roster/server/seat"
	"github.com/rosterhq/roster/server/token"
	"github.com/rosterhq/roster/server/viewer"
)

// Prefixes of what this package makes: client IDs (public), client
// secrets and access tokens (secret), so that each is recognisable.
const (
	ClientIDPrefix     = "rc_"
	ClientSecretPrefix = "rcs_"
	TokenPrefix        = "rat_"
)

// DefaultTokenTTL is how long an access token lasts unless configured.
const DefaultTokenTTL = time.Hour

// Service makes, revokes and lists OAuth clients, issues their tokens and
// authenticates them.
type Service struct {
	client  *ent.Client
	changes *change.Recorder
	ttl     time.Duration
	clock   database.Clock
	limits  *ratelimit.Limiter
}

// NewService returns the OAuth service; tokens last ttl
// (DefaultTokenTTL when zero), by clock (the real time when nil). Token
// requests are rate limited by limits (nil: not at all).
func NewService(client *ent.Client, changes *change.Recorder, ttl time.Duration, clock database.Clock, limits *ratelimit.Limiter) *Service {
	if ttl <= 0 {
		ttl = DefaultTokenTTL
	}
	if clock == nil {
		clock = database.SystemClock{}
	}
	return &Service{client: client, changes: changes, ttl: ttl, clock: clock, limits: limits}
}

// TTL is how long an access token lasts.
func (s *Service) TTL() time.Duration { return s.ttl }

// Created is a new client with its secret, which is shown this once.
type Created struct {
	Client       *ent.OAuthClient
	ClientSecret string
}

// Create registers a client in an organization, acting with role. Only a
// person with CREATE_OAUTH_CLIENTS may; role is admin or member.
func (s *Service) Create(ctx context.Context, orgID, name string, role policy.Role) (*Created, error) {
	v, err := viewer.RequireProgramGrant(ctx, orgID, policy.CreateOAuthClients, role)
	if err != nil {
		return nil, err
	}
	if name, err = account.CleanName("name", name); err != nil {
		return nil, err
	}
	id, _ := token.New()
	plain, _ := token.New()
	secret := ClientSecretPrefix + plain
	var c *ent.OAuthClient
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if _, err := seat.Lock(ctx, tx, orgID); err != nil {
			return err
		}
		c, err = tx.OAuthClient.Create().
			SetOrganizationID(orgID).
			SetName(name).
			SetClientID(ClientIDPrefix + id[:22]). // 132 random bits: public, unique
			SetSecretHash(token.Hash(secret)).
			SetRole(role).
			SetCreatedByID(v.UserID).
			SetCreatedAt(database.Now()).
			Save(ctx)
		if err != nil {
			return err
		}
		_, err = s.changes.Record(ctx, tx, change.OAuthClientCreated{Client: c})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Created{Client: c.Unwrap(), ClientSecret: secret}, nil
}

// Revoke ends a client at once: its tokens are refused from the next
// request on, and it gets no new ones. Revoking a revoked client changes
// nothing.
func (s *Service) Revoke(ctx context.Context, id string) (*ent.OAuthClient, error) {
	if _, err := viewer.RequirePerson(ctx); err != nil {
		return nil, err
	}
	var c *ent.OAuthClient
	err := database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		found, err := tx.OAuthClient.Get(ctx, id) // tenant-scoped
		if ent.IsNotFound(err) {
			return errcode.NotFoundf("OAuth client")
		}
		if err != nil {
			return err
		}
		if _, _, err := viewer.Require(ctx, found.OrganizationID, policy.CreateOAuthClients); err != nil {
			return err
		}
		if _, err := seat.Lock(ctx, tx, found.OrganizationID); err != nil {
			return err
		}
		n, err := tx.OAuthClient.Update().Where(oauthclient.ID(id), oauthclient.RevokedAtIsNil()).
			SetRevokedAt(database.Now()).Save(ctx)
		if err != nil {
			return err
		}
		if c, err = tx.OAuthClient.Get(ctx, id); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if _, err := tx.OAuthToken.Delete().Where(oauthtoken.ClientID(id)).Exec(database.System(ctx)); err != nil {
			return err
		}
		_, err = s.changes.Record(ctx, tx, change.OAuthClientRevoked{Client: c})
		return err
	})
	if err != nil {
		return nil, err
	}
	return c.Unwrap(), nil
}

// List returns an organization's clients, newest first, to those who may
// create them (FORBIDDEN to other members).
func (s *Service) List(ctx context.Context, orgID string) ([]*ent.OAuthClient, error) {
	if _, _, err := viewer.Require(ctx, orgID, policy.CreateOAuthClients); err != nil {
		return nil, err
	}
	return s.client.OAuthClient.Query().
		Where(oauthclient.OrganizationID(orgID)).
		Order(ent.Desc(oauthclient.FieldCreatedAt), ent.Desc(oauthclient.FieldID)).
		All(ctx)
}

// Issued is an access token as the token endpoint answers it.
type Issued struct {
	AccessToken string
	ExpiresIn   time.Duration
}

// Issue authenticates a client by its ID and secret and issues an access
// token; ok is false when the client is unknown, revoked, or the secret is
// wrong (invalid_client, without saying which). A client address that
// fails too often, or a client that asks for too many tokens, is refused
// with RATE_LIMITED.
func (s *Service) Issue(ctx context.Context, clientID, secret string) (_ *Issued, ok bool, _ error) {
	if err := s.limits.OAuthClientAuth(ctx); err != nil {
		return nil, false, err
	}
	sys := database.System(ctx)
	c, err := s.client.OAuthClient.Query().Where(oauthclient.ClientID(clientID)).Only(sys)
	if ent.IsNotFound(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if subtle.ConstantTimeCompare([]byte(c.SecretHash), []byte(token.Hash(secret))) != 1 || c.RevokedAt != nil {
		return nil, false, nil
	}
	s.limits.OAuthClientAuthenticated(ctx)
	if err := s.limits.OAuthToken(ctx, c.ID); err != nil {
		return nil, false, err
	}
	plain, _ := token.New()
	now := s.clock.Now().UTC()
	err = database.InTx(sys, s.client, func(tx *ent.Tx) error {
		// The client's expired tokens go as it gets a new one.
		if _, err := tx.OAuthToken.Delete().
			Where(oauthtoken.ClientID(c.ID), oauthtoken.ExpiresAtLTE(now)).Exec(sys); err != nil {
			return err
		}
		return tx.OAuthToken.Create().
			SetClientID(c.ID).
			SetTokenHash(token.Hash(TokenPrefix + plain)).
			SetCreatedAt(database.Now()).
			SetExpiresAt(now.Add(s.ttl)).
			Exec(sys)
	})
	if err != nil {
		return nil, false, err
	}
	return &Issued{AccessToken: TokenPrefix + plain, ExpiresIn: s.ttl}, true, nil
}

// Authenticate returns the viewer an access token acts as: its client, in
// its organization, with its role; nil (without error) for a token that
// is unknown, expired, or whose client is revoked.
func (s *Service) Authenticate(ctx context.Context, accessToken string) (*viewer.Viewer, error) {
	if !IsToken(accessToken) {
		return nil, nil
	}
	sys := database.System(ctx)
	t, err := s.client.OAuthToken.Query().
		Where(oauthtoken.TokenHash(token.Hash(accessToken)), oauthtoken.ExpiresAtGT(s.clock.Now().UTC())).
		WithClient().
		Only(sys)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c := t.Edges.Client
	if c == nil || c.RevokedAt != nil {
		return nil, nil
	}
	return viewer.NewProgram(policy.OAuthClient, c.ID, c.Name, c.OrganizationID, c.Role), nil
}

// IsToken reports whether s looks like an access token of this package.
func IsToken(s string) bool {
	return strings.HasPrefix(s, TokenPrefix) && len(s) == len(TokenPrefix)+43
}
