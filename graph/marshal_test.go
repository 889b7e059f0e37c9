package graph

import (
	"bytes"
	"context"
	"testing"

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
