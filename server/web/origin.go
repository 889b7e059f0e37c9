package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gorilla/websocket"
)

// originPolicy decides which browser origins may open websockets and call
// the API with credentials: the public URL's and the configured ones.
type originPolicy struct{ allowed []string }

func newOriginPolicy(origins []string) originPolicy {
	p := originPolicy{}
	for _, o := range origins {
		if u, err := url.Parse(strings.TrimRight(o, "/")); err == nil && u.Host != "" {
			p.allowed = append(p.allowed, strings.ToLower(u.Scheme+"://"+u.Host))
		}
	}
	return p
}

// allows reports whether a request's Origin is allowed. A request without
// one does not come from a browser page, and is not a cross-site risk.
func (p originPolicy) allows(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	return slices.Contains(p.allowed, strings.ToLower(strings.TrimRight(origin, "/")))
}

// checkWebsocketOrigin refuses, with 403, a websocket upgrade from a
// foreign browser origin before anything else reads it.
func checkWebsocketOrigin(p originPolicy) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if websocket.IsWebSocketUpgrade(r) && !p.allows(r) {
				http.Error(w, "websocket origin not allowed", http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
