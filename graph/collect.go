package graph

import (
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// collectedFields caches, for one operation, the fields collected from a
// selection set for an object type; the generated code holds one in its
// executionContext and calls collectFields with it where gqlgen would call
// graphql.CollectFields (see graph/codegen). gqlgen caches them too, but makes its key by hashing the
// type's names with a hasher allocated on every call: three allocations
// per member of a members page. This key is the selection set and the
// list of the type's names themselves (a package variable of the
// generated code for each type), so a lookup allocates nothing. The key's
// pointers keep both alive for as long as the operation, so an address
// is never reused for another selection set while it is cached.
type collectedFields struct {
	mu sync.Mutex
	m  map[collectedKey][]graphql.CollectedField
}

type collectedKey struct {
	sel        *ast.Selection
	nSel       int
	satisfies  *string
	nSatisfies int
}

func collectFields(c *collectedFields, oc *graphql.OperationContext, sel ast.SelectionSet, satisfies []string) []graphql.CollectedField {
	if len(sel) == 0 || len(satisfies) == 0 {
		return graphql.CollectFields(oc, sel, satisfies)
	}
	k := collectedKey{&sel[0], len(sel), &satisfies[0], len(satisfies)}
	c.mu.Lock()
	fields, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return fields
	}
	fields = graphql.CollectFields(oc, sel, satisfies)
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[collectedKey][]graphql.CollectedField)
	}
	c.m[k] = fields
	c.mu.Unlock()
	return fields
}
