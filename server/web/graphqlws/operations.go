package graphqlws

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/viewer"
)

// maxSubscriptionsPerSocket bounds the subscriptions one websocket runs at
// once. Each costs a goroutine and the reads of its first event; a
// dashboard needs one per organization it shows.
const maxSubscriptionsPerSocket = 100

// socketOperations runs every operation of a websocket as its user is at
// that moment, as a fresh HTTP request would: it reads the socket's viewer
// again from its credential (see socket.current) before each query,
// mutation and subscription, so that a removed, demoted or signed-out
// user's open websocket can do no more than a new request of theirs. It
// also bounds what one websocket runs at once: subscriptions and, apart,
// queries and mutations (gqlgen runs each in a goroutine of its own). Over
// HTTP it does nothing: the router reads the viewer of every request.
type socketOperations struct {
	maxSubscriptions int32
	maxOperations    int32
	logger           *slog.Logger
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = socketOperations{}

func (socketOperations) ExtensionName() string                   { return "SocketOperations" }
func (socketOperations) Validate(graphql.ExecutableSchema) error { return nil }

// sessionStarters are the mutations that start a browser session. A
// websocket cannot carry the cookie they set: they run over HTTP only.
var sessionStarters = []string{"signIn", "signUp", "resetPassword"}

func (o socketOperations) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	k := socketOf(ctx)
	oc := graphql.GetOperationContext(ctx)
	if k == nil || oc == nil || oc.Operation == nil {
		return next(ctx)
	}
	running, limit := &k.operations, o.maxOperations
	refusal := fmt.Sprintf("This connection already runs %d queries and mutations: wait for one to finish.", o.maxOperations)
	retryAfter := 1
	if oc.Operation.Operation == ast.Subscription {
		running, limit = &k.subscriptions, o.maxSubscriptions
		refusal = fmt.Sprintf("This connection already runs %d subscriptions: end one, or open another connection.", o.maxSubscriptions)
		retryAfter = 0 // a place frees when one ends, not after a time
	}
	if !reserve(running, limit) {
		ext := map[string]any{"code": string(errcode.RateLimited)}
		if retryAfter > 0 {
			ext["retryAfter"] = retryAfter
		}
		return refuse(&gqlerror.Error{Message: refusal, Extensions: ext})
	}
	k.begin()
	// The operation's context ends with the operation, however it ends
	// (done, completed by either side, or the connection closed).
	context.AfterFunc(ctx, func() { running.Add(-1); k.end() })

	if oc.Operation.Operation == ast.Mutation {
		for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Mutation"}) {
			for _, name := range sessionStarters {
				if f.Name == name {
					return refuse(&gqlerror.Error{
						Message:    name + " sets a session cookie, which a websocket cannot carry: send it over HTTP (POST /graphql).",
						Extensions: map[string]any{"code": string(errcode.BadUserInput)},
					})
				}
			}
		}
	}

	v, err := k.currentOnItsOwnStack(ctx)
	if err != nil {
		id := middleware.GetReqID(ctx)
		o.logger.ErrorContext(ctx, "read a websocket's viewer", "request_id", id, "error", err)
		return refuse(&gqlerror.Error{
			Message:    "Something went wrong on our side. Reference: " + id,
			Extensions: map[string]any{"code": string(errcode.Internal)},
		})
	}
	if v == nil && k.actedForSomeone() {
		// Its credential has ended: current has closed the socket.
		return refuse(&gqlerror.Error{
			Message:    "Your session has ended: sign in again.",
			Extensions: map[string]any{"code": string(errcode.Unauthenticated)},
		})
	}
	// A subscription asks the socket again whenever its stream re-checks
	// access (see live.Access).
	ctx = viewer.WithSource(ctx, k.current)
	return next(viewer.NewContext(ctx, v))
}

// reserve takes one of limit places, if one is free.
func reserve(running *atomic.Int32, limit int32) bool {
	if running.Add(1) > limit {
		running.Add(-1)
		return false
	}
	return true
}

func refuse(e *gqlerror.Error) graphql.ResponseHandler {
	return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{e}})
}

// Operations returns the handler extension that re-checks each operation of
// a websocket of s and bounds how many run at once (see socketOperations).
func (s *Sockets) Operations(logger *slog.Logger) graphql.HandlerExtension {
	return socketOperations{
		maxSubscriptions: maxSubscriptionsPerSocket,
		maxOperations:    int32(s.limits.Operations),
		logger:           logger,
	}
}

// currentOnItsOwnStack is current, read on a short-lived goroutine: the
// reads go deep (the SQL driver's stack especially), and the goroutine that
// calls this then waits on a subscription's stream for as long as it lives,
// which should keep a small stack (2,000 dashboards, 2,000 stacks).
func (k *socket) currentOnItsOwnStack(ctx context.Context) (*viewer.Viewer, error) {
	type read struct {
		v   *viewer.Viewer
		err error
	}
	done := make(chan read, 1)
	go func() {
		v, err := k.current(ctx)
		done <- read{v, err}
	}()
	r := <-done
	return r.v, r.err
}
