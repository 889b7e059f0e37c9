package web

import (
	"context"
	"errors"

	"github.com/rosterhq/roster/server/session"
	"github.com/rosterhq/roster/server/viewer"
)

// Authenticator tells who is calling: a program by its bearer token, a
// browser by its session. HTTP requests ask it once each; a websocket asks
// it again before each of its operations (see socket), so that both judge
// access at the moment of each operation.
type Authenticator struct {
	Sessions *session.Manager
	// Bearer authenticates "Authorization: Bearer" tokens; nil knows none.
	Bearer Bearer
}

// session returns the viewer.Source of the session whose token is tok: its
// user as they are now, nil once the session has ended ("" is no session).
func (a Authenticator) session(tok string) viewer.Source {
	return func(ctx context.Context) (*viewer.Viewer, error) {
		if tok == "" {
			return nil, nil
		}
		return a.Sessions.LoadViewer(ctx, tok)
	}
}

// bearer returns the viewer.Source of an Authorization value: whom its token
// acts for now, nil once the token is unknown or revoked.
func (a Authenticator) bearer(authorization string) viewer.Source {
	return func(ctx context.Context) (*viewer.Viewer, error) {
		v, err := a.Bearer.authenticate(ctx, authorization)
		if errors.Is(err, errUnknownToken) {
			return nil, nil
		}
		return v, err
	}
}
