//go:build codegen

package schema

// The GraphQL annotations of the schema, read by entgql when ent/entc.go
// generates ent/ and graph/ent.graphql (with the build tag codegen). The
// server builds graphql_runtime.go instead: its ent/runtime imports this
// package for the fields' defaults and hooks, and the annotations would
// bring entgql's root package, with all of its code generator, into the
// binary (see server/relay).

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent/schema"
)

// gqlType names the GraphQL type of a field (an enum shared by several).
func gqlType(name string) schema.Annotation { return entgql.Type(name) }

// gqlName names the GraphQL field of a field, where entgql's would differ.
func gqlName(name string) schema.Annotation { return entgql.MapsTo(name) }

// gqlOrderField makes a field an order of its type's connections.
func gqlOrderField(name string) schema.Annotation { return entgql.OrderField(name) }

// relayConnection gives a type a Relay connection.
func relayConnection() schema.Annotation { return entgql.RelayConnection() }

// skipGraphQL keeps a field or edge out of the generated GraphQL schema.
func skipGraphQL() schema.Annotation { return entgql.Skip(entgql.SkipAll) }
