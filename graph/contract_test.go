package graph_test

import (
	"bytes"
	"embed"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/rosterhq/roster/graph"
)

// contract is the public contract the server promises: verbatim copies, kept
// in the repository, of the contract files it serves. Every *.graphql file in
// graph/contract is checked, so landing a contract file is copying it there.
//
//go:embed contract/*.graphql
var contract embed.FS

// contractFiles are the names of the embedded contract files, core.graphql
// (whose types the others use) among them.
func contractFiles(t *testing.T) []string {
	t.Helper()
	names, err := fs.Glob(contract, "contract/*.graphql")
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range names {
		names[i] = filepath.Base(name)
	}
	if !slices.Contains(names, "core.graphql") {
		t.Fatalf("graph/contract has no core.graphql, only %v", names)
	}
	return names
}

// TestServedSchemaContainsContract checks every type, field, argument, enum
// value and input field of the contract against the served schema: the same
// names and the same base types. The server may add optional arguments,
// fields and types, and entgql's wrappers may differ.
func TestServedSchemaContainsContract(t *testing.T) {
	served := graph.NewExecutableSchema(graph.Config{}).Schema()
	for _, name := range contractFiles(t) {
		t.Run(name, func(t *testing.T) {
			var sources []*ast.Source
			for _, file := range slices.Compact([]string{"core.graphql", name}) {
				src, err := contract.ReadFile("contract/" + file)
				if err != nil {
					t.Fatal(err)
				}
				sources = append(sources, &ast.Source{Name: file, Input: string(src)})
			}
			want, gqlErr := gqlparser.LoadSchema(sources...)
			if gqlErr != nil {
				t.Fatalf("parse %s: %v", name, gqlErr)
			}
			compareSchemas(t, want, served)
		})
	}
}

// upstreamContract is where the project's contract is written, beside the
// repository in the project's own workspace. A clone has nothing there.
var upstreamContract = filepath.Join("..", "..", "shared", "api")

// TestContractCopyMatchesUpstream checks that graph/contract holds verbatim
// copies of the upstream contract files, when the upstream folder exists. A
// file upstream that is not in graph/contract is a contract not landed yet.
func TestContractCopyMatchesUpstream(t *testing.T) {
	if _, err := os.Stat(upstreamContract); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("runs in the team's workspace, where %s is beside the repository; a clone has nothing there to compare graph/contract with, and graph/contract is then the contract (TestServedSchemaContainsContract checks it)", upstreamContract)
	} else if err != nil {
		t.Fatal(err)
	}
	for _, name := range contractFiles(t) {
		t.Run(name, func(t *testing.T) {
			ours, err := contract.ReadFile("contract/" + name)
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := os.ReadFile(filepath.Join(upstreamContract, name))
			if errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("graph/contract/%s is not in %s: a contract the project does not promise", name, upstreamContract)
			} else if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ours, theirs) {
				t.Errorf("graph/contract/%s differs from %s: copy it again (cp %s graph/contract/)",
					name, filepath.Join(upstreamContract, name), filepath.Join("..", "shared", "api", name))
			}
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
