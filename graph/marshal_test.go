package graph

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// object writes what gqlgen's FieldSet writes for the same fields.
func TestObjectWritesAsFieldSetDoes(t *testing.T) {
	fields := []graphql.CollectedField{
		{Field: &ast.Field{Alias: "id"}},
		{Field: &ast.Field{Alias: "name"}},
		{Field: &ast.Field{Alias: "n"}},
	}
	values := []graphql.Marshaler{graphql.MarshalString("m1"), graphql.MarshalString(`"quoted"\`), graphql.MarshalInt(3)}
	fs := graphql.NewFieldSet(fields)
	copy(fs.Values, values)
	var want, got bytes.Buffer
	fs.MarshalGQL(&want)
	(&object{fields: fields, Values: values}).MarshalGQL(&got)
	if got.String() != want.String() {
		t.Errorf("object wrote %s, FieldSet %s", &got, &want)
	}
	got.Reset()
	(&object{}).MarshalGQL(&got)
	if got.String() != "{}" {
		t.Errorf("no fields: %s", &got)
	}
}

// An alias is written once, with its first value, as FieldSet does; a
// field without a value (taken by a @defer fragment) is left out.
func TestObjectWritesEachAliasOnce(t *testing.T) {
	fields := []graphql.CollectedField{
		{Field: &ast.Field{Alias: "a"}},
		{Field: &ast.Field{Alias: "b"}},
		{Field: &ast.Field{Alias: "a"}},
		{Field: &ast.Field{Alias: "c"}},
	}
	values := []graphql.Marshaler{graphql.MarshalInt(1), nil, graphql.MarshalInt(2), graphql.MarshalInt(3)}
	var got bytes.Buffer
	(&object{fields: fields, Values: values}).MarshalGQL(&got)
	if got.String() != `{"a":1,"c":3}` {
		t.Errorf("got %s", &got)
	}
}

// A panic while marshalling one element of a list is that element's error,
// at its index, and its value is null; the other elements are kept.
func TestMarshalListKeepsAPanicToItsElement(t *testing.T) {
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "items"}}})
	var indices []int
	out := marshalList(ctx, 3, func(ctx context.Context, i int) graphql.Marshaler {
		indices = append(indices, *graphql.GetFieldContext(ctx).Index)
		if i == 1 {
			panic("boom")
		}
		return graphql.MarshalInt(i)
	})
	var got bytes.Buffer
	out.MarshalGQL(&got)
	if got.String() != "[0,null,2]" {
		t.Errorf("list: %s", &got)
	}
	if len(indices) != 3 || indices[0] != 0 || indices[1] != 1 || indices[2] != 2 {
		t.Errorf("element indices %v", indices)
	}
	errs := graphql.GetErrors(ctx)
	if len(errs) != 1 {
		t.Fatalf("errors: %v", errs)
	}
	if want := (ast.Path{ast.PathName("items"), ast.PathIndex(1)}); errs[0].Path.String() != want.String() {
		t.Errorf("error path %v, want %v", errs[0].Path, want)
	}
}

// A String or an ID written from its field is what MarshalString writes,
// escapes included, and storing it in a Marshaler allocates nothing.
func TestStringFieldWritesAsMarshalStringDoes(t *testing.T) {
	for _, s := range []string{"", "m1", `"quoted"\`, "tab\tnew\nline\r\x01\x1f", "é ✓ 😀", "</script>&"} {
		var want, got bytes.Buffer
		graphql.MarshalString(s).MarshalGQL(&want)
		v := s
		(*stringField)(&v).MarshalGQL(&got)
		if got.String() != want.String() {
			t.Errorf("%q: wrote %s, MarshalString %s", s, &got, &want)
		}
	}
	obj := &struct{ Name string }{"n"}
	var m graphql.Marshaler
	if n := testing.AllocsPerRun(100, func() { m = (*stringField)(&obj.Name) }); n != 0 {
		t.Errorf("a string field allocates %v", n)
	}
	_ = m
}

// A Time written from its field is what gqlgen's Time! marshaller writes,
// into a bytes.Buffer or any other writer, and a zero time is its invalid
// null with its error.
func TestTimeFieldWritesAsMarshalTimeDoes(t *testing.T) {
	ec := &executionContext{}
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "joinedAt"}}})
	east := time.FixedZone("east", 5*3600+30*60)
	for _, tm := range []time.Time{
		time.Date(2026, 12, 2, 16, 49, 13, 0, time.UTC),
		time.Date(2026, 12, 2, 16, 49, 13, 120000000, time.UTC),
		time.Date(1999, 1, 2, 3, 4, 5, 6, east),
		time.Date(12026, 1, 2, 3, 4, 5, 6, time.UTC),
		time.Date(2026, 6, 1, 0, 0, 0, 1, time.Local),
	} {
		var want, got bytes.Buffer
		ec.marshalNTime2timeᚐTime(ctx, nil, tm).MarshalGQL(&want)
		v := tm
		timeValue(ctx, &v).MarshalGQL(&got)
		if got.String() != want.String() {
			t.Errorf("%v: wrote %s, MarshalTime %s", tm, &got, &want)
		}
		var other strings.Builder
		timeValue(ctx, &v).MarshalGQL(&other)
		if other.String() != want.String() {
			t.Errorf("%v: wrote %s to a strings.Builder, MarshalTime %s", tm, &other, &want)
		}
	}
	if len(graphql.GetErrors(ctx)) != 0 {
		t.Fatalf("errors: %v", graphql.GetErrors(ctx))
	}
	var zero time.Time
	if v := timeValue(ctx, &zero); v != graphql.Null {
		t.Errorf("zero time: %v", v)
	}
	if wantCtx := graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, graphql.DefaultRecover); ec.marshalNTime2timeᚐTime(wantCtx, nil, zero) != graphql.Null ||
		fmt.Sprint(graphql.GetErrors(ctx)) != fmt.Sprint(graphql.GetErrors(wantCtx)) {
		t.Errorf("zero time's errors: %v, gqlgen's %v", graphql.GetErrors(ctx), graphql.GetErrors(wantCtx))
	}
	obj := &struct{ At time.Time }{time.Now()}
	var buf bytes.Buffer
	buf.Grow(64)
	if n := testing.AllocsPerRun(100, func() {
		buf.Reset()
		timeValue(ctx, &obj.At).MarshalGQL(&buf)
	}); n != 0 {
		t.Errorf("a time field allocates %v", n)
	}
}

// resolveChild answers as graphql.ResolveField does without field
// middleware: the value, an error at the field's path, a null where the
// schema forbids one, a panic, a field context that fails.
func TestResolveChildAnswersAsResolveField(t *testing.T) {
	type user struct{ Name string }
	marshal := func(ctx context.Context, sel ast.SelectionSet, v *user) graphql.Marshaler {
		if v == nil {
			graphql.AddErrorf(ctx, "the requested element is null which the schema does not allow")
			return graphql.Null
		}
		return graphql.MarshalString(v.Name)
	}
	cases := map[string]struct {
		resolve func(ctx context.Context) (any, error)
		fcErr   error
		nonNull bool
	}{
		"value":          {resolve: func(context.Context) (any, error) { return &user{"Ann"}, nil }, nonNull: true},
		"error":          {resolve: func(context.Context) (any, error) { return nil, fmt.Errorf("no user") }, nonNull: true},
		"nullable error": {resolve: func(context.Context) (any, error) { return nil, fmt.Errorf("no user") }},
		"nil":            {resolve: func(context.Context) (any, error) { return nil, nil }, nonNull: true},
		"nullable nil":   {resolve: func(context.Context) (any, error) { return nil, nil }},
		"nil pointer":    {resolve: func(context.Context) (any, error) { return (*user)(nil), nil }, nonNull: true},
		"marshaler":      {resolve: func(context.Context) (any, error) { return graphql.MarshalInt(7), nil }, nonNull: true},
		"wrong type":     {resolve: func(context.Context) (any, error) { return 7, nil }, nonNull: true},
		"panic":          {resolve: func(context.Context) (any, error) { panic("boom") }, nonNull: true},
		"field context":  {resolve: func(context.Context) (any, error) { return &user{"Ann"}, nil }, fcErr: fmt.Errorf("bad args"), nonNull: true},
	}
	field := graphql.CollectedField{Field: &ast.Field{Name: "user", Alias: "owner"}}
	answer := func(resolveField func(context.Context, *graphql.OperationContext) graphql.Marshaler) string {
		oc := &graphql.OperationContext{
			RecoverFunc:        func(ctx context.Context, err any) error { return fmt.Errorf("panic: %v", err) },
			ResolverMiddleware: func(ctx context.Context, next graphql.Resolver) (any, error) { return next(ctx) },
		}
		ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
		ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "membership"}}})
		var b bytes.Buffer
		m := resolveField(ctx, oc)
		switch m {
		case graphql.Null:
			b.WriteString("Null")
		case graphql.RequiredNull:
			b.WriteString("RequiredNull")
		default:
			m.MarshalGQL(&b)
		}
		for _, e := range graphql.GetErrors(ctx) {
			fmt.Fprintf(&b, " | %s at %v", e.Message, e.Path)
		}
		return b.String()
	}
	for name, c := range cases {
		fieldContext := func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			if c.fcErr != nil {
				return nil, c.fcErr
			}
			return &graphql.FieldContext{Object: "Membership", Field: field, IsMethod: true}, nil
		}
		want := answer(func(ctx context.Context, oc *graphql.OperationContext) graphql.Marshaler {
			return graphql.ResolveField(ctx, oc, field, fieldContext, c.resolve, nil, marshal, true, c.nonNull)
		})
		got := answer(func(ctx context.Context, oc *graphql.OperationContext) graphql.Marshaler {
			return resolveChild(ctx, oc, field, fieldContext, c.resolve, nil, marshal, true, c.nonNull)
		})
		if got != want {
			t.Errorf("%s: resolveChild %q, ResolveField %q", name, got, want)
		}
	}
}

// An element's context is its parent's with the element's field context,
// as graphql.WithFieldContext makes it: the other values, the
// cancellation and the contexts made from it are the parent's.
func TestElementContextIsAFieldContext(t *testing.T) {
	type key struct{}
	parentFC := &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "edges"}}}
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), key{}, "v"))
	parent = graphql.WithFieldContext(parent, parentFC)
	var ctxs []context.Context
	marshalList(parent, 2, func(ctx context.Context, i int) graphql.Marshaler {
		ctxs = append(ctxs, ctx)
		return graphql.Null
	})
	for i, ctx := range ctxs {
		fc := graphql.GetFieldContext(ctx)
		if fc == nil || fc.Index == nil || *fc.Index != i || fc.Parent != parentFC {
			t.Fatalf("element %d: field context %+v", i, fc)
		}
		if got := fc.Path().String(); got != fmt.Sprintf("edges[%d]", i) {
			t.Errorf("element %d: path %s", i, got)
		}
		if ctx.Value(key{}) != "v" {
			t.Errorf("element %d: the parent's value is lost", i)
		}
		inner := graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "node"}}})
		if got := graphql.GetFieldContext(inner).Path().String(); got != fmt.Sprintf("edges[%d].node", i) {
			t.Errorf("element %d: a child's path %s", i, got)
		}
	}
	child, stop := context.WithCancel(ctxs[0])
	defer stop()
	cancel()
	select {
	case <-child.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a context made from an element's is not cancelled with its parent")
	}
	if ctxs[1].Err() != context.Canceled {
		t.Errorf("element's Err: %v", ctxs[1].Err())
	}
	if isFieldContextKey(key{}) || isFieldContextKey("resolver_context") {
		t.Error("another key taken for the field context's")
	}
}
