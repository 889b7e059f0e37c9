// Package session keeps people signed in: the session manager (scs) with
// its cookie, over a store in Roster's own database that keeps only a hash
// of each session token. Sessions live on the server, so signing out ends
// one at once, and every request learns who the session belongs to, with
// their memberships, as they are now, so a removal ends access at once too:
// read in the same statement as the session, or, on a server alone on its
// database, from a cache that every such change clears as it commits
// (cache.go).
//
// A session ends at the first of two limits: its lifetime (30 days by
// default) from sign-in, however active, and an idle timeout (7 days)
// after its last request. scs's own IdleTimeout would rewrite the session
// row and the cookie on every request; here the store moves a session's
// expiry forward only once the idle time left has dropped by a step
// (a tenth of the idle timeout, at most an hour), so a busy browser costs
// one UPDATE an hour rather than one a request, and a session may end up
// to one step before its idle timeout. The cookie itself lasts the whole
// lifetime: the row's expiry decides.
package session

import (
	"context"
	stdsql "database/sql"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/alexedwards/scs/v2"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/membership"
	entsession "github.com/rosterhq/roster/ent/session"
	"github.com/rosterhq/roster/ent/user"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/token"
	"github.com/rosterhq/roster/server/viewer"
)

// The cookie's names: under an https public URL the __Host- prefix makes
// browsers take the cookie only when it is Secure, for the whole host
// (Path=/) and for no other (no Domain), so neither a sibling subdomain
// nor a plain-http page can plant or overwrite it.
const (
	cookieName       = "roster_session"
	secureCookieName = "__Host-roster_session"
)

// The default limits of a session.
const (
	DefaultLifetime    = 30 * 24 * time.Hour
	DefaultIdleTimeout = 7 * 24 * time.Hour
)

const userIDKey = "userID"

// newSessionKey marks the context of SignIn's commit, the one commit that
// may create a session row.
type newSessionKey struct{}

// Options configure a Manager.
type Options struct {
	// PublicURL decides the cookie: Secure and __Host- prefixed under https.
	PublicURL string
	// Lifetime is the longest a session lasts (DefaultLifetime when zero).
	Lifetime time.Duration
	// IdleTimeout ends a session that long after its last request
	// (DefaultIdleTimeout when zero; capped at Lifetime).
	IdleTimeout time.Duration
	// Notices is the hub of change notices. When it has no transport (a
	// server alone on its database), the sessions read are cached and
	// forgotten at its notices (see cache.go); otherwise, and without it,
	// every request reads its session.
	Notices *pubsub.Hub
}

// Manager signs browsers in and out.
type Manager struct {
	scs   *scs.SessionManager
	store *store
}

// NewManager returns a session manager over client's sessions table.
func NewManager(client *ent.Client, opts Options) *Manager {
	if opts.Lifetime <= 0 {
		opts.Lifetime = DefaultLifetime
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = DefaultIdleTimeout
	}
	opts.IdleTimeout = min(opts.IdleTimeout, opts.Lifetime)
	st := &store{client: client, codec: newCodec(), idle: opts.IdleTimeout, now: time.Now}
	if opts.Notices != nil && opts.Notices.Local() {
		st.cache = newCache(opts.Notices)
	}
	sm := scs.New()
	sm.Store = st
	sm.Codec = st.codec
	sm.Lifetime = opts.Lifetime
	// No sm.IdleTimeout: the store keeps the idle expiry (see the package
	// doc).
	sm.Cookie.Name = cookieName
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Path = "/"
	if strings.HasPrefix(opts.PublicURL, "https://") {
		sm.Cookie.Name = secureCookieName
		sm.Cookie.Secure = true
	}
	return &Manager{scs: sm, store: st}
}

// CookieName is the name of the session cookie: __Host-roster_session
// under an https public URL, roster_session under http.
func (m *Manager) CookieName() string { return m.scs.Cookie.Name }

// ErrorHandler answers a request whose session could not be read or
// saved (the database is unreachable, say).
type ErrorHandler func(w http.ResponseWriter, r *http.Request, err error)

// Middleware loads the session of each request, counts the request as the
// session's activity (see the package doc), and writes its cookie. When
// the store fails, onError answers instead of scs's plain-text 500, and
// whatever the handler writes after a failed save is dropped, so that the
// answer is onError's alone.
func (m *Manager) Middleware(onError ErrorHandler) func(http.Handler) http.Handler {
	m.scs.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		if g, ok := w.(*guardedWriter); ok {
			g.fail(func(w http.ResponseWriter) { onError(w, r, err) })
			return
		}
		onError(w, r, err)
	}
	return func(next http.Handler) http.Handler {
		h := m.scs.LoadAndSave(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := context.WithValue(withActivity(r.Context()), foundKey{}, &found{})
			h.ServeHTTP(&guardedWriter{ResponseWriter: w}, r.WithContext(ctx))
		})
	}
}

// guardedWriter lets the error handler answer once and silences the rest:
// scs saves the session when the handler first writes, and if that fails
// it calls the error handler and then still passes the handler's own
// writes on.
type guardedWriter struct {
	http.ResponseWriter
	failed bool
}

func (g *guardedWriter) fail(answer func(http.ResponseWriter)) {
	if g.failed {
		return
	}
	answer(g.ResponseWriter)
	g.failed = true
}

func (g *guardedWriter) WriteHeader(status int) {
	if !g.failed {
		g.ResponseWriter.WriteHeader(status)
	}
}

func (g *guardedWriter) Write(b []byte) (int, error) {
	if g.failed {
		return len(b), nil
	}
	return g.ResponseWriter.Write(b)
}

func (g *guardedWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

type activityKey struct{}

// found holds what the request's session read found: who is signed in.
type found struct{ viewer *viewer.Viewer }

type foundKey struct{}

// Viewer returns who the request's session belongs to, as the middleware's
// read of the session found them (with their roles), or nil for none.
func (m *Manager) Viewer(ctx context.Context) *viewer.Viewer {
	if f, ok := ctx.Value(foundKey{}).(*found); ok {
		return f.viewer
	}
	return nil
}

// withActivity marks ctx as a request of the session's owner, which keeps
// the session from going idle. A websocket reading its session again (to
// check it still stands) is not activity: a dashboard left open must not
// keep a session alive for ever.
func withActivity(ctx context.Context) context.Context {
	return context.WithValue(ctx, activityKey{}, true)
}

func isActivity(ctx context.Context) bool { v, _ := ctx.Value(activityKey{}).(bool); return v }

// UserID returns the signed-in user of the request's session, or "".
func (m *Manager) UserID(ctx context.Context) string { return m.scs.GetString(ctx, userIDKey) }

// LoadViewer reads who the session of a token taken from a cookie outside
// the middleware (a websocket's upgrade request) belongs to now, with their
// roles: nil once the session has ended.
func (m *Manager) LoadViewer(ctx context.Context, tok string) (*viewer.Viewer, error) {
	// Read the store itself: scs.Load would return the session already
	// loaded into ctx, as it was when the websocket opened. Nor is this
	// the owner's activity: ctx may come from the upgrade's request.
	f := &found{}
	ctx = context.WithValue(context.WithValue(ctx, activityKey{}, false), foundKey{}, f)
	if _, _, err := m.store.FindCtx(ctx, tok); err != nil {
		return nil, err
	}
	return f.viewer, nil
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
// announces pubsub.User(userID) in tx (pubsub.Hub.PublishInTx), which
// closes the user's open websockets whose session ended.
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
// A row's expires_at is the session's idle expiry, never past the
// lifetime's deadline, which scs keeps in the data.
type store struct {
	client *ent.Client
	codec  scs.Codec
	idle   time.Duration
	now    func() time.Time // tests move it

	queryText atomic.Pointer[string]
	cache     *cache // nil: none (see Options.Notices)
}

// step is how far the idle expiry must lag behind where a request would
// put it before that request moves it.
func (s *store) step() time.Duration { return min(s.idle/10, time.Hour) }

// expiry is the idle expiry of a session whose data is b, active now: the
// idle timeout from now, or the lifetime's deadline if that comes first.
func (s *store) expiry(b []byte, deadline time.Time) time.Time {
	if d, _, err := s.codec.Decode(b); err == nil && !d.IsZero() {
		deadline = d
	}
	exp := s.now().Add(s.idle)
	if deadline.Before(exp) {
		exp = deadline
	}
	return exp.UTC().Truncate(time.Microsecond)
}

func (s *store) Find(tok string) ([]byte, bool, error) { return s.FindCtx(context.Background(), tok) }
func (s *store) Commit(tok string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), tok, b, expiry)
}
func (s *store) Delete(tok string) error { return s.DeleteCtx(context.Background(), tok) }

// FindCtx reads a session and, in the same statement, who it belongs to:
// the user and their memberships, so that a request learns who is calling
// in one round trip (Manager.Viewer hands the result on). It is read
// afresh every time, on any replica: a removal, a new role or a sign-out
// counts from the next request.
func (s *store) FindCtx(ctx context.Context, tok string) ([]byte, bool, error) {
	ctx = database.System(ctx)
	hash := token.Hash(tok)
	sess, err := s.cachedRead(ctx, hash)
	if err != nil || sess == nil {
		return nil, false, err
	}
	if f, ok := ctx.Value(foundKey{}).(*found); ok && sess.viewer != nil {
		f.viewer = sess.viewer.Clone() // the request's own: it may change its roles as it goes
	}
	// The idle expiry moves at most to now+idle: when that is within a step
	// of where it is, there is nothing to move (and no data to decode).
	if isActivity(ctx) && s.now().Add(s.idle).Sub(sess.expiresAt) >= s.step() {
		if exp := s.expiry(sess.data, sess.expiresAt); exp.Sub(sess.expiresAt) >= s.step() {
			// Conditional, so that replicas racing on one session only
			// ever move it forward.
			if _, err := s.client.Session.Update().
				Where(entsession.TokenHash(hash), entsession.ExpiresAtLT(exp)).
				SetExpiresAt(exp).
				Save(ctx); err != nil {
				return nil, false, err
			}
			if s.cache != nil {
				s.cache.forget(hash) // read again, with the new expiry
			}
		}
	}
	return sess.data, true, nil
}

// cachedRead is read, through the cache when there is one.
func (s *store) cachedRead(ctx context.Context, hash string) (*row, error) {
	if s.cache == nil {
		return s.read(ctx, hash)
	}
	if r, ok := s.cache.get(hash, s.now()); ok {
		return r, nil
	}
	mark := s.cache.forgotten.Load()
	r, err := s.read(ctx, hash)
	if err != nil || r == nil {
		return r, err
	}
	s.cache.put(hash, r, mark)
	return r, nil
}

// row is a session as read, with its user.
type row struct {
	data      []byte
	expiresAt time.Time
	viewer    *viewer.Viewer
}

// read runs the one statement of FindCtx: the session of hash, unexpired,
// joined to its user and their memberships (one row each, or one row with
// no membership). It returns nil for no such session, and a row with no
// viewer for a session whose user is gone.
func (s *store) read(ctx context.Context, hash string) (*row, error) {
	query, err := s.query(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.client.QueryContext(ctx, query, hash, s.now().UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var r *row
	roles := map[string]policy.Role{}
	for rows.Next() {
		var (
			data                         []byte
			expiresAt                    time.Time
			id, email, name, orgID, role stdsql.NullString
			verified                     stdsql.NullBool
		)
		if err := rows.Scan(&data, &expiresAt, &id, &email, &name, &verified, &orgID, &role); err != nil {
			return nil, err
		}
		if r == nil {
			r = &row{data: data, expiresAt: expiresAt}
			if id.Valid { // nil for a session whose user is gone
				r.viewer = viewer.New(id.String, email.String, name.String, verified.Bool, roles)
			}
		}
		if orgID.Valid {
			roles[orgID.String] = policy.Role(role.String)
		}
	}
	return r, rows.Err()
}

// query is read's statement, written for the database's dialect the first
// time it is asked for; its arguments are the token's hash and the time now.
func (s *store) query(ctx context.Context) (string, error) {
	if q := s.queryText.Load(); q != nil {
		return *q, nil
	}
	d, err := database.Dialect(ctx, s.client) // asks the pool: not cached on failure
	if err != nil {
		return "", err
	}
	ss, u, m := sql.Table(entsession.Table).As("s"), sql.Table(user.Table).As("u"), sql.Table(membership.Table).As("m")
	q, _ := sql.Dialect(d).
		Select(ss.C(entsession.FieldData), ss.C(entsession.FieldExpiresAt),
			u.C(user.FieldID), u.C(user.FieldEmail), u.C(user.FieldName), u.C(user.FieldEmailVerified),
			m.C(membership.FieldOrganizationID), m.C(membership.FieldRole)).
		From(ss).
		LeftJoin(u).On(u.C(user.FieldID), ss.C(entsession.FieldUserID)).
		LeftJoin(m).On(m.C(membership.FieldUserID), u.C(user.FieldID)).
		Where(sql.And(sql.EQ(ss.C(entsession.FieldTokenHash), ""), sql.GT(ss.C(entsession.FieldExpiresAt), time.Time{}))).
		Query()
	s.queryText.Store(&q)
	return q, nil
}

func (s *store) CommitCtx(ctx context.Context, tok string, b []byte, expiry time.Time) error {
	ctx = database.System(ctx)
	hash := token.Hash(tok)
	var userID string
	if _, values, err := s.codec.Decode(b); err == nil {
		userID, _ = values[userIDKey].(string)
	}
	expiry = s.expiry(b, expiry)
	if s.cache != nil {
		defer s.cache.forget(hash) // after the write: no read puts the old row back
	}
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
	if s.cache != nil {
		defer s.cache.forget(token.Hash(tok)) // after the delete: no read puts it back
	}
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
