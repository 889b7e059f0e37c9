// Command codegen generates the GraphQL layer (go generate ./graph): gqlgen,
// configured by gqlgen.yml, with three changes to what it generates. The
// first is made through gqlgen's plugin interface; the other two rewrite
// two calls in the generated files, since gqlgen's templates offer no
// setting for them. Each rewrite must find what it replaces, so a gqlgen
// upgrade that changes the generated code fails here, loudly, instead of
// leaving the old behaviour in place unnoticed.
//
//  1. Fields below the root resolve on their object's goroutine. gqlgen
//     resolves every field that has a resolver, or a method taking a
//     context, on a goroutine of its own. Below the root that buys nothing
//     here: a page's rows and their edges are loaded before their fields are
//     resolved (entgql's field collection), so those fields are reads of
//     memory, and a goroutine each (its start, its stack growing, the wait
//     for it) costs more than the read. The root fields (the queries,
//     mutations and subscriptions of an operation) keep their concurrency.
//  2. A list's elements are marshalled one after another (graph.marshalList)
//     instead of on a goroutine each (graphql.MarshalSliceConcurrently), for
//     the same reason: a members page of 50 started 50 goroutines whose
//     stacks grew through gqlgen's deep call chains.
//  3. An object builds the group of its @defer fragments only when one of
//     its fields is deferred (graph.deferredGroup): gqlgen built one for
//     every object of every answer, computing the object's path each time.
//  4. A plain field (a scalar or an enum read from a struct field that is
//     not a pointer: no resolver, no arguments, no directive) is marshalled
//     where its object is, without gqlgen's machinery for resolving a
//     field: a field context, a context, closures and the field
//     middleware chain, for a read that cannot fail (Roster installs no
//     field middleware: see server/web/graphql.go). These are most of the
//     fields of a page, e.g. a member's id, role, joinedAt, name and email.
//  5. An object without @defer fragments is written by graph.object, which
//     writes its fields in order as gqlgen's FieldSet does, without the
//     map, the iterator and the copy of each field that FieldSet makes for
//     every object it writes.
//  6. An object below the root is built as a graph.object (graph.newObject)
//     instead of a gqlgen FieldSet, its values held in place: one
//     allocation instead of three. Its fields are collected through a
//     cache of the operation (graph.collectFields, with a field added to
//     the executionContext) whose lookups allocate nothing, where gqlgen's
//     hashes the type's names with a hasher allocated on every call.
//  7. A field below the root that is not plain (an edge, a resolver) is
//     resolved by graph.resolveChild instead of graphql.ResolveField: the
//     same steps without the field middleware (none is installed, as for
//     change 4), whose closure moves the resolver's closures and the
//     context to the heap.
package main

import (
	"bytes"
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"slices"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
	"github.com/99designs/gqlgen/codegen/templates"
	"github.com/vektah/gqlparser/v2/ast"
)

// serialBelowRoot resolves the fields of every object but the roots on the
// goroutine of the object itself.
type serialBelowRoot struct{}

func (serialBelowRoot) Name() string { return "serial-below-root" }

func (serialBelowRoot) GenerateCode(data *codegen.Data) error {
	// Directives on fields make a middleware chain for every field, which
	// graph.resolveChild does not run (change 7).
	fieldDirectives := len(data.AllDirectives.LocationDirectives("FIELD")) > 0
	for _, o := range data.Objects {
		if o.Root {
			continue
		}
		o.DisableConcurrency = true
		if !o.Stream {
			implementors := templates.LcFirst(o.Name) + "Implementors"
			objects = append(objects, rewriteRule{
				from: fmt.Sprintf("\tfields := graphql.CollectFields(ec.OperationContext, sel, %s)\n\n\tout := graphql.NewFieldSet(fields)\n", implementors),
				to:   fmt.Sprintf("\tfields := collectFields(&ec.collected, ec.OperationContext, sel, %s)\n\n\tout := newObject(fields)\n", implementors),
			})
		}
		for _, f := range o.Fields {
			if !plain(f) && !f.Batch && !f.Stream && !f.HasDirectives() && !fieldDirectives {
				children = append(children, rewriteRule{
					from: fmt.Sprintf("\treturn graphql.ResolveField(\n\t\tctx,\n\t\tec.OperationContext,\n\t\tfield,\n\t\tfunc(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {\n\t\t\treturn ec.fieldContext_%s_%s(ctx, field)\n", o.Name, f.Name),
					to:   fmt.Sprintf("\treturn resolveChild(\n\t\tctx,\n\t\tec.OperationContext,\n\t\tfield,\n\t\tfunc(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {\n\t\t\treturn ec.fieldContext_%s_%s(ctx, field)\n", o.Name, f.Name),
				})
			}
			if plain(f) {
				plainFields = append(plainFields, rewriteRule{
					from: fmt.Sprintf("out.Values[i] = ec._%s_%s(ctx, field, obj)\n", o.Name, f.Name),
					to:   fmt.Sprintf("out.Values[i] = %s\n", inPlace(f)),
				})
			}
		}
	}
	return nil
}

// plainFields are the rewrites of the plain fields' calls (change 4), and
// objects those of the objects below the root (change 6), found by the
// plugin.
var plainFields, objects, children []rewriteRule

// inPlace is the value of a plain field (change 4). A String or an ID, a
// Time that is not zero, and an enum whose Go type is a graphql.Marshaler
// are written from their struct field when the answer is written, by a
// pointer to it (graph.stringField, graph.timeField, the enum's own
// MarshalGQL), which an interface holds without an allocation; gqlgen's
// marshallers box a copy in a closure, and a Time's also formats it and
// quotes the text. Other fields are marshalled as gqlgen would.
func inPlace(f *codegen.Field) string {
	marshal := f.TypeReference.MarshalFunc()
	switch marshal {
	case "marshalNString2string", "marshalNID2string":
		return fmt.Sprintf("(*stringField)(&obj.%s)", f.GoFieldName)
	case "marshalNTime2timeᚐTime":
		return fmt.Sprintf("timeValue(ctx, &obj.%s)", f.GoFieldName)
	}
	if f.TypeReference.Definition.Kind == ast.Enum && f.TypeReference.GQL.NonNull {
		if named, ok := f.TypeReference.GO.(*types.Named); ok && valueMarshaler(named) {
			// The enum's marshaller must be what a pointer to it stands
			// for: the value itself.
			expected = append(expected, regexp.MustCompile(regexp.QuoteMeta("func (ec *executionContext) "+marshal+"(ctx context.Context, sel ast.SelectionSet, v ")+
				`\w+\.`+regexp.QuoteMeta(named.Obj().Name()+") graphql.Marshaler {\n\treturn v\n}\n")))
			return fmt.Sprintf("&obj.%s", f.GoFieldName)
		}
	}
	return fmt.Sprintf("ec.%s(ctx, field.Selections, obj.%s)", marshal, f.GoFieldName)
}

// valueMarshaler tells a type that has MarshalGQL with a value receiver.
func valueMarshaler(t *types.Named) bool {
	for i := range t.NumMethods() {
		m := t.Method(i)
		if m.Name() != "MarshalGQL" {
			continue
		}
		_, ptr := m.Type().(*types.Signature).Recv().Type().(*types.Pointer)
		return !ptr
	}
	return false
}

// expected are what the generated files must hold for the rewrites to be
// right (found by the plugin).
var expected []*regexp.Regexp

// plain tells a field that is a read of a struct field that cannot fail: a
// scalar or an enum held in a struct field of a type that cannot be nil,
// with no resolver, argument or directive.
func plain(f *codegen.Field) bool {
	if f.IsResolver || f.GoFieldType != codegen.GoFieldVariable || len(f.Args) > 0 || len(f.Directives) > 0 ||
		f.HasHaser || f.Batch || f.Stream || f.TypeReference == nil || f.TypeReference.Definition == nil {
		return false
	}
	if k := f.TypeReference.Definition.Kind; k != ast.Scalar && k != ast.Enum {
		return false
	}
	switch f.TypeReference.GO.Underlying().(type) {
	case *types.Basic, *types.Struct: // e.g. string, policy.Role, time.Time
		return true
	}
	return false
}

type rewriteRule struct{ from, to string }

// rewrites are the calls replaced in the generated files: each must occur
// in at least one of them.
var rewrites = []rewriteRule{
	{"graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {",
		"marshalList(ctx, len(v), func(ctx context.Context, i int) graphql.Marshaler {"},
	{"deferred := graphql.NewDeferredGroup(ctx)\n",
		"deferred := deferredGroup(ctx, fields)\n"},
	{"\t\tec.ProcessDeferredGroup(deferred)\n\t}\n\n\treturn out\n}\n",
		"\t\tec.ProcessDeferredGroup(deferred)\n\t\treturn out\n\t}\n\n\treturn asObject(fields, out)\n}\n"},
	{"type executionContext struct {\n\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n}\n",
		"type executionContext struct {\n\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n\tcollected collectedFields\n}\n"},
}

// rewrite applies the rewrites to the files that gqlgen generated in dir.
func rewrite(dir string, rewrites []rewriteRule) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.generated.go"))
	if err != nil {
		return err
	}
	found := make([]int, len(rewrites))
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		out := src
		for i, r := range rewrites {
			found[i] += bytes.Count(out, []byte(r.from))
			out = bytes.ReplaceAll(out, []byte(r.from), []byte(r.to))
		}
		if !bytes.Equal(out, src) {
			if err := os.WriteFile(f, out, 0o644); err != nil {
				return err
			}
		}
	}
	for i, r := range rewrites {
		if found[i] == 0 {
			return fmt.Errorf("gqlgen no longer generates %q: update graph/codegen", r.from)
		}
	}
	return nil
}

// expect checks that each of patterns matches in one of the files that
// gqlgen generated in dir.
func expect(dir string, patterns []*regexp.Regexp) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.generated.go"))
	if err != nil {
		return err
	}
	found := make([]bool, len(patterns))
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		for i, p := range patterns {
			found[i] = found[i] || p.Match(src)
		}
	}
	for i, p := range patterns {
		if !found[i] {
			return fmt.Errorf("gqlgen no longer generates %q: update graph/codegen", p)
		}
	}
	return nil
}

func main() {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		fmt.Fprintln(os.Stderr, "codegen: load gqlgen.yml:", err)
		os.Exit(2)
	}
	if err := api.Generate(cfg, api.AddPlugin(serialBelowRoot{})); err != nil {
		fmt.Fprintln(os.Stderr, "codegen:", err)
		os.Exit(3)
	}
	if err := rewrite(cfg.Exec.Dir(), slices.Concat(rewrites, plainFields, objects, children)); err != nil {
		fmt.Fprintln(os.Stderr, "codegen:", err)
		os.Exit(4)
	}
	if err := expect(cfg.Exec.Dir(), expected); err != nil {
		fmt.Fprintln(os.Stderr, "codegen:", err)
		os.Exit(4)
	}
}
