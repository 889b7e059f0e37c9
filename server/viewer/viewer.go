// Package viewer carries who is making a request, and their roles, through a
// context. The data layer scopes every query by it (see ent/schema's privacy
// rules), and the domain packages check permissions against it.
package viewer

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/policy"
)

// Viewer is the signed-in user behind a request, with their roles as they
// were read at the start of the request (and as the request itself changes
// them: creating an organization, accepting an invitation, leaving).
//
// A program (an API key, an OAuth client's access token) is a viewer too:
// Kind says which, UserID is then the key's or client's own identifier
// (its notices and websockets are counted under it), Name its name, and it
// has one role in its one organization. Email is empty: it is no person.
type Viewer struct {
	UserID        string
	Email         string
	Name          string
	EmailVerified bool
	// Kind is policy.Person for a signed-in user ("" reads as one).
	Kind policy.ActorKind

	mu    sync.RWMutex
	roles map[string]policy.Role // organization ID -> role
}

// New returns a viewer for a user with the given roles by organization ID.
func New(userID, email, name string, verified bool, roles map[string]policy.Role) *Viewer {
	if roles == nil {
		roles = map[string]policy.Role{}
	}
	return &Viewer{UserID: userID, Email: email, Name: name, EmailVerified: verified, roles: roles}
}

// NewProgram returns the viewer of a program: an API key or an OAuth client
// (kind), by its identifier and name, acting with role in its organization.
// Its email counts as verified: a person with a verified email made it.
func NewProgram(kind policy.ActorKind, id, name, orgID string, role policy.Role) *Viewer {
	v := New(id, "", name, true, map[string]policy.Role{orgID: role})
	v.Kind = kind
	return v
}

// Clone returns a copy of v whose roles change apart from v's.
func (v *Viewer) Clone() *Viewer {
	v.mu.RLock()
	defer v.mu.RUnlock()
	roles := make(map[string]policy.Role, len(v.roles))
	for id, r := range v.roles {
		roles[id] = r
	}
	c := New(v.UserID, v.Email, v.Name, v.EmailVerified, roles)
	c.Kind = v.Kind
	return c
}

// ActorKind is what v is: a person, an API key or an OAuth client.
func (v *Viewer) ActorKind() policy.ActorKind {
	if v == nil || v.Kind == "" {
		return policy.Person
	}
	return v.Kind
}

// Program reports whether v is a program rather than a person.
func (v *Viewer) Program() bool { return v.ActorKind().Program() }

// Label is v as the audit log shows it: a person's email, "API key
// <name>" or "OAuth client <name>"; "system" for nobody.
func (v *Viewer) Label() string {
	switch {
	case v == nil:
		return "system"
	case v.ActorKind() == policy.APIKey:
		return "API key " + v.Name
	case v.ActorKind() == policy.OAuthClient:
		return "OAuth client " + v.Name
	}
	return v.Email
}

// Actor is v as the policy sees it in an organization, and false when v
// has no role there.
func (v *Viewer) Actor(orgID string) (policy.Actor, bool) {
	r, ok := v.Role(orgID)
	return policy.Actor{Kind: v.ActorKind(), Role: r}, ok
}

// Role returns the viewer's role in an organization, and false when the
// viewer is not a member of it.
func (v *Viewer) Role(orgID string) (policy.Role, bool) {
	if v == nil {
		return "", false
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	r, ok := v.roles[orgID]
	return r, ok
}

// OrganizationIDs returns the organizations the viewer belongs to, sorted.
func (v *Viewer) OrganizationIDs() []string {
	if v == nil {
		return nil
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	ids := make([]string, 0, len(v.roles))
	for id := range v.roles {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// SetRole records a role the request itself just gave the viewer.
func (v *Viewer) SetRole(orgID string, r policy.Role) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.roles[orgID] = r
}

// Forget records that the request itself just ended the viewer's membership.
func (v *Viewer) Forget(orgID string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.roles, orgID)
}

// Can reports whether the viewer may do p in an organization.
func (v *Viewer) Can(orgID string, p policy.Permission) bool {
	a, ok := v.Actor(orgID)
	return ok && policy.Allows(a, p)
}

// Require returns the viewer of ctx and their role in an organization when
// they may do p there. It fails with UNAUTHENTICATED for an anonymous caller,
// NOT_FOUND for a non-member (who may not learn that the organization
// exists) and FORBIDDEN for a member whose role does not allow p.
func Require(ctx context.Context, orgID string, p policy.Permission) (*Viewer, policy.Role, error) {
	v := FromContext(ctx)
	if v == nil {
		return nil, "", errcode.ErrUnauthenticated
	}
	a, ok := v.Actor(orgID)
	if !ok {
		return nil, "", errcode.NotFoundf("organization")
	}
	Touch(ctx, orgID)
	if !policy.Allows(a, p) {
		if a.Kind.Program() && policy.Can(a.Role, p) {
			return nil, "", policy.ActAsPerson(a.Kind).Err()
		}
		return nil, "", errcode.New(errcode.Forbidden, "Your role (%s) does not allow this.", strings.ToLower(string(a.Role)))
	}
	return v, a.Role, nil
}

// RequireProgramGrant returns the viewer of ctx when they may make a
// program (an API key or OAuth client) with permission p in an
// organization, acting with role: a person (never a program), whose own
// role allows p and is at least role, which is admin or member (see
// policy.ProgramRole).
func RequireProgramGrant(ctx context.Context, orgID string, p policy.Permission, role policy.Role) (*Viewer, error) {
	if _, err := RequirePerson(ctx); err != nil {
		return nil, err
	}
	v, creatorRole, err := Require(ctx, orgID, p)
	if err != nil {
		return nil, err
	}
	if err := policy.ProgramRole(creatorRole, role).Err(); err != nil {
		return nil, err
	}
	return v, nil
}

// RequirePerson returns the signed-in person of ctx: UNAUTHENTICATED for
// an anonymous caller, FORBIDDEN for a program (an API key or OAuth
// client), which has no account and acts in its own organization only.
func RequirePerson(ctx context.Context) (*Viewer, error) {
	v := FromContext(ctx)
	if v == nil {
		return nil, errcode.ErrUnauthenticated
	}
	if err := policy.ActAsPerson(v.ActorKind()).Err(); err != nil {
		return nil, err
	}
	return v, nil
}

// RequireUser returns the signed-in viewer of ctx, or UNAUTHENTICATED.
func RequireUser(ctx context.Context) (*Viewer, error) {
	v := FromContext(ctx)
	if v == nil {
		return nil, errcode.ErrUnauthenticated
	}
	return v, nil
}

// RequireVerified returns the signed-in viewer of ctx when their email is
// verified: UNAUTHENTICATED for an anonymous caller, FORBIDDEN before the
// email is verified. The mutations that act on others' behalf (creating an
// organization, inviting) call it before any other check, so an unverified
// account, perhaps someone else's address, learns nothing and sends nothing.
func RequireVerified(ctx context.Context) (*Viewer, error) {
	v := FromContext(ctx)
	if v == nil {
		return nil, errcode.ErrUnauthenticated
	}
	if !v.EmailVerified {
		return nil, errcode.New(errcode.Forbidden,
			"Verify your email address first: follow the link in the email we sent to %s, or ask for a new one.", v.Email)
	}
	return v, nil
}

// slot holds the viewer of a request. It is a pointer so that signing in
// or out in the middle of a request changes who the rest of it runs as.
type slot struct {
	mu sync.RWMutex
	v  *Viewer
}

type ctxKey struct{}

// NewContext returns a context carrying v (nil for anonymous), whose viewer
// Replace can change later.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, &slot{v: v})
}

// Replace changes the viewer of a context made by NewContext (after a
// sign-in or sign-out); it does nothing to other contexts.
func Replace(ctx context.Context, v *Viewer) {
	if s, ok := ctx.Value(ctxKey{}).(*slot); ok {
		s.mu.Lock()
		s.v = v
		s.mu.Unlock()
	}
}

// FromContext returns the viewer of ctx, or nil for an anonymous caller.
func FromContext(ctx context.Context) *Viewer {
	s, ok := ctx.Value(ctxKey{}).(*slot)
	if !ok {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.v
}

// Source reads who a long-lived connection (a websocket) acts for now, from
// the credential it opened with: the session of its cookie, or its bearer
// token. It returns nil, without error, once that credential no longer
// works (signed out, session ended, token revoked). Every operation on the
// connection, and every recheck of its subscriptions, asks it again, so a
// removal, demotion or sign-out counts at once, as on a fresh request.
type Source func(ctx context.Context) (*Viewer, error)

type sourceKey struct{}

// WithSource returns a context whose connection reads its viewer from src.
func WithSource(ctx context.Context, src Source) context.Context {
	return context.WithValue(ctx, sourceKey{}, src)
}

// SourceOf returns the Source of ctx's connection. Outside one (a plain
// HTTP request) it returns the viewer of ctx as it is, which the request
// itself keeps current.
func SourceOf(ctx context.Context) Source {
	if src, ok := ctx.Value(sourceKey{}).(Source); ok && src != nil {
		return src
	}
	v := FromContext(ctx)
	return func(context.Context) (*Viewer, error) { return v, nil }
}

type activityCtxKey struct{}

// WithActivity returns a context in which Touch tells note (the server's
// member.Activity) that a person used an organization. The server puts it
// in every request's context.
func WithActivity(ctx context.Context, note func(userID, orgID string)) context.Context {
	return context.WithValue(ctx, activityCtxKey{}, note)
}

// Touch notes that the viewer of ctx used Roster in orgID, for the
// member's lastActiveAt (member.Activity, which writes it off the request's
// path, at most once a day). It is called where a request acts in or reads
// an organization as its member: every check of a permission there
// (Require, so every change and every guarded read or subscription), the
// organization's lookup by slug (the portal's every page of it), and
// signing in, which counts for each of the person's organizations.
// Programs (API keys, OAuth clients) are no members and touch nothing; nor
// does a person in an organization that is not theirs.
func Touch(ctx context.Context, orgID string) {
	if log, ok := ctx.Value(touchLogKey{}).(*TouchLog); ok {
		log.mu.Lock()
		if !slices.Contains(log.orgs, orgID) {
			log.orgs = append(log.orgs, orgID)
		}
		log.mu.Unlock()
	}
	note, ok := ctx.Value(activityCtxKey{}).(func(userID, orgID string))
	if !ok {
		return
	}
	v := FromContext(ctx)
	if v == nil || v.Program() {
		return
	}
	if _, member := v.Role(orgID); member {
		note(v.UserID, orgID)
	}
}

// TouchLog lists the organizations that Touch was called for in a context
// made by WithTouchLog: what a remembered answer must touch again when it
// is given without running (web's answer cache).
type TouchLog struct {
	mu   sync.Mutex
	orgs []string
}

type touchLogKey struct{}

// WithTouchLog returns a context whose Touch calls are also listed in the
// TouchLog returned.
func WithTouchLog(ctx context.Context) (context.Context, *TouchLog) {
	log := &TouchLog{}
	return context.WithValue(ctx, touchLogKey{}, log), log
}

// Organizations returns the organizations touched so far.
func (l *TouchLog) Organizations() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.orgs)
}
