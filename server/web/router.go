// Package web is Roster's HTTP wiring: the chi router, CORS, sessions and
// the viewer of each request, the GraphQL endpoint, the dev mailbox and the
// embedded portal. It holds no rules of its own.
package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/rs/cors"

	"github.com/rosterhq/roster/server/account"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/session"
	"github.com/rosterhq/roster/server/viewer"
)

// Deps are what the router serves.
type Deps struct {
	Logger   *slog.Logger
	GraphQL  http.Handler
	Sessions *session.Manager
	Accounts *account.Service
	// DevMail serves /dev/mail and /dev/mail.json; nil when SMTP is set.
	DevMail http.Handler
	// Portal serves the single-page app at /.
	Portal http.Handler
	// AllowedOrigins may call the API from a browser with credentials.
	AllowedOrigins []string
	// Bearer authenticates "Authorization: Bearer" tokens.
	Bearer Bearer
	// Dev serves GraphQL's playground to browsers at GET /graphql and Go's
	// profiler at /debug/pprof.
	Dev bool
	// Ready answers /readyz: nil when the server can take traffic, else a
	// short reason that anyone may read.
	Ready func(context.Context) error
}

// NewRouter returns the server's HTTP handler.
func NewRouter(d Deps) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(logRequests(d.Logger))
	r.Use(middleware.Recoverer)
	r.Use(cors.New(cors.Options{
		AllowedOrigins:   d.AllowedOrigins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders:   []string{"Content-Type", "Authorization"},
		AllowCredentials: true,
		MaxAge:           600,
	}).Handler)

	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	r.Get("/readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if d.Ready != nil {
			if err := d.Ready(r.Context()); err != nil {
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = w.Write([]byte("not ready: " + err.Error() + "\n"))
				return
			}
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	if d.DevMail != nil {
		r.Handle("/dev/mail", d.DevMail)
		r.Handle("/dev/mail.json", d.DevMail)
	}
	r.Group(func(r chi.Router) {
		r.Use(checkWebsocketOrigin(newOriginPolicy(d.AllowedOrigins)), d.Sessions.Middleware, loadViewer(d))
		gql := d.GraphQL
		if d.Dev {
			gql = withPlayground(gql)
		}
		r.Handle("/graphql", withCodedErrors(http.MaxBytesHandler(gql, 1<<20)))
	})
	if d.Dev {
		r.Mount("/debug", middleware.Profiler())
	}
	if d.Portal != nil {
		r.Handle("/*", d.Portal)
	}
	return r
}

// loadViewer reads who is calling, and their roles, afresh for every
// request (a removal or sign-out takes effect on the next request): the
// bearer token of a program, else the session of a browser.
func loadViewer(d Deps) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := r.Context()
			var v *viewer.Viewer
			if auth := r.Header.Get("Authorization"); auth != "" {
				var err error
				if v, err = d.Bearer.authenticate(ctx, auth); err != nil {
					refuseToken(w)
					return
				}
			} else if id := d.Sessions.UserID(ctx); id != "" {
				var err error
				if v, err = d.Accounts.Viewer(ctx, id); err != nil {
					d.Logger.ErrorContext(ctx, "load viewer", "request_id", middleware.GetReqID(ctx), "error", err)
					writeInternal(w, middleware.GetReqID(ctx))
					return
				}
			}
			next.ServeHTTP(w, r.WithContext(viewer.NewContext(ctx, v)))
		})
	}
}

// writeInternal answers a request that failed before GraphQL ran (the
// database is down) as a GraphQL error with the contract's code, as
// presentError would.
func writeInternal(w http.ResponseWriter, requestID string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusInternalServerError)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{
		"message": "Something went wrong on our side. Reference: " + requestID, "extensions": map[string]any{"code": string(errcode.Internal)},
	}}})
}

// withPlayground serves the GraphQL playground to a browser's GET.
func withPlayground(api http.Handler) http.Handler {
	pg := playground.Handler("Roster", "/graphql")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.RawQuery == "" && strings.Contains(r.Header.Get("Accept"), "text/html") {
			pg.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	})
}

// logRequests logs one line per request, with its id.
func logRequests(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r)
			logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("request_id", middleware.GetReqID(r.Context())),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", ww.Status()),
				slog.Int("bytes", ww.BytesWritten()),
				slog.Duration("duration", time.Since(start)),
			)
		})
	}
}
