//go:build ignore

// entc generates ent/ from ent/schema and, through entgql, graph/ent.graphql.
// Run from the module root (see ent/generate.go): root-relative paths keep
// entgql's output stable from one run to the next.
package main

import (
	"log"

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
}
