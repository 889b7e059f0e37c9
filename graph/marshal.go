package graph

import (
	"bytes"
	"context"
	"io"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// marshalList marshals a list's n elements one after another on the
// calling goroutine; the generated code calls it where gqlgen would call
// graphql.MarshalSliceConcurrently (see graph/codegen). Each element gets
// the field context gqlgen gives it (its index, for the paths of errors),
// and a panic in one element is that element's error and null, as with
// gqlgen's.
//
// An element's field context, its index and the context that carries them
// are one allocation (elementContext), where gqlgen makes three.
func marshalList(ctx context.Context, n int, marshal func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	ret := make(graphql.Array, n)
	parent := graphql.GetFieldContext(ctx)
	for i := range n {
		e := &elementContext{Context: ctx, index: i}
		e.fc.Index = &e.index
		e.fc.Parent = parent
		ret[i] = marshalElement(e, i, marshal)
	}
	return ret
}

// elementContext is the context of a list's element: ctx with the
// element's field context, as graphql.WithFieldContext(ctx, &fc) would
// make it, and the index fc points to.
type elementContext struct {
	context.Context
	fc    graphql.FieldContext
	index int
}

func (e *elementContext) Value(key any) any {
	if isFieldContextKey(key) {
		return &e.fc
	}
	return e.Context.Value(key)
}

// fieldContextProbe holds a field context under the key gqlgen keeps
// field contexts under (unexported), and nothing else: a key is that key
// if the probe holds the probe's field context under it.
var (
	probeFieldContext = &graphql.FieldContext{}
	fieldContextProbe = graphql.WithFieldContext(context.Background(), probeFieldContext)
)

func isFieldContextKey(key any) bool {
	fc, _ := fieldContextProbe.Value(key).(*graphql.FieldContext)
	return fc == probeFieldContext
}

func marshalElement(ctx context.Context, i int, marshal func(ctx context.Context, i int) graphql.Marshaler) (m graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			graphql.AddError(ctx, graphql.Recover(ctx, r))
			m = graphql.Null
		}
	}()
	return marshal(ctx, i)
}

// deferredGroup is the group of an object's @defer fragments, built only
// when one of its fields is deferred; the generated code calls it where
// gqlgen would call graphql.NewDeferredGroup for every object (see
// graph/codegen). An empty group has no Defers, which is what the
// generated code checks before processing one.
func deferredGroup(ctx context.Context, fields []graphql.CollectedField) graphql.DeferredGroup {
	for _, f := range fields {
		if len(f.Deferrables) > 0 {
			return graphql.NewDeferredGroup(ctx)
		}
	}
	return graphql.DeferredGroup{Context: ctx}
}

// object is an object of an answer without @defer fragments: its fields
// and their values, which the generated code returns where gqlgen would
// return its FieldSet (see graph/codegen). It writes what FieldSet writes,
// field by field in their order, each alias once.
//
// An object below the root is built as one (newObject) where gqlgen builds
// a FieldSet: its fields are never resolved concurrently (graph/codegen
// disables concurrency there), so it needs no more of a FieldSet than its
// values and its count of invalid fields, which it holds in place for up to
// objectInline fields: one allocation for what took three (the FieldSet,
// its values, and the object returned).
type object struct {
	fields   []graphql.CollectedField
	Values   []graphql.Marshaler
	Invalids uint32
	inline   [objectInline]graphql.Marshaler
}

// objectInline is how many values an object holds without a slice of its
// own: most objects of an answer ask for fewer fields.
const objectInline = 8

// newObject is the object for the fields of an object below the root; the
// generated code calls it where gqlgen would call graphql.NewFieldSet.
func newObject(fields []graphql.CollectedField) *object {
	o := &object{fields: fields}
	if len(fields) <= len(o.inline) {
		o.Values = o.inline[:len(fields)]
	} else {
		o.Values = make([]graphql.Marshaler, len(fields))
	}
	return o
}

// Dispatch stands for FieldSet.Dispatch, which runs the fields resolved
// concurrently: an object has none.
func (o *object) Dispatch(context.Context) {}

// asObject is what the generated code returns for an object without
// @defer fragments: the object itself below the root, and gqlgen's
// FieldSet written by an object at the root.
func asObject[T *object | *graphql.FieldSet](fields []graphql.CollectedField, out T) graphql.Marshaler {
	switch out := any(out).(type) {
	case *object:
		return out
	case *graphql.FieldSet:
		return &object{fields: fields, Values: out.Values}
	}
	panic("unreachable")
}

var (
	openBrace  = []byte{'{'}
	closeBrace = []byte{'}'}
	comma      = []byte{','}
	quote      = []byte{'"'}
	quoteColon = []byte{'"', ':'}
)

func (o *object) MarshalGQL(w io.Writer) {
	_, _ = w.Write(openBrace)
	written := 0
	for i := range o.fields {
		alias := o.fields[i].Alias
		if o.Values[i] == nil || o.written(alias, i) {
			continue
		}
		if written > 0 {
			_, _ = w.Write(comma)
		}
		written++
		// An alias is a GraphQL name ([_A-Za-z][_0-9A-Za-z]*): nothing
		// in it needs escaping.
		_, _ = w.Write(quote)
		_, _ = io.WriteString(w, alias)
		_, _ = w.Write(quoteColon)
		o.Values[i].MarshalGQL(w)
	}
	_, _ = w.Write(closeBrace)
}

// written tells whether a field before the i-th one has the alias (the
// fields of an object are few: a scan costs less than a map).
func (o *object) written(alias string, i int) bool {
	for j := range i {
		if o.fields[j].Alias == alias && o.Values[j] != nil {
			return true
		}
	}
	return false
}

// stringField is a String or an ID written from the struct field that
// holds it: the generated code stores a pointer to the field (see
// graph/codegen), which costs no allocation where gqlgen's MarshalString
// boxes a copy of the string in a closure. It writes what MarshalString
// writes.
type stringField string

func (s *stringField) MarshalGQL(w io.Writer) {
	graphql.MarshalString(string(*s)).MarshalGQL(w)
}

// timeValue is a Time! written from the struct field that holds it, as
// gqlgen's marshaller (marshalNTime2timeᚐTime) writes it: a zero time is
// an invalid null.
func timeValue(ctx context.Context, t *time.Time) graphql.Marshaler {
	if t.IsZero() {
		graphql.AddInvalidNullFromMarshaler(ctx, "Time!")
		return graphql.Null
	}
	return (*timeField)(t)
}

// timeField writes what graphql.MarshalTime writes, without its closure,
// its formatted string and its quoted copy: into the answer's buffer
// directly. (The text of RFC 3339 has nothing to escape: quoting it is
// enclosing it in quotes.)
type timeField time.Time

func (t *timeField) MarshalGQL(w io.Writer) {
	if b, ok := w.(*bytes.Buffer); ok {
		buf := b.AvailableBuffer()
		buf = append(buf, '"')
		buf = time.Time(*t).AppendFormat(buf, time.RFC3339Nano)
		buf = append(buf, '"')
		_, _ = b.Write(buf)
		return
	}
	graphql.MarshalTime(time.Time(*t)).MarshalGQL(w)
}

// resolveChild resolves a field of an object below the root that is not
// plain (an edge, a resolver, a method): the generated code calls it
// where gqlgen calls graphql.ResolveField (see graph/codegen), with the
// same arguments, and it does what gqlgen's does without the field
// middleware, which Roster does not install (see server/web/graphql.go).
// gqlgen's wraps the resolver in a closure for the middleware, which
// moves the closures and the context to the heap: four allocations per
// field, two for each member of a members page. Only fields without
// directives (without a middleware chain) are resolved here.
func resolveChild[T any](
	ctx context.Context,
	oc *graphql.OperationContext,
	field graphql.CollectedField,
	initializeFieldContext func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error),
	fieldResolver func(ctx context.Context) (any, error),
	middlewareChain func(ctx context.Context, next graphql.Resolver) graphql.Resolver,
	marshal func(ctx context.Context, sel ast.SelectionSet, v T) graphql.Marshaler,
	recoverFromPanic bool,
	nonNull bool,
) (ret graphql.Marshaler) {
	if middlewareChain != nil {
		// Passing fieldResolver on would move it to the heap (and the
		// closure of each call with it): graph/codegen rewrites no field
		// with directives.
		panic("graph: resolveChild of a field with directives")
	}
	fc, err := initializeFieldContext(ctx, field)
	if err != nil {
		return graphql.Null
	}
	ctx = graphql.WithFieldContext(ctx, fc)
	if recoverFromPanic {
		defer func() {
			if r := recover(); r != nil {
				oc.Error(ctx, oc.Recover(ctx, r))
				ret = graphql.Null
			}
		}()
	}
	res, err := fieldResolver(ctx)
	if err != nil {
		oc.Error(ctx, graphql.AddFieldLocationToError(ctx, err))
		if fc.NonNull && !nonNull {
			return graphql.RequiredNull
		}
		return graphql.Null
	}
	if res == nil {
		if nonNull || fc.NonNull {
			graphql.AddInvalidNullError(ctx, "")
		}
		if fc.NonNull && !nonNull {
			return graphql.RequiredNull
		}
		return graphql.Null
	}
	if v, ok := res.(T); ok {
		fc.Result = v
		return marshal(ctx, field.Selections, v)
	}
	if v, ok := res.(graphql.Marshaler); ok {
		fc.Result = v
		return v
	}
	var t T
	oc.Errorf(ctx, `unexpected type %T from middleware/directive chain, should be %T`, res, t)
	return graphql.Null
}
