package graphqlws

import (
	"context"
	"errors"
	"log/slog"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/gorilla/websocket"

	"github.com/rosterhq/roster/server/viewer"
)

// errTooManySockets refuses a connection_init of a user who has as many
// websockets open as Limits.PerUser allows.
var errTooManySockets = errors.New("you have too many websockets open: close one")

// errUnknownToken refuses a connection_init whose bearer token is not valid.
var errUnknownToken = errors.New("the bearer token is not valid")

// errInternal refuses a connection_init that failed on the server's side.
var errInternal = errors.New("internal error")

// closeTryAgainLater is the websocket's 1013: clients retry later.
const closeTryAgainLater = 1013

// initFunc settles whom a websocket acts for, at its connection_init: the
// bearer token of the payload ({"authorization": "Bearer …"}) when it has
// one, else the session of the upgrade request's cookie. The socket keeps
// that credential, not the viewer: each operation reads the viewer again
// (see Operations).
func initFunc(bearer func(authorization string) viewer.Source, logger *slog.Logger) transport.WebsocketInitFunc {
	return func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		k := socketOf(ctx)
		k.mu.Lock()
		source := k.source
		k.mu.Unlock()
		authorization := p.Authorization()
		if authorization != "" {
			source = bearer(authorization)
		}
		v, err := k.authenticate(ctx, source)
		switch {
		case errors.Is(err, errTooManySockets):
			return transport.WithWebsocketCloseCode(ctx, closeTryAgainLater), nil, err
		case err != nil:
			logger.ErrorContext(ctx, "authenticate a websocket", "request_id", middleware.GetReqID(ctx), "error", err)
			return transport.WithWebsocketCloseCode(ctx, websocket.CloseInternalServerErr), nil, errInternal
		case authorization != "" && v == nil:
			// graphql-ws's close code for a refused connection_init: its
			// clients do not retry with the same token.
			return transport.WithWebsocketCloseCode(ctx, closeForbidden), nil, errUnknownToken
		}
		return viewer.NewContext(ctx, v), nil, nil
	}
}
