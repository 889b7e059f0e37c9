package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The server links no code generator. entgql's root package holds both its
// run-time types and its generator (entc, go/types, golang.org/x/tools);
// linked, their package-level state cost about 3 MB of heap at start-up and
// their initialisation another 4 MB of the binary's pages (server/relay,
// ent/schema/graphql.go). A new import of entgql, entc or gqlgen's
// generator brings them back.
func TestServerLinksNoCodeGenerator(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, generator := range []string{
			"entgo.io/contrib/entgql",
			"entgo.io/ent/entc",
			"github.com/99designs/gqlgen/api",
			"github.com/99designs/gqlgen/codegen",
			"golang.org/x/tools",
			"go/types",
		} {
			if pkg == generator || strings.HasPrefix(pkg, generator+"/") {
				t.Errorf("the server links %s", pkg)
			}
		}
	}
}
