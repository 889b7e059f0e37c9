package web

import (
	"context"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// costLimit refuses, before anything runs, an operation that costs more
// than max by the schema's complexity functions (graph.NewSchema). Unlike
// gqlgen's ComplexityLimit, it keeps nothing per operation (a subscription
// lives long), and refuses with the contract's code for a document the
// server will not run.
type costLimit struct {
	max    int
	schema graphql.ExecutableSchema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = &costLimit{}

func (*costLimit) ExtensionName() string { return "CostLimit" }

func (l *costLimit) Validate(schema graphql.ExecutableSchema) error {
	l.schema = schema
	return nil
}

func (l *costLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	cost := complexity.Calculate(ctx, l.schema, oc.Operation, oc.Variables)
	if cost <= l.max {
		return nil
	}
	err := gqlerror.Errorf("The query asks for too much at once (it costs %d, at most %d): ask for smaller pages, or nest fewer connections.", cost, l.max)
	errcode.Set(err, errcode.ValidationFailed)
	err.Extensions["complexity"] = cost
	err.Extensions["maxComplexity"] = l.max
	return err
}
