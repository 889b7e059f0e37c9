package web

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/rosterhq/roster/server/errcode"
)

// maxSubscriptionsPerSocket bounds the subscriptions one websocket runs at
// once. Each costs a goroutine and the reads of its first event; a
// dashboard needs one per organization it shows.
const maxSubscriptionsPerSocket = 100

// subscriptionBudget counts a websocket's running subscriptions. It lives
// in the connection's context, which every operation's context derives
// from.
type subscriptionBudget struct{ running atomic.Int32 }

type budgetKey struct{}

func withSubscriptionBudget(ctx context.Context) context.Context {
	return context.WithValue(ctx, budgetKey{}, &subscriptionBudget{})
}

// subscriptionLimit refuses, with RATE_LIMITED, a subscription beyond the
// websocket's budget; a slot frees when a subscription ends, however it
// ends (completed by either side, or the connection closed).
type subscriptionLimit struct{ max int32 }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = subscriptionLimit{}

func (subscriptionLimit) ExtensionName() string                   { return "SubscriptionLimit" }
func (subscriptionLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (l subscriptionLimit) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	budget, _ := ctx.Value(budgetKey{}).(*subscriptionBudget)
	op := graphql.GetOperationContext(ctx).Operation
	if budget == nil || op == nil || op.Operation != ast.Subscription {
		return next(ctx)
	}
	if budget.running.Add(1) > l.max {
		budget.running.Add(-1)
		return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{
			Message:    fmt.Sprintf("This connection already runs %d subscriptions: end one, or open another connection.", l.max),
			Extensions: map[string]any{"code": string(errcode.RateLimited)},
		}}})
	}
	// The operation's context ends with the subscription.
	context.AfterFunc(ctx, func() { budget.running.Add(-1) })
	return next(ctx)
}
