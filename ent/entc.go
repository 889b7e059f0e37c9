//go:build ignore

// entc generates ent/ from ent/schema and, through entgql, graph/ent.graphql.
// Run from the module root (see ent/generate.go): root-relative paths keep
// entgql's output stable from one run to the next.
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("graph/ent.graphql"),
		entgql.WithConfigPath("gqlgen.yml"),
		entgql.WithRelaySpec(true),
		entgql.WithWhereInputs(false),
	)
	if err != nil {
		log.Fatalf("entgql: %v", err)
	}
	err = entc.Generate("./ent/schema", &gen.Config{
		Target:  "./ent",
		Package: "github.com/rosterhq/roster/ent",
		// Versioned migrations: server/database/migrations/gen.go writes
		// the migration files with the generated Schema.NamedDiff.
		Features: []gen.Feature{gen.FeaturePrivacy, gen.FeatureEntQL, gen.FeatureVersionedMigration,
			// server/ratelimit counts with one upsert statement (QueryContext).
			gen.FeatureExecQuery},
	}, entc.Extensions(ex),
		// ent/template/rowscan.tmpl: ent's scanning for queries of one's own
		// (graph/memberspage.go).
		entc.TemplateFiles("./ent/template/rowscan.tmpl"))
	if err != nil {
		log.Fatalf("entc: %v", err)
	}
	if err := mendPagination("./ent/gql_pagination.go"); err != nil {
		log.Fatalf("entc: %v", err)
	}
}

// mendPagination rewrites two mistakes of entgql v0.7.0's pagination
// template in its output (no newer entgql is served here; each rewrite
// must match, or generation fails, so an entgql that changes the code
// is noticed):
//
//   - its connections look for the fields asked (edges, node, totalCount,
//     pageInfo) by alias, not by name, so `e: edges` or `t: totalCount`
//     answered no edges and a total of 0;
//   - with after and before together, it compared both cursors in the
//     same direction, so one of them was read the wrong way round:
//     cursorsBetween (ent/template/rowscan.tmpl) compares each its own way.
func mendPagination(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, r := range []struct {
		old, new string
		n        int // how many times old must occur; -1: at least once
	}{
		{"\t\t\tif f.Alias == name {\n", "\t\t\tif f.Name == name {\n", 1},
		{"entgql.CursorsPredicate(after, before, ", "cursorsBetween(p.reverse, after, before, ", -1},
	} {
		n := bytes.Count(src, []byte(r.old))
		if n == 0 || (r.n > 0 && n != r.n) {
			return fmt.Errorf("mending %s: %q occurs %d times; entgql's template changed: check the mend", path, r.old, n)
		}
		src = bytes.ReplaceAll(src, []byte(r.old), []byte(r.new))
	}
	return os.WriteFile(path, src, 0o644)
}
