package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

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
