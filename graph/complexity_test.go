package graph_test

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/complexity"
	"github.com/vektah/gqlparser/v2"

	"github.com/rosterhq/roster/graph"
)

// TestPortalOperationsFitTheCostLimit computes the cost of every operation
// the portal sends (frontend/src/gql, generated from its source), at its
// worst: every Int variable at the largest page and every Boolean true. A
// portal change that would be refused by the server fails here.
func TestPortalOperationsFitTheCostLimit(t *testing.T) {
	src, err := os.ReadFile("../frontend/src/gql/gql.ts")
	if err != nil {
		t.Fatal(err)
	}
	// The generated map's keys are the operations' and fragments' sources,
	// as JSON strings.
	var docs []string
	for _, m := range regexp.MustCompile(`(?m)^    ("(?:[^"\\]|\\.)*"): typeof`).FindAllStringSubmatch(string(src), -1) {
		var doc string
		if err := json.Unmarshal([]byte(m[1]), &doc); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	if len(docs) < 10 {
		t.Fatalf("found %d documents in gql.ts: has its layout changed?", len(docs))
	}
	es := graph.NewSchema(&graph.Resolver{})
	doc, gqlErr := gqlparser.LoadQueryWithRules(es.Schema(), strings.Join(docs, "\n"), nil)
	if gqlErr != nil {
		t.Fatal(gqlErr)
	}
	for _, op := range doc.Operations {
		vars := map[string]any{}
		for _, v := range op.VariableDefinitions {
			switch v.Type.Name() {
			case "Int":
				vars[v.Variable] = 100
			case "Boolean":
				vars[v.Variable] = true
			}
		}
		cost := complexity.Calculate(context.Background(), es, op, vars)
		t.Logf("%s %s: %d", op.Operation, op.Name, cost)
		if cost > graph.MaxComplexity {
			t.Errorf("the portal's %s costs %d, more than the server allows (%d)", op.Name, cost, graph.MaxComplexity)
		}
	}
}

// TestNestedConnectionsCostTooMuch: a query that nests connections into
// each other costs more than the limit, and one page of members does not.
func TestNestedConnectionsCostTooMuch(t *testing.T) {
	es := graph.NewSchema(&graph.Resolver{})
	cost := func(query string) int {
		t.Helper()
		doc, err := gqlparser.LoadQueryWithRules(es.Schema(), query, nil)
		if err != nil {
			t.Fatal(err)
		}
		return complexity.Calculate(context.Background(), es, doc.Operations[0], nil)
	}
	page := cost(`{ organization(slug: "a") { members(first: 100) { edges { node { id role user { name email } } } } } }`)
	nested := cost(`{ organization(slug: "a") { members(first: 100) { edges { node { organization { members(first: 100) { edges { node { id } } } } } } } } }`)
	if page > graph.MaxComplexity || nested <= graph.MaxComplexity {
		t.Errorf("a page of members costs %d, members of members %d; the limit is %d", page, nested, graph.MaxComplexity)
	}
}

// TestBulkPreviewUnderEveryMemberCostsTooMuch: one bulk invite preview is
// cheap, but asking for it under each member of a page (1,000 lines parsed
// and looked up a hundred times) is refused.
func TestBulkPreviewUnderEveryMemberCostsTooMuch(t *testing.T) {
	es := graph.NewSchema(&graph.Resolver{})
	cost := func(query string) int {
		t.Helper()
		doc, err := gqlparser.LoadQueryWithRules(es.Schema(), query, nil)
		if err != nil {
			t.Fatal(err)
		}
		return complexity.Calculate(context.Background(), es, doc.Operations[0], nil)
	}
	one := cost(`{ organization(slug: "a") { bulkInvitePreview(emails: "a@b.c", role: MEMBER) { valid fits rejected { line code } } } }`)
	each := cost(`{ organization(slug: "a") { members(first: 100) { edges { node { organization { bulkInvitePreview(emails: "a@b.c", role: MEMBER) { valid } } } } } } }`)
	if one > graph.MaxComplexity || each <= graph.MaxComplexity {
		t.Errorf("one preview costs %d, one under each member %d; the limit is %d", one, each, graph.MaxComplexity)
	}
}
