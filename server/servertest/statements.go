package servertest

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/go-chi/chi/v5/middleware"
)

// statementCounter is the server's logger in tests: it counts the SQL
// statements run on behalf of HTTP requests (those with a request id, so
// not the mail worker's), captures every record, SQL statements included
// (for the check of secrets in the log, see run: the SQL log names each
// statement's arguments by count, never by value), and passes warnings and
// errors on.
type statementCounter struct {
	n       *atomic.Int64
	capture slog.Handler
	next    slog.Handler
	all     slog.Handler // every record, for StartLogged; nil without
}

func (h statementCounter) Enabled(_ context.Context, l slog.Level) bool { return true }

func (h statementCounter) Handle(ctx context.Context, r slog.Record) error {
	if h.all != nil {
		if err := h.all.Handle(ctx, r); err != nil {
			return err
		}
	}
	if h.capture != nil {
		if err := h.capture.Handle(ctx, r); err != nil {
			return err
		}
	}
	if r.Message == "sql" {
		if middleware.GetReqID(ctx) != "" {
			h.n.Add(1)
		}
		return nil
	}
	if h.next != nil && r.Level >= slog.LevelWarn {
		return h.next.Handle(ctx, r)
	}
	return nil
}

func (h statementCounter) WithAttrs(as []slog.Attr) slog.Handler {
	if h.capture != nil {
		h.capture = h.capture.WithAttrs(as)
	}
	if h.next != nil {
		h.next = h.next.WithAttrs(as)
	}
	if h.all != nil {
		h.all = h.all.WithAttrs(as)
	}
	return h
}

func (h statementCounter) WithGroup(name string) slog.Handler {
	if h.capture != nil {
		h.capture = h.capture.WithGroup(name)
	}
	if h.next != nil {
		h.next = h.next.WithGroup(name)
	}
	if h.all != nil {
		h.all = h.all.WithGroup(name)
	}
	return h
}

// Statements runs fn and returns how many SQL statements the server ran
// for HTTP requests meanwhile.
func (e *Env) Statements(fn func()) int {
	before := e.statements.Load()
	fn()
	return int(e.statements.Load() - before)
}
