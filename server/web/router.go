// Package web is Roster's HTTP wiring: the chi router, CORS, sessions and
// the viewer of each request, the GraphQL endpoint (its websockets are
// package graphqlws's), the dev mailbox and the embedded portal. It holds
// no rules of its own.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/rs/cors"

	"github.com/rosterhq/roster/server/clientip"
	"github.com/rosterhq/roster/server/session"
	"github.com/rosterhq/roster/server/viewer"
)

// Deps are what the router serves.
type Deps struct {
	Logger   *slog.Logger
	GraphQL  http.Handler
	Sessions *session.Manager
	// DevMail serves /dev/mail and /dev/mail.json, only in development
	// without SMTP; nil answers 404 there.
	DevMail http.Handler
	// Portal serves the single-page app at /.
	Portal http.Handler
	// AllowedOrigins may call the API from a browser with credentials.
	AllowedOrigins []string
	// Bearer authenticates "Authorization: Bearer" tokens.
	Bearer Bearer
	// Activity hears that a person used an organization (viewer.Touch;
	// the server's member.Activity); nil: nobody.
	Activity func(userID, orgID string)
	// AuditCSV writes an organization's audit log at
	// /api/organizations/{id}/audit.csv; nil serves none.
	AuditCSV AuditCSV
	// OAuthToken issues access tokens at POST /oauth/token; nil serves
	// none.
	OAuthToken TokenIssuer
	// Dev serves Go's profiler at /debug/pprof.
	Dev bool
	// Explorer serves the portal's API explorer to a browser's GET /graphql
	// (the portal serves it at /explorer itself).
	Explorer bool
	// ClientIP finds each request's client address, for rate limits.
	ClientIP clientip.Resolver
	// Ready answers /readyz: nil when the server can take traffic, else a
	// short reason that anyone may read.
	Ready func(context.Context) error
}

// NewRouter returns the server's HTTP handler.
func NewRouter(d Deps) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(d.ClientIP.Middleware)
	r.Use(logRequests(d.Logger))
	r.Use(middleware.Recoverer)
	r.Use(commonHeaders)
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
	if d.OAuthToken != nil {
		// No session or cookie: the client authenticates in the request.
		r.Handle("/oauth/token", oauthToken(d.OAuthToken, d.Logger))
	}
	devMail := d.DevMail
	if devMail == nil {
		// Said plainly, rather than the portal's page for an unknown route.
		devMail = http.NotFoundHandler()
	}
	r.Handle("/dev/mail", pageHeaders(devMail))
	r.Handle("/dev/mail.json", pageHeaders(devMail))
	r.Group(func(r chi.Router) {
		r.Use(checkWebsocketOrigin(newOriginPolicy(d.AllowedOrigins)), d.Sessions.Middleware(sessionFailed(d.Logger)), loadViewer(d))
		gql := http.Handler(withCodedErrors(withRetryAfter(d.GraphQL)))
		if d.Explorer && d.Portal != nil {
			gql = withExplorer(gql, pageHeaders(d.Portal))
		}
		r.Handle("/graphql", gql)
		if d.AuditCSV != nil {
			r.Get("/api/organizations/{id}/audit.csv", auditCSV(d.AuditCSV, d.Logger))
		}
	})
	if d.Dev {
		r.Mount("/debug", middleware.Profiler())
	}
	if d.Portal != nil {
		r.Handle("/*", pageHeaders(d.Portal))
	}
	return r
}

// loadViewer tells who is calling, and their roles, as read afresh for
// every request (a removal or sign-out takes effect on the next request):
// the bearer token of a program, else the session of a browser (read with
// the session itself, in one statement: see session.Manager.Viewer).
func loadViewer(d Deps) func(http.Handler) http.Handler {
	auth := Authenticator{Sessions: d.Sessions, Bearer: d.Bearer}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := r.Context()
			var v *viewer.Viewer
			if authorization := r.Header.Get("Authorization"); authorization != "" {
				var err error
				if v, err = auth.bearer(authorization)(ctx); err != nil || v == nil {
					if err != nil {
						d.Logger.ErrorContext(ctx, "authenticate a bearer token", "request_id", middleware.GetReqID(ctx), "error", err)
					}
					refuseToken(w)
					return
				}
			} else if d.Sessions.UserID(ctx) != "" {
				// The middleware's read of the session read who it belongs
				// to in the same statement: no need to read it again, as a
				// websocket's later operations do.
				v = d.Sessions.Viewer(ctx)
			}
			if d.Activity != nil {
				ctx = viewer.WithActivity(ctx, d.Activity)
			}
			next.ServeHTTP(w, r.WithContext(viewer.NewContext(ctx, v)))
		})
	}
}

// withExplorer serves the portal, whose /graphql page is the API explorer,
// to a browser's GET /graphql: a page load asks for HTML and has no query
// string. Every other request goes to the API, a GET with a query too.
func withExplorer(api, portal http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.RawQuery == "" && strings.Contains(r.Header.Get("Accept"), "text/html") {
			portal.ServeHTTP(w, r)
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
