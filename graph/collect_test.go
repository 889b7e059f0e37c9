package graph

import (
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// collectFields answers as graphql.CollectFields, once per selection set
// and type, and a lookup of what it collected before allocates nothing.
func TestCollectFieldsCachesWithoutAllocating(t *testing.T) {
	oc := &graphql.OperationContext{}
	sel := ast.SelectionSet{
		&ast.Field{Name: "id", Alias: "id"},
		&ast.InlineFragment{TypeCondition: "User", SelectionSet: ast.SelectionSet{&ast.Field{Name: "email", Alias: "email"}}},
	}
	user, org := []string{"User", "Node"}, []string{"Organization", "Node"}
	var c collectedFields
	names := func(fields []graphql.CollectedField) (s string) {
		for _, f := range fields {
			s += f.Alias + " "
		}
		return s
	}
	u := collectFields(&c, oc, sel, user)
	if got := names(u); got != "id email " {
		t.Errorf("User: %q", got)
	}
	if got := names(collectFields(&c, oc, sel, org)); got != "id " {
		t.Errorf("Organization: %q", got)
	}
	if again := collectFields(&c, oc, sel, user); &again[0] != &u[0] {
		t.Error("collected again")
	}
	if n := testing.AllocsPerRun(100, func() { collectFields(&c, oc, sel, user) }); n != 0 {
		t.Errorf("a cached lookup allocates %v", n)
	}
}
