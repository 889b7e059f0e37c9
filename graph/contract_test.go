package graph_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/rosterhq/roster/graph"
)

// contracts are the files of the public contract (../shared/api, beside the
// repository) that the served schema must contain, in full. Each is read
// with core.graphql, whose types the others use.
var contracts = []string{"core.graphql", "live.graphql"}

// TestServedSchemaContainsContract checks every type, field, argument, enum
// value and input field of the contract against the served schema: the same
// names and the same base types. The server may add optional arguments,
// fields and types, and entgql's wrappers may differ.
func TestServedSchemaContainsContract(t *testing.T) {
	served := graph.NewExecutableSchema(graph.Config{}).Schema()
	for _, name := range contracts {
		t.Run(name, func(t *testing.T) {
			var sources []*ast.Source
			for _, file := range slices.Compact([]string{"core.graphql", name}) {
				src, err := os.ReadFile(filepath.Join("..", "..", "shared", "api", file))
				if err != nil {
					t.Fatalf("the contract must be beside the repository: %v", err)
				}
				sources = append(sources, &ast.Source{Name: file, Input: string(src)})
			}
			contract, gqlErr := gqlparser.LoadSchema(sources...)
			if gqlErr != nil {
				t.Fatalf("parse %s: %v", name, gqlErr)
			}
			compareSchemas(t, contract, served)
		})
	}
}

func compareSchemas(t *testing.T, contract, served *ast.Schema) {
	for name, want := range contract.Types {
		if want.BuiltIn {
			continue
		}
		got := served.Types[name]
		if got == nil {
			t.Errorf("type %s is missing", name)
			continue
		}
		if got.Kind != want.Kind {
			t.Errorf("%s is a %s, the contract says %s", name, got.Kind, want.Kind)
			continue
		}
		for _, iface := range want.Interfaces {
			if !slices.Contains(got.Interfaces, iface) {
				t.Errorf("%s does not implement %s", name, iface)
			}
		}
		for _, v := range want.EnumValues {
			if got.EnumValues.ForName(v.Name) == nil {
				t.Errorf("enum value %s.%s is missing", name, v.Name)
			}
		}
		for _, wf := range want.Fields {
			gf := got.Fields.ForName(wf.Name)
			if gf == nil {
				t.Errorf("field %s.%s is missing", name, wf.Name)
				continue
			}
			if base(gf.Type) != base(wf.Type) {
				t.Errorf("%s.%s is %s, the contract says %s", name, wf.Name, gf.Type, wf.Type)
			}
			for _, wa := range wf.Arguments {
				ga := gf.Arguments.ForName(wa.Name)
				if ga == nil {
					t.Errorf("argument %s.%s(%s) is missing", name, wf.Name, wa.Name)
				} else if base(ga.Type) != base(wa.Type) {
					t.Errorf("argument %s.%s(%s) is %s, the contract says %s", name, wf.Name, wa.Name, ga.Type, wa.Type)
				}
			}
			for _, ga := range gf.Arguments {
				if wf.Arguments.ForName(ga.Name) == nil && ga.Type.NonNull && ga.DefaultValue == nil {
					t.Errorf("argument %s.%s(%s) is not in the contract and is required", name, wf.Name, ga.Name)
				}
			}
		}
	}
}

// base is a type's name without list and non-null wrappers.
func base(t *ast.Type) string {
	for t.Elem != nil {
		t = t.Elem
	}
	return t.NamedType
}
