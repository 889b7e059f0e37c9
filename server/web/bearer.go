package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/viewer"
)

// Bearer authenticates the token of "Authorization: Bearer <token>", an API
// key or an OAuth access token, as the viewer it acts for. A nil Bearer
// knows no tokens: every bearer token is refused.
type Bearer func(ctx context.Context, token string) (*viewer.Viewer, error)

var errUnknownToken = errors.New("the bearer token is not valid")

// closeForbidden is graphql-ws's close code 4403 Forbidden.
const closeForbidden = 4403

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

// websocketInit authenticates a websocket by the bearer token of its
// connection_init payload ({"authorization": "Bearer …"}), when it has one;
// otherwise the connection keeps the viewer of its upgrade request (the
// session cookie).
func websocketInit(b Bearer) transport.WebsocketInitFunc {
	return func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		auth := p.Authorization()
		if auth == "" {
			return ctx, nil, nil
		}
		v, err := b.authenticate(ctx, auth)
		if err != nil {
			// graphql-ws's close code for a refused connection_init: its
			// clients do not retry with the same token.
			return transport.WithWebsocketCloseCode(ctx, closeForbidden), nil, errUnknownToken
		}
		return viewer.NewContext(ctx, v), nil, nil
	}
}
