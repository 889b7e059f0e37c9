package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/rosterhq/roster/server/errcode"
)

// AuditCSV writes an organization's audit log as CSV (see audit.WriteCSV):
// nothing before its permission check, which fails with a domain error.
type AuditCSV func(ctx context.Context, w io.Writer, orgID, action string) error

// auditCSV serves GET /api/organizations/{id}/audit.csv?action=…, for the
// viewer of the request (session cookie or bearer token), with the status
// of the contract's code when it is refused.
func auditCSV(write AuditCSV, logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		orgID := chi.URLParam(r, "id")
		lw := &lazyCSV{w: w}
		err := write(r.Context(), lw, orgID, r.URL.Query().Get("action"))
		if err == nil {
			if !lw.started { // nothing written cannot happen (the header row), but be plain
				lw.start()
			}
			return
		}
		if lw.started { // the answer was under way: cut it short
			logger.ErrorContext(r.Context(), "write the audit CSV", "request_id", middleware.GetReqID(r.Context()), "error", err)
			panic(http.ErrAbortHandler)
		}
		status, msg := http.StatusInternalServerError, "internal error"
		if e, ok := errcode.As(err); ok {
			msg = e.Message
			switch e.Code {
			case errcode.Unauthenticated:
				status = http.StatusUnauthorized
			case errcode.Forbidden:
				status = http.StatusForbidden
			case errcode.NotFound:
				status = http.StatusNotFound
			}
		}
		if status == http.StatusInternalServerError {
			logger.ErrorContext(r.Context(), "audit CSV", "request_id", middleware.GetReqID(r.Context()), "error", err)
			msg = "Something went wrong on our side. Reference: " + middleware.GetReqID(r.Context())
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, msg+"\n")
	}
}

// lazyCSV sends the CSV headers with the first byte, so that a refusal
// before it still gets its own status.
type lazyCSV struct {
	w       http.ResponseWriter
	started bool
}

func (l *lazyCSV) start() {
	l.started = true
	h := l.w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="audit.csv"`)
	h.Set("Cache-Control", "no-store")
	l.w.WriteHeader(http.StatusOK)
}

func (l *lazyCSV) Write(p []byte) (int, error) {
	if !l.started {
		l.start()
	}
	return l.w.Write(p)
}
