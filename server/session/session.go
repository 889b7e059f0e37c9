// Package session keeps people signed in: the session manager (scs) with
// its cookie, over a store in Roster's own database that keeps only a hash
// of each session token. Sessions live on the server, so signing out ends
// one at once, and every request reads the viewer's memberships afresh, so a
// removal ends access at once too.
package session

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/rosterhq/roster/ent"
	entsession "github.com/rosterhq/roster/ent/session"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/token"
)

// CookieName is the name of the session cookie.
const CookieName = "roster_session"

const userIDKey = "userID"

// newSessionKey marks the context of SignIn's commit, the one commit that
// may create a session row.
type newSessionKey struct{}

// Manager signs browsers in and out.
type Manager struct {
	scs   *scs.SessionManager
	store *store
}

// NewManager returns a manager whose cookie is Secure when the public URL is
// https.
func NewManager(client *ent.Client, publicURL string) *Manager {
	st := &store{client: client, codec: scs.GobCodec{}}
	sm := scs.New()
	sm.Store = st
	sm.Codec = st.codec
	sm.Lifetime = 30 * 24 * time.Hour
	sm.Cookie.Name = CookieName
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = strings.HasPrefix(publicURL, "https://")
	sm.Cookie.Path = "/"
	return &Manager{scs: sm, store: st}
}

// Middleware loads the session of each request and writes its cookie.
func (m *Manager) Middleware(next http.Handler) http.Handler { return m.scs.LoadAndSave(next) }

// UserID returns the signed-in user of the request's session, or "".
func (m *Manager) UserID(ctx context.Context) string { return m.scs.GetString(ctx, userIDKey) }

// LoadUserID reads the user of a session token taken from a cookie outside
// the middleware (a websocket's upgrade request), or "".
func (m *Manager) LoadUserID(ctx context.Context, tok string) (string, error) {
	// Read the store itself: scs.Load would return the session already
	// loaded into ctx, as it was when the websocket opened.
	b, found, err := m.store.FindCtx(ctx, tok)
	if err != nil || !found {
		return "", err
	}
	_, values, err := m.scs.Codec.Decode(b)
	if err != nil {
		return "", err
	}
	id, _ := values[userIDKey].(string)
	return id, nil
}

// Token returns the session token of the request, to read the session
// again later (from a long-lived websocket).
func (m *Manager) Token(ctx context.Context) string { return m.scs.Token(ctx) }

// SignIn makes the request's session belong to userID, under a new token
// (so a token planted before sign-in is worthless after it). The session is
// stored at once, the one time the store creates a row (see CommitCtx).
func (m *Manager) SignIn(ctx context.Context, userID string) error {
	if err := m.scs.RenewToken(ctx); err != nil {
		return err
	}
	m.scs.Put(ctx, userIDKey, userID)
	_, _, err := m.scs.Commit(context.WithValue(ctx, newSessionKey{}, true))
	return err
}

// EndAll ends every session of userID in tx: the rows go, so the cookies
// and the websockets holding their tokens are refused from the next read
// on. With keepCurrent, the session of the request in ctx stays. The caller
// announces pubsub.User(userID) after commit, which closes the user's open
// websockets whose session ended.
func (m *Manager) EndAll(ctx context.Context, tx *ent.Tx, userID string, keepCurrent bool) error {
	if userID == "" {
		return nil
	}
	q := tx.Session.Delete().Where(entsession.UserID(userID))
	if tok := m.currentToken(ctx); keepCurrent && tok != "" {
		q.Where(entsession.TokenHashNEQ(token.Hash(tok)))
	}
	_, err := q.Exec(database.System(ctx))
	return err
}

// currentToken is the session token of the request in ctx, or "" for a
// context that did not come through the middleware (scs panics there).
func (m *Manager) currentToken(ctx context.Context) (tok string) {
	defer func() {
		if recover() != nil {
			tok = ""
		}
	}()
	return m.scs.Token(ctx)
}

// SignOut ends the request's session.
func (m *Manager) SignOut(ctx context.Context) error { return m.scs.Destroy(ctx) }

// store is scs's store over the sessions table. Tokens are stored hashed.
type store struct {
	client *ent.Client
	codec  scs.Codec
}

func (s *store) Find(tok string) ([]byte, bool, error) { return s.FindCtx(context.Background(), tok) }
func (s *store) Commit(tok string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), tok, b, expiry)
}
func (s *store) Delete(tok string) error { return s.DeleteCtx(context.Background(), tok) }

func (s *store) FindCtx(ctx context.Context, tok string) ([]byte, bool, error) {
	sess, err := s.client.Session.Query().
		Where(entsession.TokenHash(token.Hash(tok)), entsession.ExpiresAtGT(time.Now().UTC())).
		Only(database.System(ctx))
	if ent.IsNotFound(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return sess.Data, true, nil
}

func (s *store) CommitCtx(ctx context.Context, tok string, b []byte, expiry time.Time) error {
	ctx = database.System(ctx)
	hash := token.Hash(tok)
	var userID string
	if _, values, err := s.codec.Decode(b); err == nil {
		userID, _ = values[userIDKey].(string)
	}
	expiry = expiry.UTC().Truncate(time.Microsecond)
	n, err := s.client.Session.Update().
		Where(entsession.TokenHash(hash)).
		SetData(b).SetExpiresAt(expiry).SetUserID(userID).
		Save(ctx)
	if err != nil || n > 0 {
		return err
	}
	// Only SignIn creates a session. Any other commit of a token with no
	// row is a session that ended while its request ran (signed out
	// everywhere, a password reset): writing it back would bring it back
	// to life, so a stolen cookie kept busy with requests would outlive
	// the reset.
	if created, _ := ctx.Value(newSessionKey{}).(bool); !created {
		return nil
	}
	return s.client.Session.Create().
		SetTokenHash(hash).SetData(b).SetExpiresAt(expiry).SetUserID(userID).
		Exec(ctx)
}

func (s *store) DeleteCtx(ctx context.Context, tok string) error {
	_, err := s.client.Session.Delete().
		Where(entsession.TokenHash(token.Hash(tok))).
		Exec(database.System(ctx))
	return err
}

// DeleteExpired removes the sessions that have expired and returns how
// many; scs only stops reading them.
func (m *Manager) DeleteExpired(ctx context.Context) (int, error) {
	return m.store.client.Session.Delete().
		Where(entsession.ExpiresAtLTE(time.Now().UTC())).
		Exec(database.System(ctx))
}

// RunCleanup deletes expired sessions every interval until ctx is done. It
// is safe on several replicas at once.
func (m *Manager) RunCleanup(ctx context.Context, interval time.Duration, logger *slog.Logger) {
	for {
		if n, err := m.DeleteExpired(ctx); err != nil && ctx.Err() == nil {
			logger.Error("session cleanup", "error", err)
		} else if n > 0 {
			logger.Info("session cleanup", "deleted", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
