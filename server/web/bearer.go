package web

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/gorilla/websocket"

	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/viewer"
)

// Bearer authenticates the token of "Authorization: Bearer <token>", an API
// key or an OAuth access token, as the viewer it acts for. A nil Bearer
// knows no tokens: every bearer token is refused.
type Bearer func(ctx context.Context, token string) (*viewer.Viewer, error)

var errUnknownToken = errors.New("the bearer token is not valid")

// bearerToken reads the token of an Authorization value.
func bearerToken(authorization string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(authorization), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return "", false
	}
	return strings.TrimSpace(tok), true
}

// authenticate returns the viewer of a bearer token.
func (b Bearer) authenticate(ctx context.Context, authorization string) (*viewer.Viewer, error) {
	tok, ok := bearerToken(authorization)
	if !ok || b == nil {
		return nil, errUnknownToken
	}
	v, err := b(ctx, tok)
	if err == nil && v == nil {
		err = errUnknownToken
	}
	return v, err
}

// refuseToken answers a request whose bearer token is not valid, as a
// GraphQL error with the contract's code.
func refuseToken(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	w.WriteHeader(http.StatusUnauthorized)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{
		"message":    "The bearer token is not valid: use an API key or an OAuth access token of this server.",
		"extensions": map[string]any{"code": string(errcode.Unauthenticated)},
	}}})
}

// errTooManySockets refuses a connection_init of a user who has as many
// websockets open as SocketLimits.PerUser allows.
var errTooManySockets = errors.New("you have too many websockets open: close one")

// closeTryAgainLater is the websocket's 1013: clients retry later.
const closeTryAgainLater = 1013

// websocketInit settles whom a websocket acts for, at its connection_init:
// the bearer token of the payload ({"authorization": "Bearer …"}) when it
// has one, else the session of the upgrade request's cookie. The socket
// keeps that credential, not the viewer: each operation reads the viewer
// again (see socketOperations).
func websocketInit(auth Authenticator, logger *slog.Logger) transport.WebsocketInitFunc {
	return func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		k := socketOf(ctx)
		k.mu.Lock()
		source := k.source
		k.mu.Unlock()
		authorization := p.Authorization()
		if authorization != "" {
			source = auth.bearer(authorization)
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
