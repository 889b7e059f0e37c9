package graphqlws

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/viewer"
)

// gqlgen runs each operation of a websocket in a goroutine of its own: one
// socket may not hold more than its share of them at once.
func TestSocketOperationsBoundWhatOneSocketRuns(t *testing.T) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	sockets := NewSockets(pubsub.NewHub(), logger, Limits{Operations: 3})
	k := sockets.admit(httptest.NewRecorder(), "192.0.2.1", func(context.Context) (*viewer.Viewer, error) {
		return viewer.New("usr_1", "a@b.test", "A", true, nil), nil
	})
	ops := socketOperations{maxSubscriptions: 2, maxOperations: 3, logger: logger}
	ran := 0
	next := func(ctx context.Context) graphql.ResponseHandler {
		ran++
		return graphql.OneShot(&graphql.Response{})
	}
	start := func(kind ast.Operation) (graphql.ResponseHandler, context.CancelFunc) {
		ctx, cancel := context.WithCancel(withSocket(context.Background(), k))
		ctx = graphql.WithOperationContext(ctx, &graphql.OperationContext{Operation: &ast.OperationDefinition{Operation: kind}})
		return ops.InterceptOperation(ctx, next), cancel
	}
	code := func(h graphql.ResponseHandler) (string, any) {
		res := h(context.Background())
		if len(res.Errors) == 0 {
			return "", nil
		}
		return res.Errors[0].Extensions["code"].(string), res.Errors[0].Extensions["retryAfter"]
	}

	var running []context.CancelFunc
	for range 3 {
		h, cancel := start(ast.Query)
		if c, _ := code(h); c != "" {
			t.Fatalf("query within the limit refused with %s", c)
		}
		running = append(running, cancel)
	}
	h, cancel := start(ast.Mutation)
	if c, retry := code(h); c != "RATE_LIMITED" || retry != 1 {
		t.Fatalf("a fourth operation at once: %q retryAfter %v, want RATE_LIMITED retryAfter 1", c, retry)
	}
	cancel()
	// Subscriptions count apart, and have no retryAfter: a place frees
	// when one ends.
	for range 2 {
		h, cancel := start(ast.Subscription)
		if c, _ := code(h); c != "" {
			t.Fatalf("subscription within its limit refused with %s", c)
		}
		defer cancel()
	}
	h, cancel = start(ast.Subscription)
	if c, retry := code(h); c != "RATE_LIMITED" || retry != nil {
		t.Fatalf("a third subscription: %q retryAfter %v, want RATE_LIMITED without retryAfter", c, retry)
	}
	cancel()
	// An operation that ends frees its place.
	running[0]()
	deadline := time.Now().Add(2 * time.Second)
	for k.operations.Load() >= 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	h, cancel = start(ast.Query)
	defer cancel()
	if c, _ := code(h); c != "" {
		t.Fatalf("after one ended, a query was refused with %s", c)
	}
	if ran != 3+2+1 {
		t.Fatalf("%d operations ran, want 6", ran)
	}
}
