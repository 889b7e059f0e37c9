package web

import (
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/session"
)

// portalPolicy is the Content-Security-Policy of the portal's pages (and
// the dev mailbox's). The built portal is files from this server only: its
// scripts and styles are files under /assets, with no inline script, and
// it talks to /graphql on the same origin ('self' covers same-origin
// websockets too). Styles allow 'unsafe-inline' because Mantine writes
// <style> elements and style attributes at run time, with no nonce; a
// script cannot be injected through that. frame-ancestors 'none' keeps the
// pages, whose URLs may carry tokens, out of other sites' frames.
const portalPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"

// commonHeaders are on every answer, portal and API: no Referer leaves
// for other sites (portal URLs carry invitation and verification tokens),
// and no browser guesses a content type.
func commonHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// pageHeaders are on the pages a browser renders: the portal and the dev
// mailbox. X-Frame-Options repeats frame-ancestors for browsers that
// predate it.
func pageHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", portalPolicy)
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// sessionFailed answers a GraphQL request whose session could not be read
// or saved (the database restarting, say) as any other unexpected failure:
// a GraphQL error coded INTERNAL with a reference, the cause in the log.
func sessionFailed(logger *slog.Logger) session.ErrorHandler {
	return func(w http.ResponseWriter, r *http.Request, err error) {
		internalError(w, r, logger, "session store failed", err)
	}
}

// internalError logs err with the request id and answers INTERNAL.
func internalError(w http.ResponseWriter, r *http.Request, logger *slog.Logger, what string, err error) {
	id := middleware.GetReqID(r.Context())
	logger.ErrorContext(r.Context(), what, "request_id", id, "error", err)
	writeCodedError(w, http.StatusInternalServerError, errcode.Internal, "Something went wrong on our side. Reference: "+id)
}
