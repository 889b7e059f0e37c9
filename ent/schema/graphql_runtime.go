//go:build !codegen

package schema

// The server's build of graphql.go: the GraphQL annotations are read only
// by the code generator, so here they are one annotation that means
// nothing (ent's run time reads no annotations).

import "entgo.io/ent/schema"

// generatorOnly stands for an annotation of graphql.go.
type generatorOnly struct{}

func (generatorOnly) Name() string { return "GeneratorOnly" }

func gqlType(string) schema.Annotation       { return generatorOnly{} }
func gqlName(string) schema.Annotation       { return generatorOnly{} }
func gqlOrderField(string) schema.Annotation { return generatorOnly{} }
func relayConnection() schema.Annotation     { return generatorOnly{} }
func skipGraphQL() schema.Annotation         { return generatorOnly{} }
