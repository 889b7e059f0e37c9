package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/rosterhq/roster/server/errcode"
)

// TokenIssuer authenticates an OAuth client by its ID and secret and
// issues an access token lasting expiresIn; ok is false for an unknown or
// revoked client or a wrong secret.
type TokenIssuer func(ctx context.Context, clientID, secret string) (accessToken string, expiresIn time.Duration, ok bool, err error)

// maxTokenRequest bounds the token request's body: a grant type, a client
// ID and a secret.
const maxTokenRequest = 4 << 10

// oauthToken serves POST /oauth/token: the client-credentials grant of RFC
// 6749, section 4.4, with the client authenticated by HTTP Basic or by
// form fields (section 2.3.1), answered as section 5.1 says and refused as
// section 5.2 says. It is written here rather than with ory/fosite: one
// grant, no scopes, no refresh tokens, and fosite's storage model (a
// session object per token, its own hashing strategies) would be a second
// token store beside the one the bearer check reads.
func oauthToken(issue TokenIssuer, logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("Pragma", "no-cache")
		if r.Method != http.MethodPost {
			h.Set("Allow", http.MethodPost)
			oauthError(w, http.StatusMethodNotAllowed, "invalid_request", "The token endpoint takes POST only.")
			return
		}
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
			oauthError(w, http.StatusBadRequest, "invalid_request", "Send the parameters as application/x-www-form-urlencoded.")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxTokenRequest)
		if err := r.ParseForm(); err != nil {
			oauthError(w, http.StatusBadRequest, "invalid_request", "The request body is not a valid form.")
			return
		}
		form := r.PostForm
		// Section 3.2: no parameter may be sent more than once.
		for k, v := range form {
			if len(v) > 1 {
				oauthError(w, http.StatusBadRequest, "invalid_request", "The parameter "+k+" is repeated.")
				return
			}
		}
		switch gt := form.Get("grant_type"); {
		case gt == "":
			oauthError(w, http.StatusBadRequest, "invalid_request", "The grant_type parameter is missing.")
			return
		case gt != "client_credentials":
			oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "Only the client_credentials grant is supported.")
			return
		}
		id, secret, basic := r.BasicAuth()
		if basic {
			// Section 2.3.1: the ID and secret are form-encoded before
			// they are put in the Basic credentials.
			var err1, err2 error
			id, err1 = url.QueryUnescape(id)
			secret, err2 = url.QueryUnescape(secret)
			if err1 != nil || err2 != nil {
				refuseClient(w, basic)
				return
			}
			if form.Has("client_secret") {
				oauthError(w, http.StatusBadRequest, "invalid_request", "Authenticate the client one way only: HTTP Basic or form fields.")
				return
			}
		} else {
			id, secret = form.Get("client_id"), form.Get("client_secret")
		}
		if id == "" || secret == "" {
			refuseClient(w, basic)
			return
		}
		tok, expiresIn, ok, err := issue(r.Context(), id, secret)
		if e, limited := errcode.As(err); limited && e.Code == errcode.RateLimited {
			// RFC 6749 has no error for this; 429 and Retry-After are
			// what HTTP clients and their retry policies understand.
			if secs, ok := e.Extensions["retryAfter"].(int); ok {
				h.Set("Retry-After", strconv.Itoa(secs))
			}
			oauthError(w, http.StatusTooManyRequests, "rate_limited", e.Message)
			return
		}
		if err != nil {
			logger.ErrorContext(r.Context(), "issue an OAuth token", "request_id", middleware.GetReqID(r.Context()), "error", err)
			oauthError(w, http.StatusInternalServerError, "server_error", "Something went wrong on our side.")
			return
		}
		if !ok {
			refuseClient(w, basic)
			return
		}
		h.Set("Content-Type", "application/json;charset=UTF-8")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"access_token": tok,
			"token_type":   "Bearer",
			"expires_in":   int(expiresIn / time.Second),
		})
	}
}

// refuseClient is section 5.2's invalid_client: 401, with a Basic
// challenge (required when the client tried Basic, and a hint otherwise).
func refuseClient(w http.ResponseWriter, basic bool) {
	w.Header().Set("WWW-Authenticate", `Basic realm="roster", charset="UTF-8"`)
	oauthError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed: unknown or revoked client, or wrong secret.")
}

// oauthError writes an error answer of section 5.2.
func oauthError(w http.ResponseWriter, status int, code, description string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": description})
}
