package metrics

import (
	"context"
	"regexp"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// GraphQL returns the gqlgen extension that times queries and mutations and
// counts errors by code. It sees every response the executor writes, those
// of documents that do not parse or validate included; add it to the
// handler with Use.
func (m *Metrics) GraphQL() graphql.HandlerExtension { return graphqlExtension{m} }

type graphqlExtension struct{ m *Metrics }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = graphqlExtension{}

func (graphqlExtension) ExtensionName() string                   { return "Metrics" }
func (graphqlExtension) Validate(graphql.ExecutableSchema) error { return nil }

func (e graphqlExtension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if e.m == nil || resp == nil {
		return resp
	}
	for _, err := range resp.Errors {
		code, _ := err.Extensions["code"].(string)
		e.m.errors.WithLabelValues(codeLabel(code)).Inc()
	}
	if !graphql.HasOperationContext(ctx) {
		return resp
	}
	oc := graphql.GetOperationContext(ctx)
	// A subscription's responses are its events, timed by the changes
	// behind them, not by the server.
	if op := oc.Operation; op != nil && op.Operation != ast.Subscription && !oc.Stats.OperationStart.IsZero() {
		e.m.operations.WithLabelValues(e.m.names.label(op.Name), string(op.Operation)).
			Observe(time.Since(oc.Stats.OperationStart).Seconds())
	}
	return resp
}

var codePattern = regexp.MustCompile(`^[A-Z][A-Z_]{0,39}$`)

// codeLabel bounds the code label to codes' shape. An error without a code
// is one the HTTP layer answers as BAD_USER_INPUT (see web.withCodedErrors).
func codeLabel(code string) string {
	switch {
	case code == "":
		return "BAD_USER_INPUT"
	case codePattern.MatchString(code):
		return code
	default:
		return "OTHER"
	}
}
