package web

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/gorilla/websocket"
)

// A rate-limited operation answers RATE_LIMITED with extensions.retryAfter,
// and over HTTP the response says the same in a Retry-After header, which
// clients and proxies understand without reading the body. The error
// presenter notes each retryAfter on the request's retryAfter (the largest
// wins: every refused field must wait), and withRetryAfter writes the
// header as gqlgen starts the response, after every field has run.

type retryAfterKey struct{}

// retryAfter is the largest retryAfter of a request's errors, in seconds.
type retryAfter struct{ secs atomic.Int64 }

// noteRetryAfter records that an error of the request in ctx asks the
// client to wait secs seconds.
func noteRetryAfter(ctx context.Context, secs int) {
	ra, ok := ctx.Value(retryAfterKey{}).(*retryAfter)
	if !ok {
		return
	}
	for {
		cur := ra.secs.Load()
		if int64(secs) <= cur || ra.secs.CompareAndSwap(cur, int64(secs)) {
			return
		}
	}
}

// withRetryAfter writes the Retry-After header of a response whose errors
// asked for one. Websockets have no such header: their errors carry
// extensions.retryAfter alone.
func withRetryAfter(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if websocket.IsWebSocketUpgrade(r) {
			next.ServeHTTP(w, r)
			return
		}
		ra := &retryAfter{}
		next.ServeHTTP(&retryAfterWriter{ResponseWriter: w, ra: ra}, r.WithContext(context.WithValue(r.Context(), retryAfterKey{}, ra)))
	})
}

type retryAfterWriter struct {
	http.ResponseWriter
	ra      *retryAfter
	started bool
}

func (w *retryAfterWriter) start() {
	if w.started {
		return
	}
	w.started = true
	if secs := w.ra.secs.Load(); secs > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	}
}

func (w *retryAfterWriter) WriteHeader(status int) {
	w.start()
	w.ResponseWriter.WriteHeader(status)
}

func (w *retryAfterWriter) Write(b []byte) (int, error) {
	w.start()
	return w.ResponseWriter.Write(b)
}

func (w *retryAfterWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
